/**
 * The workloads of one AWS site: for every workload that lists the site, its event pipeline
 * (market-data and price streams, order and decision queues with dead-letter queues), one
 * latency-critical function per catalog entry with its trigger on the `live` alias, the alarms
 * of each function, and — when a function answers HTTP — the site's internal load balancer in the
 * accelerator (on the shared port and on the port the edge pins to this site) and the site's
 * latency record under `api.<domain>` (pointing at the accelerator, health from the site's
 * alarm). Stream functions read through their own enhanced fan-out consumer; portfolio functions
 * also push valuations over a WebSocket API. Where a workload runs both `normalize` and `order`,
 * normalize's signals invoke order's `live` alias directly (functions/trading/aws-signal-sink.ts).
 * One dashboard shows the site's functions and queues.
 */
import * as globalaccelerator from "@pulumi/aws/globalaccelerator";
import * as pulumi from "@pulumi/pulumi";
import { bundleFunction } from "../../functions/build";
import { functionsOf, type FunctionSpec } from "../../functions/catalog";
import {
  DATA_CLASSES,
  type DataClass,
  type Site,
  type Topology,
  type Workload,
} from "../../model/types";
import type { AwsEventSource } from "../compute/aws-function-triggers";
import type { ScopedStatement } from "../access/aws-iam";
import { LatencyFunction, primaryVenue } from "../compute/function";
import { physicalName } from "../naming/physical-name";
import { AwsCache } from "../data/aws-cache";
import { pinnedPort } from "../edge/aws-cdn-code";
import { AwsEdgeDrain } from "../edge/aws-edge-drain";
import { AwsSiteEntry } from "../edge/aws-entry";
import { AwsWebSocketApi } from "../edge/aws-websocket";
import { LatencyRecord } from "../edge/dns";
import type { AwsNetwork } from "../network/aws-network";
import { AwsAlarmTopic, AwsFunctionAlarms } from "../observability/aws-alarms";
import { AwsSiteDashboard, type DashboardFunction } from "../observability/aws-dashboard";
import { AwsQueue } from "../pipeline/aws-queue";
import { AwsStream } from "../pipeline/aws-stream";
import type { AwsGlobalOutputs } from "./aws-outputs";
import { awsCacheRole } from "./aws-cache-role";
import { localTables, siteStateTable } from "./aws-local-tables";
import { tableAccess } from "./aws-tables";
import { requireGlobal, type CloudOutputs, type SiteContext } from "./context";

/** A workload that runs at the site, with its functions from the catalog. */
export interface SiteWorkload {
  readonly workload: Workload;
  readonly functions: readonly FunctionSpec[];
}

/** The workloads listing `site`, in topology order, each with its catalog functions. */
export function siteWorkloads(topology: Topology, site: Site): SiteWorkload[] {
  return topology.workloads
    .filter((w) => w.sites.includes(site.id))
    .map((workload) => ({ workload, functions: functionsOf(workload.kind) }));
}

/** The most sensitive of some data classes. */
export function mostSensitive(classes: readonly DataClass[]): DataClass {
  return classes.reduce<DataClass>(
    (a, b) => (DATA_CLASSES.indexOf(b) > DATA_CLASSES.indexOf(a) ? b : a),
    "public",
  );
}

/** Iterator age above which a stream consumer is alarmed: one second behind the feed. */
export const ITERATOR_AGE_LIMIT_MS = 1000;

/** Provisioned concurrency may auto-scale up to this multiple of the warm instances. */
export const AUTOSCALING_HEADROOM = 3;

/** What the site's workloads share: the network, the global outputs and the tags. */
export interface SiteDeps {
  readonly network: AwsNetwork;
  readonly global: pulumi.Output<AwsGlobalOutputs>;
  readonly tags: Record<string, string>;
}

/** The event streams and queues of one workload at the site. */
interface Pipeline {
  /** The stream that triggers the workload's stream functions. */
  readonly stream?: AwsStream;
  /** The queue whose dead-letter queue receives the workload's failed HTTP invocations. */
  readonly queue?: AwsQueue;
}

