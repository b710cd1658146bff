import assert from "node:assert/strict";
import { encryptionAtRest } from "../../../policies/baseline/encryption-at-rest";
import { validate, withProp, type FixtureResource } from "../harness";

const fixtures: Record<string, FixtureResource> = {
  dynamodb: {
    type: "aws:dynamodb/table:Table",
    props: { serverSideEncryption: { enabled: true } },
  },
  sqs: { type: "aws:sqs/queue:Queue", props: { sqsManagedSseEnabled: true } },
  kinesis: {
    type: "aws:kinesis/stream:Stream",
    props: { encryptionType: "KMS", kmsKeyId: "alias/aws/kinesis" },
  },
  elasticache: {
    type: "aws:elasticache/replicationGroup:ReplicationGroup",
    props: { atRestEncryptionEnabled: true, transitEncryptionEnabled: true },
  },
  storage: {
    type: "azure-native:storage:StorageAccount",
    props: { enableHttpsTrafficOnly: true, minimumTlsVersion: "TLS1_2" },
  },
  cosmos: { type: "azure-native:cosmosdb:DatabaseAccount", props: { minimalTlsVersion: "Tls12" } },
  serviceBus: { type: "azure-native:servicebus:Namespace", props: { minimumTlsVersion: "1.2" } },
  eventHubs: { type: "azure-native:eventhub:Namespace", props: { minimumTlsVersion: "1.2" } },
  spanner: {
    type: "gcp:spanner/database:Database",
    props: {
      encryptionConfig: { kmsKeyName: "projects/p/locations/eur3/keyRings/k/cryptoKeys/c" },
    },
  },
};

describe("encryption-at-rest", () => {
  for (const [kind, r] of Object.entries(fixtures)) {
    it(`accepts an encrypted ${kind} resource`, async () => {
      assert.deepEqual(await validate(encryptionAtRest, r, { requireSpannerCmek: true }), []);
    });
  }

  const cases: [string, FixtureResource, string][] = [
    [
      "a DynamoDB table without KMS encryption",
      withProp(fixtures.dynamodb, "serverSideEncryption", undefined),
      "DynamoDB table must set serverSideEncryption.enabled to true (KMS); found unset.",
    ],
    [
      "an SQS queue with SSE switched off",
      withProp(fixtures.sqs, "sqsManagedSseEnabled", false),
      "SQS queue must be encrypted with SQS-managed SSE or a KMS key; found sqsManagedSseEnabled false and no kmsMasterKeyId.",
    ],
    [
      "an unencrypted Kinesis stream",
      withProp(fixtures.kinesis, "encryptionType", "NONE"),
      'Kinesis stream must set encryptionType to "KMS"; found "NONE".',
    ],
    [
      "an ElastiCache group without transit encryption",
      withProp(fixtures.elasticache, "transitEncryptionEnabled", false),
      "ElastiCache replication group must set transitEncryptionEnabled to true; found false.",
    ],
    [
      "an ElastiCache group without at-rest encryption",
      withProp(fixtures.elasticache, "atRestEncryptionEnabled", undefined),
      "ElastiCache replication group must set atRestEncryptionEnabled to true; found unset.",
    ],
    [
      "a storage account accepting HTTP",
      withProp(fixtures.storage, "enableHttpsTrafficOnly", false),
      "Storage account must accept HTTPS traffic only; found enableHttpsTrafficOnly false.",
    ],
    [
      "a storage account accepting TLS 1.0",
      withProp(fixtures.storage, "minimumTlsVersion", "TLS1_0"),
      'Storage account must set minimumTlsVersion to "TLS1_2"; found "TLS1_0".',
    ],
    [
      "a Cosmos DB account accepting TLS 1.1",
      withProp(fixtures.cosmos, "minimalTlsVersion", "Tls11"),
      'Cosmos DB account must set minimalTlsVersion to "Tls12"; found "Tls11".',
    ],
    [
      "a Service Bus namespace accepting TLS 1.0",
      withProp(fixtures.serviceBus, "minimumTlsVersion", "1.0"),
      'Service Bus namespace must set minimumTlsVersion to "1.2"; found "1.0".',
    ],
    [
      "an Event Hubs namespace accepting TLS 1.1",
      withProp(fixtures.eventHubs, "minimumTlsVersion", "1.1"),
      'Event Hubs namespace must set minimumTlsVersion to "1.2"; found "1.1".',
    ],
    [
      "a Spanner database without CMEK when required",
      withProp(fixtures.spanner, "encryptionConfig", undefined),
      "Spanner database must set encryptionConfig.kmsKeyName (customer-managed key); found none.",
    ],
  ];
  for (const [what, r, message] of cases) {
    it(`reports ${what}`, async () => {
      assert.deepEqual(await validate(encryptionAtRest, r, { requireSpannerCmek: true }), [
        message,
      ]);
    });
  }

  it("leaves Spanner CMEK optional by default", async () => {
    assert.deepEqual(
      await validate(encryptionAtRest, withProp(fixtures.spanner, "encryptionConfig", undefined)),
      [],
    );
  });

  it("leaves a Global Datastore secondary, which takes its encryption from the global group, to its primary", async () => {
    const secondary: FixtureResource = {
      type: "aws:elasticache/replicationGroup:ReplicationGroup",
      props: { globalReplicationGroupId: "ldgnf-tachyon-prod-us-east-1-cache" },
    };
    assert.deepEqual(await validate(encryptionAtRest, secondary), []);
    assert.deepEqual(
      await validate(encryptionAtRest, withProp(secondary, "globalReplicationGroupId", undefined)),
      [
        "ElastiCache replication group must set atRestEncryptionEnabled to true; found unset.",
        "ElastiCache replication group must set transitEncryptionEnabled to true; found unset.",
      ],
    );
  });
});

describe("encryption-at-rest on other Azure tokens", () => {
  it("judges transport of classic storage accounts", async () => {
    const r = {
      type: "azure:storage/account:Account",
      props: { httpsTrafficOnlyEnabled: false, minTlsVersion: "TLS1_0" },
    };
    assert.deepEqual(await validate(encryptionAtRest, r), [
      "Storage account must accept HTTPS traffic only; found httpsTrafficOnlyEnabled false.",
      'Storage account must set minTlsVersion to "TLS1_2"; found "TLS1_0".',
    ]);
    assert.deepEqual(await validate(encryptionAtRest, { ...r, props: {} }), []);
  });

  it("judges the TLS version of documentdb and classic Cosmos DB accounts", async () => {
    for (const type of [
      "azure-native:documentdb:DatabaseAccount",
      "azure:cosmosdb/account:Account",
    ]) {
      assert.deepEqual(
        await validate(encryptionAtRest, { type, props: { minimalTlsVersion: "Tls" } }),
        ['Cosmos DB account must set minimalTlsVersion to "Tls12"; found "Tls".'],
      );
    }
  });
});
