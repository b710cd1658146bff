/**
 * The Google Cloud side of `LatencyFunction`: a Cloud Run function deployed through the Cloud
 * Functions v2 API (`cloudfunctionsv2.Function`), which builds the source object in the bucket with
 * Cloud Build on Google's Node 22 runtime and deploys the image it built, as one operation that
 * fails if the build fails. A Cloud Run v2 service's `buildConfig` only records how an image was
 * built (gcloud runs the build before it deploys); given alone it builds nothing, so the image
 * the service named never existed (https://cloud.google.com/run/docs/reference/rest/v2/BuildConfig).
 *
 * The function is a Cloud Run service underneath, named like the function, and the v2 API keeps
 * what tail latency needs: minimum instances, 1+ vCPU with per-instance request concurrency, and
 * Direct VPC egress (no connector hop) into the site's subnet. It does not expose CPU allocated
 * outside requests or startup CPU boost; see docs/deployment-notes.md, "Google Cloud functions".
 */
import * as pulumi from "@pulumi/pulumi";
import * as cloudfunctionsv2 from "@pulumi/gcp/cloudfunctionsv2";
import * as cloudrunv2 from "@pulumi/gcp/cloudrunv2";
import * as serviceaccount from "@pulumi/gcp/serviceaccount";
import * as storage from "@pulumi/gcp/storage";
import { EXPOSURE_TAG, TAG_DATA_CLASS } from "../../model/types";
import type { CloudFunctionArgs, CloudFunctionResult } from "./function-types";
import { cloudRunServiceName, gcpName } from "../naming/gcp-name";

/** Google-Cloud-only settings of a `LatencyFunction` (the façade's `gcp` section). */
export interface GcpFunctionOptions {
  /**
   * Bucket holding the source objects (one per site is enough).
   * @default a bucket of the function's own
   */
  readonly sourceBucket?: pulumi.Input<string>;
  /**
   * Artifact Registry repository builds push to, as
   * `projects/<project>/locations/<region>/repositories/<repo>` (see `GcpFunctionBuild`).
   * @default the `gcf-artifacts` repository Cloud Functions creates in the region
   */
  readonly dockerRepository?: pulumi.Input<string>;
  /**
   * Identity the build runs as (`projects/<p>/serviceAccounts/<email>`), see `GcpFunctionBuild`.
   * @default Cloud Build's default identity
   */
  readonly buildServiceAccount?: pulumi.Input<string>;
  /**
   * Name of the VPC network for Direct VPC egress: the Cloud Functions API takes the network's
   * and the subnet's names, not their self links (DirectVpcNetworkInterface,
   * cloud.google.com/functions/docs/reference/rest/v2/projects.locations.functions).
   */
  readonly network?: pulumi.Input<string>;
  /** Name of the site's subnet for Direct VPC egress (see `network`). */
  readonly subnetwork?: pulumi.Input<string>;
  /**
   * Concurrent requests per instance. Lower values keep CPU-bound handlers off each other's tail.
   * @default 16
   */
  readonly concurrency?: number;
  /** Maximum instances. @default 100 */
  readonly maxInstances?: number;
  /**
   * Serve internet traffic through the global external Application Load Balancer: ingress from
   * load balancers only, `allUsers` may invoke, labelled `exposure: public`.
   * @default true for HTTP-triggered functions, false otherwise
   */
  readonly public?: boolean;
  /** Service accounts (e-mails) allowed to invoke the function, e.g. a Pub/Sub push identity. @default [] */
  readonly invokers?: readonly pulumi.Input<string>[];
}

/** Extra outputs of the Google Cloud function beyond the common result. */
export interface GcpFunctionResult extends CloudFunctionResult {
  /** Name of the function's Cloud Run service (what serverless NEGs and run.invoker grants name). */
  readonly serviceName: pulumi.Output<string>;
  /** E-mail of the service's dedicated service account. */
  readonly serviceAccountEmail: pulumi.Output<string>;
}

