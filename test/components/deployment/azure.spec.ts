import assert from "node:assert/strict";
import { deployAzureGlobal, deployAzureSite } from "../../../components/deployment/azure";
import * as pulumi from "@pulumi/pulumi";
import { useRecordingMocks, valueOf, type Recorder } from "../azure-gcp-mocks";
import { topology } from "../azure-gcp-fixtures";
import { globalContext, siteContext, AZURE_GLOBAL } from "./azure-gcp-context";

const EASTUS = {
  resourceGroupName: "tachyon-prod-eastus",
  location: "eastus",
  vnetId:
    "/subscriptions/s/resourceGroups/tachyon-prod-eastus/providers/Microsoft.Network/virtualNetworks/tachyon-prod-eastus",
  vnetName: "tachyon-prod-eastus",
  functions: {},
};

describe("deployAzureGlobal", () => {
  let mocks: Recorder;
  beforeEach(async () => {
    mocks = await useRecordingMocks();
  });

  it("Cosmos account has a location per database site with multiple write locations", async () => {
    deployAzureGlobal(globalContext(topology()));
    await mocks.settle();
    const account = mocks.one(
      "azure-native:cosmosdb:DatabaseAccount",
      "azure-cosmos-orders-account",
    );
    assert.equal(account.inputs.accountName, "tachyon-prod-orders");
    assert.deepEqual(account.inputs.locations, [
      { locationName: "eastus", failoverPriority: 0, isZoneRedundant: false },
      { locationName: "westeurope", failoverPriority: 1, isZoneRedundant: false },
    ]);
    assert.equal(account.inputs.enableMultipleWriteLocations, true);
    assert.equal(account.inputs.enableAutomaticFailover, true);
    assert.deepEqual(account.inputs.consistencyPolicy, { defaultConsistencyLevel: "Session" });
    assert.deepEqual(account.inputs.backupPolicy, {
      type: "Continuous",
      continuousModeProperties: { tier: "Continuous7Days" },
    });
    assert.equal(account.inputs.disableLocalAuth, true);
    assert.equal(account.inputs.publicNetworkAccess, "Disabled");
    assert.equal(account.inputs.tags["data-class"], "pii");
    const container = mocks.one(
      "azure-native:cosmosdb:SqlResourceSqlContainer",
      "azure-cosmos-orders-container",
    );
    assert.deepEqual(container.inputs.resource.partitionKey, {
      paths: ["/id"],
      kind: "Hash",
      version: 2,
    });
    // TTL on with no default: fraud's history documents carry their own ttl.
    assert.equal(container.inputs.resource.defaultTtl, -1);
    const lock = mocks.one(
      "azure-native:authorization:ManagementLockByScope",
      "azure-cosmos-orders-lock",
    );
    assert.equal(lock.inputs.level, "CanNotDelete");
  });

  it("creates a Premium Front Door with one latency-routed origin group per HTTP function", async () => {
    deployAzureGlobal(globalContext(topology()));
    await mocks.settle();
    const profile = mocks.one("azure-native:cdn:Profile", "azure-front-door-profile");
    assert.deepEqual(profile.inputs.sku, { name: "Premium_AzureFrontDoor" });
    const groups = mocks.ofType("azure-native:cdn:AFDOriginGroup");
    assert.deepEqual(
      groups.map((g): unknown => g.inputs.originGroupName),
      ["order", "fraud-score"],
    );
    assert.deepEqual(groups[0].inputs.loadBalancingSettings, {
      sampleSize: 4,
      successfulSamplesRequired: 3,
      additionalLatencyInMilliseconds: 0,
    });
    assert.deepEqual(groups[0].inputs.healthProbeSettings, {
      probePath: "/api/health",
      probeProtocol: "Https",
      probeRequestType: "HEAD",
      probeIntervalInSeconds: 30,
    });
  });

  it("serves api.<domain> and azure.api.<domain> as custom domains validated in the zone", async () => {
    const outputs = deployAzureGlobal(globalContext(topology(), "Z123"));
    await mocks.settle();
    const domains = mocks.ofType("azure-native:cdn:AFDCustomDomain");
    assert.deepEqual(
      domains.map((d): unknown[] => [
        d.inputs.customDomainName,
        d.inputs.hostName,
        d.inputs.profileName,
        d.inputs.tlsSettings,
      ]),
      [
        [
          "api",
          "api.trade.example.com",
          "tachyon-prod",
          { certificateType: "ManagedCertificate", minimumTlsVersion: "TLS12" },
        ],
        [
          "azure-api",
          "azure.api.trade.example.com",
          "tachyon-prod",
          { certificateType: "ManagedCertificate", minimumTlsVersion: "TLS12" },
        ],
      ],
    );
    const records = mocks.ofType("aws:route53/record:Record");
    assert.deepEqual(
      records
        .map((r): unknown[] => [r.inputs.zoneId, r.inputs.name, r.inputs.type, r.inputs.records])
        .sort((a, b) => String(a[1]).localeCompare(String(b[1]))),
      [
        ["Z123", "_dnsauth.api.trade.example.com", "TXT", ["token-azure-front-door-domains-api"]],
        [
          "Z123",
          "_dnsauth.azure.api.trade.example.com",
          "TXT",
          ["token-azure-front-door-domains-azure-api"],
        ],
        [
          "Z123",
          "azure.api.trade.example.com",
          "CNAME",
          ["azure-front-door-endpoint.z01.azurefd.net"],
        ],
      ],
    );
    const fd = (await valueOf(pulumi.output(outputs.frontDoor))) as { customDomainIds: string[] };
    assert.deepEqual(
      fd.customDomainIds.map((id) => id.split("/").pop()),
      ["azure-front-door-domains-api", "azure-front-door-domains-azure-api"],
    );
  });

  it("adds no custom domain without a Route 53 zone to validate it in", async () => {
    const outputs = deployAzureGlobal(globalContext(topology()));
    await mocks.settle();
    assert.equal(mocks.ofType("azure-native:cdn:AFDCustomDomain").length, 0);
    const fd = (await valueOf(pulumi.output(outputs.frontDoor))) as Record<string, unknown>;
    assert.equal(fd.customDomainIds, undefined);
  });

  it("creates nothing for a topology without Azure sites", async () => {
    const t = topology();
    const outputs = deployAzureGlobal(
      globalContext({ ...t, sites: t.sites.filter((s) => s.cloud !== "azure") }),
    );
    await mocks.settle();
    assert.deepEqual(outputs, {});
    assert.equal(mocks.resources.filter((r) => r.type.startsWith("azure-native:")).length, 0);
  });
});

