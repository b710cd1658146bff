/**
 * The Azure part of the global stack and of a azure site's regional stack.
 */
import type { CloudOutputs, GlobalContext, SiteContext } from "./context";

/** Builds what the global stack owns on Azure; returns the outputs exported as `azure`. */
export function deployAzureGlobal(_ctx: GlobalContext): CloudOutputs {
  return {};
}

/** Builds one azure site; returns the outputs exported as `azure`. */
export function deployAzureSite(_ctx: SiteContext): CloudOutputs {
  return {};
}
