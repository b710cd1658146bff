/**
 * The `fraud-score` function: features from the transaction and the account's hot history, a
 * logistic-regression score, and a decision with the reasons that drove it.
 */
import type { FunctionHandler } from "../lib/handler";
import { lazy } from "../lib/lazy";
import { TieredFeatureCache, type FeatureCache } from "./cache";
import { extractFeatures, parseTransaction, updateHistory, type Transaction } from "./features";
import { checkModel, reasonsOf, score, type FraudModel } from "./model";
import shipped from "./model.json";

/** The function's answer. */
export interface FraudDecision {
  readonly txId: string;
  /** Probability of fraud, four decimals. */
  readonly score: number;
  readonly decision: "approve" | "review" | "decline";
  /** Why the score is high, most important first; empty for a clean approval. */
  readonly reasons: string[];
  readonly model: string;
}

/** Dependencies of {@link fraudScoreFunction}. */
export interface FraudDeps {
  /** @default a tiered cache with no remote tier (instance memory) */
  readonly cache?: () => FeatureCache;
  /** @default the shipped model.json */
  readonly model?: FraudModel;
}

/** Scores one transaction and records it in the account's history. */
export async function scoreTransaction(
  tx: Transaction,
  cache: FeatureCache,
  model: FraudModel,
): Promise<FraudDecision> {
  const history = await cache.get(tx.account);
  const result = score(model, extractFeatures(tx, history));
  await cache.set(tx.account, updateHistory(history, tx));
  const decision =
    result.score >= model.thresholds.decline
      ? "decline"
      : result.score >= model.thresholds.review
        ? "review"
        : "approve";
  return {
    txId: tx.txId,
    score: Math.round(result.score * 1e4) / 1e4,
    decision,
    reasons: decision === "approve" ? [] : reasonsOf(result),
    model: model.version,
  };
}

/** The `fraud-score` handler. */
export function fraudScoreFunction(
  deps: FraudDeps = {},
): FunctionHandler<Transaction, FraudDecision> {
  const model = checkModel(deps.model ?? (shipped as FraudModel));
  const cache = lazy(deps.cache ?? (() => new TieredFeatureCache(undefined)));
  return {
    name: "fraud-score",
    payload: "message",
    maxBytes: 4096,
    parse: parseTransaction,
    handle: (tx) => scoreTransaction(tx, cache(), model),
  };
}
