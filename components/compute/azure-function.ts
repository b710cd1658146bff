/**
 * The Azure side of `LatencyFunction`: a Linux Function App on the Flex Consumption plan with
 * always-ready instances (the warm capacity), or on Elastic Premium with pre-warmed instances.
 *
 * Flex Consumption is the default: always-ready instances remove cold starts for the instance
 * count the workload needs, per-instance memory is chosen (2048 MB gives a full core), the app
 * joins the site's VNet (so Cosmos DB and storage are reached over private endpoints), and the
 * code is deployed from a blob container in the app's own storage account, read with the app's
 * managed identity. Elastic Premium stays available for features Flex lacks (deployment slots).
 */
import * as pulumi from "@pulumi/pulumi";
import * as applicationinsights from "@pulumi/azure-native/applicationinsights";
import * as web from "@pulumi/azure-native/web";
import type { input } from "@pulumi/azure-native/types";
import type { CloudFunctionArgs, CloudFunctionResult } from "./function-types";
import { createAzureFunctionStorage } from "./azure-function-storage";
import { assignRole } from "../access/azure-roles";
import { azureName } from "../naming/azure-name";
import { AzurePrivateEndpoint } from "../network/azure-private-endpoint";

/** Flex Consumption instance sizes, in MB. */
export const FLEX_MEMORY_SIZES = [512, 2048, 4096] as const;

/** Elastic Premium plan sizes. */
export type PremiumSku = "EP1" | "EP2" | "EP3";

/** Azure-only settings of a `LatencyFunction` (the façade's `azure` section). */
export interface AzureFunctionOptions {
  /** Resource group of the site. */
  readonly resourceGroupName: pulumi.Input<string>;
  /**
   * Integration subnet (delegated to `Microsoft.App/environments` for Flex, to
   * `Microsoft.Web/serverFarms` for Elastic Premium). Without it the app has no private path.
   */
  readonly subnetId?: pulumi.Input<string>;
  /**
   * Hosting plan.
   * @default "flex"
   */
  readonly plan?: "flex" | "premium";
  /** Elastic Premium size, when `plan` is `"premium"`. @default "EP1" */
  readonly premiumSku?: PremiumSku;
  /**
   * Maximum instances the app scales out to (Flex: 40-1000).
   * @default 100
   */
  readonly maximumInstances?: number;
  /**
   * Concurrent HTTP requests per instance (Flex). Lower values trade cost for tail latency.
   * @default platform default (by instance size)
   */
  readonly httpConcurrency?: number;
  /**
   * The site's Application Insights component; one per site lets alerts see every app.
   * @default a component of the app's own, in `workspaceId`
   */
  readonly applicationInsights?: {
    readonly id: pulumi.Input<string>;
    readonly connectionString: pulumi.Input<string>;
  };
  /** Log Analytics workspace for an app-owned Application Insights component. */
  readonly workspaceId?: pulumi.Input<string>;
  /**
   * Front Door profile id (`frontDoorId`): inbound HTTP is then accepted only from that Front
   * Door (service tag `AzureFrontDoor.Backend` plus the `X-Azure-FDID` header).
   */
  readonly frontDoorId?: pulumi.Input<string>;
  /**
   * Private endpoint for the app's storage account (blob), so the package and host state are
   * read over the VNet.
   */
  readonly blobPrivateEndpoint?: {
    readonly subnetId: pulumi.Input<string>;
    readonly dnsZoneId: pulumi.Input<string>;
  };
  /** Extra app settings (e.g. trigger connection settings from the pipeline). @default {} */
  readonly appSettings?: Record<string, pulumi.Input<string>>;
}

/** Extra outputs of the Azure function beyond the common result. */
export interface AzureFunctionResult extends CloudFunctionResult {
  /** The app's default host name, the Front Door origin. */
  readonly hostName: pulumi.Output<string>;
  /** Resource id of the app's user-assigned identity. */
  readonly identityId: pulumi.Output<string>;
}

/**
 * Creates the Function App and everything it needs. Signature of `CloudFunctionFactory`.
 */
