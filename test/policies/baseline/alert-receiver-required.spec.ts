import assert from "node:assert/strict";
import { unknownValue } from "@pulumi/pulumi/runtime/rpc";
import { alertReceiverRequired } from "../../../policies/baseline/alert-receiver-required";
import { validateStack, withProp, type FixtureResource } from "../harness";

const TOPIC_ARN = "arn:aws:sns:us-east-1:123456789012:alarms";

const topic: FixtureResource = {
  type: "aws:sns/topic:Topic",
  name: "alarms",
  props: { name: "alarms", arn: TOPIC_ARN },
};
const alarm: FixtureResource = {
  type: "aws:cloudwatch/metricAlarm:MetricAlarm",
  name: "p99",
  props: { alarmActions: [TOPIC_ARN], okActions: [TOPIC_ARN] },
  propertyDependencies: { alarmActions: [topic], okActions: [topic] },
};
const subscription: FixtureResource = {
  type: "aws:sns/topicSubscription:TopicSubscription",
  name: "oncall",
  props: { topic: TOPIC_ARN, protocol: "email", endpoint: "oncall@example.com" },
  propertyDependencies: { topic: [topic] },
};
const group: FixtureResource = {
  type: "azure-native:monitor:ActionGroup",
  name: "actions",
  props: {
    enabled: true,
    groupShortName: "tachyon",
    emailReceivers: [{ name: "email-0", emailAddress: "oncall@example.com" }],
  },
};
const policy: FixtureResource = {
  type: "gcp:monitoring/alertPolicy:AlertPolicy",
  name: "p99-policy",
  props: { notificationChannels: ["projects/p/notificationChannels/1"] },
};

const compliant = [topic, alarm, subscription, group, policy];
const replace = (old: FixtureResource, next: FixtureResource) =>
  compliant.map((r) => (r === old ? next : r));
const NO_SUBSCRIPTION =
  "alarms: SNS topic a CloudWatch alarm notifies must have a subscription in the stack; found none.";

describe("alert-receiver-required", () => {
  it("accepts a subscribed alarm topic, an action group with a receiver and a policy with a channel", async () => {
    assert.deepEqual(await validateStack(alertReceiverRequired, compliant), []);
  });

  it("reports an alarm topic with no subscription", async () => {
    assert.deepEqual(await validateStack(alertReceiverRequired, [topic, alarm, group, policy]), [
      NO_SUBSCRIPTION,
    ]);
  });

  it("links alarm and subscription to the topic by ARN when the engine names no dependency", async () => {
    const byArn = (r: FixtureResource): FixtureResource => ({ ...r, propertyDependencies: {} });
    assert.deepEqual(await validateStack(alertReceiverRequired, [topic, byArn(alarm)]), [
      NO_SUBSCRIPTION,
    ]);
    assert.deepEqual(
      await validateStack(alertReceiverRequired, [topic, byArn(alarm), byArn(subscription)]),
      [],
    );
  });

  it("links them by the engine's dependencies while the ARN is unknown during preview", async () => {
    const unknownArn = withProp(topic, "arn", unknownValue);
    const alarmOf = { ...withProp(alarm, "alarmActions", [unknownValue]) };
    alarmOf.propertyDependencies = { alarmActions: [unknownArn] };
    assert.deepEqual(await validateStack(alertReceiverRequired, [unknownArn, alarmOf]), [
      NO_SUBSCRIPTION,
    ]);
  });

  it("counts a subscription on another topic as none", async () => {
    const other: FixtureResource = {
      type: "aws:sns/topic:Topic",
      name: "deploys",
      props: { arn: "arn:aws:sns:us-east-1:123456789012:deploys" },
    };
    const elsewhere: FixtureResource = {
      ...withProp(subscription, "topic", "arn:aws:sns:us-east-1:123456789012:deploys"),
      propertyDependencies: { topic: [other] },
    };
    assert.deepEqual(
      await validateStack(alertReceiverRequired, replace(subscription, elsewhere).concat(other)),
      [NO_SUBSCRIPTION],
    );
  });

  it("leaves alone a topic no alarm notifies and an alarm topic from outside the stack", async () => {
    const external = withProp(alarm, "alarmActions", ["arn:aws:sns:us-east-1:1:pager"]);
    external.propertyDependencies = {};
    assert.deepEqual(
      await validateStack(alertReceiverRequired, [topic, withProp(external, "okActions", [])]),
      [],
    );
  });

  it("reports an action group with no receiver of any kind", async () => {
    assert.deepEqual(
      await validateStack(
        alertReceiverRequired,
        replace(group, withProp(group, "emailReceivers", [])),
      ),
      ["actions: Action group must be enabled with at least one receiver; found no receiver."],
    );
  });

  it("accepts an action group whose only receiver is a webhook", async () => {
    const webhook = withProp(withProp(group, "emailReceivers", undefined), "webhookReceivers", [
      { name: "pager", serviceUri: "https://events.example.com/azure" },
    ]);
    assert.deepEqual(await validateStack(alertReceiverRequired, replace(group, webhook)), []);
  });

  it("reports a disabled action group", async () => {
    assert.deepEqual(
      await validateStack(alertReceiverRequired, replace(group, withProp(group, "enabled", false))),
      ["actions: Action group must be enabled with at least one receiver; found enabled false."],
    );
  });

  it("reports an alert policy without notification channels, set empty or left out", async () => {
    for (const channels of [[], undefined]) {
      assert.deepEqual(
        await validateStack(
          alertReceiverRequired,
          replace(policy, withProp(policy, "notificationChannels", channels)),
        ),
        ["p99-policy: Alert policy must name at least one notification channel; found none."],
      );
    }
  });
});
