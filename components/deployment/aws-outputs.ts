/**
 * What the AWS part of the global stack and of each regional stack exports, as later stacks read
 * it through their stack reference. The global deployment (`aws.ts`) and the site assembly
 * (`aws-site.ts`) both use these shapes, so they live apart from either.
 */

/** One global table as the global stack exports it. */
export interface AwsTableOutputs {
  readonly name: string;
  readonly arn: string;
  /** The region the table was created in. */
  readonly homeRegion: string;
  /** Every region holding a copy, home first. */
  readonly regions: string[];
  /** Region -> the customer-managed key of that region's copy (empty: AWS-managed keys). */
  readonly keyArns: Record<string, string>;
}

/** The `aws` outputs of the global stack, as a regional stack reads them. */
export interface AwsGlobalOutputs {
  readonly zoneId: string;
  readonly nameServers: string[];
  readonly acceleratorArn: string;
  readonly acceleratorDnsName: string;
  readonly listenerArn: string;
  /** Database name -> its global table of order claims (keyed by `pk`). */
  readonly tables: Record<string, AwsTableOutputs>;
  /**
   * Database name -> its global state table (keyed by `pk` and `sk`), for databases the
   * portfolio workload uses.
   */
  readonly stateTables?: Record<string, AwsTableOutputs>;
  /** The Direct Connect gateway, when the topology has `directConnect`. */
  readonly dxGatewayId?: string;
  /** The connection's private virtual interface, when `directConnect` gives its VLAN. */
  readonly dxVirtualInterfaceId?: string;
  /** The interface's AWS-generated BGP MD5 key (a secret), for the colocation router. */
  readonly dxBgpAuthKey?: string;
  /** Site id -> the accelerator listener pinned to that site (edge routing), HTTP sites only. */
  readonly pinnedListeners?: Record<string, string>;
  /** The edge distribution's host name, `cdn.<domain>`, when some AWS site answers HTTP. */
  readonly edgeHostName?: string;
  /** ARN of the edge distribution's KeyValueStore, which each HTTP site's drain function writes. */
  readonly edgeKeyValueStoreArn?: string;
  /** FQDN of the record validating every site's `api.<domain>` certificate (HTTP sites only). */
  readonly apiValidationFqdn?: string;
  /** FQDN of the record validating `edge.<domain>` on every site's certificate (HTTP sites only). */
  readonly edgeValidationFqdn?: string;
}

/** The `aws` outputs of a site's regional stack, as later sites read them for peering. */
export interface AwsSiteOutputs {
  readonly region: string;
  readonly vpcId: string;
  readonly cidr: string;
  readonly routeTableIds: string[];
  /** The site's cache; a shared cache's primary also names its global group and AUTH secret. */
  readonly cache?: {
    readonly endpoint: string;
    readonly user?: string;
    readonly globalReplicationGroupId?: string;
    readonly authSecretArn?: string;
  };
}