export function createAzureFunction(
  name: string,
  args: CloudFunctionArgs,
  options: AzureFunctionOptions | undefined,
  parent: pulumi.ComponentResource,
): AzureFunctionResult {
  const opts = requireOptions(args, options);
  const problems = validateAzureFunction(args, opts);
  if (problems.length > 0) throw new Error(problems.join(" "));
  const location = args.site.region;
  const premium = opts.plan === "premium";
  const storage = createAzureFunctionStorage(name, args, opts.resourceGroupName, parent);
  if (opts.blobPrivateEndpoint) {
    new AzurePrivateEndpoint(
      `${name}-storage-endpoint`,
      {
        resourceGroupName: opts.resourceGroupName,
        location,
        subnetId: opts.blobPrivateEndpoint.subnetId,
        targetId: storage.accountId,
        groupId: "blob",
        dnsZoneId: opts.blobPrivateEndpoint.dnsZoneId,
        endpointName: azureName("generic", args.environment, location, args.spec.name, "blob"),
        tags: args.tags,
      },
      { parent },
    );
  }
  const insights = opts.applicationInsights ?? createInsights(name, args, opts, parent);
  assignRole(
    `${name}-insights-publisher`,
    "monitoringMetricsPublisher",
    insights.id,
    storage.identity.principalId,
    parent,
  );

  const plan = new web.AppServicePlan(
    `${name}-plan`,
    {
      resourceGroupName: opts.resourceGroupName,
      location,
      name: azureName("generic", args.environment, location, args.spec.name, "plan"),
      kind: premium ? "elastic" : "functionapp",
      reserved: true, // Linux
      sku: premium
        ? {
            name: opts.premiumSku ?? "EP1",
            tier: "ElasticPremium",
            capacity: Math.max(1, args.warmInstances),
          }
        : { name: "FC1", tier: "FlexConsumption" },
      ...(premium ? { maximumElasticWorkerCount: opts.maximumInstances ?? 100 } : {}),
      tags: args.tags,
    },
    { parent },
  );

  const settings: Record<string, pulumi.Input<string>> = {
    // Host storage through the managed identity: no account key in settings.
    AzureWebJobsStorage__accountName: storage.accountName,
    AzureWebJobsStorage__credential: "managedidentity",
    AzureWebJobsStorage__clientId: storage.identity.clientId,
    APPLICATIONINSIGHTS_CONNECTION_STRING: insights.connectionString,
    APPLICATIONINSIGHTS_AUTHENTICATION_STRING: pulumi.interpolate`Authorization=AAD;ClientId=${storage.identity.clientId}`,
    AZURE_CLIENT_ID: storage.identity.clientId,
    ...(premium
      ? {
          FUNCTIONS_EXTENSION_VERSION: "~4",
          FUNCTIONS_WORKER_RUNTIME: "node",
          WEBSITE_RUN_FROM_PACKAGE: storage.packageUrl,
          WEBSITE_RUN_FROM_PACKAGE_BLOB_MI_RESOURCE_ID: storage.identity.id,
        }
      : {}),
    ...args.variables,
    ...withIdentityConnections(opts.appSettings ?? {}, storage.identity.clientId),
  };
  const http = args.spec.trigger === "http";
  const app = new web.WebApp(
    `${name}-app`,
    {
      resourceGroupName: opts.resourceGroupName,
      location,
      name: azureName("functionApp", args.environment, location, args.spec.name),
      kind: "functionapp,linux",
      serverFarmId: plan.id,
      httpsOnly: true,
      // Stream- and queue-triggered apps take no inbound traffic at all.
      publicNetworkAccess: http ? "Enabled" : "Disabled",
      identity: { type: "UserAssigned", userAssignedIdentities: [storage.identity.id] },
      keyVaultReferenceIdentity: storage.identity.id,
      ...(opts.subnetId ? { virtualNetworkSubnetId: opts.subnetId } : {}),
      siteConfig: {
        minTlsVersion: "1.2",
        scmMinTlsVersion: "1.2",
        ftpsState: "Disabled",
        http20Enabled: true,
        appSettings: Object.entries(settings).map(([n, value]) => ({ name: n, value })),
        ...(http && opts.frontDoorId ? frontDoorOnly(opts.frontDoorId) : {}),
        ...(premium
          ? {
              linuxFxVersion: "Node|22",
              minimumElasticInstanceCount: Math.max(1, args.warmInstances),
              preWarmedInstanceCount: Math.min(10, Math.max(1, args.warmInstances)),
              functionsRuntimeScaleMonitoringEnabled: true,
            }
          : {}),
      },
      ...(premium ? {} : { functionAppConfig: flexConfig(args, opts, storage) }),
      tags: args.tags,
    },
    { parent, dependsOn: [storage.ownerRole, storage.blob] },
  );
  // Basic-auth publishing (FTP and SCM) stays off: deployments use the identity-read container.
  for (const kind of ["ftp", "scm"] as const) {
    const Resource = kind === "ftp" ? web.WebAppFtpAllowed : web.WebAppScmAllowed;
    new Resource(
      `${name}-${kind}-basic-auth`,
      { resourceGroupName: opts.resourceGroupName, name: app.name, allow: false },
      { parent },
    );
  }

  return {
    name: app.name,
    invokeTarget: app.id,
    url: pulumi.interpolate`https://${app.defaultHostName}`,
    identity: storage.identity.principalId,
    hostName: app.defaultHostName,
    identityId: storage.identity.id,
  };
}

