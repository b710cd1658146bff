/**
 * Private Service Connect for Google APIs in the global VPC: one internal address that serves
 * every Google API (`all-apis` bundle), and a private `googleapis.com` zone that resolves API
 * host names to it. Spanner and Pub/Sub calls from the sites' Cloud Run services (Direct VPC
 * egress) then stay on the VPC's private path at a fixed internal address in every region.
 */
import * as pulumi from "@pulumi/pulumi";
import * as compute from "@pulumi/gcp/compute";
import * as dns from "@pulumi/gcp/dns";
import { parseCidr } from "./azure-cidr";

/** Candidate endpoint addresses, tried in order; the first outside every site range is used. */
export const GOOGLE_APIS_ADDRESS_CANDIDATES = [
  "10.255.255.254",
  "172.31.255.254",
  "192.168.255.254",
];

/** Arguments of {@link GcpGoogleApis}. */
export interface GcpGoogleApisArgs {
  /** Self link (or id) of the global VPC. */
  readonly network: pulumi.Input<string>;
  /** Internal IPv4 address of the endpoint; must be outside every subnet of the VPC. */
  readonly address: string;
  /** Endpoint name: 1-20 lowercase letters and digits, starting with a letter. */
  readonly endpointName: string;
}

/**
 * The Google APIs endpoint and its DNS.
 *
 * @example
 * new GcpGoogleApis("apis", { network: vpc.selfLink, address: "10.255.255.254",
 *   endpointName: "tachyonprodapis" });
 */
export class GcpGoogleApis extends pulumi.ComponentResource {
  /** The endpoint's internal address. */
  readonly address: string;

  constructor(name: string, args: GcpGoogleApisArgs, opts?: pulumi.ComponentResourceOptions) {
    super(GCP_GOOGLE_APIS_TYPE, name, {}, opts);
    if (!/^[a-z][a-z0-9]{0,19}$/.test(args.endpointName)) {
      throw new Error(
        `endpointName: must be 1-20 lowercase letters and digits starting with a letter, got "${args.endpointName}". Drop hyphens and shorten it.`,
      );
    }
    const parent = { parent: this };
    const address = new compute.GlobalAddress(
      `${name}-address`,
      {
        name: `${args.endpointName}-ip`,
        purpose: "PRIVATE_SERVICE_CONNECT",
        addressType: "INTERNAL",
        address: args.address,
        network: args.network,
      },
      parent,
    );
    new compute.GlobalForwardingRule(
      `${name}-endpoint`,
      {
        name: args.endpointName,
        target: "all-apis",
        network: args.network,
        ipAddress: address.id,
        // Private Service Connect endpoints for Google APIs take an empty scheme.
        loadBalancingScheme: "",
      },
      parent,
    );
    const zone = new dns.ManagedZone(
      `${name}-zone`,
      {
        name: `${args.endpointName}-googleapis`,
        dnsName: "googleapis.com.",
        visibility: "private",
        description: "Google APIs through the Private Service Connect endpoint.",
        privateVisibilityConfig: { networks: [{ networkUrl: args.network }] },
      },
      parent,
    );
    new dns.RecordSet(
      `${name}-apex`,
      {
        managedZone: zone.name,
        name: "googleapis.com.",
        type: "A",
        ttl: 300,
        rrdatas: [args.address],
      },
      parent,
    );
    new dns.RecordSet(
      `${name}-wildcard`,
      {
        managedZone: zone.name,
        name: "*.googleapis.com.",
        type: "CNAME",
        ttl: 300,
        rrdatas: ["googleapis.com."],
      },
      parent,
    );
    this.address = args.address;
    this.registerOutputs({ address: this.address });
  }
}

/** The first candidate address inside none of `cidrs`; throws when all collide. */
export function googleApisAddress(cidrs: readonly string[]): string {
  const ranges = cidrs.map(parseCidr);
  const ip = (a: string) => parseCidr(`${a}/32`).base;
  const free = GOOGLE_APIS_ADDRESS_CANDIDATES.find((a) =>
    ranges.every((r) => ip(a) < r.base || ip(a) >= r.base + 2 ** (32 - r.prefix)),
  );
  if (free === undefined) {
    throw new Error(
      `sites: every Google APIs endpoint candidate (${GOOGLE_APIS_ADDRESS_CANDIDATES.join(", ")}) lies in a site range, got ${cidrs.join(", ")}. Leave one of them outside the sites' CIDRs.`,
    );
  }
  return free;
}

/** Type token of {@link GcpGoogleApis}. */
export const GCP_GOOGLE_APIS_TYPE = "tachyon:network:GcpGoogleApis";
