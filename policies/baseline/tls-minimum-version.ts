/**
 * `tls-minimum-version`: every endpoint that terminates TLS refuses protocol versions older than
 * `minimumVersion` (TLS 1.0 and 1.1 are deprecated by RFC 8996). Where a platform's default is
 * already TLS 1.2 (App Service `minTlsVersion`, Cosmos DB `minimalTlsVersion`), an unset value
 * passes; where the default is older or undocumented, the setting must be explicit.
 */
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { configOf } from "../lib/config";
import { forTypes } from "../lib/policy";
import { asString, pathOf } from "../lib/resource";
import { AWS, AZURE, GCP } from "../lib/resource-types";
import { isUnknown } from "../lib/unknown";

/** Config of `tls-minimum-version`. */
export interface TlsConfig {
  /** The oldest TLS version an endpoint may accept: `"1.2"` or `"1.3"`. */
  minimumVersion: "1.2" | "1.3";
}

/**
 * The lowest TLS version an Elastic Load Balancing security policy accepts, from its name
 * (`ELBSecurityPolicy-TLS13-1-2-2021-06` → 1.2, `ELBSecurityPolicy-2016-08` → 1.0). Names
 * outside the TLS 1.2+ families read as 1.0, the floor of AWS's older predefined policies.
 */
export function elbPolicyVersion(policy: string): number {
  const m = /^ELBSecurityPolicy-(?:TLS13-1-([0-3])|TLS-1-([12])|FS-1-([12]))-/.exec(policy);
  const minor = m?.[1] ?? m?.[2] ?? m?.[3];
  return minor === undefined ? 1.0 : Number(`1.${minor}`);
}

/**
 * The lowest TLS version of a CloudFront viewer security policy (`TLSv1.2_2021` → 1.2); `TLSv1`,
 * `TLSv1_2016` and `SSLv3` read as 1.0 or lower.
 */
export function cloudfrontPolicyVersion(policy: string): number {
  if (policy === "SSLv3") return 0.3;
  const m = /^TLSv1(?:\.(\d))?_?/.exec(policy);
  return m ? Number(`1.${m[1] ?? "0"}`) : 0;
}

/**
 * The lowest TLS version of an API Gateway domain security policy: `TLS_1_0`, `TLS_1_2` and the
 * enhanced `SecurityPolicy_TLS13_1_3_2025_09` / `SecurityPolicy_TLS13_1_2_...` families.
 */
export function apiGatewayPolicyVersion(policy: string): number {
  const m = /^(?:TLS_1_|SecurityPolicy_TLS1[23]_1_)(\d)/.exec(policy);
  return m ? Number(`1.${m[1]}`) : 0;
}

/** Version number of `"1.2"`, `"TLS1_2"`, `"TLS_1_2"`, `"Tls12"`, `"Tls"` (1.0); 0 if unreadable. */
export function tlsVersion(value: string): number {
  if (value === "Tls") return 1.0;
  const m = /^(?:TLS_?|Tls)?1[._]?(\d)$/i.exec(value);
  return m ? Number(`1.${m[1]}`) : 0;
}

const DEFAULTS: TlsConfig = { minimumVersion: "1.2" };

/** A found value as the message shows it. */
const q = (v: string) => `"${v}"`;

