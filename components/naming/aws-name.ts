/**
 * Fixed names of AWS resources that other resources refer to by name rather than by ARN.
 */

/** The alias every trigger invokes; it holds the provisioned concurrency. */
export const LIVE_ALIAS = "live";
