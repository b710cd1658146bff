/**
 * Where a Spanner instance configuration keeps data: the regions of Google's base multi-region
 * configurations, as documented at https://cloud.google.com/spanner/docs/instance-configurations.
 * Serving regions hold read-write or read-only replicas; the witness region holds no readable
 * replica but does hold the write log, so residency counts it and locality does not. Regional
 * configurations (`regional-<region>`) are one region. `us-central2` (Oklahoma) is a private region
 * absent from the catalog; configurations that use it as a witness list their public regions only,
 * all of which are in the same country. Other configurations can be given to the policies through
 * their `spannerConfigs` config key (every region listed counts as serving).
 */

/** The regions of one instance configuration. */
export interface SpannerPlacement {
  /** Regions with read-write or read-only replicas. */
  readonly serving: readonly string[];
  /** The witness region, if it is a public one. */
  readonly witness: readonly string[];
}

const placement = (serving: string[], witness: string[] = []): SpannerPlacement => ({
  serving,
  witness,
});

/** Base multi-region configuration name -> its placement. */
export const SPANNER_MULTI_REGION_CONFIGS: Readonly<Record<string, SpannerPlacement>> = {
  asia1: placement(["asia-northeast1", "asia-northeast2"], ["asia-northeast3"]),
  eur3: placement(["europe-west1", "europe-west4"], ["europe-north1"]),
  eur5: placement(["europe-west2", "europe-west1"], ["europe-west4"]),
  eur6: placement(["europe-west4", "europe-west3"], ["europe-west6"]),
  nam3: placement(["us-east4", "us-east1"], ["us-central1"]),
  nam6: placement(["us-central1", "us-east1", "us-west1", "us-west2"]),
  nam7: placement(["us-central1", "us-east4"]),
  "nam-eur-asia1": placement(["us-central1", "europe-west1", "asia-east1"], ["us-east1"]),
};

/**
 * The placement of a Spanner instance `config` (`nam3`, `regional-us-east4`, or either as a full
 * `projects/<p>/instanceConfigs/<name>` path), or `undefined` when the configuration is unknown.
 */
export function spannerPlacement(
  config: string,
  extra: Readonly<Record<string, readonly string[]>> = {},
): SpannerPlacement | undefined {
  const name = config.split("/").pop() ?? config;
  if (name.startsWith("regional-")) return placement([name.slice("regional-".length)]);
  const given = extra[name];
  return given ? placement([...given]) : SPANNER_MULTI_REGION_CONFIGS[name];
}

/** Every region a configuration keeps data in, witness included (for residency). */
export function spannerConfigRegions(
  config: string,
  extra: Readonly<Record<string, readonly string[]>> = {},
): readonly string[] | undefined {
  const p = spannerPlacement(config, extra);
  return p && [...p.serving, ...p.witness];
}