/** The policy. */
export const tlsMinimumVersion: ResourceValidationPolicy = {
  name: "tls-minimum-version",
  description:
    "Endpoints refuse TLS older than the minimum version: load balancer listeners (CKV_AWS_103), CloudFront viewers (CKV_AWS_174), API Gateway domains (CKV_AWS_206), ElastiCache in transit (CKV_AWS_30), App Service (CKV_AZURE_15), storage accounts (CKV_AZURE_44), Cosmos DB, Event Hubs (CKV_AZURE_223), Service Bus (CKV_AZURE_205), and GCP SSL policies and HTTPS/SSL proxies (CKV_GCP_4).",
  enforcementLevel: "mandatory",
  severity: "high",
  configSchema: {
    properties: {
      minimumVersion: {
        type: "string",
        enum: ["1.2", "1.3"],
        description: "The oldest TLS version an endpoint may accept.",
        default: "1.2",
      },
    },
  },
  validateResource: forTypes(
    [
      AWS.lbListener,
      AWS.cloudfrontDistribution,
      AWS.apiGatewayDomainName,
      AWS.elasticacheReplicationGroup,
      AZURE.webApp,
      AZURE.storageAccount,
      AZURE.cosmosAccount,
      AZURE.eventHubNamespace,
      AZURE.serviceBusNamespace,
      GCP.sslPolicy,
      GCP.regionSslPolicy,
      GCP.targetHttpsProxy,
      GCP.regionTargetHttpsProxy,
      GCP.targetSslProxy,
    ],
    (args, reportViolation) => {
      const min = configOf<TlsConfig>(args, DEFAULTS).minimumVersion;
      const floor = Number(min);
      const p = args.props;
      const str = (...path: string[]) => asString(pathOf(p, ...path));
      /** Reports when `version` (of the `found` value) is below the floor. */
      const judge = (resource: string, required: string, found: string, version: number) => {
        if (version < floor) reportViolation(`${resource} must ${required}; found ${found}.`);
      };
      switch (args.type) {
        case AWS.lbListener: {
          const protocol = str("protocol");
          if (protocol !== "HTTPS" && protocol !== "TLS") return;
          const policy = str("sslPolicy");
          if (isUnknown(p, "sslPolicy")) return;
          judge(
            "Load balancer listener",
            `use an sslPolicy that accepts TLS ${min} or later only`,
            policy === undefined ? "none (the AWS default for the API)" : q(policy),
            policy === undefined ? 0 : elbPolicyVersion(policy),
          );
          return;
        }
        case AWS.cloudfrontDistribution: {
          if (isUnknown(p, "viewerCertificate", "minimumProtocolVersion")) return;
          if (isUnknown(p, "viewerCertificate", "cloudfrontDefaultCertificate")) return;
          const cert = pathOf(p, "viewerCertificate");
          const policy = str("viewerCertificate", "minimumProtocolVersion");
          if (pathOf(cert, "cloudfrontDefaultCertificate") === true) {
            judge(
              "CloudFront distribution",
              `serve its own certificate with minimumProtocolVersion TLSv${min}_2021 or later`,
              "the default CloudFront certificate, which accepts TLSv1",
              1.0,
            );
            return;
          }
          judge(
            "CloudFront distribution",
            `set viewerCertificate.minimumProtocolVersion to TLSv${min}_2021 or later`,
            policy === undefined ? "unset (TLSv1)" : q(policy),
            policy === undefined ? 1.0 : cloudfrontPolicyVersion(policy),
          );
          return;
        }
        case AWS.apiGatewayDomainName: {
          const policy = str("securityPolicy");
          if (isUnknown(p, "securityPolicy")) return;
          judge(
            "API Gateway domain name",
            `set securityPolicy to TLS ${min} or later`,
            policy === undefined ? "unset" : q(policy),
            policy === undefined ? 0 : apiGatewayPolicyVersion(policy),
          );
          return;
        }
        case AWS.elasticacheReplicationGroup: {
          if (isUnknown(p, "transitEncryptionEnabled") || isUnknown(p, "transitEncryptionMode")) {
            return;
          }
          // A Global Datastore secondary takes transit encryption from the global group (the
          // provider refuses the inputs beside globalReplicationGroupId): its primary is judged.
          if (
            isUnknown(p, "globalReplicationGroupId") ||
            pathOf(p, "globalReplicationGroupId") !== undefined
          ) {
            return;
          }
          const enabled = pathOf(p, "transitEncryptionEnabled");
          const mode = str("transitEncryptionMode");
          if (enabled !== true) {
            reportViolation(
              `ElastiCache replication group must set transitEncryptionEnabled to true; found ${enabled === false ? "false" : "unset"}.`,
            );
          } else if (mode === "preferred") {
            reportViolation(
              `ElastiCache replication group must set transitEncryptionMode to "required"; found "preferred", which still accepts plaintext.`,
            );
          }
          return;
        }
        case AZURE.webApp: {
          const v = str("siteConfig", "minTlsVersion");
          if (v === undefined) return; // App Service defaults to 1.2
          judge(
            "App Service app",
            `set siteConfig.minTlsVersion to "${min}" or later`,
            q(v),
            tlsVersion(v),
          );
          return;
        }
        case AZURE.storageAccount: {
          const v = str("minimumTlsVersion");
          if (isUnknown(p, "minimumTlsVersion")) return;
          judge(
            "Storage account",
            `set minimumTlsVersion to "TLS${min.replace(".", "_")}" or later`,
            v === undefined ? "unset" : q(v),
            v === undefined ? 0 : tlsVersion(v),
          );
          return;
        }
        case AZURE.cosmosAccount: {
          // Cosmos DB defaults to TLS 1.2 and offers nothing newer as a floor.
          const v = str("minimalTlsVersion");
          judge(
            "Cosmos DB account",
            floor > 1.2
              ? `accept TLS ${min} or later only, which minimalTlsVersion (at most "Tls12") cannot express`
              : `set minimalTlsVersion to "Tls12"`,
            v === undefined ? 'unset (the default "Tls12")' : q(v),
            v === undefined ? 1.2 : tlsVersion(v),
          );
          return;
        }
        case AZURE.eventHubNamespace:
        case AZURE.serviceBusNamespace: {
          const kind = args.type === AZURE.eventHubNamespace ? "Event Hubs" : "Service Bus";
          const v = str("minimumTlsVersion");
          if (isUnknown(p, "minimumTlsVersion")) return;
          judge(
            `${kind} namespace`,
            `set minimumTlsVersion to "${min}" or later`,
            v === undefined ? "unset" : q(v),
            v === undefined ? 0 : tlsVersion(v),
          );
          return;
        }
        case GCP.sslPolicy:
        case GCP.regionSslPolicy: {
          const v = str("minTlsVersion");
          if (isUnknown(p, "minTlsVersion")) return;
          judge(
            "SSL policy",
            `set minTlsVersion to "TLS_${min.replace(".", "_")}" or later`,
            v === undefined ? "unset (TLS_1_0)" : q(v),
            v === undefined ? 1.0 : tlsVersion(v),
          );
          return;
        }
        default: {
          // Without an SSL policy, Google's default policy accepts TLS 1.0.
          if (isUnknown(p, "sslPolicy") || str("sslPolicy") !== undefined) return;
          const kind = args.type === GCP.targetSslProxy ? "Target SSL proxy" : "Target HTTPS proxy";
          reportViolation(
            `${kind} must reference an sslPolicy with minTlsVersion TLS_${min.replace(".", "_")} or later; found none, so Google's default policy accepts TLS 1.0.`,
          );
        }
      }
    },
  ),
};
