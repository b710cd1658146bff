/**
 * Where a Spanner instance configuration keeps data: the read-write, read-only and witness
 * regions of Google's base multi-region configurations, as documented at
 * https://cloud.google.com/spanner/docs/instance-configurations. Regional configurations
 * (`regional-<region>`) are one region. `us-central2` (Oklahoma) is a private region absent from
 * the catalog; configurations that use it as a witness list their public regions only, all of
 * which are in the same country. Configurations not listed here can be given to the policies
 * through their `spannerConfigs` config key.
 */

/** Base multi-region configuration name -> the regions it places replicas in. */
export const SPANNER_MULTI_REGION_CONFIGS: Readonly<Record<string, readonly string[]>> = {
  asia1: ["asia-northeast1", "asia-northeast2", "asia-northeast3"],
  eur3: ["europe-west1", "europe-west4", "europe-north1"],
  eur5: ["europe-west2", "europe-west1", "europe-west4"],
  eur6: ["europe-west4", "europe-west3", "europe-west6"],
  nam3: ["us-east4", "us-east1", "us-central1"],
  nam6: ["us-central1", "us-east1", "us-west1", "us-west2"],
  nam7: ["us-central1", "us-east4"],
  "nam-eur-asia1": ["us-central1", "europe-west1", "asia-east1", "us-east1"],
};

/**
 * The regions of a Spanner instance `config` (`nam3`, `regional-us-east4`, or either as a full
 * `projects/<p>/instanceConfigs/<name>` path), or `undefined` when the configuration is unknown.
 */
export function spannerConfigRegions(
  config: string,
  extra: Readonly<Record<string, readonly string[]>> = {},
): readonly string[] | undefined {
  const name = config.split("/").pop() ?? config;
  if (name.startsWith("regional-")) return [name.slice("regional-".length)];
  return extra[name] ?? SPANNER_MULTI_REGION_CONFIGS[name];
}
