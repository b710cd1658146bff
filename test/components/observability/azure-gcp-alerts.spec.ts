import assert from "node:assert/strict";
import { AzureAlerts } from "../../../components/observability/azure-alerts";
import { GcpAlerts } from "../../../components/observability/gcp-alerts";
import { useRecordingMocks } from "../azure-gcp-mocks";

describe("AzureAlerts", () => {
  it("computes p99 in a log alert and sends every alert to the action group", async () => {
    const mocks = await useRecordingMocks();
    new AzureAlerts("alerts", {
      resourceGroupName: "rg",
      location: "westeurope",
      baseName: "tachyon-prod-westeurope",
      applicationInsightsId: "ai-id",
      p99LatencyMs: 20,
      emails: ["oncall@example.com"],
    });
    await mocks.settle();
    const group = mocks.one("azure-native:monitor:ActionGroup", "alerts-actions");
    assert.deepEqual(group.inputs.emailReceivers, [
      { name: "email-0", emailAddress: "oncall@example.com", useCommonAlertSchema: true },
    ]);
    const p99 = mocks.one("azure-native:monitor:ScheduledQueryRule", "alerts-p99");
    assert.equal(
      p99.inputs.criteria.allOf[0].query,
      "requests | summarize p99 = percentile(duration, 99) by cloud_RoleName",
    );
    assert.deepEqual(p99.inputs.scopes, ["ai-id"]);
    const failures = mocks.one("azure-native:monitor:MetricAlert", "alerts-failures");
    assert.equal(failures.inputs.criteria.allOf[0].metricName, "requests/failed");
    assert.deepEqual(failures.inputs.actions, [
      { actionGroupId: p99.inputs.actions.actionGroups[0] },
    ]);
    assert.equal(mocks.ofType("azure-native:monitor:MetricAlert").length, 1);
  });

  it("refuses an action group short name over 12 characters", () => {
    assert.throws(
      () =>
        new AzureAlerts("bad", {
          resourceGroupName: "rg",
          location: "westeurope",
          baseName: "b",
          applicationInsightsId: "ai",
          p99LatencyMs: 20,
          shortName: "tachyon-on-call",
        }),
      {
        message:
          'shortName: Azure allows at most 12 characters, got "tachyon-on-call". Use a shorter name.',
      },
    );
  });
});

describe("GcpAlerts", () => {
  it("watches the 5xx ratio of the site's Cloud Run services", async () => {
    const mocks = await useRecordingMocks();
    new GcpAlerts("alerts", {
      displayName: "tachyon prod us-east4",
      region: "us-east4",
      p99LatencyMs: 15,
      email: "oncall@example.com",
    });
    await mocks.settle();
    const channel = mocks.one(
      "gcp:monitoring/notificationChannel:NotificationChannel",
      "alerts-channel",
    );
    assert.deepEqual(channel.inputs.labels, { email_address: "oncall@example.com" });
    const errors = mocks.one("gcp:monitoring/alertPolicy:AlertPolicy", "alerts-errors");
    const t = errors.inputs.conditions[0].conditionThreshold;
    assert.equal(
      t.filter,
      'resource.type = "cloud_run_revision" AND resource.label.location = "us-east4" AND metric.type = "run.googleapis.com/request_count" AND metric.label.response_code_class = "5xx"',
    );
    assert.equal(
      t.denominatorFilter,
      'resource.type = "cloud_run_revision" AND resource.label.location = "us-east4" AND metric.type = "run.googleapis.com/request_count"',
    );
    assert.equal(t.thresholdValue, 0.01);
    assert.equal(mocks.ofType("gcp:monitoring/alertPolicy:AlertPolicy").length, 2);
  });

  it("watches the backlog of every dead-letter subscription it is given, one condition each", async () => {
    const mocks = await useRecordingMocks();
    new GcpAlerts("alerts", {
      displayName: "tachyon prod us-east4",
      region: "us-east4",
      p99LatencyMs: 15,
      email: "oncall@example.com",
      deadLetterSubscriptions: ["market-data-dlq", "signals-dlq"],
    });
    await mocks.settle();
    const policy = mocks.one("gcp:monitoring/alertPolicy:AlertPolicy", "alerts-dead-letters");
    assert.equal(policy.inputs.combiner, "OR");
    assert.deepEqual(
      policy.inputs.conditions.map(
        (c: { displayName: string; conditionThreshold: { filter: string } }) => [
          c.displayName,
          c.conditionThreshold.filter,
        ],
      ),
      ["market-data-dlq", "signals-dlq"].map((sub) => [
        `dead-letter backlog of ${sub}`,
        `resource.type = "pubsub_subscription" AND resource.label.subscription_id = "${sub}" AND metric.type = "pubsub.googleapis.com/subscription/num_undelivered_messages"`,
      ]),
    );
  });
});
