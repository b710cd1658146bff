import assert from "node:assert/strict";
import * as fc from "fast-check";
import { validateCosmosArgs } from "../../../components/data/azure-cosmos";
import { siteStoreAccountName } from "../../../components/deployment/azure-site-store";
import { azureName } from "../../../components/naming/azure-name";
import { checkDatabaseName, checkEnvironment } from "../../../model/config-schema";
import { AZURE_REGIONS } from "../../../model/regions-data";

describe("The site account's name", () => {
  const env = fc.stringMatching(/^[a-z][a-z0-9]{0,7}$/);
  const database = fc.stringMatching(/^[a-z][a-z0-9-]{0,18}[a-z0-9]$/);
  const region = fc.constantFrom(...AZURE_REGIONS.map((r) => r.code));

  it("draws from names the config accepts", () => {
    fc.assert(fc.property(env, database, (e, d) => !checkEnvironment(e) && !checkDatabaseName(d)));
  });

  it("is never a global account's name, nor its regional host, in any environment", () => {
    fc.assert(
      fc.property(env, env, database, region, region, (e1, e2, d, r, location) => {
        const global = azureName("cosmosAccount", e1, d);
        const site = siteStoreAccountName(e2, r);
        return (
          global !== site && `${global}-${location}` !== site && `${site}-${location}` !== global
        );
      }),
      { numRuns: 2000 },
    );
  });

  it("differs from the account of a database named after the region and the store", () => {
    // `tachyon-<env>-<region>-site` would be the `eastus-site` database's global account.
    assert.equal(azureName("cosmosAccount", "prod", "eastus-site"), "tachyon-prod-eastus-site");
    assert.equal(siteStoreAccountName("prod", "eastus"), "tachyon-prod-1-eastus-site");
  });

  it("fits Cosmos DB's 3-44 characters for every Azure region and the longest environment", () => {
    const names = AZURE_REGIONS.map((r) => siteStoreAccountName("abcdefgh", r.code));
    assert.deepEqual(
      names.filter(
        (accountName) =>
          validateCosmosArgs({
            resourceGroupName: "rg",
            accountName,
            locations: ["eastus"],
            dataClass: "pii",
          }).length > 0,
      ),
      [],
    );
    assert.equal(Math.max(...names.map((n) => n.length)), 42);
    assert.equal(
      siteStoreAccountName("staging", "northcentralus"),
      "tachyon-staging-1-northcentralus-site",
    );
  });
});
