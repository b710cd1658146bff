/**
 * Subnet plan of an AWS site: the site's CIDR split into sixteen equal blocks; the first ones
 * become the private subnets, one per Availability Zone. Deterministic, so a site's subnets never
 * move between runs, and the unused blocks stay free for later tiers.
 */
import { firstAddress, formatCidr, parseCidr, type Cidr } from "../../model/cidr";

/** Bits added to the site prefix for each subnet: sixteen blocks per site. */
export const SUBNET_NEW_BITS = 4;

/** The smallest subnet AWS accepts. */
export const MIN_SUBNET_PREFIX = 28;

/** The largest VPC CIDR AWS accepts. */
export const MIN_VPC_PREFIX = 16;

/**
 * The CIDRs of `count` private subnets carved from `siteCidr`, in order. Throws when the site's
 * block cannot hold them.
 */
export function subnetCidrs(siteCidr: string, count: number): string[] {
  const site = parseCidr(siteCidr);
  if (site === undefined) {
    throw new Error(`"cidr": not an IPv4 CIDR block, got "${siteCidr}". Write it as a.b.c.d/n.`);
  }
  const prefix = site.prefix + SUBNET_NEW_BITS;
  if (site.prefix < MIN_VPC_PREFIX || prefix > MIN_SUBNET_PREFIX) {
    throw new Error(
      `"cidr": an AWS site needs a block from /${MIN_VPC_PREFIX} to /${MIN_SUBNET_PREFIX - SUBNET_NEW_BITS}, got "${siteCidr}". Choose a block in that range.`,
    );
  }
  const max = 2 ** SUBNET_NEW_BITS;
  if (!Number.isInteger(count) || count < 1 || count > max) {
    throw new Error(`"count": subnets must number 1-${max}, got ${count}. Use fewer subnets.`);
  }
  const size = 2 ** (32 - prefix);
  const base = firstAddress(site);
  return Array.from({ length: count }, (_, i) =>
    formatCidr({ base: base + i * size, prefix } satisfies Cidr),
  );
}
