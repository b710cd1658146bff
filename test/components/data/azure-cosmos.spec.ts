import assert from "node:assert/strict";
import { validateCosmosArgs } from "../../../components/data/azure-cosmos";

describe("validateCosmosArgs", () => {
  const base = {
    resourceGroupName: "rg",
    accountName: "tachyon-prod-orders",
    locations: ["westeurope"],
    dataClass: "pii" as const,
  };

  it("accepts a claims container beside the data container", () => {
    assert.deepEqual(validateCosmosArgs({ ...base, claimsContainerName: "order-claims" }), []);
  });

  it("rejects a claims container that is the data container", () => {
    assert.deepEqual(validateCosmosArgs({ ...base, claimsContainerName: "items" }), [
      'claimsContainerName: must differ from the data container, got "items". Name the claims container e.g. "order-claims".',
    ]);
  });

  it("rejects a claims-only account without a claims container", () => {
    assert.deepEqual(validateCosmosArgs({ ...base, claimsOnly: true }), [
      'claimsContainerName: must be set in a claims-only account, got none. Name the claims container e.g. "order-claims".',
    ]);
  });

  it("accepts Strong consistency in one location that takes writes there only", () => {
    assert.deepEqual(
      validateCosmosArgs({ ...base, consistency: "Strong", multiRegionWrites: false }),
      [],
    );
  });

  it("rejects Strong consistency on an account left to take writes in every location", () => {
    assert.deepEqual(validateCosmosArgs({ ...base, consistency: "Strong" }), [
      'multiRegionWrites: must be false with "Strong" consistency, got true. Set multiRegionWrites: false or use "Session".',
    ]);
  });
});
