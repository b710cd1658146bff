import assert from "node:assert/strict";
import { AwsSiteDashboard, dashboardBody } from "../../../components/observability/aws-dashboard";
import { useAwsMocks, type Recorder } from "../aws-mocks";

const ALIAS = ["FunctionName", "fx", "Resource", "fx:live"];

describe("dashboardBody", () => {
  it("graphs p50/p99 against the budget, provisioned utilisation, spillover, throttles and iterator age per alias", () => {
    const body = JSON.parse(
      dashboardBody(
        "eu-west-2",
        [{ functionName: "fx", budgetMs: 15, provisioned: true, stream: true }],
        ["q-dlq"],
      ),
    ) as { widgets: Record<string, unknown>[] };
    const common = { region: "eu-west-2", view: "timeSeries", period: 60, stacked: false };
    assert.deepEqual(body.widgets, [
      {
        type: "metric",
        x: 0,
        y: 0,
        width: 12,
        height: 6,
        properties: {
          title: "fx duration (live)",
          ...common,
          metrics: [
            ["AWS/Lambda", "Duration", ...ALIAS, { stat: "p50", label: "p50" }],
            ["AWS/Lambda", "Duration", ...ALIAS, { stat: "p99", label: "p99" }],
          ],
          annotations: { horizontal: [{ label: "budget", value: 15 }] },
          yAxis: { left: { label: "ms", min: 0 } },
        },
      },
      {
        type: "metric",
        x: 12,
        y: 0,
        width: 12,
        height: 6,
        properties: {
          title: "fx concurrency, throttles, lag (live)",
          ...common,
          metrics: [
            [
              "AWS/Lambda",
              "ProvisionedConcurrencyUtilization",
              ...ALIAS,
              { stat: "Maximum", label: "provisioned utilisation", yAxis: "right" },
            ],
            [
              "AWS/Lambda",
              "ProvisionedConcurrencySpilloverInvocations",
              ...ALIAS,
              { stat: "Sum", label: "spillover" },
            ],
            ["AWS/Lambda", "Throttles", ...ALIAS, { stat: "Sum", label: "throttles" }],
            ["AWS/Lambda", "IteratorAge", ...ALIAS, { stat: "Maximum", label: "iterator age ms" }],
          ],
        },
      },
      {
        type: "metric",
        x: 0,
        y: 6,
        width: 12,
        height: 6,
        properties: {
          title: "Dead-letter queue depth",
          ...common,
          metrics: [
            [
              "AWS/SQS",
              "ApproximateNumberOfMessagesVisible",
              "QueueName",
              "q-dlq",
              { stat: "Maximum", label: "q-dlq" },
            ],
          ],
        },
      },
    ]);
  });

  it("leaves out provisioned metrics and iterator age where they do not apply", () => {
    const body = JSON.parse(
      dashboardBody(
        "us-east-1",
        [{ functionName: "fx", budgetMs: 50, provisioned: false, stream: false }],
        [],
      ),
    ) as { widgets: { properties: { metrics: unknown[][] } }[] };
    assert.equal(body.widgets.length, 2);
    assert.deepEqual(
      body.widgets[1].properties.metrics.map((m) => m[1]),
      ["Throttles"],
    );
  });
});

describe("AwsSiteDashboard", () => {
  let mocks: Recorder;
  beforeEach(async () => {
    mocks = await useAwsMocks();
  });

  it("creates one dashboard in the site's region with the resolved names", async () => {
    new AwsSiteDashboard("dash", {
      region: "us-east-1",
      dashboardName: "tachyon-dev-us-east-1-latency",
      functions: [{ functionName: "fx", budgetMs: 15, provisioned: true, stream: false }],
      deadLetterQueueNames: ["q-dlq"],
    });
    await mocks.settle();
    const d = mocks.one("aws:cloudwatch/dashboard:Dashboard", "dash-dashboard").inputs;
    assert.deepEqual([d.region, d.dashboardName], ["us-east-1", "tachyon-dev-us-east-1-latency"]);
    assert.equal(
      d.dashboardBody,
      dashboardBody(
        "us-east-1",
        [{ functionName: "fx", budgetMs: 15, provisioned: true, stream: false }],
        ["q-dlq"],
      ),
    );
  });
});
