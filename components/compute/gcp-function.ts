/**
 * The Google Cloud side of `LatencyFunction`: a Cloud Run service deployed as a function (Cloud
 * Run v2 `buildConfig` from a source object in a bucket, built on Google's Node 22 base image with
 * the Functions Framework).
 *
 * Why Cloud Run rather than the Cloud Functions API: a gen2 function is a Cloud Run service, but
 * only the Cloud Run API exposes what tail latency needs — CPU allocated outside requests
 * (`cpuIdle: false`, so connection pools and timers stay alive between requests), startup CPU
 * boost (faster cold starts when scaling past the warm minimum), service-level minimum instances
 * that survive revisions, per-instance request concurrency, and Direct VPC egress (no connector
 * hop) into the site's subnet. It is also what a serverless NEG of the global load balancer
 * targets.
 */
import * as pulumi from "@pulumi/pulumi";
import * as cloudrunv2 from "@pulumi/gcp/cloudrunv2";
import * as organizations from "@pulumi/gcp/organizations";
import * as serviceaccount from "@pulumi/gcp/serviceaccount";
import * as storage from "@pulumi/gcp/storage";
import { EXPOSURE_PUBLIC, TAG_DATA_CLASS, TAG_EXPOSURE } from "../../model/types";
import type { CloudFunctionArgs, CloudFunctionResult } from "./function";
import { gcpName } from "../network/gcp-naming";

/** Label marking a service as reachable from the internet (through the global load balancer). */
export const EXPOSURE_LABEL: Readonly<Record<string, string>> = { [TAG_EXPOSURE]: EXPOSURE_PUBLIC };

/** Google-Cloud-only settings of a `LatencyFunction` (the façade's `gcp` section). */
export interface GcpFunctionOptions {
  /**
   * Bucket holding the source objects (one per site is enough).
   * @default a bucket of the function's own
   */
  readonly sourceBucket?: pulumi.Input<string>;
  /**
   * Artifact Registry repository (`<region>-docker.pkg.dev/<project>/<repo>`) builds push to.
   * @default the project's `cloud-run-source-deploy` repository in the region
   */
  readonly imageRepository?: pulumi.Input<string>;
  /**
   * Identity the build runs as (`projects/<p>/serviceAccounts/<email>`), see `GcpFunctionBuild`.
   * @default Cloud Build's default identity
   */
  readonly buildServiceAccount?: pulumi.Input<string>;
  /** Self link of the VPC network for Direct VPC egress. */
  readonly network?: pulumi.Input<string>;
  /** Self link of the site's subnet for Direct VPC egress. */
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
  /** Service accounts (e-mails) allowed to invoke the service, e.g. a Pub/Sub push identity. @default [] */
  readonly invokers?: readonly pulumi.Input<string>[];
}

/** Extra outputs of the Google Cloud function beyond the common result. */
export interface GcpFunctionResult extends CloudFunctionResult {
  /** Name of the Cloud Run service (what a serverless NEG names). */
  readonly serviceName: pulumi.Output<string>;
  /** E-mail of the service's dedicated service account. */
  readonly serviceAccountEmail: pulumi.Output<string>;
}

/** Creates the Cloud Run service and its identity. Signature of `CloudFunctionFactory`. */
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
  const labels = gcpLabels({ ...args.tags, ...(isPublic ? EXPOSURE_LABEL : {}) });

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
  const repository =
    opts.imageRepository ??
    pulumi.interpolate`${region}-docker.pkg.dev/${organizations.getProjectOutput({}, { parent }).projectId}/cloud-run-source-deploy`;
  const image = pulumi.interpolate`${repository}/${args.spec.name}`;
  const baseImage = nodeBaseImage(region);

  const service = new cloudrunv2.Service(
    `${name}-service`,
    {
      name: cloudRunServiceName(args.environment, region, args.spec.name),
      location: region,
      description: args.spec.description,
      ingress: isPublic
        ? "INGRESS_TRAFFIC_INTERNAL_LOAD_BALANCER"
        : "INGRESS_TRAFFIC_INTERNAL_ONLY",
      // The load balancer's URL is the entry point; the run.app URL is not advertised.
      defaultUriDisabled: isPublic,
      deletionProtection: false,
      labels,
      // Service-level minimum: holds across revisions, so a deploy never drops to zero warm.
      scaling: { minInstanceCount: args.warmInstances },
      buildConfig: {
        sourceLocation: pulumi.interpolate`gs://${source.bucket}/${source.name}`,
        functionTarget: args.bundle.handler,
        baseImage,
        imageUri: image,
        // The base image (Node, OS) takes security patches without a rebuild.
        enableAutomaticUpdates: true,
        ...(opts.buildServiceAccount ? { serviceAccount: opts.buildServiceAccount } : {}),
      },
      template: {
        serviceAccount: account.email,
        maxInstanceRequestConcurrency: opts.concurrency ?? 16,
        timeout: `${args.timeoutSeconds}s`,
        // Direct VPC egress needs the second-generation environment, which also gives steadier
        // CPU and network throughput; its slower cold start is covered by the warm minimum.
        executionEnvironment: "EXECUTION_ENVIRONMENT_GEN2",
        labels,
        scaling: {
          minInstanceCount: args.warmInstances,
          maxInstanceCount: opts.maxInstances ?? 100,
        },
        ...(opts.subnetwork
          ? {
              vpcAccess: {
                networkInterfaces: [{ network: opts.network, subnetwork: opts.subnetwork }],
                egress: "PRIVATE_RANGES_ONLY",
              },
            }
          : {}),
        containers: [
          {
            image,
            baseImageUri: baseImage,
            envs: Object.entries(args.variables).map(([n, value]) => ({ name: n, value })),
            resources: {
              limits: { cpu: cloudRunCpu(args.memoryMb), memory: cloudRunMemory(args.memoryMb) },
              cpuIdle: false,
              startupCpuBoost: true,
            },
          },
        ],
      },
    },
    { parent },
  );
  if (isPublic) {
    new cloudrunv2.ServiceIamMember(
      `${name}-public-invoker`,
      { name: service.name, location: region, role: "roles/run.invoker", member: "allUsers" },
      { parent },
    );
  }
  (opts.invokers ?? []).forEach((email, i) => {
    new cloudrunv2.ServiceIamMember(
      `${name}-invoker-${i}`,
      {
        name: service.name,
        location: region,
        role: "roles/run.invoker",
        member: pulumi.interpolate`serviceAccount:${email}`,
      },
      { parent },
    );
  });

  return {
    name: service.name,
    invokeTarget: service.uri,
    url: service.uri,
    identity: account.email,
    serviceName: service.name,
    serviceAccountEmail: account.email,
  };
}

/**
 * The Cloud Run service name of a function at a site. Deterministic, so the global stack can
 * point serverless NEGs at services its regional stacks create later.
 */
export function cloudRunServiceName(environment: string, region: string, fn: string): string {
  return gcpName("cloudRun", environment, region, fn);
}

/** Google's Node 22 runtime base image in `region`, the one Cloud Run functions build on. */
export function nodeBaseImage(region: string): string {
  return `${region}-docker.pkg.dev/serverless-runtimes/google-22-full/runtimes/nodejs22`;
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
