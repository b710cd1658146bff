/**
 * Trains the fraud model offline and writes `functions/fraud/model.json`:
 *
 *     npx tsx functions/fraud/train.ts
 *
 * Data: the seeded synthetic set of `synthetic.ts`, featurised by the serving code, split by
 * time (first 70% train, last 30% held out). Model: logistic regression on standardised
 * features, full-batch gradient descent with L2. The review threshold maximises F1 on the
 * training split; the decline threshold is the lowest score above 0.5 whose training precision
 * reaches 90%. AUC, precision and recall are measured on the held-out split and stored in the model.
 * Everything is deterministic: the same seed gives the same model.json.
 */
import { writeFileSync } from "node:fs";
import * as path from "node:path";
import { FEATURES } from "./features";
import { auc, precisionRecall, sigmoid, type FraudModel } from "./model";
import { featurize, generateTransactions, splitByTime, type Dataset } from "./synthetic";

/** Training parameters. */
export const TRAINING = {
  seed: 20260105,
  accounts: 4000,
  days: 30,
  epochs: 600,
  learningRate: 0.5,
  l2: 1e-4,
} as const;

/** Builds the held-out split exactly as training does (the spec re-measures the model on it). */
export function datasets(): { train: Dataset; test: Dataset } {
  const data = featurize(generateTransactions(TRAINING));
  return splitByTime(data, 0.7);
}

/** Scores a whole data set with a model. */
export function scoreAll(
  model: Pick<FraudModel, "mean" | "std" | "weights" | "bias">,
  data: Dataset,
): number[] {
  return data.x.map((x) => {
    let z = model.bias;
    for (let i = 0; i < x.length; i++) {
      z += model.weights[i] * ((x[i] - model.mean[i]) / model.std[i]);
    }
    return sigmoid(z);
  });
}

/** Trains and evaluates the model. */
export function train(): FraudModel {
  const { train: trainSet, test } = datasets();
  const n = FEATURES.length;
  const m = trainSet.x.length;
  const mean = new Array<number>(n).fill(0);
  const std = new Array<number>(n).fill(0);
  for (const x of trainSet.x) for (let i = 0; i < n; i++) mean[i] = mean[i] + x[i] / m;
  for (const x of trainSet.x) {
    for (let i = 0; i < n; i++) std[i] = std[i] + (x[i] - mean[i]) ** 2 / m;
  }
  for (let i = 0; i < n; i++) std[i] = Math.sqrt(std[i]) || 1;
  const z = trainSet.x.map((x) => Array.from(x, (v, i) => (v - mean[i]) / std[i]));
  const weights = new Array<number>(n).fill(0);
  let bias = 0;
  for (let epoch = 0; epoch < TRAINING.epochs; epoch++) {
    const grad = new Array<number>(n).fill(0);
    let gradBias = 0;
    for (let k = 0; k < m; k++) {
      const row = z[k];
      let s = bias;
      for (let i = 0; i < n; i++) s += weights[i] * row[i];
      const error = sigmoid(s) - (trainSet.y[k] as number);
      for (let i = 0; i < n; i++) grad[i] = grad[i] + error * row[i];
      gradBias += error;
    }
    for (let i = 0; i < n; i++) {
      weights[i] = weights[i] - TRAINING.learningRate * (grad[i] / m + TRAINING.l2 * weights[i]);
    }
    bias -= (TRAINING.learningRate * gradBias) / m;
  }
  const rounded = {
    mean: mean.map(r6),
    std: std.map(r6),
    weights: weights.map(r6),
    bias: r6(bias),
  };
  const trainScores = scoreAll(rounded, trainSet);
  const review = bestF1Threshold(trainScores, trainSet.y);
  const decline = precisionThreshold(trainScores, trainSet.y, 0.9, Math.max(review, 0.5));
  const testScores = scoreAll(rounded, test);
  const pr = precisionRecall(testScores, test.y, review);
  return {
    version: `lr-${TRAINING.seed}`,
    features: [...FEATURES],
    ...rounded,
    thresholds: { review, decline },
    training: { ...TRAINING },
    metrics: {
      auc: r4(auc(testScores, test.y)),
      precision: r4(pr.precision),
      recall: r4(pr.recall),
      trainSize: m,
      testSize: test.x.length,
      testFraudRate: r4(test.y.reduce<number>((s, v) => s + v, 0) / test.y.length),
    },
  };
}

const CANDIDATES = Array.from({ length: 99 }, (_, i) => (i + 1) / 100);

function bestF1Threshold(scores: number[], labels: (0 | 1)[]): number {
  let best = 0.5;
  let bestF1 = -1;
  for (const t of CANDIDATES) {
    const { precision, recall } = precisionRecall(scores, labels, t);
    const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
    if (f1 > bestF1) {
      bestF1 = f1;
      best = t;
    }
  }
  return best;
}

function precisionThreshold(
  scores: number[],
  labels: (0 | 1)[],
  target: number,
  floor: number,
): number {
  for (const t of CANDIDATES) {
    if (t > floor && precisionRecall(scores, labels, t).precision >= target) return t;
  }
  return 0.99;
}

function r6(v: number): number {
  return Number(v.toPrecision(6));
}

function r4(v: number): number {
  return Math.round(v * 1e4) / 1e4;
}

if (require.main === module) {
  const model = train();
  const file = path.join(__dirname, "model.json");
  writeFileSync(file, `${JSON.stringify(model, null, 2)}\n`);
  const { metrics: q, thresholds: t } = model;
  console.log(
    `wrote ${path.relative(process.cwd(), file)}: held-out AUC ${q.auc}, precision ${q.precision}, recall ${q.recall} at review threshold ${t.review} (decline ${t.decline}); train ${q.trainSize}, test ${q.testSize} transactions, ${(q.testFraudRate * 100).toFixed(2)}% fraud`,
  );
}
