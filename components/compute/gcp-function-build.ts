/**
 * What building Cloud Run functions from source needs at a site, shared by all its functions: an
 * Artifact Registry repository the builds push images to, and a dedicated build identity that can
 * read the source bucket, push to that repository and write build logs — nothing else (Cloud
 * Build's default identity holds far broader project roles).
 */
import * as pulumi from "@pulumi/pulumi";
import * as artifactregistry from "@pulumi/gcp/artifactregistry";
import * as organizations from "@pulumi/gcp/organizations";
import * as projects from "@pulumi/gcp/projects";
import * as serviceaccount from "@pulumi/gcp/serviceaccount";
import * as storage from "@pulumi/gcp/storage";
import { gcpName } from "../naming/gcp-name";
import { gcpInvokeOptions } from "../access/gcp-service-gate";

/** Arguments of {@link GcpFunctionBuild}. */
export interface GcpFunctionBuildArgs {
  readonly environment: string;
  readonly region: string;
  /** Bucket holding the functions' source objects. */
  readonly sourceBucket: pulumi.Input<string>;
  /** Images kept per function; older ones are deleted. @default 5 */
  readonly keepImages?: number;
}

/**
 * A site's image repository and build identity.
 *
 * @example
 * const build = new GcpFunctionBuild("build", { environment: "prod", region: "us-east4",
 *   sourceBucket: bucket.name });
 * // pass { dockerRepository: build.dockerRepository, buildServiceAccount: build.serviceAccountId }
 */
export class GcpFunctionBuild extends pulumi.ComponentResource {
  /**
   * `projects/<project>/locations/<region>/repositories/<repository>`: where built images go, in
   * the form Cloud Functions' `buildConfig.dockerRepository` takes.
   */
  readonly dockerRepository: pulumi.Output<string>;
  /** Resource id of the build identity (`projects/<p>/serviceAccounts/<email>`). */
  readonly serviceAccountId: pulumi.Output<string>;

  constructor(name: string, args: GcpFunctionBuildArgs, opts?: pulumi.ComponentResourceOptions) {
    super(GCP_FUNCTION_BUILD_TYPE, name, {}, opts);
    const parent = { parent: this };
    const repository = new artifactregistry.Repository(
      `${name}-images`,
      {
        repositoryId: gcpName("resource", args.environment, "functions"),
        location: args.region,
        format: "DOCKER",
        description: "Images built from the Tachyon functions' source objects.",
        cleanupPolicies: [
          {
            id: "keep-recent",
            action: "KEEP",
            mostRecentVersions: { keepCount: args.keepImages ?? 5 },
          },
          { id: "delete-rest", action: "DELETE", condition: { tagState: "ANY" } },
        ],
      },
      parent,
    );
    const account = new serviceaccount.Account(
      `${name}-identity`,
      {
        accountId: gcpName("serviceAccount", args.environment, "build", args.region),
        displayName: `Tachyon function builds in ${args.region}`,
        description: "Builds function images: reads sources, pushes images, writes build logs.",
      },
      parent,
    );
    const member = pulumi.interpolate`serviceAccount:${account.email}`;
    new storage.BucketIAMMember(
      `${name}-read-sources`,
      { bucket: args.sourceBucket, role: "roles/storage.objectViewer", member },
      parent,
    );
    new artifactregistry.RepositoryIamMember(
      `${name}-push-images`,
      {
        location: args.region,
        repository: repository.name,
        role: "roles/artifactregistry.writer",
        member,
      },
      parent,
    );
    const projectId = organizations
      .getProjectOutput({}, gcpInvokeOptions(this))
      .apply((p) => p.projectId ?? "");
    new projects.IAMMember(
      `${name}-write-logs`,
      {
        project: projectId,
        role: "roles/logging.logWriter",
        member,
      },
      parent,
    );
    this.dockerRepository = pulumi.interpolate`projects/${projectId}/locations/${args.region}/repositories/${repository.repositoryId}`;
    this.serviceAccountId = account.id;
    this.registerOutputs({
      dockerRepository: this.dockerRepository,
      serviceAccountId: this.serviceAccountId,
    });
  }
}

/** Type token of {@link GcpFunctionBuild}. */
export const GCP_FUNCTION_BUILD_TYPE = "tachyon:compute:GcpFunctionBuild";
