/**
 * A Mermaid flowchart of a Tachyon topology (the `tachyon:topology` config of a global stack), for
 * Markdown reports: GitHub renders ```mermaid blocks in job summaries and pull requests.
 * https://docs.github.com/en/get-started/writing-on-github/working-with-advanced-formatting/creating-diagrams
 */

// The entry point the global stack builds in front of each cloud's sites (DESIGN.md §2).
const ENTRY_POINTS: Record<string, string> = {
  aws: "Global Accelerator (anycast)",
  azure: "Front Door (anycast)",
  gcp: "global load balancer (anycast)",
};

const CLOUD_TITLES: Record<string, string> = {
  aws: "AWS",
  azure: "Azure",
  gcp: "Google Cloud",
};

/**
 * The flowchart of a topology: sites grouped by cloud, peering links (each site with the earlier
 * sites of its cloud; GCP sites share one global VPC), databases and their replicas, the DNS zone
 * and the anycast entry points. `undefined` for a value that is not a Tachyon topology.
 */
export function topologyMermaid(topology: unknown): string | undefined {
  if (!isRecord(topology) || !Array.isArray(topology["sites"])) return undefined;
  const sites = topology["sites"]
    .map((s) => (isRecord(s) ? s["id"] : undefined))
    .filter((id): id is string => typeof id === "string" && id.includes(":"));
  if (sites.length === 0) return undefined;
  const byCloud = new Map<string, string[]>();
  for (const site of sites) {
    const cloud = site.slice(0, site.indexOf(":"));
    byCloud.set(cloud, [...(byCloud.get(cloud) ?? []), site]);
  }
  const lines = ["flowchart LR"];
  const dns = isRecord(topology["dns"]) ? topology["dns"]["domain"] : undefined;
  if (typeof dns === "string") lines.push(`  dns{{"DNS ${dns} (latency records)"}}`);
  for (const [cloud, cloudSites] of byCloud) {
    lines.push(`  subgraph ${id(cloud)}["${CLOUD_TITLES[cloud] ?? cloud}"]`);
    for (const site of cloudSites) lines.push(`    ${id(site)}["${site}"]`);
    lines.push("  end");
  }
  for (const [cloud, cloudSites] of byCloud) {
    const entry = `${id(cloud)}_entry`;
    lines.push(`  ${entry}(["${ENTRY_POINTS[cloud] ?? `${cloud} entry point`}"])`);
    if (typeof dns === "string") lines.push(`  dns --> ${entry}`);
    for (const site of cloudSites) lines.push(`  ${entry} --> ${id(site)}`);
    // GCP sites are subnets of one global VPC: nothing to peer.
    if (cloud === "gcp") continue;
    cloudSites.forEach((site, i) => {
      for (const earlier of cloudSites.slice(0, i))
        lines.push(`  ${id(site)} -. peering .- ${id(earlier)}`);
    });
  }
  const databases = isRecord(topology["databases"]) ? topology["databases"] : {};
  for (const [name, db] of Object.entries(databases)) {
    if (!isRecord(db) || !Array.isArray(db["sites"])) continue;
    const replicas = db["sites"].filter((s): s is string => sites.includes(String(s)));
    const dataClass = typeof db["dataClass"] === "string" ? `, ${db["dataClass"]}` : "";
    lines.push(`  ${id(`db-${name}`)}[("${name}${dataClass}")]`);
    for (const site of replicas) lines.push(`  ${id(`db-${name}`)} -. replica .- ${id(site)}`);
  }
  return `${lines.join("\n")}\n`;
}

function id(value: string): string {
  return value.replace(/[^A-Za-z0-9]/g, "_");
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
