/**
 * The names Front Door answers besides its own `*.azurefd.net` host: one AFD custom domain per
 * name, each with a Front Door managed certificate, validated by a `_dnsauth.<name>` TXT record in
 * the environment's Route 53 zone, and the per-cloud name as a CNAME to the endpoint.
 *
 * Why: Front Door serves only host names that are custom domains associated with a route; any
 * other Host gets 400 and its SNI gets no certificate. Clients reach Front Door as `api.<domain>`
 * (the latency record) and Route 53's health check as `azure.api.<domain>`, so both are custom
 * domains and every route lists both (`AzureFrontDoorOrigin`'s `customDomainIds`).
 * https://learn.microsoft.com/azure/frontdoor/domain (TXT record `_dnsauth.<subdomain>`)
 */
import * as route53 from "@pulumi/aws/route53";
import * as cdn from "@pulumi/azure-native/cdn";
import * as pulumi from "@pulumi/pulumi";

/** Arguments of {@link AzureFrontDoorDomains}. */
export interface AzureFrontDoorDomainsArgs {
  /** Resource group of the Front Door profile. */
  readonly resourceGroupName: pulumi.Input<string>;
  readonly profileName: pulumi.Input<string>;
  /** Host name of the endpoint, `<name>-<hash>.z01.azurefd.net`: the per-cloud name's target. */
  readonly endpointHostName: pulumi.Input<string>;
  /** The Route 53 zone of `domain`, which receives the TXT records and the CNAME. */
  readonly zoneId: pulumi.Input<string>;
  /** The environment's domain, e.g. `trade.example.com`. */
  readonly domain: string;
  /**
   * Labels under `domain` that Front Door answers, e.g. `["api", "azure.api"]`: one custom
   * domain each.
   */
  readonly subdomains: readonly string[];
  /** The label among `subdomains` that is a CNAME to the endpoint, e.g. `azure.api`. */
  readonly direct: string;
  /**
   * TTL of the per-cloud CNAME, in seconds.
   * @default 60
   */
  readonly ttl?: number;
}

/**
 * Custom domains with managed certificates, their validation records and the per-cloud CNAME.
 *
 * @example
 * const domains = new AzureFrontDoorDomains("fd-domains", { resourceGroupName, profileName,
 *   endpointHostName: fd.hostName, zoneId, domain: "trade.example.com",
 *   subdomains: ["api", "azure.api"], direct: "azure.api" });
 */
export class AzureFrontDoorDomains extends pulumi.ComponentResource {
  /** Resource ids of the custom domains, in `subdomains` order: what every route lists. */
  readonly customDomainIds: pulumi.Output<string>[];
  /** The custom domains' host names, in `subdomains` order. */
  readonly hostNames: readonly string[];

  constructor(
    name: string,
    args: AzureFrontDoorDomainsArgs,
    opts?: pulumi.ComponentResourceOptions,
  ) {
    super(AZURE_FRONT_DOOR_DOMAINS_TYPE, name, {}, opts);
    if (!args.subdomains.includes(args.direct)) {
      throw new Error(
        `AzureFrontDoorDomains "${name}": "direct" must be one of "subdomains", got "${args.direct}". Add it to "subdomains" or name one of ${JSON.stringify(args.subdomains)}.`,
      );
    }
    const parent = { parent: this };
    this.hostNames = args.subdomains.map((s) => `${s}.${args.domain}`);
    this.customDomainIds = args.subdomains.map((sub, i) => {
      const hostName = this.hostNames[i];
      const key = sub.replace(/\./g, "-");
      const domain = new cdn.AFDCustomDomain(
        `${name}-${key}`,
        {
          resourceGroupName: args.resourceGroupName,
          profileName: args.profileName,
          customDomainName: key,
          hostName,
          tlsSettings: { certificateType: "ManagedCertificate", minimumTlsVersion: "TLS12" },
        },
        parent,
      );
      new route53.Record(
        `${name}-${key}-dnsauth`,
        {
          zoneId: args.zoneId,
          name: `_dnsauth.${hostName}`,
          type: "TXT",
          ttl: 3600,
          records: [
            domain.validationProperties.apply((v) => {
              if (v?.validationToken === undefined || v.validationToken === "") {
                throw new Error(
                  `Front Door custom domain ${hostName}: must offer a validation token, got none. Regenerate it with \`az afd custom-domain regenerate-validation-token\`.`,
                );
              }
              return v.validationToken;
            }),
          ],
        },
        parent,
      );
      return domain.id;
    });
    new route53.Record(
      `${name}-cname`,
      {
        zoneId: args.zoneId,
        name: `${args.direct}.${args.domain}`,
        type: "CNAME",
        ttl: args.ttl ?? 60,
        records: [args.endpointHostName],
      },
      parent,
    );
    this.registerOutputs({ customDomainIds: this.customDomainIds });
  }
}

/** Type token of {@link AzureFrontDoorDomains}. */
export const AZURE_FRONT_DOOR_DOMAINS_TYPE = "tachyon:edge:AzureFrontDoorDomains";
