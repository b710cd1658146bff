/**
 * Physical resource names: `tachyon-<env>-<region>-<role>`, cut to each cloud's length limit.
 */

/**
 * A physical name `tachyon-<env>-<region>-<role>`, cut to `max` characters. When cut, the end is
 * replaced by a short hash of the full name so that two long names stay distinct.
 */
export function physicalName(environment: string, region: string, role: string, max = 64): string {
  const full = `tachyon-${environment}-${region}-${role}`;
  if (full.length <= max) return full;
  const hash = shortHash(full);
  return `${full.slice(0, max - hash.length - 1).replace(/-+$/, "")}-${hash}`;
}

/** FNV-1a, 32 bits, as 8 hex digits: stable across runs and machines, no crypto needed. */
function shortHash(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, "0");
}
