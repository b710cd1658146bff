import assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import { deployGcpGlobal, deployGcpSite } from "../../../components/deployment/gcp";
import { gcpProjectProblem } from "../../../components/deployment/gcp-project";
import { useRecordingMocks, valueOf } from "../azure-gcp-mocks";
import { topology } from "../azure-gcp-fixtures";
import { globalContext, siteContext, GCP_GLOBAL } from "./azure-gcp-context";

describe("gcpProjectProblem", () => {
  it("accepts a site in the global stack's project", () => {
    assert.equal(
      gcpProjectProblem("tachyon-prod", { project: "tachyon-prod" }, "prod-global"),
      undefined,
    );
  });

  it("refuses a site in another project, naming both and the fix", () => {
    assert.deepEqual(gcpProjectProblem("tachyon-fx", { project: "tachyon-prod" }, "prod-global"), {
      path: "gcp:project",
      message: `differs from the project of the global stack prod-global ("tachyon-prod"), got "tachyon-fx". Set "gcp:project" of this stack to "tachyon-prod": the site's subnet joins the global stack's VPC network and its Cloud Run services sit behind the global stack's serverless NEGs, which must be in the same project.`,
    });
  });

  for (const [label, project] of [
    ["no project", undefined],
    ["an empty project", ""],
  ] as const) {
    it(`refuses a site whose provider has ${label}, naming the global stack's`, () => {
      assert.deepEqual(gcpProjectProblem(project, { project: "tachyon-prod" }, "prod-global"), {
        path: "gcp:project",
        message: `names no project (nor does GOOGLE_PROJECT, GOOGLE_CLOUD_PROJECT, GCLOUD_PROJECT or CLOUDSDK_CORE_PROJECT), got nothing. Set "gcp:project" to "tachyon-prod", the project of the global stack prod-global.`,
      });
    });
  }

  for (const [label, exported] of [
    ["no gcp output", undefined],
    ["a gcp output without a project", { networkSelfLink: "x" }],
    ["an empty project", { project: "" }],
  ] as const) {
    it(`asks for the global stack to be updated when it exports ${label}`, () => {
      assert.deepEqual(gcpProjectProblem("tachyon-prod", exported, "acme/tachyon/prod-global"), {
        path: "tachyon:globalStack",
        message: `names a stack that exports no gcp.project, got "acme/tachyon/prod-global". Run "pulumi up" on acme/tachyon/prod-global first (it exports the Google Cloud project of its network, load balancer and Spanner instances), then on this stack.`,
      });
    });
  }
});

describe("the Google Cloud project across the global and the site stacks", () => {
  it("global: exports the project its provider deploys to", async () => {
    const mocks = await useRecordingMocks();
    const outputs = deployGcpGlobal(globalContext(topology()));
    await mocks.settle();
    assert.equal(await valueOf(pulumi.output(outputs.project)), "tachyon-spec");
  });

  it("site: grants on a global database, and names it, in the global stack's project", async () => {
    const mocks = await useRecordingMocks();
    deployGcpSite(
      siteContext(topology(), "gcp:europe-west3", { gcp: GCP_GLOBAL, aws: { zoneId: "Z9" } }),
    );
    await mocks.settle();
    // fraud uses the global database "cards"; order, with trading's database on AWS, the site's store.
    const grant = (fn: string) =>
      mocks.one("gcp:spanner/databaseIAMMember:DatabaseIAMMember", `gcp-${fn}-spanner`).inputs;
    assert.deepEqual(
      [grant("fraud-score").project, grant("fraud-score").instance],
      ["tachyon-global", "tachyon-prod-cards"],
    );
    assert.deepEqual(
      [grant("order").project, grant("order").instance],
      ["tachyon-spec", "tachyon-prod-europe-west3-site"],
    );
    const env = mocks.one("gcp:cloudfunctionsv2/function:Function", "gcp-fraud-score-function")
      .inputs.serviceConfig.environmentVariables as Record<string, unknown>;
    assert.equal(
      env.TACHYON_STATE_SPANNER_DATABASE,
      "projects/tachyon-global/instances/tachyon-prod-cards/databases/cards",
    );
  });
});
