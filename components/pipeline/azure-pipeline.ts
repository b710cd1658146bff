/**
 * A site's event pipeline on Azure: an Event Hubs namespace with the market-data hub (the stream
 * the normalize function consumes) and a Service Bus namespace with the `signals` queue (the
 * orders normalize's signals raise, executed by the order function's queue trigger),
 * dead-lettered after a bounded number of deliveries. Both are reached with Entra ID only (local SAS auth off);
 * the consuming functions get connection settings that name the namespace and use their identity,
 * plus trigger settings tuned for latency (small batches, no batched operations).
 */
import * as pulumi from "@pulumi/pulumi";
import * as eventhub from "@pulumi/azure-native/eventhub";
import * as servicebus from "@pulumi/azure-native/servicebus";
import { TAG_DATA_CLASS, type DataClass } from "../../model/types";
import { assignRole } from "../access/azure-roles";
import { AzurePrivateEndpoint } from "../network/azure-private-endpoint";

/** App-setting prefix of the Event Hubs trigger connection. */
export const EVENT_HUB_CONNECTION = "EventHubConnection";
/** App-setting prefix of the Service Bus trigger connection. */
export const SERVICE_BUS_CONNECTION = "ServiceBusConnection";
/** The queue normalize sends signalled orders to and order executes them from. */
export const SIGNALS_QUEUE = "signals";

/** Arguments of {@link AzurePipeline}. */
export interface AzurePipelineArgs {
  readonly resourceGroupName: pulumi.Input<string>;
  readonly location: string;
  /** Physical base name: namespaces are `<base>-events` and `<base>-orders` (6-50 characters). */
  readonly baseName: string;
  /** Class of the messages (market data, orders). */
  readonly dataClass: DataClass;
  /**
   * Event Hubs tier. Premium gives dedicated compute per namespace (predictable latency).
   * @default "Standard"
   */
  readonly eventHubsSku?: "Standard" | "Premium";
  /** Throughput units (Standard) or processing units (Premium). @default 1 */
  readonly eventHubsCapacity?: number;
  /** Partitions of the market-data hub: the ceiling of parallel consumers. @default 4 */
  readonly partitions?: number;
  /**
   * Events handed to one function invocation. 1 dispatches every event on arrival.
   * @default 1
   */
  readonly eventBatchSize?: number;
  /** Events the trigger buffers ahead of the function. @default 16 */
  readonly prefetchCount?: number;
  /**
   * Functions consuming the market-data hub; each reads through a consumer group of its own.
   * @default ["normalize"]
   */
  readonly consumers?: readonly string[];
  /**
   * Private endpoints in the site's VNet: Event Hubs always, Service Bus when Premium (the only
   * tier that offers them). The zone is `privatelink.servicebus.windows.net`.
   */
  readonly privateEndpoints?: {
    readonly subnetId: pulumi.Input<string>;
    readonly dnsZoneId: pulumi.Input<string>;
  };
  /** Create the Service Bus namespace and signals queue (sites running the trading workload). @default true */
  readonly orders?: boolean;
  /**
   * Service Bus tier. Premium isolates the namespace on dedicated resources and is the only tier
   * with private endpoints (https://learn.microsoft.com/azure/service-bus-messaging/private-link-service).
   * @default "Standard"
   */
  readonly serviceBusSku?: "Standard" | "Premium";
  /** Deliveries before an order is dead-lettered. @default 5 */
  readonly maxDeliveryCount?: number;
  /**
   * Time an order stays valid; expired orders go to the dead-letter queue, never to the market.
   * @default "PT5M"
   */
  readonly orderTimeToLive?: string;
  /** @default {} */
  readonly tags?: Record<string, string>;
}

/**
 * Event Hubs for market data, Service Bus for orders.
 *
 * @example
 * const pipe = new AzurePipeline("pipeline", { resourceGroupName: rg.name,
 *   location: "westeurope", baseName: "tachyon-prod-westeurope", dataClass: "confidential" });
 * // give pipe.consumerSettings("normalize") to the normalize function's app settings
 */
