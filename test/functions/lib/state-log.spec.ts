import assert from "node:assert/strict";
import { COSMOS_STATE_FIX, cosmosStateName } from "../../../functions/lib/azure-cosmos-env";
import { logStateStore } from "../../../functions/lib/state-log";
import { captured } from "./log-capture";

describe("functions/lib/state-log", () => {
  it("warns that portfolio state without a store is lost with the instance, naming the setting", () => {
    const { lines } = captured(() => logStateStore("portfolio", undefined, "TACHYON_STATE_TABLE"));
    assert.deepEqual(lines, [
      {
        severity: "WARNING",
        message: "portfolio state is kept in instance memory: lost when the instance recycles",
        store: "memory",
        fix: "set TACHYON_STATE_TABLE",
      },
    ]);
  });

  it("warns that fraud histories without a store live only in the cache and memory", () => {
    const { lines } = captured(() => logStateStore("fraud", undefined, COSMOS_STATE_FIX));
    assert.deepEqual(lines, [
      {
        severity: "WARNING",
        message:
          "account histories are kept in the shared cache and instance memory only: lost when both let them go",
        store: "memory",
        fix: "set COSMOS_ENDPOINT, COSMOS_ACCOUNT, COSMOS_DATABASE and COSMOS_CONTAINER",
      },
    ]);
  });

  it("says which store holds the state", () => {
    const { lines } = captured(() => {
      logStateStore(
        "portfolio",
        { kind: "dynamodb", name: "tachyon-staging-us-east-1-state-store" },
        "x",
      );
      logStateStore(
        "fraud",
        cosmosStateName({
          COSMOS_ENDPOINT: "https://tachyon-staging-customers-northeurope.documents.azure.com:443/",
          COSMOS_DATABASE: "customers",
          COSMOS_CONTAINER: "items",
        }),
        "x",
      );
      logStateStore(
        "fraud",
        { kind: "spanner", name: "projects/p/instances/i/databases/site" },
        "x",
      );
    });
    assert.deepEqual(lines, [
      {
        severity: "INFO",
        message: "portfolio state is kept in DynamoDB",
        store: "dynamodb",
        name: "tachyon-staging-us-east-1-state-store",
      },
      {
        severity: "INFO",
        message: "account histories are kept in Cosmos DB",
        store: "cosmos",
        name: "tachyon-staging-customers-northeurope.documents.azure.com/customers/items",
      },
      {
        severity: "INFO",
        message: "account histories are kept in Spanner",
        store: "spanner",
        name: "projects/p/instances/i/databases/site",
      },
    ]);
  });
});