describe("deployAzureSite", () => {
  // One build of the westeurope site, asserted from several angles: building is the slow part.
  let mocks: Recorder;
  let ctx: ReturnType<typeof siteContext>;
  before(async () => {
    mocks = await useRecordingMocks();
    ctx = siteContext(
      topology(),
      "azure:westeurope",
      { azure: AZURE_GLOBAL, aws: { zoneId: "Z123" } },
      { "azure:eastus": { azure: EASTUS } },
    );
    deployAzureSite(ctx);
    await mocks.settle();
  });

  it("peers with every earlier Azure site in both directions", () => {
    assert.deepEqual(ctx.peersAsked, ["azure:eastus/azure"]);
    const peerings = mocks.ofType("azure-native:network:VirtualNetworkPeering");
    assert.equal(peerings.length, 2);
    const out = mocks.one(
      "azure-native:network:VirtualNetworkPeering",
      "azure-network-peer-azure-eastus",
    );
    assert.equal(out.inputs.virtualNetworkName, "tachyon-prod-westeurope");
    assert.deepEqual(out.inputs.remoteVirtualNetwork, { id: EASTUS.vnetId });
    const back = mocks.one(
      "azure-native:network:VirtualNetworkPeering",
      "azure-network-peer-azure-eastus-back",
    );
    assert.equal(back.inputs.resourceGroupName, "tachyon-prod-eastus");
    assert.equal(back.inputs.virtualNetworkName, "tachyon-prod-eastus");
    assert.match(back.inputs.remoteVirtualNetwork.id, /VirtualNetwork\/azure-network-vnet$/);
  });

  it("keeps each workload's warmInstances always ready on every function app", () => {
    const apps = mocks.ofType("azure-native:web:WebApp");
    const ready = Object.fromEntries(
      apps.map((a) => [a.name, a.inputs.functionAppConfig.scaleAndConcurrency.alwaysReady]),
    );
    assert.deepEqual(ready, {
      "azure-normalize-app": [{ name: "function:normalize", instanceCount: 3 }],
      // order also takes the trading signals queue, whose trigger scales as a group of its own.
      "azure-order-app": [
        { name: "http", instanceCount: 3 },
        { name: "function:order-signals", instanceCount: 3 },
      ],
      "azure-fraud-score-app": [{ name: "http", instanceCount: 2 }],
    });
    for (const app of apps) assert.equal(app.inputs.tags["latency-class"], "critical");
  });

  it("routes a function through Front Door from the earliest Azure site serving it", () => {
    const origins = mocks.ofType("azure-native:cdn:AFDOrigin");
    assert.deepEqual(
      origins.map((o): unknown[] => [o.name, o.inputs.originGroupName, o.inputs.originName]).sort(),
      [
        ["azure-fraud-score-front-door-origin", "fraud-score", "westeurope"],
        ["azure-order-front-door-origin", "order", "westeurope"],
      ],
    );
    // eastus serves trading first, so only fraud-score's route is created here.
    const routes = mocks.ofType("azure-native:cdn:Route");
    assert.deepEqual(
      routes.map((r): unknown[] => [
        r.inputs.routeName,
        r.inputs.patternsToMatch,
        r.inputs.originPath,
      ]),
      [["fraud-score", ["/fraud-score", "/fraud-score/*"], "/api"]],
    );
    // Front Door answers a Host only when a route lists its custom domain.
    assert.deepEqual(routes[0].inputs.customDomains, [
      { id: AZURE_GLOBAL.frontDoor.customDomainIds[0] },
      { id: AZURE_GLOBAL.frontDoor.customDomainIds[1] },
    ]);
  });

  it("reaches Cosmos DB through a private endpoint and grants the data-plane role", () => {
    const pe = mocks.one("azure-native:network:PrivateEndpoint", "azure-cosmos-orders-endpoint");
    assert.deepEqual(pe.inputs.privateLinkServiceConnections[0].groupIds, ["Sql"]);
    const grants = mocks.ofType("azure-native:cosmosdb:SqlResourceSqlRoleAssignment");
    // normalize never reads the database, so it gets no grant; fraud-score's is on the site's own
    // account, its `cards` database being on Google Cloud (azure-site-store.spec.ts).
    assert.deepEqual(
      grants.map((g) => g.name),
      ["azure-order-cosmos", "azure-fraud-score-site-store"],
    );
    assert.equal(
      grants[0].inputs.roleDefinitionId,
      `${AZURE_GLOBAL.cosmos.orders.accountId}/sqlRoleDefinitions/00000000-0000-0000-0000-000000000002`,
    );
    // The claims container alone: order never reads or writes the account's main container.
    assert.equal(
      grants[0].inputs.scope,
      `${AZURE_GLOBAL.cosmos.orders.accountId}/dbs/orders/colls/order-claims`,
    );
  });

  it("dead-letters orders and alerts on p99 latency at the tightest budget", () => {
    const queue = mocks.one("azure-native:servicebus:Queue", "azure-pipeline-signals");
    assert.equal(queue.inputs.deadLetteringOnMessageExpiration, true);
    assert.equal(queue.inputs.maxDeliveryCount, 5);
    assert.equal(queue.inputs.enableBatchedOperations, false);
    const p99 = mocks.one("azure-native:monitor:ScheduledQueryRule", "azure-alerts-p99");
    assert.equal(p99.inputs.criteria.allOf[0].threshold, 15);
    const dlq = mocks.one("azure-native:monitor:MetricAlert", "azure-alerts-dead-letters");
    assert.equal(dlq.inputs.criteria.allOf[0].metricName, "DeadletteredMessages");
  });

  it("gives the normalize app the identity-based Event Hubs connection and small batches", () => {
    const app = mocks.one("azure-native:web:WebApp", "azure-normalize-app");
    const settings = Object.fromEntries(
      app.inputs.siteConfig.appSettings.map((s: { name: string; value: string }) => [
        s.name,
        s.value,
      ]),
    );
    assert.equal(settings.EventHubConnection__credential, "managedidentity");
    assert.equal(
      settings.EventHubConnection__fullyQualifiedNamespace,
      "tachyon-prod-westeurope-events.servicebus.windows.net",
    );
    assert.equal(settings.AzureFunctionsJobHost__extensions__eventHubs__maxEventBatchSize, "1");
    assert.equal(app.inputs.publicNetworkAccess, "Disabled");
  });

  it("sends normalize's signals to order's queue trigger over the private Service Bus endpoint", () => {
    const settingsOf = (name: string) =>
      Object.fromEntries(
        mocks
          .one("azure-native:web:WebApp", name)
          .inputs.siteConfig.appSettings.map((s: { name: string; value: string }) => [
            s.name,
            s.value,
          ]),
      ) as Record<string, string>;
    const normalize = settingsOf("azure-normalize-app");
    assert.equal(
      normalize.TACHYON_SIGNAL_QUEUE_URL,
      "https://tachyon-prod-westeurope-orders.servicebus.windows.net/signals",
    );
    assert.equal(normalize.SIGNALS_QUEUE, undefined);
    const order = settingsOf("azure-order-app");
    assert.deepEqual(
      [
        order.SIGNALS_QUEUE,
        order.ServiceBusConnection__fullyQualifiedNamespace,
        order.ServiceBusConnection__credential,
      ],
      ["signals", "tachyon-prod-westeurope-orders.servicebus.windows.net", "managedidentity"],
    );
    const role = (name: string) =>
      mocks.one("azure-native:authorization:RoleAssignment", name).inputs;
    const send = role("azure-normalize-signals-send");
    assert.match(send.roleDefinitionId, /69a216fc-b8fb-44d8-bc22-1f3c2cd27a39$/);
    assert.match(send.scope, /servicebus:Queue\/azure-pipeline-signals$/);
    const receive = role("azure-order-signals-receive");
    assert.match(receive.roleDefinitionId, /4f6d3b9b-027b-4f4c-9142-0e5a2a2247e0$/);
    assert.match(receive.scope, /servicebus:Queue\/azure-pipeline-signals$/);
    const bus = mocks.one("azure-native:servicebus:Namespace", "azure-pipeline-bus");
    assert.deepEqual(bus.inputs.sku, { name: "Premium", tier: "Premium", capacity: 1 });
    const endpoint = mocks.one(
      "azure-native:network:PrivateEndpoint",
      "azure-pipeline-orders-endpoint-endpoint",
    );
    assert.match(
      endpoint.inputs.privateLinkServiceConnections[0].privateLinkServiceId,
      /servicebus:Namespace\/azure-pipeline-bus$/,
    );
  });

  it("adds a latency CNAME to azure.api.<domain>, whose own name the health check probes", () => {
    const record = mocks.one("aws:route53/record:Record", "azure-dns-record");
    assert.equal(record.inputs.zoneId, "Z123");
    assert.equal(record.inputs.name, "api.trade.example.com");
    assert.deepEqual(
      [record.inputs.type, record.inputs.records],
      ["CNAME", ["azure.api.trade.example.com"]],
    );
    assert.equal(record.inputs.setIdentifier, "azure-westeurope");
    const check = mocks.one("aws:route53/healthCheck:HealthCheck", "azure-dns-health").inputs;
    assert.deepEqual(
      [check.type, check.fqdn, check.resourcePath, check.enableSni],
      ["HTTPS", "azure.api.trade.example.com", "/health", true],
    );
  });
});