export class AzurePipeline extends pulumi.ComponentResource {
  /** Resource id of the Event Hubs namespace. */
  readonly eventHubsNamespaceId: pulumi.Output<string>;
  /** Resource id of the market-data hub. */
  readonly marketDataHubId: pulumi.Output<string>;
  /** Resource id of the Service Bus namespace, when `orders` is on. */
  readonly serviceBusNamespaceId?: pulumi.Output<string>;
  /** Resource id of the signals queue, when `orders` is on. */
  readonly signalsQueueId?: pulumi.Output<string>;
  /** App settings shared by market-data consumers: identity connection, latency-tuned trigger. */
  private readonly marketDataSettings: Record<string, pulumi.Input<string>>;
  /** App settings of the signals consumer (order's queue trigger), when `orders` is on. */
  readonly signalsConsumerSettings?: Record<string, pulumi.Input<string>>;
  /** App settings of the signals producer (normalize), when `orders` is on. */
  readonly signalsProducerSettings?: Record<string, pulumi.Input<string>>;

  constructor(name: string, args: AzurePipelineArgs, opts?: pulumi.ComponentResourceOptions) {
    super(AZURE_PIPELINE_TYPE, name, {}, opts);
    const parent = { parent: this };
    const tags = { ...(args.tags ?? {}), [TAG_DATA_CLASS]: args.dataClass };
    const ehSku = args.eventHubsSku ?? "Standard";
    const events = new eventhub.Namespace(
      `${name}-events`,
      {
        resourceGroupName: args.resourceGroupName,
        location: args.location,
        namespaceName: `${args.baseName}-events`,
        sku: { name: ehSku, tier: ehSku, capacity: args.eventHubsCapacity ?? 1 },
        disableLocalAuth: true,
        minimumTlsVersion: "1.2",
        zoneRedundant: true,
        tags,
      },
      parent,
    );
    const hub = new eventhub.EventHub(
      `${name}-market-data`,
      {
        resourceGroupName: args.resourceGroupName,
        namespaceName: events.name,
        eventHubName: "market-data",
        partitionCount: args.partitions ?? 4,
        // Ticks are worthless after the trading day; keep one day for replay after an incident.
        retentionDescription: { cleanupPolicy: "Delete", retentionTimeInHours: 24 },
      },
      parent,
    );
    for (const consumer of args.consumers ?? ["normalize"]) {
      new eventhub.ConsumerGroup(
        `${name}-${consumer}`,
        {
          resourceGroupName: args.resourceGroupName,
          namespaceName: events.name,
          eventHubName: hub.name,
          consumerGroupName: consumer,
        },
        parent,
      );
    }
    const endpoint = (role: string, targetId: pulumi.Input<string>) => {
      if (!args.privateEndpoints) return;
      new AzurePrivateEndpoint(
        `${name}-${role}-endpoint`,
        {
          resourceGroupName: args.resourceGroupName,
          location: args.location,
          subnetId: args.privateEndpoints.subnetId,
          targetId,
          groupId: "namespace",
          dnsZoneId: args.privateEndpoints.dnsZoneId,
          endpointName: `${args.baseName}-${role}`,
          tags,
        },
        parent,
      );
    };
    endpoint("events", events.id);
    this.eventHubsNamespaceId = events.id;
    this.marketDataHubId = hub.id;
    const host = "AzureFunctionsJobHost__extensions";
    this.marketDataSettings = {
      [`${EVENT_HUB_CONNECTION}__fullyQualifiedNamespace`]: pulumi.interpolate`${events.name}.servicebus.windows.net`,
      MARKET_DATA_HUB: hub.name,
      [`${host}__eventHubs__maxEventBatchSize`]: String(args.eventBatchSize ?? 1),
      [`${host}__eventHubs__prefetchCount`]: String(args.prefetchCount ?? 16),
    };
    if (args.orders ?? true) {
      const sbSku = args.serviceBusSku ?? "Standard";
      const bus = new servicebus.Namespace(
        `${name}-bus`,
        {
          resourceGroupName: args.resourceGroupName,
          location: args.location,
          namespaceName: `${args.baseName}-orders`,
          sku: { name: sbSku, tier: sbSku, ...(sbSku === "Premium" ? { capacity: 1 } : {}) },
          disableLocalAuth: true,
          minimumTlsVersion: "1.2",
          tags,
        },
        parent,
      );
      const queue = new servicebus.Queue(
        `${name}-signals`,
        {
          resourceGroupName: args.resourceGroupName,
          namespaceName: bus.name,
          queueName: SIGNALS_QUEUE,
          maxDeliveryCount: args.maxDeliveryCount ?? 5,
          deadLetteringOnMessageExpiration: true,
          defaultMessageTimeToLive: args.orderTimeToLive ?? "PT5M",
          lockDuration: "PT30S",
          // A resent order id is dropped by the broker as well as by the idempotent executor.
          requiresDuplicateDetection: true,
          duplicateDetectionHistoryTimeWindow: "PT10M",
          // Batched store operations hold writes for up to 20 ms; latency matters more here.
          enableBatchedOperations: false,
        },
        parent,
      );
      if (sbSku === "Premium") endpoint("orders", bus.id);
      this.serviceBusNamespaceId = bus.id;
      this.signalsQueueId = queue.id;
      this.signalsConsumerSettings = {
        [`${SERVICE_BUS_CONNECTION}__fullyQualifiedNamespace`]: pulumi.interpolate`${bus.name}.servicebus.windows.net`,
        SIGNALS_QUEUE: queue.name,
        // No prefetch: a prefetched order's lock ticks while it waits in the buffer.
        [`${host}__serviceBus__prefetchCount`]: "0",
      };
      // Sent over REST (functions/trading/azure-signal-sink.ts); with Premium the host resolves
      // to the private endpoint through the privatelink.servicebus.windows.net zone.
      this.signalsProducerSettings = {
        TACHYON_SIGNAL_QUEUE_URL: pulumi.interpolate`https://${bus.name}.servicebus.windows.net/${queue.name}`,
      };
    }
    this.registerOutputs({
      eventHubsNamespaceId: this.eventHubsNamespaceId,
      marketDataHubId: this.marketDataHubId,
      serviceBusNamespaceId: this.serviceBusNamespaceId,
      signalsQueueId: this.signalsQueueId,
    });
  }

