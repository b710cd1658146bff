/**
 * Spanner instance configurations: where each keeps data, and which one a database on given regions
 * should use. Shared by the GCP components (choosing) and the policy packs (judging). Where a configuration keeps data: the regions of Google's base multi-region
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

/** Continent groups of Spanner's base multi-region configurations. */
export type Continent = "nam" | "eur" | "asia";

/** The base configurations of each continent, in order of preference. */
const CONTINENT_CONFIGS: Readonly<Record<Continent, readonly string[]>> = {
  nam: ["nam3", "nam7", "nam6"],
  eur: ["eur3", "eur5", "eur6"],
  asia: ["asia1"],
};

/** The configuration spanning North America, Europe and Asia. */
export const INTERCONTINENTAL_CONFIG = "nam-eur-asia1";

/** The continent group of a Google Cloud region code, if Spanner has configurations there. */
export function continentOf(region: string): Continent | "other" {
  if (/^(us|northamerica)-/.test(region)) return "nam";
  if (region.startsWith("europe-")) return "eur";
  if (region.startsWith("asia-")) return "asia";
  return "other";
}

/**
 * The instance configuration for a database on these regions: `regional-<region>` for one
 * region; for several in one continent, that continent's configuration holding most of them (ties
 * go to the first listed); across continents (or where a continent has none), `nam-eur-asia1`.
 */
export function spannerConfigFor(regions: readonly string[]): string {
  const unique = [...new Set(regions)];
  if (unique.length === 0) {
    throw new Error(`regions: a Spanner database needs at least one site, got []. Add a site.`);
  }
  if (unique.length === 1) return `regional-${unique[0]}`;
  const continents = new Set(unique.map(continentOf));
  const [only] = [...continents];
  if (continents.size > 1 || only === "other") return INTERCONTINENTAL_CONFIG;
  let best = CONTINENT_CONFIGS[only][0];
  let bestScore = -1;
  for (const name of CONTINENT_CONFIGS[only]) {
    const regionsOf = spannerConfigRegions(name) ?? [];
    const score = unique.filter((r) => regionsOf.includes(r)).length;
    if (score > bestScore) [best, bestScore] = [name, score];
  }
  return best;
}
