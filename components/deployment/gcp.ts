/**
 * The Gcp part of the global stack and of a gcp site's regional stack.
 */
import type { CloudOutputs, GlobalContext, SiteContext } from "./context";

/** Builds what the global stack owns on Gcp; returns the outputs exported as `gcp`. */
export function deployGcpGlobal(_ctx: GlobalContext): CloudOutputs {
  return {};
}

/** Builds one gcp site; returns the outputs exported as `gcp`. */
export function deployGcpSite(_ctx: SiteContext): CloudOutputs {
  return {};
}
