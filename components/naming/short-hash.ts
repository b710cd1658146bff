/**
 * The hash that keeps a cut Azure or Google Cloud name unique: the same inputs give the same
 * hash on every run and machine, so a redeploy never renames (and so replaces) a resource.
 */
import { createHash } from "node:crypto";

/** A six-character hash of `text`: stable across runs and machines. */
export function shortHash(text: string): string {
  return createHash("sha256").update(text).digest("hex").slice(0, 6);
}
