/**
 * The fraud model: logistic regression over standardised features, shipped as data
 * (`model.json`, written by `train.ts`) and evaluated in a few hundred nanoseconds.
 */
import { FEATURE_REASONS, FEATURES, type FeatureName } from "./features";

/** Measured quality of the model on the held-out split. */
export interface ModelMetrics {
  readonly auc: number;
  /** At the review threshold. */
  readonly precision: number;
  /** At the review threshold. */
  readonly recall: number;
  readonly trainSize: number;
  readonly testSize: number;
  readonly testFraudRate: number;
}

/** The shipped model (the shape of model.json). */
export interface FraudModel {
  readonly version: string;
  readonly features: readonly FeatureName[];
  readonly mean: readonly number[];
  readonly std: readonly number[];
  readonly weights: readonly number[];
  readonly bias: number;
  /** Score at or above which a transaction is reviewed / declined. */
  readonly thresholds: { readonly review: number; readonly decline: number };
  readonly training: {
    readonly seed: number;
    readonly accounts: number;
    readonly days: number;
    readonly epochs: number;
    readonly learningRate: number;
    readonly l2: number;
  };
  readonly metrics: ModelMetrics;
}

/** A scored transaction. */
export interface Score {
  /** Probability of fraud, 0..1. */
  readonly score: number;
  /** The largest positive contributions, most important first. */
  readonly contributions: { readonly feature: FeatureName; readonly value: number }[];
}

/** Checks that a model's arrays fit the feature list this code computes. */
export function checkModel(model: FraudModel): FraudModel {
  const n = FEATURES.length;
  const sameFeatures =
    model.features.length === n && model.features.every((f, i) => f === FEATURES[i]);
  if (
    !sameFeatures ||
    model.mean.length !== n ||
    model.std.length !== n ||
    model.weights.length !== n
  ) {
    throw new Error(
      `functions/fraud/model.json: features must be ${FEATURES.join(", ")}, got ${model.features.join(", ")}. Retrain with "npx tsx functions/fraud/train.ts".`,
    );
  }
  return model;
}

/** The logistic function. */
export function sigmoid(z: number): number {
  return 1 / (1 + Math.exp(-z));
}

/** Scores a feature vector. */
export function score(model: FraudModel, x: Float64Array): Score {
  let z = model.bias;
  const contributions: { feature: FeatureName; value: number }[] = [];
  for (let i = 0; i < x.length; i++) {
    const c = model.weights[i] * ((x[i] - model.mean[i]) / model.std[i]);
    z += c;
    if (c > 0.25) contributions.push({ feature: model.features[i], value: c });
  }
  contributions.sort((a, b) => b.value - a.value);
  return { score: sigmoid(z), contributions: contributions.slice(0, 3) };
}

/** Human reasons for the contributions. */
export function reasonsOf(result: Score): string[] {
  return result.contributions.map((c) => FEATURE_REASONS[c.feature]);
}

/** Area under the ROC curve (Mann-Whitney U, ties counted half). */
export function auc(scores: readonly number[], labels: readonly number[]): number {
  const order = scores.map((s, i) => [s, labels[i]] as const).sort((a, b) => a[0] - b[0]);
  let positives = 0;
  let rankSum = 0;
  for (let i = 0; i < order.length;) {
    let j = i;
    while (j < order.length && order[j][0] === order[i][0]) j++;
    const rank = (i + 1 + j) / 2;
    for (let k = i; k < j; k++) {
      if (order[k][1] === 1) {
        positives += 1;
        rankSum += rank;
      }
    }
    i = j;
  }
  const negatives = order.length - positives;
  if (positives === 0 || negatives === 0) return Number.NaN;
  return (rankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}

/** Precision and recall of `score >= threshold` as the fraud prediction. */
export function precisionRecall(
  scores: readonly number[],
  labels: readonly number[],
  threshold: number,
): { precision: number; recall: number } {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  scores.forEach((s, i) => {
    const fraud = labels[i] === 1;
    if (s >= threshold) {
      if (fraud) tp += 1;
      else fp += 1;
    } else if (fraud) fn += 1;
  });
  return {
    precision: tp + fp === 0 ? 0 : tp / (tp + fp),
    recall: tp + fn === 0 ? 0 : tp / (tp + fn),
  };
}