  /** App settings of one market-data consumer: the shared connection and its consumer group. */
  consumerSettings(consumer: string): Record<string, pulumi.Input<string>> {
    return { ...this.marketDataSettings, MARKET_DATA_CONSUMER_GROUP: consumer };
  }

  /** Lets `principalId` receive from the market-data hub (that hub only). */
  grantMarketDataReceive(name: string, principalId: pulumi.Input<string>): void {
    assignRole(name, "eventHubsDataReceiver", this.marketDataHubId, principalId, this);
  }

  /** Lets `principalId` (normalize) send to the signals queue, that queue only. */
  grantSignalsSend(name: string, principalId: pulumi.Input<string>): void {
    if (!this.signalsQueueId) return;
    assignRole(name, "serviceBusDataSender", this.signalsQueueId, principalId, this);
  }

  /** Lets `principalId` (order's queue trigger) receive from the signals queue, that queue only. */
  grantSignalsReceive(name: string, principalId: pulumi.Input<string>): void {
    if (!this.signalsQueueId) return;
    assignRole(name, "serviceBusDataReceiver", this.signalsQueueId, principalId, this);
  }
}

/** Type token of {@link AzurePipeline}. */
export const AZURE_PIPELINE_TYPE = "tachyon:pipeline:AzurePipeline";
