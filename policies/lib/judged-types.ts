/**
 * The machine-readable statement of what a pack judges, which `tachyon check` reads from a pack's
 * `judged-types.ts` to warn about resource types no policy of the selected packs looked at.
 */

/** What the policies of one pack declare interest in. */
export interface JudgedTypes {
  /** Type tokens some policy of the pack judges, or reads to judge another resource. */
  readonly types: readonly string[];
  /**
   * Tag (GCP: label) keys that make any AWS, Azure or Google Cloud resource judged, whatever its
   * type (`data-residency` judges every resource tagged `data-class`).
   */
  readonly taggedWith: readonly string[];
}
