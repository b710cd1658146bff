/**
 * `encryption-at-rest`: stores and streams that can be left unencrypted are encrypted — DynamoDB
 * with KMS, SQS, Kinesis, ElastiCache (at rest and in transit) — and Azure stores that are always
 * encrypted at rest refuse plaintext transport (HTTPS only, TLS 1.2). S3, Cosmos DB and Storage
 * encrypt every byte at rest with no way to turn it off, so only their transport is judged.
 * Spanner customer-managed keys are optional (`requireSpannerCmek`).
 */
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { configOf } from "../lib/config";
import { forTypes } from "../lib/policy";
import { asString, pathOf } from "../lib/resource";
import { AWS, AZURE, AZURE_OTHER, COSMOS_ACCOUNTS, GCP } from "../lib/resource-types";
import { isUnknown } from "../lib/unknown";

/** Config of `encryption-at-rest`. */
export interface EncryptionConfig {
  /** Require a customer-managed KMS key on Spanner databases. */
  requireSpannerCmek: boolean;
}

/** `"x"` for messages, `unset` for absent values. */
const shown = (v: unknown) => (v === undefined ? "unset" : JSON.stringify(v));

/** TLS versions below 1.2, as each Azure API spells them. */
const OLD_TLS = ["TLS1_0", "TLS1_1", "1.0", "1.1", "Tls", "Tls11"];

/** Thrown by `problemsOf` when a judged input is unknown during preview: the resource is not judged. */
class Undecided extends Error {}

function problemsOf(type: string, p: Record<string, unknown>, config: EncryptionConfig): string[] {
  const get = (...path: string[]) => {
    if (isUnknown(p, ...path)) throw new Undecided();
    return pathOf(p, ...path);
  };
  switch (type) {
    case AWS.dynamodbTable:
      return get("serverSideEncryption", "enabled") === true
        ? []
        : [
            `DynamoDB table must set serverSideEncryption.enabled to true (KMS); found ${shown(get("serverSideEncryption", "enabled"))}.`,
          ];
    case AWS.sqsQueue:
      return get("sqsManagedSseEnabled") === false && get("kmsMasterKeyId") === undefined
        ? [
            "SQS queue must be encrypted with SQS-managed SSE or a KMS key; found sqsManagedSseEnabled false and no kmsMasterKeyId.",
          ]
        : [];
    case AWS.kinesisStream:
      return get("encryptionType") === "KMS"
        ? []
        : [
            `Kinesis stream must set encryptionType to "KMS"; found ${shown(get("encryptionType"))}.`,
          ];
    case AWS.elasticacheReplicationGroup:
      // A Global Datastore secondary takes its encryption from the global group (the provider
      // refuses both inputs beside globalReplicationGroupId): its primary is judged instead.
      if (get("globalReplicationGroupId") !== undefined) return [];
      return (["atRestEncryptionEnabled", "transitEncryptionEnabled"] as const).flatMap((k) =>
        get(k) === true
          ? []
          : [`ElastiCache replication group must set ${k} to true; found ${shown(get(k))}.`],
      );
    case AZURE.storageAccount: {
      const out: string[] = [];
      if (get("enableHttpsTrafficOnly") === false) {
        out.push(
          "Storage account must accept HTTPS traffic only; found enableHttpsTrafficOnly false.",
        );
      }
      const tls = asString(get("minimumTlsVersion"));
      if (tls !== undefined && OLD_TLS.includes(tls)) {
        out.push(`Storage account must set minimumTlsVersion to "TLS1_2"; found "${tls}".`);
      }
      return out;
    }
    case AZURE_OTHER.classicStorageAccount: {
      // Classic provider v4 names: https://www.pulumi.com/registry/packages/azure/api-docs/storage/account/
      const out: string[] = [];
      if (get("httpsTrafficOnlyEnabled") === false) {
        out.push(
          "Storage account must accept HTTPS traffic only; found httpsTrafficOnlyEnabled false.",
        );
      }
      const tls = asString(get("minTlsVersion"));
      if (tls !== undefined && OLD_TLS.includes(tls)) {
        out.push(`Storage account must set minTlsVersion to "TLS1_2"; found "${tls}".`);
      }
      return out;
    }
    case AZURE_OTHER.classicCosmosAccount:
    case AZURE_OTHER.documentdbAccount:
    case AZURE.cosmosAccount: {
      const tls = asString(get("minimalTlsVersion"));
      return tls !== undefined && OLD_TLS.includes(tls)
        ? [`Cosmos DB account must set minimalTlsVersion to "Tls12"; found "${tls}".`]
        : [];
    }
    case AZURE.serviceBusNamespace:
    case AZURE.eventHubNamespace: {
      const tls = asString(get("minimumTlsVersion"));
      const what = type === AZURE.serviceBusNamespace ? "Service Bus" : "Event Hubs";
      return tls !== undefined && OLD_TLS.includes(tls)
        ? [`${what} namespace must set minimumTlsVersion to "1.2"; found "${tls}".`]
        : [];
    }
    default:
      return config.requireSpannerCmek && get("encryptionConfig", "kmsKeyName") === undefined
        ? [
            "Spanner database must set encryptionConfig.kmsKeyName (customer-managed key); found none.",
          ]
        : [];
  }
}

/** The policy. */
export const encryptionAtRest: ResourceValidationPolicy = {
  name: "encryption-at-rest",
  description:
    "Data stores and streams are encrypted at rest (DynamoDB, SQS, Kinesis, ElastiCache, Spanner CMEK optional) and Azure stores refuse plaintext or old-TLS transport.",
  enforcementLevel: "mandatory",
  severity: "high",
  configSchema: {
    properties: {
      requireSpannerCmek: {
        type: "boolean",
        description:
          "Require a customer-managed KMS key (encryptionConfig.kmsKeyName) on Spanner databases.",
        default: false,
      },
    },
  },
  validateResource: forTypes(
    [
      AWS.dynamodbTable,
      AWS.sqsQueue,
      AWS.kinesisStream,
      AWS.elasticacheReplicationGroup,
      AZURE.storageAccount,
      AZURE_OTHER.classicStorageAccount,
      ...COSMOS_ACCOUNTS,
      AZURE.serviceBusNamespace,
      AZURE.eventHubNamespace,
      GCP.spannerDatabase,
    ],
    (args, reportViolation) => {
      const config = configOf<EncryptionConfig>(args, { requireSpannerCmek: false });
      let problems: string[];
      try {
        problems = problemsOf(args.type, args.props, config);
      } catch (e) {
        if (e instanceof Undecided) return;
        throw e;
      }
      for (const problem of problems) reportViolation(problem);
    },
  ),
};