/**
 * `functionAppConfig` of a Flex Consumption app: deployment container read with the identity,
 * Node 22, always-ready instances and instance memory.
 */
export function flexConfig(
  args: CloudFunctionArgs,
  opts: AzureFunctionOptions,
  storage: { packageContainerUrl: pulumi.Input<string>; identity: { id: pulumi.Input<string> } },
): input.web.FunctionAppConfigArgs {
  return {
    deployment: {
      storage: {
        type: "blobContainer",
        value: storage.packageContainerUrl,
        authentication: {
          type: "UserAssignedIdentity",
          userAssignedIdentityResourceId: storage.identity.id,
        },
      },
    },
    runtime: { name: "node", version: "22" },
    scaleAndConcurrency: {
      alwaysReady:
        args.warmInstances > 0
          ? alwaysReadyGroups(args, opts.appSettings).map((name) => ({
              name,
              instanceCount: args.warmInstances,
            }))
          : [],
      instanceMemoryMB: flexMemory(args.memoryMb),
      maximumInstanceCount: opts.maximumInstances ?? 100,
      ...(opts.httpConcurrency
        ? { triggers: { http: { perInstanceConcurrency: opts.httpConcurrency } } }
        : {}),
    },
  };
}

/**
 * The always-ready group of a function: HTTP-triggered functions share the `http` group; any other
 * trigger is named per function (`function:<name>`), as Flex Consumption scales them apart.
 */
export function alwaysReadyGroup(args: Pick<CloudFunctionArgs, "spec">): string {
  return args.spec.trigger === "http" ? "http" : `function:${args.spec.name}`;
}

/**
 * Every always-ready group of a function's app: its own ({@link alwaysReadyGroup}) and, when the
 * app also takes the trading signals queue (functions/adapters/azure.ts registers the
 * `<name>-signals` Service Bus trigger when `SIGNALS_QUEUE` is set), that trigger's group, which
 * Flex Consumption scales apart from HTTP, so the signal path stays warm too.
 * https://learn.microsoft.com/azure/azure-functions/flex-consumption-plan#always-ready-instances
 */
export function alwaysReadyGroups(
  args: Pick<CloudFunctionArgs, "spec" | "variables">,
  appSettings: Readonly<Record<string, unknown>> = {},
): string[] {
  const groups = [alwaysReadyGroup(args)];
  if ((appSettings["SIGNALS_QUEUE"] ?? args.variables["SIGNALS_QUEUE"]) !== undefined) {
    groups.push(`function:${args.spec.name}-signals`);
  }
  return groups;
}

/** The smallest Flex Consumption instance size that holds `memoryMb`. */
export function flexMemory(memoryMb: number): number {
  const size = FLEX_MEMORY_SIZES.find((s) => s >= memoryMb);
  if (size === undefined) {
    throw new Error(
      `memoryMb: Flex Consumption instances hold at most 4096 MB, got ${memoryMb}. Use 4096 or less, or plan "premium".`,
    );
  }
  return size;
}