describe("deployAzureSite with the regional stack's optional keys", () => {
  const CIRCUIT =
    "/subscriptions/6f1c2b3a-4d5e-4f60-8a9b-0c1d2e3f4a5b/resourceGroups/tachyon-network/providers/Microsoft.Network/expressRouteCircuits/er-equinix-am5";
  const globals = { azure: AZURE_GLOBAL, aws: { zoneId: "Z1" } };

  it("connects the site to the configured ExpressRoute circuit", async () => {
    const mocks = await useRecordingMocks();
    deployAzureSite(
      siteContext(topology(), "azure:eastus", globals, {}, { expressRouteCircuitId: CIRCUIT }),
    );
    await mocks.settle();
    const connection = mocks.one(
      "azure-native:network:VirtualNetworkGatewayConnection",
      "azure-express-route-connection",
    );
    assert.deepEqual(connection.inputs.peer, { id: CIRCUIT });
    assert.equal(connection.inputs.connectionType, "ExpressRoute");
  });

  it("e-mails the configured address from the site's action group", async () => {
    const mocks = await useRecordingMocks();
    deployAzureSite(
      siteContext(topology(), "azure:eastus", globals, {}, { alertEmail: "oncall@example.com" }),
    );
    await mocks.settle();
    const group = mocks.one("azure-native:monitor:ActionGroup", "azure-alerts-actions");
    assert.deepEqual(group.inputs.emailReceivers, [
      { name: "email-0", emailAddress: "oncall@example.com", useCommonAlertSchema: true },
    ]);
  });

  it("creates no ExpressRoute and no e-mail receiver without them", async () => {
    const mocks = await useRecordingMocks();
    deployAzureSite(siteContext(topology(), "azure:eastus", globals));
    await mocks.settle();
    assert.equal(mocks.ofType("azure-native:network:VirtualNetworkGateway").length, 0);
    const group = mocks.one("azure-native:monitor:ActionGroup", "azure-alerts-actions");
    assert.deepEqual(group.inputs.emailReceivers, []);
  });
});

