/**
 * Azure's anycast entry point: Front Door Standard/Premium. Clients connect to the nearest of
 * Front Door's edge locations; the edge forwards over the Microsoft backbone to the origin with the
 * lowest measured latency among the healthy ones (plus a tolerance band,
 * `additionalLatencyInMilliseconds`).
 *
 * Split between stacks: latency routing needs every site's origin in ONE origin group, so the
 * global stack owns the profile, the endpoint and one origin group per HTTP function
 * ({@link AzureFrontDoor}); each regional stack adds its Function App as an origin of those groups
 * ({@link AzureFrontDoorOrigin}). Front Door refuses a route to an empty origin group, so the
 * earliest Azure site that serves a function creates that function's route, after its origin.
 */
import * as pulumi from "@pulumi/pulumi";
import * as cdn from "@pulumi/azure-native/cdn";
import { AZURE_HEALTH_PATH } from "../../functions/adapters/health";

/** Arguments of {@link AzureFrontDoor}. */
export interface AzureFrontDoorArgs {
  readonly resourceGroupName: pulumi.Input<string>;
  /** Physical profile name. */
  readonly profileName: string;
  /** Physical endpoint name (its host name is `<name>-<hash>.z01.azurefd.net`). */
  readonly endpointName: string;
  /** HTTP functions to route, e.g. `["order", "fraud-score"]`: one origin group each. */
  readonly functions: readonly string[];
  /**
   * Premium adds Private Link origins and the managed WAF rule sets.
   * @default "Premium_AzureFrontDoor"
   */
  readonly sku?: "Standard_AzureFrontDoor" | "Premium_AzureFrontDoor";
  /**
   * Origins within this many milliseconds of the fastest one share traffic; 0 sends everything
   * to the fastest healthy origin.
   * @default 0
   */
  readonly additionalLatencyMs?: number;
  /** Seconds between health probes of each origin (5-255). @default 30 */
  readonly probeIntervalSeconds?: number;
  /**
   * Path each origin is probed on, straight on the Function App (no route, so no `/api`
   * prepended). The default reaches the function's own health route: the host answers `/` itself
   * while it runs, so probing `/` would keep an origin whose function cannot load in rotation.
   * @default "/api/health"
   */
  readonly probePath?: string;
  /** @default {} */
  readonly tags?: Record<string, string>;
}

/**
 * The global part of Front Door: profile, endpoint, one origin group per HTTP function.
 *
 * @example
 * const fd = new AzureFrontDoor("entry", { resourceGroupName: rg.name,
 *   profileName: "tachyon-prod", endpointName: "tachyon-prod", functions: ["order"] });
 */
export class AzureFrontDoor extends pulumi.ComponentResource {
  /** Name of the profile. */
  readonly profileName: pulumi.Output<string>;
  /** The profile's `frontDoorId`, checked by origins in the `X-Azure-FDID` header. */
  readonly frontDoorId: pulumi.Output<string>;
  /** Name of the endpoint. */
  readonly endpointName: pulumi.Output<string>;
  /** Host name of the endpoint. */
  readonly hostName: pulumi.Output<string>;
  /** Origin group resource id per function. */
  readonly originGroups: Record<string, pulumi.Output<string>>;

  constructor(name: string, args: AzureFrontDoorArgs, opts?: pulumi.ComponentResourceOptions) {
    super(AZURE_FRONT_DOOR_TYPE, name, {}, opts);
    const parent = { parent: this };
    const profile = new cdn.Profile(
      `${name}-profile`,
      {
        resourceGroupName: args.resourceGroupName,
        profileName: args.profileName,
        location: "Global",
        sku: { name: args.sku ?? "Premium_AzureFrontDoor" },
        // The minimum Front Door allows: a stuck origin fails fast instead of holding the client.
        originResponseTimeoutSeconds: 16,
        tags: args.tags ?? {},
      },
      parent,
    );
    const endpoint = new cdn.AFDEndpoint(
      `${name}-endpoint`,
      {
        resourceGroupName: args.resourceGroupName,
        profileName: profile.name,
        endpointName: args.endpointName,
        location: "Global",
        enabledState: "Enabled",
        tags: args.tags ?? {},
      },
      parent,
    );
    this.originGroups = {};
    for (const fn of args.functions) {
      const group = new cdn.AFDOriginGroup(
        `${name}-${fn}`,
        {
          resourceGroupName: args.resourceGroupName,
          profileName: profile.name,
          originGroupName: fn,
          healthProbeSettings: {
            probePath: args.probePath ?? AZURE_HEALTH_PATH,
            probeProtocol: "Https",
            probeRequestType: "HEAD",
            probeIntervalInSeconds: args.probeIntervalSeconds ?? 30,
          },
          loadBalancingSettings: {
            sampleSize: 4,
            successfulSamplesRequired: 3,
            additionalLatencyInMilliseconds: args.additionalLatencyMs ?? 0,
          },
          sessionAffinityState: "Disabled",
          trafficRestorationTimeToHealedOrNewEndpointsInMinutes: 0,
        },
        parent,
      );
      this.originGroups[fn] = group.id;
    }
    this.profileName = profile.name;
    this.frontDoorId = profile.frontDoorId;
    this.endpointName = endpoint.name;
    this.hostName = endpoint.hostName;
    this.registerOutputs({
      profileName: this.profileName,
      frontDoorId: this.frontDoorId,
      endpointName: this.endpointName,
      hostName: this.hostName,
    });
  }
}

