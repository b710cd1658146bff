import assert from "node:assert/strict";
import { customerManagedKeyAccess } from "../../../policies/baseline/customer-managed-key-access";
import { validateStack, withProp, type FixtureResource } from "../harness";

const ACCOUNT = "111122223333";
const keyArn = (region: string, id: string) => `arn:aws:kms:${region}:${ACCOUNT}:key/${id}`;
const tableArn = (region: string) => `arn:aws:dynamodb:${region}:${ACCOUNT}:table/orders`;
const document = (...statements: object[]) =>
  JSON.stringify({ Version: "2012-10-17", Statement: statements });
const allow = (action: string[], resource: string[]) => ({
  Effect: "Allow",
  Action: action,
  Resource: resource,
});
const CLAIM = allow(["dynamodb:PutItem", "dynamodb:DeleteItem"], [tableArn("eu-west-2")]);
const TABLE_KEY = allow(
  ["kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey"],
  [keyArn("eu-west-2", "euw2")],
);

const homeKey: FixtureResource = {
  type: "aws:kms/key:Key",
  name: "orders-key-eu-west-2",
  props: { region: "eu-west-2", enableKeyRotation: true },
};
const replicaKey: FixtureResource = {
  type: "aws:kms/key:Key",
  name: "orders-key-us-east-1",
  props: { region: "us-east-1", enableKeyRotation: true },
};
const table: FixtureResource = {
  type: "aws:dynamodb/table:Table",
  name: "orders",
  props: {
    name: "orders",
    region: "eu-west-2",
    serverSideEncryption: { enabled: true, kmsKeyArn: keyArn("eu-west-2", "euw2") },
    replicas: [{ regionName: "us-east-1", kmsKeyArn: keyArn("us-east-1", "use1") }],
  },
  propertyDependencies: { serverSideEncryption: [homeKey], replicas: [replicaKey] },
};
const role: FixtureResource = {
  type: "aws:iam/role:Role",
  name: "order-role",
  props: { name: "tachyon-order" },
};
const rolePolicy = (...statements: object[]): FixtureResource => ({
  type: "aws:iam/rolePolicy:RolePolicy",
  name: "order-policy",
  props: { role: "tachyon-order", policy: document(...statements) },
  propertyDependencies: { role: [role], policy: [table, homeKey] },
});

const run = (...extra: FixtureResource[]) =>
  validateStack(customerManagedKeyAccess, [homeKey, replicaKey, table, role, ...extra]);

const NO_GRANT =
  "order-role: IAM role tachyon-order must be allowed kms:Decrypt, kms:Encrypt and kms:GenerateDataKey on KMS key orders-key-eu-west-2, which encrypts DynamoDB table orders in eu-west-2 that the role writes; the key has the default key policy, which leaves it to IAM, and no policy of the role grants it.";