describe("deployAzureSite at the first Azure site", () => {
  it("asks no peer and creates no peering", async () => {
    const mocks = await useRecordingMocks();
    const ctx = siteContext(topology(), "azure:eastus", {
      azure: AZURE_GLOBAL,
      aws: { zoneId: "Z1" },
    });
    deployAzureSite(ctx);
    await mocks.settle();
    assert.deepEqual(ctx.peersAsked, []);
    assert.equal(mocks.ofType("azure-native:network:VirtualNetworkPeering").length, 0);
    // eastus is the first Azure site serving trading: it creates the order route.
    assert.deepEqual(
      mocks.ofType("azure-native:cdn:Route").map((r): unknown => r.inputs.patternsToMatch),
      [["/order", "/order/*", "/health"]],
    );
  });
});

describe("deployAzureSite with portfolio only", () => {
  it("reads market data through its own consumer group and creates no orders queue", async () => {
    const mocks = await useRecordingMocks();
    const t = topology();
    const only = {
      ...t,
      workloads: [
        {
          kind: "portfolio" as const,
          sites: ["azure:eastus"],
          warmInstances: 1,
          latencyBudgetMs: 500,
          dataClass: "confidential" as const,
          memoryMb: 4096,
        },
      ],
    };
    deployAzureSite(
      siteContext(only, "azure:eastus", { azure: AZURE_GLOBAL, aws: { zoneId: "Z1" } }),
    );
    await mocks.settle();
    assert.deepEqual(
      mocks
        .ofType("azure-native:eventhub:ConsumerGroup")
        .map((c): unknown => c.inputs.consumerGroupName),
      ["portfolio-value"],
    );
    assert.equal(mocks.ofType("azure-native:servicebus:Namespace").length, 0);
    assert.equal(mocks.ofType("azure-native:monitor:MetricAlert").length, 1);
    const app = mocks.one("azure-native:web:WebApp", "azure-portfolio-value-app");
    assert.equal(app.inputs.functionAppConfig.scaleAndConcurrency.instanceMemoryMB, 4096);
    assert.deepEqual(app.inputs.functionAppConfig.scaleAndConcurrency.alwaysReady, [
      { name: "function:portfolio-value", instanceCount: 1 },
    ]);
    const receive = mocks.one(
      "azure-native:authorization:RoleAssignment",
      "azure-portfolio-value-events",
    );
    assert.match(receive.inputs.roleDefinitionId, /a638d3c7-ab3a-418d-83e6-5f17a39d4fde$/);
  });
});

