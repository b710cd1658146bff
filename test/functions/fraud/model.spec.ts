import assert from "node:assert/strict";
import shipped from "../../../functions/fraud/model.json";
import { auc, checkModel, precisionRecall, type FraudModel } from "../../../functions/fraud/model";
import { datasets, scoreAll, train } from "../../../functions/fraud/train";

const model = checkModel(shipped as FraudModel);

describe("functions/fraud/model", () => {
  it("measures the shipped model on the held-out split and matches its recorded accuracy", () => {
    const { test } = datasets();
    const scores = scoreAll(model, test);
    const measured = auc(scores, test.y);
    const { precision, recall } = precisionRecall(scores, test.y, model.thresholds.review);
    const fraud = test.y.filter((y) => y === 1).length;
    console.log(
      `      held-out: ${test.y.length} transactions, ${fraud} fraud; AUC ${measured.toFixed(4)}, precision ${precision.toFixed(4)}, recall ${recall.toFixed(4)} at ${model.thresholds.review}`,
    );
    assert.equal(Math.round(measured * 1e4) / 1e4, model.metrics.auc);
    assert.equal(Math.round(precision * 1e4) / 1e4, model.metrics.precision);
    assert.equal(Math.round(recall * 1e4) / 1e4, model.metrics.recall);
    assert.ok(measured > 0.9, `held-out AUC ${measured} must exceed 0.9`);
  });

  it("is reproduced exactly by retraining from the seed", function () {
    this.timeout(120_000);
    assert.deepEqual(train(), shipped);
  });

  it("computes AUC with ties counted half", () => {
    assert.equal(auc([0.1, 0.4, 0.35, 0.8], [0, 0, 1, 1]), 0.75);
    assert.equal(auc([0.5, 0.5], [0, 1]), 0.5);
  });

  it("rejects a model whose features differ from the serving code's", () => {
    assert.throws(() => checkModel({ ...model, features: model.features.slice(1) }), {
      message:
        /^functions\/fraud\/model\.json: features must be logAmount, amountVsAverage, .*\. Retrain with "npx tsx functions\/fraud\/train\.ts"\.$/,
    });
  });
});
