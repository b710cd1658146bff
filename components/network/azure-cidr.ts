/**
 * IPv4 CIDR carving for a site's address space: the site's `cidr` is cut into equal blocks, one
 * per subnet role, so subnets of one site never overlap and never leave the site's range.
 */

/** Parses `a.b.c.d/n` into a 32-bit base address and a prefix length; throws on bad input. */
export function parseCidr(cidr: string): { base: number; prefix: number } {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(cidr);
  const octets = m ? m.slice(1, 5).map(Number) : [];
  const prefix = m ? Number(m[5]) : -1;
  if (!m || octets.some((o) => o > 255) || prefix > 32) {
    throw new Error(`cidr: not an IPv4 CIDR block, got "${cidr}". Use the form 10.30.0.0/16.`);
  }
  const base = octets.reduce((acc, o) => acc * 256 + o, 0);
  const size = 2 ** (32 - prefix);
  return { base: base - (base % size), prefix };
}

/** Formats a 32-bit address and prefix as `a.b.c.d/n`. */
export function formatCidr(base: number, prefix: number): string {
  const octets = [24, 16, 8, 0].map((shift) => Math.floor(base / 2 ** shift) % 256);
  return `${octets.join(".")}/${prefix}`;
}

/**
 * Block `index` of `cidr` split into `2 ** newBits` equal blocks: `subnetCidr("10.30.0.0/16", 2,
 * 1)` is `10.30.64.0/18`. Throws when the split would pass /29 or `index` is out of range.
 */
export function subnetCidr(cidr: string, newBits: number, index: number): string {
  const { base, prefix } = parseCidr(cidr);
  const sub = prefix + newBits;
  if (sub > 29) {
    throw new Error(
      `cidr: ${cidr} is too small for ${2 ** newBits} subnets, got /${sub} blocks. Give the site a /${29 - newBits} or larger range.`,
    );
  }
  if (!Number.isInteger(index) || index < 0 || index >= 2 ** newBits) {
    throw new Error(
      `index: must be 0..${2 ** newBits - 1}, got ${index}. Pick a block inside the split.`,
    );
  }
  return formatCidr(base + index * 2 ** (32 - sub), sub);
}
