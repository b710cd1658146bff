import assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import { deployAwsSite } from "../../../components/deployment/aws";
import type { Database, Topology, WorkloadKind } from "../../../model/types";
import { useAwsMocks, type Recorder } from "../aws-mocks";
import { GLOBAL_OUTPUTS, siteContext, TOPOLOGY } from "./aws-fixture";

/**
 * The fixture with portfolio and fraud at both European and US AWS sites, each naming the
 * database given (`undefined`: none), and those databases.
 */
function withState(databases: Partial<Record<WorkloadKind, Database>>): Topology {
  return {
    ...TOPOLOGY,
    workloads: TOPOLOGY.workloads.map((w) =>
      w.kind === "trading"
        ? w
        : { ...w, sites: ["aws:us-east-1", "aws:eu-west-2"], database: databases[w.kind]?.name },
    ),
    databases: [...TOPOLOGY.databases, ...Object.values(databases)],
  };
}

/** Both workloads' databases on Azure: no AWS site has a state table from them. */
const ON_AZURE = withState({
  fraud: { name: "customers", cloud: "azure", sites: ["azure:westeurope"], dataClass: "pii" },
  portfolio: { name: "positions", cloud: "azure", sites: ["azure:westeurope"], dataClass: "pii" },
});

/**
 * Portfolio's `positions` on AWS with a replica in us-east-1 only, more sensitive than the
 * workload itself (`internal`); fraud without a database.
 */
const US_ONLY = withState({
  portfolio: {
    name: "positions",
    cloud: "aws",
    sites: ["aws:us-east-1"],
    dataClass: "confidential",
  },
});

const TAGS = (siteId: string) => ({ "tachyon-environment": "prod", "tachyon-site": siteId });

