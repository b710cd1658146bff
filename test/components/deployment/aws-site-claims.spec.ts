import assert from "node:assert/strict";
import { deployAwsSite } from "../../../components/deployment/aws";
import type { Topology } from "../../../model/types";
import { useAwsMocks, type Recorder } from "../aws-mocks";
import { siteContext, TOPOLOGY } from "./aws-fixture";

const trading = TOPOLOGY.workloads.find((w) => w.kind === "trading")!;

/** The fixture with trading's database as given (`undefined`: trading has none). */
function withOrders(orders: Topology["databases"][number] | undefined): Topology {
  return {
    ...TOPOLOGY,
    workloads: TOPOLOGY.workloads.map((w) =>
      w === trading ? { ...w, database: orders?.name } : w,
    ),
    databases: orders === undefined ? [] : [orders],
  };
}

/** `orders` with a replica in us-east-1 only: eu-west-2 trades without one. */
const US_ONLY = withOrders({
  name: "orders",
  cloud: "aws",
  sites: ["aws:us-east-1"],
  dataClass: "pii",
});

describe("AWS site claims table", () => {
  let mocks: Recorder;
  beforeEach(async () => {
    mocks = await useAwsMocks();
  });

  const deploy = (topology: Topology, siteId: string) =>
    deployAwsSite({ ...siteContext(siteId, []), topology });
  /** The order-id tables registered by the site, as [resource name, physical name]. */
  const tables = () => mocks.ofType("aws:dynamodb/table:Table").map((t) => [t.name, t.inputs.name]);
  /** A function's table variable and its DynamoDB and KMS statements. */
  const wiring = (fn: string) => {
    const inputs = mocks.one("aws:lambda/function:Function", `aws-${fn}-function`).inputs;
    const variables = (inputs.environment as { variables: Record<string, string> }).variables;
    const policy = JSON.parse(
      mocks.one("aws:iam/rolePolicy:RolePolicy", `aws-${fn}-policy`).inputs.policy as string,
    ) as { Statement: { Sid: string; Action: string[] }[] };
    return {
      table: variables.TACHYON_IDEMPOTENCY_TABLE,
      statements: policy.Statement.filter((s) =>
        s.Action.some((a) => a.startsWith("dynamodb:") || a.startsWith("kms:")),
      ),
    };
  };

  it("gives a trading site whose database has no replica in its region a regional claims table", async () => {
    deploy(US_ONLY, "aws:eu-west-2");
    await mocks.settle();
    const tags = { "tachyon-environment": "prod", "tachyon-site": "aws:eu-west-2" };
    assert.deepEqual(mocks.one("aws:dynamodb/table:Table", "aws-order-claims-table").inputs, {
      region: "eu-west-2",
      name: "tachyon-prod-eu-west-2-order-claims",
      billingMode: "PAY_PER_REQUEST",
      hashKey: "pk",
      attributes: [{ name: "pk", type: "S" }],
      streamEnabled: false,
      pointInTimeRecovery: { enabled: true },
      deletionProtectionEnabled: true,
      serverSideEncryption: {
        enabled: true,
        kmsKeyArn: "arn:aws:kms:eu-west-2:123456789012:key/aws-order-claims-key-eu-west-2",
      },
      ttl: { attributeName: "expiresAt", enabled: true },
      replicas: [],
      // Trading is confidential, but its claims stand in for its pii database's records.
      tags: { ...tags, "data-class": "pii" },
    });
    assert.deepEqual(mocks.one("aws:kms/key:Key", "aws-order-claims-key-eu-west-2").inputs, {
      region: "eu-west-2",
      description: "Encrypts the order-claims table replica in eu-west-2.",
      enableKeyRotation: true,
      deletionWindowInDays: 30,
      tags,
    });
    assert.deepEqual(tables(), [["aws-order-claims-table", "tachyon-prod-eu-west-2-order-claims"]]);
  });

  it("names order the site's claims table and grants exactly its calls there, with the table's key through DynamoDB", async () => {
    deploy(US_ONLY, "aws:eu-west-2");
    await mocks.settle();
    assert.deepEqual(wiring("order"), {
      table: "tachyon-prod-eu-west-2-order-claims",
      statements: [
        {
          Sid: "ClaimOrderIds",
          Effect: "Allow",
          Action: ["dynamodb:PutItem", "dynamodb:DeleteItem"],
          Resource: [
            "arn:aws:dynamodb:eu-west-2:123456789012:table/tachyon-prod-eu-west-2-order-claims",
          ],
        },
        {
          Sid: "UseOrderTableKey",
          Effect: "Allow",
          Action: ["kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey"],
          Resource: ["arn:aws:kms:eu-west-2:123456789012:key/aws-order-claims-key-eu-west-2"],
          Condition: { StringEquals: { "kms:ViaService": "dynamodb.eu-west-2.amazonaws.com" } },
        },
      ],
    });
    // The claims are order's alone: normalize and fraud-score get neither the name nor a grant.
    assert.deepEqual(wiring("normalize"), { table: undefined, statements: [] });
    assert.deepEqual(wiring("fraud-score"), { table: undefined, statements: [] });
  });

  for (const [what, topology] of [
    ["no database", withOrders(undefined)],
    [
      "a database on Azure",
      withOrders({ name: "orders", cloud: "azure", sites: ["azure:westeurope"], dataClass: "pii" }),
    ],
  ] as const) {
    it(`gives each AWS trading site its own claims table when trading has ${what}`, async () => {
      deploy(topology, "aws:us-east-1");
      await mocks.settle();
      assert.deepEqual(tables(), [
        ["aws-order-claims-table", "tachyon-prod-us-east-1-order-claims"],
      ]);
      assert.equal(wiring("order").table, "tachyon-prod-us-east-1-order-claims");
    });
  }

  it("creates no table where the database has a replica: order uses the global table's", async () => {
    deploy(US_ONLY, "aws:us-east-1");
    await mocks.settle();
    assert.deepEqual(tables(), []);
    assert.equal(
      mocks.ofType("aws:kms/key:Key").filter((k) => k.name.includes("claims")).length,
      0,
    );
    assert.deepEqual(wiring("order").table, "tachyon-prod-orders");
  });

  it("creates no table at a site that does not trade", async () => {
    deploy(withOrders(undefined), "aws:ap-northeast-1");
    await mocks.settle();
    assert.deepEqual(tables(), []);
  });
});
