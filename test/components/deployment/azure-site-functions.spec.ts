import assert from "node:assert/strict";
import { cosmosLocationFor } from "../../../components/deployment/azure-site-functions";
import type { Site, Topology } from "../../../model/types";
import { topology } from "../azure-gcp-fixtures";

/** The fixture topology plus an Azure site in Dublin that no database lists. */
function withNorthEurope(): { t: Topology; dublin: Site } {
  const t = topology();
  const dublin: Site = {
    id: "azure:northeurope",
    cloud: "azure",
    region: "northeurope",
    cidr: "10.90.0.0/16",
    venues: [],
    index: t.sites.length,
  };
  return { t: { ...t, sites: [...t.sites, dublin] }, dublin };
}

describe("cosmosLocationFor", () => {
  it("uses the site's own region when the database has a location there", () => {
    const t = topology();
    const site = t.sites.find((s) => s.id === "azure:westeurope");
    assert.ok(site);
    assert.equal(cosmosLocationFor(t, site, "orders"), "westeurope");
  });

  it("uses the database location nearest the site when it has none in the site's region", () => {
    const { t, dublin } = withNorthEurope();
    // orders is in eastus and westeurope; Amsterdam is ~750 km from Dublin, Virginia ~5,500 km.
    assert.equal(cosmosLocationFor(t, dublin, "orders"), "westeurope");
  });
});