/**
 * Stream and queue roles per workload. The queues are standard, not FIFO: they park failures as
 * Lambda on-failure destinations and dead-letter queues, and Lambda destinations do not accept
 * FIFO queues. Per-account order is kept where it matters without a queue on the path: orders
 * reach `order` synchronously over HTTP and execute once per order id (the idempotency table),
 * and each Kinesis shard delivers its records in order to the stream functions.
 */
const PIPELINES: Readonly<Record<Workload["kind"], { stream?: string; queue?: string }>> = {
  trading: { stream: "market-data", queue: "orders" },
  fraud: { queue: "fraud-decisions" },
  portfolio: { stream: "prices" },
};

/**
 * The functions whose code reads the site's cache (`functions/fraud/cache-env.ts`). Only they get
 * its address and `elasticache:Connect`: a grant nobody uses widens the role, and the latency
 * policies charge a round trip to every store a function is wired to.
 */
export const CACHE_CLIENTS: ReadonlySet<string> = new Set(["fraud-score"]);

/** The function whose signals execute as orders, and the function that executes them. */
export const SIGNAL_SOURCE = "normalize";
/** See {@link SIGNAL_SOURCE}. */
export const SIGNAL_TARGET = "order";

/**
 * The `order` alias ARN for `normalize`'s environment and role, when a workload runs both. It
 * is deferred because `normalize` comes first in the catalog: the ARN is resolved once `order`
 * exists, and the dependency on its alias is kept.
 */
function signalTarget(
  specs: readonly FunctionSpec[],
): { aliasArn: pulumi.Output<string>; resolve: (arn: pulumi.Output<string>) => void } | undefined {
  const names = specs.map((s) => s.name);
  if (!names.includes(SIGNAL_SOURCE) || !names.includes(SIGNAL_TARGET)) return undefined;
  const [aliasArn, resolve] = pulumi.deferredOutput<string>();
  return { aliasArn, resolve };
}

