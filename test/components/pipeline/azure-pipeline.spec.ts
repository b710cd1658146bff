import assert from "node:assert/strict";
import { AzurePipeline } from "../../../components/pipeline/azure-pipeline";
import { useRecordingMocks, valueOf, type Recorder } from "../azure-gcp-mocks";

describe("AzurePipeline", () => {
  let mocks: Recorder;
  let pipe: AzurePipeline;
  before(async () => {
    mocks = await useRecordingMocks();
    pipe = new AzurePipeline("pipe", {
      resourceGroupName: "rg",
      location: "westeurope",
      baseName: "tachyon-prod-westeurope",
      dataClass: "confidential",
      eventHubsSku: "Premium",
      partitions: 32,
      consumers: ["normalize", "portfolio-value"],
      eventBatchSize: 4,
      privateEndpoints: { subnetId: "endpoints", dnsZoneId: "zone-servicebus" },
    });
    await mocks.settle();
  });

  it("creates Entra-only namespaces with TLS 1.2 and the data-class tag", () => {
    for (const type of ["azure-native:eventhub:Namespace", "azure-native:servicebus:Namespace"]) {
      const [ns] = mocks.ofType(type);
      assert.equal(ns.inputs.disableLocalAuth, true);
      assert.equal(ns.inputs.minimumTlsVersion, "1.2");
      assert.equal(ns.inputs.tags["data-class"], "confidential");
    }
    const events = mocks.one("azure-native:eventhub:Namespace", "pipe-events");
    assert.deepEqual(events.inputs.sku, { name: "Premium", tier: "Premium", capacity: 1 });
  });

  it("reaches Event Hubs through a private endpoint, and Standard Service Bus without one", () => {
    const endpoints = mocks.ofType("azure-native:network:PrivateEndpoint");
    assert.deepEqual(
      endpoints.map((e): unknown[] => [
        e.inputs.privateEndpointName,
        e.inputs.privateLinkServiceConnections[0].groupIds,
      ]),
      [["tachyon-prod-westeurope-events", ["namespace"]]],
    );
    assert.match(
      endpoints[0].inputs.privateLinkServiceConnections[0].privateLinkServiceId,
      /eventhub:Namespace\/pipe-events$/,
    );
    const zoneGroup = mocks.one(
      "azure-native:network:PrivateDnsZoneGroup",
      "pipe-events-endpoint-dns",
    );
    assert.equal(zoneGroup.inputs.privateDnsZoneConfigs[0].privateDnsZoneId, "zone-servicebus");
  });

  it("gives every consumer its own consumer group on the market-data hub", () => {
    const hub = mocks.one("azure-native:eventhub:EventHub", "pipe-market-data");
    assert.equal(hub.inputs.partitionCount, 32);
    assert.deepEqual(
      mocks
        .ofType("azure-native:eventhub:ConsumerGroup")
        .map((c): unknown => c.inputs.consumerGroupName)
        .sort(),
      ["normalize", "portfolio-value"],
    );
  });

  it("hands each consumer its group, the namespace and the batch size", async () => {
    const settings = pipe.consumerSettings("portfolio-value");
    assert.equal(settings.MARKET_DATA_CONSUMER_GROUP, "portfolio-value");
    assert.equal(settings.AzureFunctionsJobHost__extensions__eventHubs__maxEventBatchSize, "4");
    assert.equal(
      await valueOf(settings.EventHubConnection__fullyQualifiedNamespace),
      "tachyon-prod-westeurope-events.servicebus.windows.net",
    );
  });
});
