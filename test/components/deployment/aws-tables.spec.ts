import assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import { deployAwsGlobal, deployAwsSite } from "../../../components/deployment/aws";
import type { Topology } from "../../../model/types";
import { useAwsMocks, valueOf, type Recorder } from "../aws-mocks";
import { SpecParent } from "../recorder";
import { GLOBAL_OUTPUTS, siteContext, TOPOLOGY } from "./aws-fixture";

/**
 * The fixture with portfolio state in its own database and fraud sharing trading's `orders`:
 * `orders` needs the claims table (trading) and a state table (fraud's account histories),
 * `positions` a state table only.
 */
const STATEFUL: Topology = {
  ...TOPOLOGY,
  workloads: TOPOLOGY.workloads.map((w) =>
    w.kind === "portfolio"
      ? { ...w, database: "positions" }
      : w.kind === "fraud"
        ? { ...w, database: "orders" }
        : w,
  ),
  databases: [
    ...TOPOLOGY.databases,
    { name: "positions", cloud: "aws", sites: ["aws:ap-northeast-1"], dataClass: "internal" },
  ],
};

const table = (name: string, home: string) => ({
  name,
  arn: `arn:aws:dynamodb:${home}:123456789012:table/${name}`,
  homeRegion: home,
  regions: [home],
  keyArns: { [home]: `arn:aws:kms:${home}:123456789012:key/${name}` },
});

describe("AWS tables of the workloads' databases", () => {
  let mocks: Recorder;
  beforeEach(async () => {
    mocks = await useAwsMocks();
  });

  it("gives a database a pk/sk state table for portfolio and fraud, and a claims table for trading", async () => {
    const outputs = deployAwsGlobal({ topology: STATEFUL, parent: new SpecParent() });
    assert.deepEqual(Object.keys(await valueOf(pulumi.output(outputs.tables))), ["orders"]);
    assert.deepEqual(
      Object.keys(await valueOf(pulumi.output(outputs.stateTables as object))).sort(),
      ["orders", "positions"],
    );
    await mocks.settle();
    const tables = mocks
      .ofType("aws:dynamodb/table:Table")
      .map((t) => [t.name, t.inputs.name, t.inputs.hashKey, t.inputs.rangeKey, t.inputs.attributes])
      .sort((a, b) => String(a[0]).localeCompare(String(b[0])));
    assert.deepEqual(tables, [
      [
        "aws-db-orders-state-table",
        "tachyon-prod-orders-state",
        "pk",
        "sk",
        [
          { name: "pk", type: "S" },
          { name: "sk", type: "S" },
        ],
      ],
      ["aws-db-orders-table", "tachyon-prod-orders", "pk", undefined, [{ name: "pk", type: "S" }]],
      [
        "aws-db-positions-state-table",
        "tachyon-prod-positions-state",
        "pk",
        "sk",
        [
          { name: "pk", type: "S" },
          { name: "sk", type: "S" },
        ],
      ],
    ]);
  });

  it("sets the state table's TTL on the Number attribute expiresAt, which fraud histories carry", async () => {
    deployAwsGlobal({ topology: STATEFUL, parent: new SpecParent() });
    await mocks.settle();
    assert.deepEqual(
      mocks.one("aws:dynamodb/table:Table", "aws-db-orders-state-table").inputs.ttl,
      {
        attributeName: "expiresAt",
        enabled: true,
      },
    );
  });

  it("exports no state tables when no portfolio or fraud workload names an AWS database", () => {
    const outputs = deployAwsGlobal({
      topology: { ...TOPOLOGY, workloads: TOPOLOGY.workloads.filter((w) => w.kind === "trading") },
      parent: new SpecParent(),
    });
    assert.equal(outputs.stateTables, undefined);
  });

  const deploy = (siteId: string) => {
    const ctx = siteContext(siteId, []);
    const outputs = {
      ...GLOBAL_OUTPUTS,
      stateTables: {
        positions: table("tachyon-prod-positions-state", "ap-northeast-1"),
        orders: table("tachyon-prod-orders-state", "eu-west-2"),
      },
    };
    deployAwsSite({
      ...ctx,
      topology: STATEFUL,
      global: (key) => pulumi.output(key === "aws" ? outputs : {}),
    });
  };
  const wiring = (fn: string) => {
    const inputs = mocks.one("aws:lambda/function:Function", `aws-${fn}-function`).inputs;
    const variables = (inputs.environment as { variables: Record<string, string> }).variables;
    const policy = JSON.parse(
      mocks.one("aws:iam/rolePolicy:RolePolicy", `aws-${fn}-policy`).inputs.policy as string,
    ) as { Statement: { Sid: string; Action: string[]; Resource: string[] }[] };
    return {
      tables: [variables.TACHYON_IDEMPOTENCY_TABLE, variables.TACHYON_STATE_TABLE],
      dynamodb: policy.Statement.filter((s) =>
        s.Action.some((a) => a.startsWith("dynamodb:") || a.startsWith("kms:")),
      ).map((s) => [s.Sid, s.Action, s.Resource]),
    };
  };

  it("names portfolio-value its state table and grants exactly its calls on the local replica", async () => {
    deploy("aws:ap-northeast-1");
    await mocks.settle();
    assert.deepEqual(wiring("portfolio-value"), {
      tables: [undefined, "tachyon-prod-positions-state"],
      dynamodb: [
        [
          "WorkloadState",
          ["dynamodb:PutItem", "dynamodb:Query", "dynamodb:UpdateItem"],
          ["arn:aws:dynamodb:ap-northeast-1:123456789012:table/tachyon-prod-positions-state"],
        ],
        [
          "UseStateTableKey",
          ["kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey"],
          ["arn:aws:kms:ap-northeast-1:123456789012:key/tachyon-prod-positions-state"],
        ],
      ],
    });
  });

  it("keeps order claims to order and histories to fraud-score, each with exactly its calls", async () => {
    deploy("aws:eu-west-2");
    await mocks.settle();
    assert.deepEqual(wiring("order"), {
      tables: ["tachyon-prod-orders", undefined],
      dynamodb: [
        [
          "ClaimOrderIds",
          ["dynamodb:PutItem", "dynamodb:DeleteItem"],
          ["arn:aws:dynamodb:eu-west-2:123456789012:table/tachyon-prod-orders"],
        ],
        [
          "UseOrderTableKey",
          ["kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey"],
          ["arn:aws:kms:eu-west-2:123456789012:key/orders-euw2"],
        ],
      ],
    });
    assert.deepEqual(wiring("fraud-score"), {
      tables: [undefined, "tachyon-prod-orders-state"],
      dynamodb: [
        [
          "WorkloadState",
          ["dynamodb:GetItem", "dynamodb:PutItem"],
          ["arn:aws:dynamodb:eu-west-2:123456789012:table/tachyon-prod-orders-state"],
        ],
        [
          "UseStateTableKey",
          ["kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey"],
          ["arn:aws:kms:eu-west-2:123456789012:key/tachyon-prod-orders-state"],
        ],
      ],
    });
  });
});