describe("Azure order claims in a trading workload's Cosmos DB database", () => {
  let mocks: Recorder;
  beforeEach(async () => {
    mocks = await useRecordingMocks();
  });
  const settingsOf = (app: string): Record<string, unknown> =>
    Object.fromEntries(
      (
        mocks.one("azure-native:web:WebApp", `azure-${app}-app`).inputs.siteConfig.appSettings as {
          name: string;
          value: unknown;
        }[]
      ).map((s) => [s.name, s.value]),
    );

  it("creates the claims container: partitioned on /id, TTL on, nothing indexed", async () => {
    deployAzureGlobal(globalContext(topology()));
    await mocks.settle();
    const claims = mocks.one(
      "azure-native:cosmosdb:SqlResourceSqlContainer",
      "azure-cosmos-orders-claims",
    );
    assert.equal(claims.inputs.accountName, "tachyon-prod-orders");
    assert.equal(claims.inputs.databaseName, "orders");
    assert.equal(claims.inputs.containerName, "order-claims");
    assert.deepEqual(claims.inputs.resource, {
      id: "order-claims",
      partitionKey: { paths: ["/id"], kind: "Hash", version: 2 },
      defaultTtl: -1,
      indexingPolicy: {
        indexingMode: "consistent",
        automatic: true,
        includedPaths: [],
        excludedPaths: [{ path: "/*" }],
      },
      conflictResolutionPolicy: { mode: "LastWriterWins", conflictResolutionPath: "/_ts" },
    });
    assert.equal(claims.inputs.tags["data-class"], "pii");
  });

  it("creates no claims container in a database no trading workload uses", async () => {
    const t = topology();
    deployAzureGlobal(
      globalContext({
        ...t,
        workloads: t.workloads.map((w) =>
          w.kind === "trading" ? { ...w, database: undefined } : w,
        ),
      }),
    );
    await mocks.settle();
    assert.deepEqual(
      mocks.ofType("azure-native:cosmosdb:SqlResourceSqlContainer").map((c) => c.name),
      ["azure-cosmos-orders-container"],
    );
  });

  it("names the claims container to the order app only, which holds Data Contributor on it alone", async () => {
    deployAzureSite(
      siteContext(
        topology(),
        "azure:westeurope",
        { azure: AZURE_GLOBAL, aws: { zoneId: "Z123" } },
        { "azure:eastus": { azure: EASTUS } },
      ),
    );
    await mocks.settle();
    const order = settingsOf("order");
    assert.deepEqual(
      [
        order.TACHYON_IDEMPOTENCY_COSMOS_ENDPOINT,
        order.TACHYON_IDEMPOTENCY_COSMOS_ACCOUNT,
        order.TACHYON_IDEMPOTENCY_COSMOS_DATABASE,
        order.TACHYON_IDEMPOTENCY_COSMOS_CONTAINER,
      ],
      [
        // The account's location in the site's own region, not its global endpoint.
        "https://tachyon-prod-orders-westeurope.documents.azure.com:443/",
        "tachyon-prod-orders",
        "orders",
        "order-claims",
      ],
    );
    assert.equal(settingsOf("normalize").TACHYON_IDEMPOTENCY_COSMOS_ENDPOINT, undefined);
    // Nothing names the main container, which the order app neither reads nor may write.
    assert.deepEqual(
      Object.keys(order).filter((k) => k.startsWith("COSMOS_")),
      [],
    );
    const grant = mocks.one(
      "azure-native:cosmosdb:SqlResourceSqlRoleAssignment",
      "azure-order-cosmos",
    );
    assert.equal(grant.inputs.principalId, "principal-azure-order-identity");
    assert.equal(
      grant.inputs.scope,
      `${AZURE_GLOBAL.cosmos.orders.accountId}/dbs/orders/colls/order-claims`,
    );
  });
});
