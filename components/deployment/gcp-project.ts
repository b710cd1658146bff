/**
 * The Google Cloud project of a GCP site must be the project of its global stack. The site's
 * subnet is created in the global stack's VPC network, and a subnet belongs to its network's
 * project (other projects only use it through Shared VPC, which Tachyon does not set up:
 * https://cloud.google.com/vpc/docs/shared-vpc); the global stack's serverless NEGs point at the
 * site's Cloud Run services, and "Cloud Run service must be in the same project and located in
 * the same region as the Serverless NEG"
 * (https://cloud.google.com/python/docs/reference/google-cloud-compute-v1beta/latest/google.cloud.compute_v1beta.types.NetworkEndpointGroupCloudRun).
 * Spanner grants would work across projects, but the design as a whole does not, so a site in
 * another project is refused before it registers anything.
 *
 * Both sides compare the project their Google Cloud provider deploys to, as
 * `organizations.getClientConfig` reports it: `gcp:project`, else the first of `GOOGLE_PROJECT`,
 * `GOOGLE_CLOUD_PROJECT`, `GCLOUD_PROJECT`, `CLOUDSDK_CORE_PROJECT`
 * (https://www.pulumi.com/registry/packages/gcp/installation-configuration/). The read asks the
 * provider for its settings, not a Google API, so it needs no API enabled.
 */
import type * as pulumi from "@pulumi/pulumi";
import * as organizations from "@pulumi/gcp/organizations";
import { GLOBAL_STACK_KEY } from "../../model/config";
import type { Problem } from "../../model/problems";

/** The provider config key naming a stack's Google Cloud project. */
export const GCP_PROJECT_KEY = "gcp:project";

/**
 * The project the stack's Google Cloud provider deploys to: what the global stack exports as
 * `gcp.project`.
 */
export function stackGcpProject(parent: pulumi.Resource): pulumi.Output<string> {
  return organizations.getClientConfigOutput({ parent }).project;
}

/**
 * Why a GCP site whose provider deploys to `siteProject` cannot use the global stack
 * `globalStack`, which exports `exported` as its `gcp` output; `undefined` when the projects agree.
 */
export function gcpProjectProblem(
  siteProject: string | undefined,
  exported: unknown,
  globalStack: string,
): Problem | undefined {
  const globalProject = projectOf(exported);
  if (globalProject === undefined) {
    return {
      path: GLOBAL_STACK_KEY,
      message: `names a stack that exports no gcp.project, got "${globalStack}". Run "pulumi up" on ${globalStack} first (it exports the Google Cloud project of its network, load balancer and Spanner instances), then on this stack.`,
    };
  }
  if (siteProject === undefined || siteProject === "") {
    return {
      path: GCP_PROJECT_KEY,
      message: `names no project (nor does GOOGLE_PROJECT, GOOGLE_CLOUD_PROJECT, GCLOUD_PROJECT or CLOUDSDK_CORE_PROJECT), got nothing. Set "${GCP_PROJECT_KEY}" to "${globalProject}", the project of the global stack ${globalStack}.`,
    };
  }
  if (siteProject === globalProject) return undefined;
  return {
    path: GCP_PROJECT_KEY,
    message: `differs from the project of the global stack ${globalStack} ("${globalProject}"), got "${siteProject}". Set "${GCP_PROJECT_KEY}" of this stack to "${globalProject}": the site's subnet joins the global stack's VPC network and its Cloud Run services sit behind the global stack's serverless NEGs, which must be in the same project.`,
  };
}

/**
 * Reads the global stack's `gcp` output and this stack's provider project, and returns the
 * problem {@link gcpProjectProblem} finds; registers no resource.
 */
export async function siteGcpProjectProblem(
  globalStackRef: pulumi.StackReference,
  globalStack: string,
): Promise<Problem | undefined> {
  const [details, client] = await Promise.all([
    globalStackRef.getOutputDetails("gcp"),
    organizations.getClientConfig(),
  ]);
  return gcpProjectProblem(client.project, details.value ?? details.secretValue, globalStack);
}

function projectOf(exported: unknown): string | undefined {
  if (typeof exported !== "object" || exported === null) return undefined;
  const project = (exported as { project?: unknown }).project;
  return typeof project === "string" && project !== "" ? project : undefined;
}
