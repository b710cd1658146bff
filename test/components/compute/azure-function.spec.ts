import assert from "node:assert/strict";
import {
  alwaysReadyGroup,
  createAzureFunction,
  flexMemory,
  validateAzureFunction,
} from "../../../components/compute/azure-function";
import { useRecordingMocks, valueOf, type Recorder } from "../azure-gcp-mocks";
import { functionArgs, site, SpecParent } from "../azure-gcp-fixtures";

const WEB_APP = "azure-native:web:WebApp";
const WESTEUROPE = site("azure:westeurope", "10.30.0.0/16", 2);

describe("createAzureFunction", () => {
  let mocks: Recorder;
  beforeEach(async () => {
    mocks = await useRecordingMocks();
  });

  async function build(fn: string, overrides = {}, options = {}) {
    const result = createAzureFunction(
      fn,
      functionArgs(WESTEUROPE, fn, overrides),
      { resourceGroupName: "rg-prod-westeurope", subnetId: "subnet-functions", ...options },
      new SpecParent("parent"),
    );
    await mocks.settle();
    return result;
  }

  it("puts the app on a Flex Consumption plan", async () => {
    await build("order");
    const plan = mocks.one("azure-native:web:AppServicePlan", "order-plan");
    assert.deepEqual(plan.inputs.sku, { name: "FC1", tier: "FlexConsumption" });
    assert.equal(plan.inputs.kind, "functionapp");
    assert.equal(plan.inputs.reserved, true);
  });

  it("sets always-ready instances from warmInstances", async () => {
    await build("order", { warmInstances: 7 });
    const config = mocks.one(WEB_APP, "order-app").inputs.functionAppConfig;
    assert.deepEqual(config.scaleAndConcurrency.alwaysReady, [{ name: "http", instanceCount: 7 }]);
    assert.equal(config.scaleAndConcurrency.instanceMemoryMB, 2048);
    assert.equal(config.scaleAndConcurrency.maximumInstanceCount, 100);
  });

  it("names the always-ready group of a stream function after the function", async () => {
    await build("normalize");
    const config = mocks.one(WEB_APP, "normalize-app").inputs.functionAppConfig;
    assert.deepEqual(config.scaleAndConcurrency.alwaysReady, [
      { name: "function:normalize", instanceCount: 4 },
    ]);
  });

  it("keeps the signals queue trigger's own group warm when the app takes the signals queue", async () => {
    await build("order", { warmInstances: 3 }, { appSettings: { SIGNALS_QUEUE: "signals" } });
    const config = mocks.one(WEB_APP, "order-app").inputs.functionAppConfig;
    assert.deepEqual(config.scaleAndConcurrency.alwaysReady, [
      { name: "http", instanceCount: 3 },
      { name: "function:order-signals", instanceCount: 3 },
    ]);
  });

  it("deploys from the app's blob container with its user-assigned identity", async () => {
    await build("order");
    const config = mocks.one(WEB_APP, "order-app").inputs.functionAppConfig;
    const account = mocks.one("azure-native:storage:StorageAccount", "order-storage");
    assert.equal(account.inputs.accountName, "tachyonprodwesteur5d4218");
    assert.deepEqual(config.deployment.storage, {
      type: "blobContainer",
      value: "https://order-storage.blob.core.windows.net/deployment",
      authentication: {
        type: "UserAssignedIdentity",
        userAssignedIdentityResourceId:
          "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/azure-native:managedidentity:UserAssignedIdentity/order-identity",
      },
    });
    assert.deepEqual(config.runtime, { name: "node", version: "22" });
    const blob = mocks.one("azure-native:storage:Blob", "order-package");
    assert.equal(blob.inputs.containerName, "deployment");
    assert.equal(blob.inputs.blobName, "released-package.zip");
  });

  it("grants Storage Blob Data Owner on the deployment account only", async () => {
    await build("order");
    const roles = mocks.ofType("azure-native:authorization:RoleAssignment");
    const owner = roles.find((r) => r.name === "order-storage-owner");
    assert.ok(owner);
    assert.equal(
      owner.inputs.roleDefinitionId,
      "/subscriptions/00000000-0000-0000-0000-000000000000/providers/Microsoft.Authorization/roleDefinitions/b7e6dc6d-f1e8-4753-8033-0f276bb0955b",
    );
    assert.match(owner.inputs.scope as string, /StorageAccount\/order-storage$/);
    assert.equal(owner.inputs.principalType, "ServicePrincipal");
    assert.deepEqual(roles.map((r) => r.name).sort(), [
      "order-insights-publisher",
      "order-storage-owner",
    ]);
  });

  it("hardens the app: HTTPS only, TLS 1.2, no FTP, VNet integration, latency tag", async () => {
    await build("order");
    const app = mocks.one(WEB_APP, "order-app").inputs;
    assert.equal(app.kind, "functionapp,linux");
    assert.equal(app.httpsOnly, true);
    assert.equal(app.siteConfig.minTlsVersion, "1.2");
    assert.equal(app.siteConfig.ftpsState, "Disabled");
    assert.equal(app.virtualNetworkSubnetId, "subnet-functions");
    assert.equal(app.tags["latency-class"], "critical");
    assert.equal(
      mocks.one("azure-native:web:WebAppFtpAllowed", "order-ftp-basic-auth").inputs.allow,
      false,
    );
    assert.equal(
      mocks.one("azure-native:web:WebAppScmAllowed", "order-scm-basic-auth").inputs.allow,
      false,
    );
  });

  it("closes public network access on a stream-triggered app", async () => {
    await build("normalize");
    assert.equal(mocks.one(WEB_APP, "normalize-app").inputs.publicNetworkAccess, "Disabled");
  });

  it("accepts HTTP only from the given Front Door", async () => {
    await build("order", {}, { frontDoorId: "fd-123" });
    const config = mocks.one(WEB_APP, "order-app").inputs.siteConfig;
    assert.equal(config.ipSecurityRestrictionsDefaultAction, "Deny");
    assert.deepEqual(config.ipSecurityRestrictions[0].headers, { "x-azure-fdid": ["fd-123"] });
    assert.equal(config.ipSecurityRestrictions[0].ipAddress, "AzureFrontDoor.Backend");
  });

  it("admits Front Door's health probes by their X-FD-HealthProbe header", async () => {
    await build("order", {}, { frontDoorId: "fd-123" });
    const config = mocks.one(WEB_APP, "order-app").inputs.siteConfig;
    assert.deepEqual(
      (config.ipSecurityRestrictions as Record<string, unknown>[]).map((r) => [
        r.name,
        r.priority,
        r.tag,
        r.ipAddress,
        r.headers,
      ]),
      [
        ["front-door", 100, "ServiceTag", "AzureFrontDoor.Backend", { "x-azure-fdid": ["fd-123"] }],
        [
          "front-door-probes",
          110,
          "ServiceTag",
          "AzureFrontDoor.Backend",
          { "x-fd-healthprobe": ["1"] },
        ],
      ],
    );
  });

  it("uses Elastic Premium with pre-warmed instances when asked", async () => {
    await build("order", { warmInstances: 3 }, { plan: "premium", premiumSku: "EP2" });
    const plan = mocks.one("azure-native:web:AppServicePlan", "order-plan");
    assert.deepEqual(plan.inputs.sku, { name: "EP2", tier: "ElasticPremium", capacity: 3 });
    const app = mocks.one(WEB_APP, "order-app").inputs;
    assert.equal(app.functionAppConfig, undefined);
    assert.equal(app.siteConfig.minimumElasticInstanceCount, 3);
    assert.equal(app.siteConfig.preWarmedInstanceCount, 3);
    assert.equal(app.siteConfig.linuxFxVersion, "Node|22");
  });

  it("returns the app id as invoke target and its HTTPS URL", async () => {
    const result = await build("order");
    assert.equal(await valueOf(result.url!), "https://order-app.azurewebsites.net");
    assert.match(await valueOf(result.invokeTarget), /web:WebApp\/order-app$/);
  });
});

