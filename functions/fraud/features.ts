/**
 * Fraud features: the transaction itself plus the account's recent history (the "hot"
 * features: velocity, spend, known merchants), computed by the same code when training offline
 * and when scoring online, so that the model sees identical features in both.
 */
import { number, object, oneOf, string } from "../lib/validate";

/** A card or payment transaction (the codec's shared "transaction" structure: keep key order). */
export interface Transaction {
  readonly txId: string;
  readonly account: string;
  /** Amount in the currency's major unit. */
  readonly amount: number;
  /** ISO 4217 code. */
  readonly currency: string;
  readonly merchant: string;
  /** ISO 18245 merchant category code, four digits. */
  readonly mcc: string;
  /** ISO 3166-1 alpha-2 country of the merchant. */
  readonly country: string;
  readonly channel: "pos" | "ecom" | "atm";
  /** Epoch milliseconds. */
  readonly ts: number;
}

/** A past transaction as the history keeps it. */
export interface RecentTransaction {
  readonly ts: number;
  readonly amount: number;
  readonly country: string;
  readonly merchant: string;
}

/** An account's hot features: what the cache holds per account. */
export interface AccountHistory {
  homeCountry: string;
  /** Exponentially weighted mean amount (α = 0.1). */
  avgAmount: number;
  count: number;
  /** Transactions of the last 24 hours, oldest first, at most {@link MAX_RECENT}. */
  recent: RecentTransaction[];
  /** Merchants seen, least recent first, at most {@link MAX_MERCHANTS}. */
  merchants: string[];
}

/** Recent transactions kept per account. */
export const MAX_RECENT = 50;
/** Known merchants kept per account. */
export const MAX_MERCHANTS = 100;
/** Merchant categories with a high fraud rate: wire transfer, direct marketing, quasi-cash, gambling. */
export const RISKY_MCCS: ReadonlySet<string> = new Set(["4829", "5967", "6051", "7995"]);

/** Feature names, in the model's order. */
export const FEATURES = [
  "logAmount",
  "amountVsAverage",
  "foreignCountry",
  "cardNotPresent",
  "riskyCategory",
  "velocity1h",
  "spend24h",
  "sinceLast",
  "nightTime",
  "newMerchant",
  "countries24h",
  "newAccount",
] as const;

/** A feature name. */
export type FeatureName = (typeof FEATURES)[number];

/** Why a feature raised the score, for the decision's reasons. */
export const FEATURE_REASONS: Readonly<Record<FeatureName, string>> = {
  logAmount: "large amount",
  amountVsAverage: "amount far above the account's usual spend",
  foreignCountry: "merchant outside the account's home country",
  cardNotPresent: "card not present (online)",
  riskyCategory: "high-risk merchant category",
  velocity1h: "many transactions in the last hour",
  spend24h: "high spend in the last 24 hours",
  sinceLast: "unusual time since the previous transaction",
  nightTime: "night-time transaction",
  newMerchant: "merchant never used by the account",
  countries24h: "several countries within 24 hours",
  newAccount: "account with little history",
};

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** The feature vector of a transaction given the account's history (undefined: first seen). */
export function extractFeatures(
  tx: Transaction,
  history: AccountHistory | undefined,
): Float64Array {
  const x = new Float64Array(FEATURES.length);
  x[0] = Math.log1p(tx.amount);
  const recent = history ? history.recent.filter((r) => r.ts > tx.ts - DAY && r.ts <= tx.ts) : [];
  if (history) {
    x[1] = Math.log((tx.amount + 1) / (history.avgAmount + 1));
    x[2] = tx.country === history.homeCountry ? 0 : 1;
    x[9] = history.merchants.includes(tx.merchant) ? 0 : 1;
    x[11] = history.count < 3 ? 1 : 0;
  } else {
    x[9] = 1;
    x[11] = 1;
  }
  x[3] = tx.channel === "ecom" ? 1 : 0;
  x[4] = RISKY_MCCS.has(tx.mcc) ? 1 : 0;
  let lastHour = 0;
  let spend = 0;
  let last = -Infinity;
  const countries = new Set([tx.country]);
  for (const r of recent) {
    if (r.ts > tx.ts - HOUR) lastHour += 1;
    spend += r.amount;
    if (r.ts > last) last = r.ts;
    countries.add(r.country);
  }
  x[5] = Math.log1p(lastHour);
  x[6] = Math.log1p(spend);
  x[7] = Math.log1p(Number.isFinite(last) ? (tx.ts - last) / 1000 : 86_400);
  const hour = new Date(tx.ts).getUTCHours();
  x[8] = hour < 5 ? 1 : 0;
  x[10] = countries.size - 1;
  return x;
}

/** The account's history after `tx` (a new object; the input is not modified). */
export function updateHistory(
  history: AccountHistory | undefined,
  tx: Transaction,
): AccountHistory {
  const recent = (history?.recent ?? []).filter((r) => r.ts > tx.ts - DAY);
  recent.push({ ts: tx.ts, amount: tx.amount, country: tx.country, merchant: tx.merchant });
  if (recent.length > MAX_RECENT) recent.splice(0, recent.length - MAX_RECENT);
  const merchants = (history?.merchants ?? []).filter((m) => m !== tx.merchant);
  merchants.push(tx.merchant);
  if (merchants.length > MAX_MERCHANTS) merchants.splice(0, merchants.length - MAX_MERCHANTS);
  return {
    homeCountry: history?.homeCountry ?? tx.country,
    avgAmount: history ? 0.9 * history.avgAmount + 0.1 * tx.amount : tx.amount,
    count: (history?.count ?? 0) + 1,
    recent,
    merchants,
  };
}

const ID = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$/;
const EARLIEST = Date.UTC(2000, 0, 1);
const LATEST = Date.UTC(2100, 0, 1);

/** Validates a transaction message. */
export function parseTransaction(value: unknown): Transaction {
  const o = object(value, "transaction");
  const at = "transaction";
  const id = { maxLength: 64, pattern: ID, hint: "1-64 letters, digits, _ . : -" };
  return {
    txId: string(o, "txId", at, id),
    account: string(o, "account", at, id),
    amount: number(o, "amount", at, { positive: true, max: 1e9 }),
    currency: string(o, "currency", at, {
      pattern: /^[A-Z]{3}$/,
      hint: "an ISO 4217 code such as USD",
    }),
    merchant: string(o, "merchant", at, { maxLength: 64 }),
    mcc: string(o, "mcc", at, { pattern: /^\d{4}$/, hint: "a four-digit merchant category code" }),
    country: string(o, "country", at, {
      pattern: /^[A-Z]{2}$/,
      hint: "an ISO 3166-1 alpha-2 code such as US",
    }),
    channel: oneOf(o, "channel", at, ["pos", "ecom", "atm"] as const),
    ts: number(o, "ts", at, { integer: true, min: EARLIEST, max: LATEST }),
  };
}
