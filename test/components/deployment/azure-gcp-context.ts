/**
 * Fake deployment contexts for the Azure and Google Cloud deployment specs: the global stack's
 * and earlier sites' outputs are given as plain values.
 */
import * as pulumi from "@pulumi/pulumi";
import type { GlobalContext, SiteContext } from "../../../components/deployment/context";
import type { RegionalOptions } from "../../../model/config-regional";
import type { Topology } from "../../../model/types";
import { SpecParent } from "../azure-gcp-fixtures";

/** A global context under a fresh parent. */
export function globalContext(topology: Topology): GlobalContext {
  return { topology, parent: new SpecParent("global") };
}

/**
 * A site context whose `global()` and `peer()` answer from the given maps, with the regional
 * stack's validated optional keys `options`.
 */
export function siteContext(
  topology: Topology,
  siteId: string,
  globals: Record<string, unknown>,
  peers: Record<string, Record<string, unknown>> = {},
  options: RegionalOptions = {},
): SiteContext & { peersAsked: string[] } {
  const site = topology.sites.find((s) => s.id === siteId);
  if (!site) throw new Error(`no site ${siteId} in the fixture topology`);
  const peersAsked: string[] = [];
  return {
    topology,
    site,
    parent: new SpecParent("site"),
    options,
    global: (key) => pulumi.output(globals[key]),
    peer: (id, key) => {
      peersAsked.push(`${id}/${key}`);
      return pulumi.output(peers[id]?.[key]);
    },
    peersAsked,
  };
}
