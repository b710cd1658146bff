/**
 * The Aws part of the global stack and of a aws site's regional stack.
 */
import type { CloudOutputs, GlobalContext, SiteContext } from "./context";

/** Builds what the global stack owns on Aws; returns the outputs exported as `aws`. */
export function deployAwsGlobal(_ctx: GlobalContext): CloudOutputs {
  return {};
}

/** Builds one aws site; returns the outputs exported as `aws`. */
export function deployAwsSite(_ctx: SiteContext): CloudOutputs {
  return {};
}