/** Builds the workloads of the site; returns `functions`, `endpoints` and `cache` outputs. */
export function deploySiteWorkloads(ctx: SiteContext, deps: SiteDeps): CloudOutputs {
  const { topology, site, parent } = ctx;
  const { network, global, tags } = deps;
  const env = topology.environment;
  const region = site.region;
  const workloads = siteWorkloads(topology, site);
  if (workloads.length === 0) return { functions: {}, endpoints: {} };

  const topic = new AwsAlarmTopic(
    "aws-alarms",
    {
      region,
      topicName: physicalName(env, region, "alarms", 256),
      tags,
      emails: ctx.options?.alertEmail !== undefined ? [ctx.options.alertEmail] : [],
    },
    { parent },
  );
  // A cache node bills by the hour: build one only where a function reads it.
  const needsCache = workloads.some((w) => w.functions.some((f) => CACHE_CLIENTS.has(f.name)));
  const cache = needsCache
    ? new AwsCache(
        "aws-cache",
        {
          site,
          environment: env,
          dataClass: mostSensitive(workloads.map((w) => w.workload.dataClass)),
          vpcId: network.vpcId,
          subnetIds: network.subnetIds,
          clientSecurityGroupId: network.functionSecurityGroupId,
          global: awsCacheRole(ctx),
          tags,
        },
        { parent },
      )
    : undefined;
  const servesHttp = workloads.some((w) => w.functions.some((f) => f.trigger === "http"));
  const entry = servesHttp
    ? new AwsSiteEntry(
        "aws-site-entry",
        {
          site,
          environment: env,
          domain: topology.dns.domain,
          validationRecordFqdns: [
            global.apply((g) => requireGlobal(g.apiValidationFqdn, "aws.apiValidationFqdn")),
            global.apply((g) => requireGlobal(g.edgeValidationFqdn, "aws.edgeValidationFqdn")),
          ],
          acceleratorListenerArn: global.apply((g) => g.listenerArn),
          vpcId: network.vpcId,
          subnetIds: network.subnetIds,
          tags,
        },
        { parent },
      )
    : undefined;

  const functions: Record<
    string,
    { name: pulumi.Output<string>; aliasArn: pulumi.Output<string> }
  > = {};
  const endpoints: Record<string, pulumi.Input<string>> = {};
  let healthAlarm: pulumi.Output<string> | undefined;
  let priority = 10;
  const dashboardFunctions: DashboardFunction[] = [];
  const dashboardQueues: pulumi.Output<string>[] = [];
  const siteState = siteStateTable(ctx, tags);
  for (const { workload, functions: specs } of workloads) {
    const pipeline = createPipeline(workload);
    const socket = workload.kind === "portfolio" ? createWebSocket() : undefined;
    if (socket) endpoints.portfolioWebSocket = socket.url;
    if (pipeline.stream) endpoints[`${workload.kind}Stream`] = pipeline.stream.streamArn;
    if (pipeline.queue) endpoints[`${workload.kind}Queue`] = pipeline.queue.queueUrl;
    const tables = localTables(ctx, global, workload, tags, siteState);
    const signals = signalTarget(specs);
    for (const spec of specs) {
      const stream = spec.trigger === "stream" ? pipeline.stream : undefined;
      const failures = stream ? stream.failures : pipeline.queue;
      if (failures === undefined) {
        throw new Error(
          `functions/catalog.ts: function "${spec.name}" has trigger "${spec.trigger}" but workload "${workload.kind}" has no stream or queue at AWS sites, got none. Add one to PIPELINES.`,
        );
      }
      const failureArn = stream ? failures.queueArn : failures.deadLetterArn;
      const statements: ScopedStatement[] = [];
      const variables: Record<string, pulumi.Input<string>> = {};
      if (cache !== undefined && CACHE_CLIENTS.has(spec.name)) {
        statements.push(cache.connectStatement);
        Object.assign(variables, cache.clientVariables);
      }
      if (spec.name === "normalize" && site.venues.length > 0)
        variables.TACHYON_VENUE = site.venues[0];
      if (signals && spec.name === SIGNAL_SOURCE) {
        variables.TACHYON_ORDER_FUNCTION = signals.aliasArn;
        statements.push({
          sid: "InvokeOrderAlias",
          actions: ["lambda:InvokeFunction"],
          resources: [signals.aliasArn],
        });
      }
      const access = tableAccess(spec.name, workload, tables, region);
      Object.assign(variables, access.variables);
      statements.push(...access.statements);
      const sources: AwsEventSource[] = stream
        ? [
            {
              kind: "kinesis",
              arn: stream.streamArn,
              consumerArn: stream.addConsumer(spec.name).arn,
              batchSize: 10,
              onFailureArn: failureArn,
            },
          ]
        : [];
      const fn = new LatencyFunction(
        `aws-${spec.name}`,
        {
          site,
          environment: env,
          spec,
          bundle: bundleFunction(spec.name, "aws"),
          warmInstances: workload.warmInstances,
          memoryMb: workload.memoryMb,
          dataClass: workload.dataClass,
          latencyBudgetMs: workload.latencyBudgetMs,
          venue: primaryVenue(site),
          variables,
          tags,
          aws: {
            vpc: {
              subnetIds: network.subnetIds,
              securityGroupIds: [network.functionSecurityGroupId],
            },
            autoscaling:
              workload.warmInstances > 0
                ? { maxInstances: workload.warmInstances * AUTOSCALING_HEADROOM }
                : undefined,
            onFailure: { kind: "sqs", arn: failureArn },
            eventSources: sources,
            loadBalancer:
              entry && spec.trigger === "http"
                ? {
                    listenerArn: entry.listenerArn,
                    priority: priority++,
                    pathPattern: `/${spec.name}*`,
                  }
                : undefined,
            statements,
          },
        },
        { parent },
      );
      const alarms = new AwsFunctionAlarms(
        `aws-${spec.name}-alarms`,
        {
          region,
          functionName: fn.functionName,
          p99Ms: workload.latencyBudgetMs,
          topicArn: topic.topicArn,
          provisioned: workload.warmInstances > 0,
          iteratorAgeMs: stream ? ITERATOR_AGE_LIMIT_MS : undefined,
          deadLetterQueueNames: [stream ? failures.queueName : failures.deadLetterName],
          tags,
        },
        { parent },
      );
      if (spec.trigger === "http" && healthAlarm === undefined)
        healthAlarm = alarms.errorsAlarmName;
      socket?.route({ functionName: fn.functionName, aliasArn: fn.invokeTarget });
      dashboardFunctions.push({
        functionName: fn.functionName,
        budgetMs: workload.latencyBudgetMs,
        provisioned: workload.warmInstances > 0,
        stream: stream !== undefined,
      });
      dashboardQueues.push(stream ? failures.queueName : failures.deadLetterName);
      functions[spec.name] = { name: fn.functionName, aliasArn: fn.invokeTarget };
      if (signals && spec.name === SIGNAL_TARGET) signals.resolve(fn.invokeTarget);
    }
  }
  new AwsSiteDashboard(
    "aws-dashboard",
    {
      region,
      dashboardName: physicalName(env, region, "latency", 255),
      functions: dashboardFunctions,
      deadLetterQueueNames: dashboardQueues,
    },
    { parent },
  );
  if (entry) {
    // The edge distribution reaches exactly this region through its pinned accelerator port.
    const port = pinnedPort(site);
    new globalaccelerator.EndpointGroup(
      "aws-edge-pinned",
      {
        listenerArn: global.apply((g) =>
          requireGlobal(g.pinnedListeners?.[site.id], `aws.pinnedListeners["${site.id}"]`),
        ),
        endpointGroupRegion: region,
        trafficDialPercentage: 100,
        portOverrides: [{ listenerPort: port, endpointPort: 443 }],
        endpointConfigurations: [
          { endpointId: entry.loadBalancerArn, weight: 100, clientIpPreservationEnabled: true },
        ],
      },
      { parent },
    );
  }
  if (entry && healthAlarm) {
    // The load balancer is internal: public clients enter through the accelerator's anycast
    // addresses, which carry them to the nearest healthy region over the AWS backbone. The
    // record still belongs to this site, so Route 53 drops it when this site's alarm fires.
    new LatencyRecord(
      "aws-dns",
      {
        zoneId: global.apply((g) => g.zoneId),
        recordName: entry.apiName,
        site,
        target: global.apply((g) => g.acceleratorDnsName),
        healthCheck: { kind: "alarm", alarmName: healthAlarm, alarmRegion: region },
        tags,
      },
      { parent },
    );
    // The edge distribution skips this region while the same alarm fires.
    new AwsEdgeDrain(
      "aws-edge-drain",
      {
        site,
        environment: env,
        healthAlarmName: healthAlarm,
        keyValueStoreArn: global.apply((g) =>
          requireGlobal(g.edgeKeyValueStoreArn, "aws.edgeKeyValueStoreArn"),
        ),
        bundle: bundleFunction("edge-drain", "aws"),
        alarmTopicArn: topic.topicArn,
        tags,
      },
      { parent },
    );
    endpoints.api = entry.apiName;
    // Reachable from peered VPCs and over Direct Connect only.
    endpoints.privateLoadBalancer = entry.loadBalancerDnsName;
  }
  return {
    functions,
    endpoints,
    ...(cache ? { cache: cache.outputs } : {}),
  };

  function createWebSocket(): AwsWebSocketApi {
    return new AwsWebSocketApi(
      "aws-portfolio-ws",
      {
        region,
        apiName: physicalName(env, region, "portfolio-ws", 128),
        logRoleName: physicalName(env, region, "apigw-logs", 64),
        logRoleArn: ctx.options?.apiGatewayLogRoleArn,
        tags,
      },
      { parent },
    );
  }

  function createPipeline(workload: Workload): Pipeline {
    const roles = PIPELINES[workload.kind];
    const stream =
      roles.stream === undefined
        ? undefined
        : new AwsStream(
            `aws-${roles.stream}`,
            {
              region,
              streamName: physicalName(env, region, roles.stream, 128),
              dataClass: workload.dataClass,
              tags,
            },
            { parent },
          );
    const queue =
      roles.queue === undefined
        ? undefined
        : new AwsQueue(
            `aws-${roles.queue}`,
            {
              region,
              queueName: physicalName(env, region, roles.queue, 76),
              dataClass: workload.dataClass,
              tags,
            },
            { parent },
          );
    return { stream, queue };
  }
}