/** Creates the function, its identity and its invoker grants. Signature of `CloudFunctionFactory`. */
export function createGcpFunction(
  name: string,
  args: CloudFunctionArgs,
  options: GcpFunctionOptions | undefined,
  parent: pulumi.ComponentResource,
): GcpFunctionResult {
  const opts = options ?? {};
  const problems = validateGcpFunction(args, opts);
  if (problems.length > 0) throw new Error(problems.join(" "));
  const region = args.site.region;
  const isPublic = opts.public ?? args.spec.trigger === "http";
  const labels = gcpLabels({ ...args.tags, ...(isPublic ? EXPOSURE_TAG : {}) });

  const account = new serviceaccount.Account(
    `${name}-identity`,
    {
      // Function before region: when the id is cut to 30 characters, the function stays readable.
      accountId: gcpName("serviceAccount", args.environment, args.spec.name, region),
      displayName: `Tachyon ${args.spec.name} in ${region}`,
      description: "Runs one latency-critical function; holds only the grants it needs.",
    },
    { parent },
  );
  const bucket = opts.sourceBucket ?? createSourceBucket(name, args, parent).name;
  const source = new storage.BucketObject(
    `${name}-source`,
    {
      bucket,
      // The content hash in the name makes a code change a new object, hence a new build.
      name: `${args.spec.name}/${args.bundle.sha256}.zip`,
      source: new pulumi.asset.FileArchive(args.bundle.dir),
      contentType: "application/zip",
    },
    { parent },
  );
  const fn = new cloudfunctionsv2.Function(
    `${name}-function`,
    {
      // The underlying Cloud Run service takes this name, which the global load balancer's
      // serverless NEG names before the function exists.
      name: cloudRunServiceName(args.environment, region, args.spec.name),
      location: region,
      description: args.spec.description,
      labels,
      buildConfig: {
        runtime: NODE_RUNTIME,
        entryPoint: args.bundle.handler,
        // A new object name (content hash) is a new source, hence a new build and revision.
        source: { storageSource: { bucket: source.bucket, object: source.name } },
        // The runtime base image (Node, OS) takes security patches without a rebuild.
        automaticUpdatePolicy: {},
        ...(opts.dockerRepository ? { dockerRepository: opts.dockerRepository } : {}),
        ...(opts.buildServiceAccount ? { serviceAccount: opts.buildServiceAccount } : {}),
      },
      serviceConfig: {
        serviceAccountEmail: account.email,
        ingressSettings: isPublic ? "ALLOW_INTERNAL_AND_GCLB" : "ALLOW_INTERNAL_ONLY",
        allTrafficOnLatestRevision: true,
        minInstanceCount: args.warmInstances,
        maxInstanceCount: opts.maxInstances ?? 100,
        // Concurrency above 1 needs at least 1 vCPU, which cloudRunCpu always gives.
        maxInstanceRequestConcurrency: opts.concurrency ?? 16,
        availableCpu: cloudRunCpu(args.memoryMb),
        availableMemory: cloudRunMemory(args.memoryMb),
        timeoutSeconds: args.timeoutSeconds,
        environmentVariables: args.variables,
        ...(opts.subnetwork
          ? {
              // Direct VPC egress (https://cloud.google.com/functions/docs/networking/direct-vpc).
              directVpcNetworkInterfaces: [{ network: opts.network, subnetwork: opts.subnetwork }],
              directVpcEgress: "VPC_EGRESS_PRIVATE_RANGES_ONLY",
            }
          : {}),
      },
    },
    { parent },
  );
  // HTTP calls to a Cloud Run function are authorised by roles/run.invoker on its Cloud Run
  // service, not by the function's own IAM policy
  // (https://cloud.google.com/functions/docs/securing/authenticating).
  const serviceName = fn.serviceConfig.apply((c) => requireServiceName(c?.service, args.spec.name));
  const uri = fn.serviceConfig.apply((c) => c?.uri ?? "");
  if (isPublic) {
    new cloudrunv2.ServiceIamMember(
      `${name}-public-invoker`,
      { name: serviceName, location: region, role: "roles/run.invoker", member: "allUsers" },
      { parent },
    );
  }
  (opts.invokers ?? []).forEach((email, i) => {
    new cloudrunv2.ServiceIamMember(
      `${name}-invoker-${i}`,
      {
        name: serviceName,
        location: region,
        role: "roles/run.invoker",
        member: pulumi.interpolate`serviceAccount:${email}`,
      },
      { parent },
    );
  });

  return {
    name: fn.name,
    invokeTarget: uri,
    url: uri,
    identity: account.email,
    serviceName,
    serviceAccountEmail: account.email,
  };
}