describe("customer-managed-key-access", () => {
  it("accepts a role allowed the table and the key of the region it writes", async () => {
    assert.deepEqual(await run(rolePolicy(CLAIM, TABLE_KEY)), []);
  });

  it("reports a role that writes a CMK-encrypted table without the key (the order claim)", async () => {
    assert.deepEqual(await run(rolePolicy(CLAIM)), [NO_GRANT]);
  });

  it("reports a grant on another region's key: each replica has its own", async () => {
    const otherRegion = allow(
      ["kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey"],
      [keyArn("us-east-1", "use1")],
    );
    const policy = {
      ...rolePolicy(CLAIM, otherRegion),
      propertyDependencies: { role: [role], policy: [table, replicaKey] },
    };
    assert.deepEqual(await run(policy), [NO_GRANT]);
  });

  it("asks only kms:Decrypt of a role that only reads", async () => {
    const read = allow(["dynamodb:GetItem"], [tableArn("us-east-1")]);
    assert.deepEqual(await run(rolePolicy(read)), [
      "order-role: IAM role tachyon-order must be allowed kms:Decrypt on KMS key orders-key-us-east-1, which encrypts DynamoDB table orders in us-east-1 that the role reads; the key has the default key policy, which leaves it to IAM, and no policy of the role grants it.",
    ]);
    const decrypt = allow(["kms:Decrypt"], [keyArn("us-east-1", "use1")]);
    assert.deepEqual(
      await run({
        ...rolePolicy(read, decrypt),
        propertyDependencies: { role: [role], policy: [table, replicaKey] },
      }),
      [],
    );
  });

  it("reports an IAM grant that a key policy without the account or the role makes void", async () => {
    const adminOnly = withProp(
      homeKey,
      "policy",
      document({
        Effect: "Allow",
        Principal: { AWS: `arn:aws:iam::${ACCOUNT}:role/key-admin` },
        Action: ["kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey"],
        Resource: "*",
      }),
    );
    const stack = [
      adminOnly,
      replicaKey,
      {
        ...table,
        propertyDependencies: { serverSideEncryption: [adminOnly], replicas: [replicaKey] },
      },
      role,
    ];
    assert.deepEqual(
      await validateStack(customerManagedKeyAccess, [...stack, rolePolicy(CLAIM, TABLE_KEY)]),
      [
        "order-role: IAM role tachyon-order must be allowed kms:Decrypt, kms:Encrypt and kms:GenerateDataKey on KMS key orders-key-eu-west-2, which encrypts DynamoDB table orders in eu-west-2 that the role writes; the key policy neither names the role nor leaves it to IAM.",
      ],
    );
  });

  it("accepts a key policy that names the role, with no IAM grant", async () => {
    const named = withProp(
      homeKey,
      "policy",
      document({
        Effect: "Allow",
        Principal: { AWS: [`arn:aws:iam::${ACCOUNT}:role/tachyon-order`] },
        Action: ["kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey*"],
        Resource: "*",
      }),
    );
    const stack = [
      named,
      replicaKey,
      { ...table, propertyDependencies: { serverSideEncryption: [named], replicas: [replicaKey] } },
      role,
    ];
    assert.deepEqual(
      await validateStack(customerManagedKeyAccess, [...stack, rolePolicy(CLAIM)]),
      [],
    );
  });

  it("says the key policy leaves it to IAM when it names the account", async () => {
    const account = withProp(
      homeKey,
      "policy",
      document({
        Effect: "Allow",
        Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` },
        Action: "kms:*",
        Resource: "*",
      }),
    );
    const stack = [
      account,
      replicaKey,
      {
        ...table,
        propertyDependencies: { serverSideEncryption: [account], replicas: [replicaKey] },
      },
      role,
    ];
    assert.deepEqual(
      await validateStack(customerManagedKeyAccess, [...stack, rolePolicy(CLAIM, TABLE_KEY)]),
      [],
    );
    assert.deepEqual(await validateStack(customerManagedKeyAccess, [...stack, rolePolicy(CLAIM)]), [
      "order-role: IAM role tachyon-order must be allowed kms:Decrypt, kms:Encrypt and kms:GenerateDataKey on KMS key orders-key-eu-west-2, which encrypts DynamoDB table orders in eu-west-2 that the role writes; the key policy leaves it to IAM and no policy of the role grants it.",
    ]);
  });

  it("ignores tables on AWS-managed keys", async () => {
    const managed = withProp(table, "serverSideEncryption", {
      enabled: true,
      kmsKeyArn: "alias/aws/dynamodb",
    });
    const plain = withProp(managed, "replicas", undefined);
    const stack = [{ ...plain, propertyDependencies: {} }, role, rolePolicy(CLAIM)];
    assert.deepEqual(await validateStack(customerManagedKeyAccess, stack), []);
  });

  it("follows managed policy attachments to an SQS queue and asks a sender for GenerateDataKey and Decrypt", async () => {
    const key: FixtureResource = {
      type: "aws:kms/key:Key",
      name: "queue-key",
      props: { region: "us-east-1" },
    };
    const queue: FixtureResource = {
      type: "aws:sqs/queue:Queue",
      name: "decisions",
      props: { name: "decisions", region: "us-east-1", kmsMasterKeyId: keyArn("us-east-1", "q") },
      propertyDependencies: { kmsMasterKeyId: [key] },
    };
    const managed = (...statements: object[]): FixtureResource => ({
      type: "aws:iam/policy:Policy",
      name: "send-decisions",
      props: { policy: document(...statements) },
      propertyDependencies: { policy: [queue, key] },
    });
    const send = allow(["sqs:SendMessage"], [`arn:aws:sqs:us-east-1:${ACCOUNT}:decisions`]);
    const attach = (policy: FixtureResource): FixtureResource => ({
      type: "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
      name: "attach",
      props: { role: "tachyon-order", policyArn: `arn:aws:iam::${ACCOUNT}:policy/send-decisions` },
      propertyDependencies: { role: [role], policyArn: [policy] },
    });
    const bare = managed(send);
    assert.deepEqual(
      await validateStack(customerManagedKeyAccess, [key, queue, role, bare, attach(bare)]),
      [
        "order-role: IAM role tachyon-order must be allowed kms:GenerateDataKey and kms:Decrypt on KMS key queue-key, which encrypts SQS queue decisions in us-east-1 that the role writes; the key has the default key policy, which leaves it to IAM, and no policy of the role grants it.",
      ],
    );
    const full = managed(
      send,
      allow(["kms:GenerateDataKey", "kms:Decrypt"], [keyArn("us-east-1", "q")]),
    );
    assert.deepEqual(
      await validateStack(customerManagedKeyAccess, [key, queue, role, full, attach(full)]),
      [],
    );
  });

  it("reports a log group key whose policy does not let CloudWatch Logs in its region use it", async () => {
    const key: FixtureResource = {
      type: "aws:kms/key:Key",
      name: "logs-key",
      props: { region: "eu-west-2" },
    };
    const group: FixtureResource = {
      type: "aws:cloudwatch/logGroup:LogGroup",
      name: "order-logs",
      props: { name: "/aws/lambda/order", region: "eu-west-2", kmsKeyId: keyArn("eu-west-2", "l") },
      propertyDependencies: { kmsKeyId: [key] },
    };
    assert.deepEqual(await validateStack(customerManagedKeyAccess, [key, group]), [
      "logs-key: KMS key logs-key must let logs.eu-west-2.amazonaws.com use kms:Encrypt, kms:Decrypt and kms:GenerateDataKey, since it encrypts CloudWatch log group /aws/lambda/order; the key has the default key policy, which names no service.",
    ]);
    const allowed = withProp(
      key,
      "policy",
      document({
        Effect: "Allow",
        Principal: { Service: "logs.eu-west-2.amazonaws.com" },
        Action: ["kms:Encrypt*", "kms:Decrypt*", "kms:GenerateDataKey*"],
        Resource: "*",
      }),
    );
    const linked = { ...group, propertyDependencies: { kmsKeyId: [allowed] } };
    assert.deepEqual(await validateStack(customerManagedKeyAccess, [allowed, linked]), []);
  });
});
