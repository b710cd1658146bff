/**
 * Makes every Google Cloud resource of a deployment wait for the service APIs its stack enables
 * (deployment/gcp-services.ts): on a new project most APIs are disabled, and a resource created before its
 * API is enabled fails with `Error 403: ... API has not been used in project ... or it is
 * disabled`, half-way through the stack.
 *
 * {@link waitForGcpServices} is a resource transformation that the global and regional deployment
 * components carry (`transformations` option). Pulumi copies a parent's transformations into
 * every child at construction and runs them in the SDK, so they reach every descendant, also under
 * the mock runtime; the newer `transforms` and `registerResourceTransform` are applied by the
 * Pulumi engine, which `tachyon check` does not run, and `dependsOn` on a component is not
 * inherited by its children (@pulumi/pulumi 3.270 resource.js, runtime/resource.js). This file
 * loads no provider SDK, so an AWS or Azure stack pays nothing for it.
 */
import * as pulumi from "@pulumi/pulumi";

/** Type token of the resource that enables a service API; it waits for nothing. */
export const GCP_SERVICE_TYPE = "gcp:projects/service:Service";

/** The services each gated component's Google Cloud descendants wait for. */
const gates = new WeakMap<pulumi.Resource, readonly pulumi.Resource[]>();

/**
 * From now on, every Google Cloud resource created under `parent` (at any depth) depends on
 * `services`. `parent` must carry {@link waitForGcpServices} in its `transformations`.
 */
export function gateGcpResources(
  parent: pulumi.Resource,
  services: readonly pulumi.Resource[],
): void {
  gates.set(parent, services);
}

/**
 * The transformation of a deployment component: a resource created under a gated parent passes
 * the gate on to its own children, and, when it is a Google Cloud resource other than a service
 * API, depends on the parent's services.
 */
export const waitForGcpServices: pulumi.ResourceTransformation = ({
  resource,
  type,
  props,
  opts,
}) => {
  const services = opts.parent === undefined ? undefined : gates.get(opts.parent);
  if (services === undefined) return undefined;
  gates.set(resource, services);
  if (!type.startsWith("gcp:") || type === GCP_SERVICE_TYPE) return undefined;
  return { props, opts: { ...opts, dependsOn: withServices(opts.dependsOn, services) } };
};

/** `dependsOn` with `services` added, whatever form the resource's own `dependsOn` takes. */
function withServices(
  dependsOn: pulumi.ResourceOptions["dependsOn"],
  services: readonly pulumi.Resource[],
): pulumi.Input<pulumi.Input<pulumi.Resource>[]> {
  if (dependsOn === undefined) return [...services];
  if (Array.isArray(dependsOn)) return [...dependsOn, ...services];
  if (pulumi.Resource.isInstance(dependsOn)) return [dependsOn, ...services];
  return pulumi
    .output(dependsOn as pulumi.Input<pulumi.Input<pulumi.Resource>[] | pulumi.Resource>)
    .apply((d) => [...(Array.isArray(d) ? d : [d]), ...services]);
}

/**
 * `opts` of a deployment component with {@link waitForGcpServices} added to its
 * transformations: its Google Cloud descendants then wait for the services it enables.
 */
export function withGcpServiceGate(
  opts: pulumi.ComponentResourceOptions = {},
): pulumi.ComponentResourceOptions {
  return { ...opts, transformations: [...(opts.transformations ?? []), waitForGcpServices] };
}

/**
 * Options of a data source read under `parent` (e.g. `organizations.getProjectOutput`, which reads
 * the project through the Cloud Resource Manager API): the read waits, as `parent`'s resources
 * do, for the services of its deployment; the engine answers it as unknown in a preview while
 * they are still to be created. Outside a gated deployment, only `parent`.
 */
export function gcpInvokeOptions(parent: pulumi.Resource): pulumi.InvokeOutputOptions {
  const services = gates.get(parent);
  return services === undefined ? { parent } : { parent, dependsOn: [...services] };
}