/** Arguments of {@link AzureFrontDoorOrigin}. */
export interface AzureFrontDoorOriginArgs {
  /** Resource group of the Front Door profile (the global stack's). */
  readonly resourceGroupName: pulumi.Input<string>;
  readonly profileName: pulumi.Input<string>;
  readonly endpointName: pulumi.Input<string>;
  /** Resource id of the function's origin group (exported by the global stack). */
  readonly originGroupId: pulumi.Input<string>;
  /** The function: routes match `/<function>` and `/<function>/*`. */
  readonly functionName: string;
  /** Host name of the site's Function App. */
  readonly hostName: pulumi.Input<string>;
  /** Origin name inside the group, unique per site: the region. */
  readonly originName: string;
  /**
   * Custom domains the route serves besides the endpoint's own host (global stack output): Front
   * Door answers a Host only when a route lists its custom domain.
   * @default []
   */
  readonly customDomainIds?: pulumi.Input<pulumi.Input<string>[]>;
  /** Further paths routed to this function, e.g. `["/health"]` for the DNS health check. @default [] */
  readonly extraPatterns?: readonly string[];
  /**
   * Create the function's route (only the earliest Azure site serving the function does).
   * @default false
   */
  readonly createRoute?: boolean;
}

/**
 * One site's Function App as a Front Door origin, and the function's route when this is the
 * earliest site serving it.
 *
 * @example
 * new AzureFrontDoorOrigin("order-fd", { resourceGroupName: g.resourceGroupName,
 *   profileName: g.frontDoorProfile, endpointName: g.frontDoorEndpoint, originGroupId: g.originGroups.order,
 *   functionName: "order", hostName: fn.hostName, originName: "westeurope", createRoute: true });
 */
export class AzureFrontDoorOrigin extends pulumi.ComponentResource {
  /** Resource id of the origin. */
  readonly originId: pulumi.Output<string>;

  constructor(
    name: string,
    args: AzureFrontDoorOriginArgs,
    opts?: pulumi.ComponentResourceOptions,
  ) {
    super(AZURE_FRONT_DOOR_ORIGIN_TYPE, name, {}, opts);
    const origin = new cdn.AFDOrigin(
      `${name}-origin`,
      {
        resourceGroupName: args.resourceGroupName,
        profileName: args.profileName,
        originGroupName: pulumi.output(args.originGroupId).apply((id) => id.split("/").pop() ?? id),
        originName: args.originName,
        hostName: args.hostName,
        originHostHeader: args.hostName,
        httpsPort: 443,
        httpPort: 80,
        // Equal priority and weight: latency alone decides among healthy sites.
        priority: 1,
        weight: 1000,
        enforceCertificateNameCheck: true,
        enabledState: "Enabled",
      },
      { parent: this },
    );
    if (args.createRoute) {
      new cdn.Route(
        `${name}-route`,
        {
          resourceGroupName: args.resourceGroupName,
          profileName: args.profileName,
          endpointName: args.endpointName,
          routeName: args.functionName,
          originGroup: { id: args.originGroupId },
          customDomains: pulumi
            .output(args.customDomainIds ?? [])
            .apply((ids) => ids.map((id) => ({ id }))),
          patternsToMatch: [
            `/${args.functionName}`,
            `/${args.functionName}/*`,
            ...(args.extraPatterns ?? []),
          ],
          // Functions serve under /api; Front Door prepends it to the matched path.
          originPath: "/api",
          supportedProtocols: ["Http", "Https"],
          httpsRedirect: "Enabled",
          forwardingProtocol: "HttpsOnly",
          linkToDefaultDomain: "Enabled",
          enabledState: "Enabled",
        },
        { parent: this, dependsOn: [origin] },
      );
    }
    this.originId = origin.id;
    this.registerOutputs({ originId: this.originId });
  }
}

/** Type token of {@link AzureFrontDoor}. */
export const AZURE_FRONT_DOOR_TYPE = "tachyon:edge:AzureFrontDoor";

/** Type token of {@link AzureFrontDoorOrigin}. */
export const AZURE_FRONT_DOOR_ORIGIN_TYPE = "tachyon:edge:AzureFrontDoorOrigin";
