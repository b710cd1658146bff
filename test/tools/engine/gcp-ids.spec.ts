import * as assert from "node:assert/strict";
import { computeOutputs } from "../../../tools/engine/computed";
import { gcpId } from "../../../tools/engine/gcp-ids";

const WHERE = { region: "europe-west4", gcpProject: "tachyon-offline" };

/** The id a Google Cloud resource of `token` gets, named `name`. */
function idOf(token: string, name: string, inputs: Record<string, unknown> = {}): string {
  const [, path, resource] = token.split(":");
  return gcpId({
    module: path.split("/")[0],
    resource,
    inputs,
    project: "p",
    region: "europe-west4",
    physical: name,
  }).id;
}

describe("tools/engine/gcp-ids", () => {
  it("puts Compute Engine resources under global or regions/<region>, by the API's collection names", () => {
    assert.deepEqual(
      [
        idOf("gcp:compute/globalAddress:GlobalAddress", "entry"),
        idOf("gcp:compute/uRLMap:URLMap", "routes"),
        idOf("gcp:compute/targetHttpsProxy:TargetHttpsProxy", "https"),
        idOf("gcp:compute/managedSslCertificate:ManagedSslCertificate", "api"),
        idOf("gcp:compute/subnetwork:Subnetwork", "functions", { region: "europe-west1" }),
        idOf("gcp:compute/regionNetworkEndpointGroup:RegionNetworkEndpointGroup", "order"),
      ],
      [
        "projects/p/global/addresses/entry",
        "projects/p/global/urlMaps/routes",
        "projects/p/global/targetHttpsProxies/https",
        "projects/p/global/sslCertificates/api",
        "projects/p/regions/europe-west1/subnetworks/functions",
        "projects/p/regions/europe-west4/networkEndpointGroups/order",
      ],
    );
  });

  it("names project-level resources without a location, others under locations/<region>", () => {
    assert.deepEqual(
      [
        idOf("gcp:pubsub/subscription:Subscription", "signals"),
        idOf("gcp:monitoring/alertPolicy:AlertPolicy", "p99"),
        idOf("gcp:dns/managedZone:ManagedZone", "trade"),
        idOf("gcp:artifactregistry/repository:Repository", "functions"),
      ],
      [
        "projects/p/subscriptions/signals",
        "projects/p/alertPolicies/p99",
        "projects/p/managedZones/trade",
        "projects/p/locations/europe-west4/repositories/functions",
      ],
    );
  });

  it("names a service account by its email, which an IAM member then carries", () => {
    const { id, outputs } = computeOutputs(
      "urn:pulumi:dev::p::gcp:serviceaccount/account:Account::order",
      "gcp:serviceaccount/account:Account",
      "order",
      { accountId: "tachyon-order", project: "tachyon-prod" },
      WHERE,
    );
    const email = "tachyon-order@tachyon-prod.iam.gserviceaccount.com";
    assert.equal(id, `projects/tachyon-prod/serviceAccounts/${email}`);
    assert.deepEqual([outputs["email"], outputs["member"]], [email, `serviceAccount:${email}`]);
    assert.match(String(outputs["uniqueId"]), /^\d{21}$/);
  });
});