describe("AWS site state table", () => {
  let mocks: Recorder;
  beforeEach(async () => {
    mocks = await useAwsMocks();
  });

  const deploy = (topology: Topology, siteId: string) => {
    const outputs = {
      ...GLOBAL_OUTPUTS,
      stateTables: {
        positions: {
          name: "tachyon-prod-positions-state",
          arn: "arn:aws:dynamodb:us-east-1:123456789012:table/tachyon-prod-positions-state",
          homeRegion: "us-east-1",
          regions: ["us-east-1"],
          keyArns: { "us-east-1": "arn:aws:kms:us-east-1:123456789012:key/positions-use1" },
        },
      },
    };
    deployAwsSite({
      ...siteContext(siteId, []),
      topology,
      global: (key) => pulumi.output(key === "aws" ? outputs : {}),
    });
  };
  /** The state tables registered by the site, as [resource name, physical name]. */
  const tables = () =>
    mocks
      .ofType("aws:dynamodb/table:Table")
      .filter((t) => !t.name.includes("claims"))
      .map((t) => [t.name, t.inputs.name]);
  /** A function's environment variables. */
  const variables = (fn: string) =>
    (
      mocks.one("aws:lambda/function:Function", `aws-${fn}-function`).inputs.environment as {
        variables: Record<string, string>;
      }
    ).variables;
  /** A function's state table variable and its DynamoDB and KMS statements. */
  const wiring = (fn: string) => {
    const policy = JSON.parse(
      mocks.one("aws:iam/rolePolicy:RolePolicy", `aws-${fn}-policy`).inputs.policy as string,
    ) as { Statement: { Sid: string; Action: string[] }[] };
    return {
      table: variables(fn).TACHYON_STATE_TABLE,
      statements: policy.Statement.filter((s) =>
        s.Action.some((a) => a.startsWith("dynamodb:") || a.startsWith("kms:")),
      ),
    };
  };
  const statements = (region: string, actions: string[]) => [
    {
      Sid: "WorkloadState",
      Effect: "Allow",
      Action: actions,
      Resource: [
        `arn:aws:dynamodb:${region}:123456789012:table/tachyon-prod-${region}-state-store`,
      ],
    },
    {
      Sid: "UseStateTableKey",
      Effect: "Allow",
      Action: ["kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey"],
      Resource: [`arn:aws:kms:${region}:123456789012:key/aws-state-store-key-${region}`],
      Condition: { StringEquals: { "kms:ViaService": `dynamodb.${region}.amazonaws.com` } },
    },
  ];

  it("gives a site whose portfolio and fraud databases are on another cloud one regional state table for both", async () => {
    deploy(ON_AZURE, "aws:eu-west-2");
    await mocks.settle();
    assert.deepEqual(mocks.one("aws:dynamodb/table:Table", "aws-state-store-table").inputs, {
      region: "eu-west-2",
      name: "tachyon-prod-eu-west-2-state-store",
      billingMode: "PAY_PER_REQUEST",
      hashKey: "pk",
      rangeKey: "sk",
      attributes: [
        { name: "pk", type: "S" },
        { name: "sk", type: "S" },
      ],
      streamEnabled: false,
      pointInTimeRecovery: { enabled: true },
      deletionProtectionEnabled: true,
      serverSideEncryption: {
        enabled: true,
        kmsKeyArn: "arn:aws:kms:eu-west-2:123456789012:key/aws-state-store-key-eu-west-2",
      },
      ttl: { attributeName: "expiresAt", enabled: true },
      replicas: [],
      tags: { ...TAGS("aws:eu-west-2"), "data-class": "pii" },
    });
    assert.deepEqual(mocks.one("aws:kms/key:Key", "aws-state-store-key-eu-west-2").inputs, {
      region: "eu-west-2",
      description: "Encrypts the state-store table replica in eu-west-2.",
      enableKeyRotation: true,
      deletionWindowInDays: 30,
      tags: TAGS("aws:eu-west-2"),
    });
    assert.deepEqual(tables(), [["aws-state-store-table", "tachyon-prod-eu-west-2-state-store"]]);
  });

  it("names portfolio-value and fraud-score the site's state table with exactly the calls each makes, and no other function", async () => {
    deploy(ON_AZURE, "aws:eu-west-2");
    await mocks.settle();
    assert.deepEqual(wiring("portfolio-value"), {
      table: "tachyon-prod-eu-west-2-state-store",
      statements: statements("eu-west-2", [
        "dynamodb:PutItem",
        "dynamodb:Query",
        "dynamodb:UpdateItem",
      ]),
    });
    assert.deepEqual(wiring("fraud-score"), {
      table: "tachyon-prod-eu-west-2-state-store",
      statements: statements("eu-west-2", ["dynamodb:GetItem", "dynamodb:PutItem"]),
    });
    const cache = "tachyon-prod-eu-west-2-cache";
    assert.deepEqual(variables("portfolio-value"), {
      AWS_NODEJS_CONNECTION_REUSE_ENABLED: "1",
      TACHYON_STATE_TABLE: "tachyon-prod-eu-west-2-state-store",
    });
    assert.deepEqual(variables("fraud-score"), {
      AWS_NODEJS_CONNECTION_REUSE_ENABLED: "1",
      TACHYON_CACHE_ENDPOINT: `${cache}.cache.amazonaws.com`,
      TACHYON_CACHE_NAME: cache,
      TACHYON_CACHE_USER: `${cache}-fn`,
      TACHYON_STATE_TABLE: "tachyon-prod-eu-west-2-state-store",
    });
    // Trading keeps its replica of orders; its functions get no state table.
    assert.equal(wiring("order").table, undefined);
    assert.deepEqual(wiring("normalize"), { table: undefined, statements: [] });
  });

  it("gives a portfolio site its own state table where its AWS database has no replica, with the database's stricter data class", async () => {
    deploy(US_ONLY, "aws:eu-west-2");
    await mocks.settle();
    assert.deepEqual(tables(), [["aws-state-store-table", "tachyon-prod-eu-west-2-state-store"]]);
    assert.deepEqual(mocks.one("aws:dynamodb/table:Table", "aws-state-store-table").inputs.tags, {
      ...TAGS("aws:eu-west-2"),
      "data-class": "confidential",
    });
    assert.equal(wiring("portfolio-value").table, "tachyon-prod-eu-west-2-state-store");
    // Fraud names no database: its histories stay in instance memory, as configured.
    assert.deepEqual(wiring("fraud-score"), { table: undefined, statements: [] });
  });

  it("creates no state table where the database has a replica: portfolio-value uses the global table's", async () => {
    deploy(US_ONLY, "aws:us-east-1");
    await mocks.settle();
    assert.deepEqual(tables(), []);
    assert.deepEqual(
      mocks.ofType("aws:kms/key:Key").filter((k) => k.name.includes("state")),
      [],
    );
    assert.equal(wiring("portfolio-value").table, "tachyon-prod-positions-state");
    assert.deepEqual(wiring("fraud-score"), { table: undefined, statements: [] });
  });

  it("creates no state table at a site whose portfolio and fraud workloads name no database", async () => {
    deploy(withState({}), "aws:eu-west-2");
    await mocks.settle();
    assert.deepEqual(tables(), []);
    assert.deepEqual(wiring("portfolio-value"), { table: undefined, statements: [] });
    assert.deepEqual(wiring("fraud-score"), { table: undefined, statements: [] });
  });
});
