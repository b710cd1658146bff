/**
 * IPv4 CIDR arithmetic for site address spaces: parsing, containment, overlap and the RFC 1918
 * private blocks. Addresses are unsigned 32-bit integers held in plain numbers, which represent
 * every IPv4 address exactly; the property specs check this against a BigInt reference.
 */

/** An IPv4 CIDR block: `base` is the address as written, `prefix` the mask length. */
export interface Cidr {
  /** The address part as an unsigned 32-bit integer (may have host bits set; see {@link isCanonical}). */
  readonly base: number;
  /** Mask length, 0..32. */
  readonly prefix: number;
}

// Decimal octet without leading zeros: `010` is octal to some parsers and decimal to others.
const OCTET = "(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9][0-9]|[0-9])";
const CIDR_RE = new RegExp(`^${OCTET}\\.${OCTET}\\.${OCTET}\\.${OCTET}/(3[0-2]|[12][0-9]|[0-9])$`);

/** Parses `a.b.c.d/n` (decimal octets without leading zeros, n in 0..32); `undefined` otherwise. */
export function parseCidr(text: string): Cidr | undefined {
  const m = CIDR_RE.exec(text);
  if (!m) return undefined;
  const base = ((+m[1] << 24) | (+m[2] << 16) | (+m[3] << 8) | +m[4]) >>> 0;
  return { base, prefix: +m[5] };
}

/** The netmask of a prefix length as an unsigned 32-bit integer (`/16` → 255.255.0.0). */
export function maskOf(prefix: number): number {
  return prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
}

/** The first address of the block (host bits cleared). */
export function firstAddress(c: Cidr): number {
  return (c.base & maskOf(c.prefix)) >>> 0;
}

/** The last address of the block (host bits set). */
export function lastAddress(c: Cidr): number {
  return (firstAddress(c) | ~maskOf(c.prefix)) >>> 0;
}

/** Number of addresses in the block. */
export function sizeOf(c: Cidr): number {
  return 2 ** (32 - c.prefix);
}

/** Whether the address part has no host bits set (`10.10.0.0/16`, not `10.10.1.0/16`). */
export function isCanonical(c: Cidr): boolean {
  return c.base === firstAddress(c);
}

/** The block with host bits cleared: the form a VPC or VNet accepts. */
export function canonical(c: Cidr): Cidr {
  return { base: firstAddress(c), prefix: c.prefix };
}

/** Dotted-quad form of an unsigned 32-bit address. */
export function formatAddress(address: number): string {
  return [24, 16, 8, 0].map((shift) => (address >>> shift) & 0xff).join(".");
}

/** `a.b.c.d/n` form of a block, address part as held. */
export function formatCidr(c: Cidr): string {
  return `${formatAddress(c.base)}/${c.prefix}`;
}

/** Whether every address of `inner` lies in `outer`. */
export function contains(outer: Cidr, inner: Cidr): boolean {
  return (
    outer.prefix <= inner.prefix &&
    (inner.base & maskOf(outer.prefix)) >>> 0 === firstAddress(outer)
  );
}

/** Whether the two blocks share at least one address. Aligned blocks overlap iff one contains the other. */
export function overlaps(a: Cidr, b: Cidr): boolean {
  return contains(a, b) || contains(b, a);
}

/** The RFC 1918 private address blocks. */
export const PRIVATE_BLOCKS: readonly Cidr[] = [
  "10.0.0.0/8",
  "172.16.0.0/12",
  "192.168.0.0/16",
].map((text) => parseCidr(text) as Cidr);

/** Whether the whole block lies inside one RFC 1918 private block. */
export function isPrivate(c: Cidr): boolean {
  return PRIVATE_BLOCKS.some((p) => contains(p, c));
}
