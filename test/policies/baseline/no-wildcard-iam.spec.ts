import assert from "node:assert/strict";
import { noWildcardIam } from "../../../policies/baseline/no-wildcard-iam";
import { validate, withProp, type FixtureResource } from "../harness";

const document = (action: unknown, extra: Record<string, unknown> = {}) =>
  JSON.stringify({
    Version: "2012-10-17",
    Statement: [
      { Effect: "Allow", Action: action, Resource: "arn:aws:dynamodb:::table/orders", ...extra },
    ],
  });

const ACCOUNT =
  "/subscriptions/0000/resourceGroups/trading/providers/Microsoft.DocumentDB/databaseAccounts/orders";

const fixtures: Record<string, FixtureResource> = {
  policy: { type: "aws:iam/policy:Policy", props: { policy: document(["dynamodb:GetItem"]) } },
  rolePolicy: {
    type: "aws:iam/rolePolicy:RolePolicy",
    props: { policy: document("dynamodb:PutItem") },
  },
  role: {
    type: "aws:iam/role:Role",
    props: { inlinePolicies: [{ name: "data", policy: document("sqs:SendMessage") }] },
  },
  gcp: {
    type: "gcp:projects/iAMMember:IAMMember",
    props: {
      role: "roles/spanner.databaseUser",
      member: "serviceAccount:a@p.iam.gserviceaccount.com",
    },
  },
  azure: {
    type: "azure-native:authorization:RoleAssignment",
    props: {
      roleDefinitionId:
        "/subscriptions/0000/providers/Microsoft.Authorization/roleDefinitions/b24988ac-6180-42a0-ab88-20f7382dd24c",
      scope: "/subscriptions/0000/resourceGroups/trading",
      principalId: "11111111-1111-1111-1111-111111111111",
    },
  },
  cosmos: {
    type: "azure-native:cosmosdb:SqlResourceSqlRoleAssignment",
    props: {
      resourceGroupName: "trading",
      accountName: "orders",
      roleAssignmentId: "22222222-2222-2222-2222-222222222222",
      roleDefinitionId: `${ACCOUNT}/sqlRoleDefinitions/00000000-0000-0000-0000-000000000002`,
      scope: `${ACCOUNT}/dbs/orders/colls/order-claims`,
      principalId: "11111111-1111-1111-1111-111111111111",
    },
  },
};

describe("no-wildcard-iam", () => {
  for (const [kind, r] of Object.entries(fixtures)) {
    it(`accepts a scoped ${kind} grant`, async () => {
      assert.deepEqual(await validate(noWildcardIam, r), []);
    });
  }

  it("reports a policy allowing every action", async () => {
    assert.deepEqual(
      await validate(noWildcardIam, withProp(fixtures.policy, "policy", document("*"))),
      ['IAM policy must name the actions it allows; found action "*".'],
    );
  });

  it("reports a role policy allowing a whole service", async () => {
    const r = withProp(fixtures.rolePolicy, "policy", document(["dynamodb:GetItem", "dynamodb:*"]));
    assert.deepEqual(await validate(noWildcardIam, r), [
      'IAM policy must name the actions it allows; found action "dynamodb:*".',
    ]);
  });

  it("reports an Allow with NotAction", async () => {
    const r = withProp(fixtures.policy, "policy", document(undefined, { NotAction: "iam:*" }));
    assert.deepEqual(await validate(noWildcardIam, r), [
      "IAM policy must name the actions it allows; found an Allow statement with NotAction.",
    ]);
  });

  it("reports a wildcard in a role's inline policy", async () => {
    const r = withProp(fixtures.role, "inlinePolicies", [
      { name: "data", policy: document("sqs:*") },
    ]);
    assert.deepEqual(await validate(noWildcardIam, r), [
      'IAM role inline policy must name the actions it allows; found action "sqs:*".',
    ]);
  });

  it("accepts wildcards listed in allowedActions", async () => {
    const r = withProp(fixtures.policy, "policy", document("xray:*"));
    assert.deepEqual(await validate(noWildcardIam, r, { allowedActions: ["xray:*"] }), []);
  });

  it("reports a GCP primitive role", async () => {
    assert.deepEqual(
      await validate(noWildcardIam, withProp(fixtures.gcp, "role", "roles/editor")),
      ['Project IAM grant must use a predefined or custom role; found "roles/editor".'],
    );
  });

  it("reports Contributor at subscription scope", async () => {
    assert.deepEqual(
      await validate(noWildcardIam, withProp(fixtures.azure, "scope", "/subscriptions/0000")),
      [
        'Role assignment must grant a narrower role or scope than Contributor; found Contributor at scope "/subscriptions/0000".',
      ],
    );
  });

  it("reports Cosmos DB Data Contributor on a whole account, by its id or as /", async () => {
    for (const scope of [ACCOUNT, `${ACCOUNT}/`, "/"]) {
      assert.deepEqual(await validate(noWildcardIam, withProp(fixtures.cosmos, "scope", scope)), [
        `Cosmos DB role assignment must grant Data Contributor on a database or container; found it on the whole account at scope "${scope}".`,
      ]);
    }
  });

  it("reports it in the documentdb module and the classic provider alike", async () => {
    for (const type of [
      "azure-native:documentdb:SqlResourceSqlRoleAssignment",
      "azure:cosmosdb/sqlRoleAssignment:SqlRoleAssignment",
    ]) {
      const r = withProp({ ...fixtures.cosmos, type }, "scope", ACCOUNT);
      assert.deepEqual(await validate(noWildcardIam, r), [
        `Cosmos DB role assignment must grant Data Contributor on a database or container; found it on the whole account at scope "${ACCOUNT}".`,
      ]);
    }
  });

  it("accepts Cosmos DB Data Contributor on a database, and Data Reader on a whole account", async () => {
    const database = withProp(fixtures.cosmos, "scope", `${ACCOUNT}/dbs/orders`);
    assert.deepEqual(await validate(noWildcardIam, database), []);
    const reader = withProp(
      withProp(fixtures.cosmos, "scope", ACCOUNT),
      "roleDefinitionId",
      `${ACCOUNT}/sqlRoleDefinitions/00000000-0000-0000-0000-000000000001`,
    );
    assert.deepEqual(await validate(noWildcardIam, reader), []);
  });
});