describe("flexMemory", () => {
  for (const [asked, size] of [
    [128, 512],
    [512, 512],
    [1769, 2048],
    [2048, 2048],
    [3000, 4096],
  ]) {
    it(`rounds ${asked} MB up to ${size} MB`, () => assert.equal(flexMemory(asked), size));
  }
  it("rejects more than 4096 MB", () => {
    assert.throws(
      () => flexMemory(8192),
      /memoryMb: Flex Consumption instances hold at most 4096 MB, got 8192/,
    );
  });
});

describe("validateAzureFunction", () => {
  it("reports every problem at once", () => {
    const args = functionArgs(WESTEUROPE, "order", { memoryMb: 6000, warmInstances: 50 });
    assert.deepEqual(
      validateAzureFunction(args, { resourceGroupName: "rg", maximumInstances: 20 }),
      [
        `memoryMb: Flex Consumption instances hold at most 4096 MB, got 6000. Use 4096 or less, or plan "premium".`,
        `azure.maximumInstances: Flex Consumption allows 40-1000, got 20. Use a value in that range.`,
        `warmInstances: must not exceed azure.maximumInstances (20), got 50. Raise maximumInstances or lower warmInstances.`,
      ],
    );
  });
  it("groups HTTP functions under http", () => {
    assert.equal(alwaysReadyGroup(functionArgs(WESTEUROPE, "fraud-score")), "http");
  });
});
