/**
 * An account's history as the workload's database keeps it: the shape check every database
 * store applies to what it reads back, and how long an idle account's history is kept. The
 * database is the source of truth; the shared cache and instance memory are copies of it
 * (./cache.ts). Implementations: ./history-dynamodb.ts, ./history-cosmos.ts.
 */
import type { AccountHistory, RecentTransaction } from "./features";

/**
 * Days an account's history is kept after its last decision. The velocity features look back
 * 24 hours, but the profile (home country, usual spend, known merchants) is what tells an
 * account's first transaction after a quiet month from a stolen card's.
 */
export const HISTORY_TTL_DAYS = 90;

/** Epoch seconds at which a history written at `nowMs` expires (DynamoDB's TTL unit). */
export function expiresAtSeconds(nowMs: number, ttlDays = HISTORY_TTL_DAYS): number {
  return Math.ceil(nowMs / 1000) + ttlDays * 86_400;
}

const isFiniteNumber = (v: unknown): v is number => typeof v === "number" && Number.isFinite(v);

function recentOf(value: unknown): RecentTransaction | undefined {
  if (typeof value !== "object" || value === null) return undefined;
  const r = value as Record<string, unknown>;
  return isFiniteNumber(r.ts) &&
    isFiniteNumber(r.amount) &&
    typeof r.country === "string" &&
    typeof r.merchant === "string"
    ? { ts: r.ts, amount: r.amount, country: r.country, merchant: r.merchant }
    : undefined;
}

/**
 * The history in a stored value, or undefined when it is not one (written by another version,
 * or damaged): a history that cannot be trusted is treated as absent, as for a new account,
 * rather than failing the decision.
 */
export function historyOf(value: unknown): AccountHistory | undefined {
  if (typeof value !== "object" || value === null) return undefined;
  const h = value as Record<string, unknown>;
  if (
    typeof h.homeCountry !== "string" ||
    !isFiniteNumber(h.avgAmount) ||
    !isFiniteNumber(h.count) ||
    !Array.isArray(h.recent) ||
    !Array.isArray(h.merchants)
  )
    return undefined;
  const recent = h.recent.map(recentOf);
  const merchants = h.merchants as unknown[];
  if (recent.some((r) => r === undefined) || merchants.some((m) => typeof m !== "string"))
    return undefined;
  return {
    homeCountry: h.homeCountry,
    avgAmount: h.avgAmount,
    count: h.count,
    recent: recent as RecentTransaction[],
    merchants: merchants as string[],
  };
}