/** Every problem of the Azure options, as one sentence each. */
export function validateAzureFunction(
  args: CloudFunctionArgs,
  opts: AzureFunctionOptions,
): string[] {
  const problems: string[] = [];
  const max = opts.maximumInstances ?? 100;
  if (opts.plan !== "premium") {
    if (args.memoryMb > 4096) {
      problems.push(
        `memoryMb: Flex Consumption instances hold at most 4096 MB, got ${args.memoryMb}. Use 4096 or less, or plan "premium".`,
      );
    }
    if (!Number.isInteger(max) || max < 40 || max > 1000) {
      problems.push(
        `azure.maximumInstances: Flex Consumption allows 40-1000, got ${max}. Use a value in that range.`,
      );
    }
  }
  if (args.warmInstances > max) {
    problems.push(
      `warmInstances: must not exceed azure.maximumInstances (${max}), got ${args.warmInstances}. Raise maximumInstances or lower warmInstances.`,
    );
  }
  return problems;
}

function requireOptions(
  args: CloudFunctionArgs,
  options: AzureFunctionOptions | undefined,
): AzureFunctionOptions {
  if (!options) {
    throw new Error(
      `azure: required for function "${args.spec.name}" on ${args.site.id}, got undefined. Pass at least { resourceGroupName }.`,
    );
  }
  return options;
}

/**
 * Trigger connections that name a namespace (`<Conn>__fullyQualifiedNamespace`) authenticate with
 * the app's user-assigned identity: each gets `<Conn>__credential` and `<Conn>__clientId`.
 */
export function withIdentityConnections(
  settings: Record<string, pulumi.Input<string>>,
  clientId: pulumi.Input<string>,
): Record<string, pulumi.Input<string>> {
  const out = { ...settings };
  for (const key of Object.keys(settings)) {
    const m = /^(.+)__fullyQualifiedNamespace$/.exec(key);
    if (!m) continue;
    out[`${m[1]}__credential`] = "managedidentity";
    out[`${m[1]}__clientId`] = clientId;
  }
  return out;
}

/**
 * Inbound HTTP only from this Front Door: service tag plus the profile's `X-Azure-FDID`; and
 * Front Door's health probes, which Microsoft documents by `X-FD-HealthProbe: 1` but nowhere as
 * carrying `X-Azure-FDID` (docs/deployment-notes.md, "Front Door probes and the origin's access
 * restriction").
 */
function frontDoorOnly(frontDoorId: pulumi.Input<string>): Partial<input.web.SiteConfigArgs> {
  return {
    ipSecurityRestrictionsDefaultAction: "Deny",
    ipSecurityRestrictions: [
      {
        name: "front-door",
        action: "Allow",
        priority: 100,
        tag: "ServiceTag",
        ipAddress: "AzureFrontDoor.Backend",
        headers: { "x-azure-fdid": [frontDoorId] },
      },
      // Front Door removes X-FD-* headers from client requests, so only its probes carry this one.
      // https://learn.microsoft.com/azure/frontdoor/front-door-http-headers-protocol
      // https://learn.microsoft.com/azure/app-service/overview-access-restrictions#http-header-filtering-for-site-access-restriction-rules
      {
        name: "front-door-probes",
        action: "Allow",
        priority: 110,
        tag: "ServiceTag",
        ipAddress: "AzureFrontDoor.Backend",
        headers: { "x-fd-healthprobe": ["1"] },
      },
    ],
  };
}

function createInsights(
  name: string,
  args: CloudFunctionArgs,
  opts: AzureFunctionOptions,
  parent: pulumi.ComponentResource,
): { id: pulumi.Output<string>; connectionString: pulumi.Output<string> } {
  const component = new applicationinsights.Component(
    `${name}-insights`,
    {
      resourceGroupName: opts.resourceGroupName,
      location: args.site.region,
      resourceName: azureName("generic", args.environment, args.site.region, args.spec.name),
      kind: "web",
      applicationType: "web",
      ingestionMode: opts.workspaceId ? "LogAnalytics" : "ApplicationInsights",
      ...(opts.workspaceId ? { workspaceResourceId: opts.workspaceId } : {}),
      // Telemetry is accepted only from Entra ID identities (the app's).
      disableLocalAuth: true,
      tags: args.tags,
    },
    { parent },
  );
  return { id: component.id, connectionString: component.connectionString };
}