/** The Cloud Functions runtime the bundles target (Node 22, like the Lambda bundles). */
export const NODE_RUNTIME = "nodejs22";

/** The short name of a function's Cloud Run service from `serviceConfig.service` (a resource path). */
export function requireServiceName(service: string | undefined, fn: string): string {
  const name = service?.split("/").pop();
  if (!name) {
    throw new Error(
      `gcp.${fn}: Cloud Functions reports no Cloud Run service for the function, got ${JSON.stringify(service)}. Run \`pulumi refresh\` to read the deployed function again.`,
    );
  }
  return name;
}

/** CPU of a Cloud Run instance for the requested memory (Cloud Run caps memory per CPU). */
export function cloudRunCpu(memoryMb: number): string {
  if (memoryMb <= 4096) return "1";
  if (memoryMb <= 8192) return "2";
  if (memoryMb <= 16384) return "4";
  return "8";
}

/** Memory limit of a Cloud Run container: the request rounded up to 128 MiB steps. */
export function cloudRunMemory(memoryMb: number): string {
  return `${Math.ceil(memoryMb / 128) * 128}Mi`;
}

/** Tags as GCP labels: lowercase keys and values of letters, digits, `-` and `_`. */
export function gcpLabels(tags: Record<string, string>): Record<string, string> {
  const clean = (s: string) =>
    s
      .toLowerCase()
      .replace(/[^a-z0-9_-]/g, "_")
      .slice(0, 63);
  return Object.fromEntries(Object.entries(tags).map(([k, v]) => [clean(k), clean(v)]));
}

/** Every problem of the Google Cloud options, as one sentence each. */
export function validateGcpFunction(args: CloudFunctionArgs, opts: GcpFunctionOptions): string[] {
  const problems: string[] = [];
  const concurrency = opts.concurrency ?? 16;
  const max = opts.maxInstances ?? 100;
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 1000) {
    problems.push(
      `gcp.concurrency: Cloud Run allows 1-1000 requests per instance, got ${concurrency}. Use a value in that range.`,
    );
  }
  if (args.warmInstances > max) {
    problems.push(
      `warmInstances: must not exceed gcp.maxInstances (${max}), got ${args.warmInstances}. Raise maxInstances or lower warmInstances.`,
    );
  }
  if (args.memoryMb > 32768) {
    problems.push(
      `memoryMb: Cloud Run instances hold at most 32768 MiB, got ${args.memoryMb}. Use 32768 or less.`,
    );
  }
  if (args.timeoutSeconds > 3600) {
    problems.push(
      `timeoutSeconds: Cloud Run requests last at most 3600 s, got ${args.timeoutSeconds}. Use 3600 or less.`,
    );
  }
  return problems;
}

function createSourceBucket(
  name: string,
  args: CloudFunctionArgs,
  parent: pulumi.ComponentResource,
): storage.Bucket {
  return new storage.Bucket(
    `${name}-sources`,
    {
      name: gcpName("bucket", args.environment, args.site.region, args.spec.name, "src"),
      location: args.site.region.toUpperCase(),
      uniformBucketLevelAccess: true,
      publicAccessPrevention: "enforced",
      forceDestroy: true,
      labels: { [TAG_DATA_CLASS]: "internal" },
    },
    { parent },
  );
}
