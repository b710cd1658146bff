/**
 * `alert-receiver-required`: an alarm that fires reaches a person or a system. An SNS topic that
 * a CloudWatch alarm notifies has a subscription in the stack; an Azure Monitor action group is
 * enabled and has at least one receiver; a Cloud Monitoring alert policy names at least one
 * notification channel. A topic an alarm names only by an ARN from outside the stack is not
 * judged: its subscriptions live elsewhere. Advisory by default (a development stack may alert
 * nobody on purpose); `policies/config/prod.json` makes it mandatory.
 */
import type { PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import { asArray, asString, pathOf } from "../lib/resource";
import { AWS, AZURE, GCP } from "../lib/resource-types";
import { dependenciesOf, ofType } from "../lib/stack";
import { isUnknown } from "../lib/unknown";

/** The inputs of a CloudWatch alarm that name the topics it notifies. */
const ALARM_ACTION_INPUTS = ["alarmActions", "okActions", "insufficientDataActions"] as const;

/**
 * Every receiver list of an action group (`azure-native` v3, Microsoft.Insights/actionGroups).
 * https://learn.microsoft.com/en-us/azure/azure-monitor/alerts/action-groups
 */
export const ACTION_GROUP_RECEIVERS: readonly string[] = [
  "emailReceivers",
  "smsReceivers",
  "webhookReceivers",
  "itsmReceivers",
  "azureAppPushReceivers",
  "automationRunbookReceivers",
  "voiceReceivers",
  "logicAppReceivers",
  "azureFunctionReceivers",
  "armRoleReceivers",
  "eventHubReceivers",
  "incidentReceivers",
];

/** Whether the value of `prop` of `r` came from `topic` or equals the topic's ARN. */
function names(r: PolicyResource, prop: string, topic: PolicyResource): boolean {
  if (dependenciesOf(r, prop).includes(topic)) return true;
  const arn = asString(pathOf(topic.props, "arn"));
  if (arn === undefined) return false;
  const value = pathOf(r.props, prop);
  return Array.isArray(value) ? asArray(value).includes(arn) : value === arn;
}

/** The in-stack SNS topics some CloudWatch alarm notifies. */
function alarmTopics(resources: readonly PolicyResource[]): PolicyResource[] {
  const alarms = ofType(resources, AWS.metricAlarm, AWS.compositeAlarm);
  return ofType(resources, AWS.snsTopic).filter((topic) =>
    alarms.some((a) => ALARM_ACTION_INPUTS.some((p) => names(a, p, topic))),
  );
}

/**
 * Whether some subscription may be on `topic`: one that names it, or one whose topic is not
 * known yet and came from no resource the engine could name (it may be this topic).
 */
function subscribed(subscriptions: readonly PolicyResource[], topic: PolicyResource): boolean {
  return subscriptions.some(
    (s) =>
      names(s, "topic", topic) ||
      (isUnknown(s.props, "topic") && dependenciesOf(s, "topic").length === 0),
  );
}

/** Why an action group reaches nobody, or `undefined` when it reaches someone (or may). */
function silentActionGroup(group: PolicyResource): string | undefined {
  if (isUnknown(group.props, "enabled")) return undefined;
  if (pathOf(group.props, "enabled") === false) return "enabled false";
  let unknown = false;
  for (const list of ACTION_GROUP_RECEIVERS) {
    if (isUnknown(group.props, list)) unknown = true;
    else if (asArray(pathOf(group.props, list)).length > 0) return undefined;
  }
  return unknown ? undefined : "no receiver";
}

/** The policy. */
export const alertReceiverRequired: StackValidationPolicy = {
  name: "alert-receiver-required",
  description:
    "Alerts reach someone: SNS topics that CloudWatch alarms notify have a subscription, Azure Monitor action groups have a receiver, Cloud Monitoring alert policies name a notification channel.",
  enforcementLevel: "advisory",
  severity: "medium",
  validateStack: (args, reportViolation) => {
    const resources = args.resources;
    const subscriptions = ofType(resources, AWS.snsTopicSubscription);
    for (const topic of alarmTopics(resources)) {
      if (subscribed(subscriptions, topic)) continue;
      reportViolation(
        "SNS topic a CloudWatch alarm notifies must have a subscription in the stack; found none.",
        topic.urn,
      );
    }
    for (const group of ofType(resources, AZURE.actionGroup)) {
      const found = silentActionGroup(group);
      if (found === undefined) continue;
      reportViolation(
        `Action group must be enabled with at least one receiver; found ${found}.`,
        group.urn,
      );
    }
    for (const policy of ofType(resources, GCP.alertPolicy)) {
      if (isUnknown(policy.props, "notificationChannels")) continue;
      if (asArray(pathOf(policy.props, "notificationChannels")).length > 0) continue;
      reportViolation(
        "Alert policy must name at least one notification channel; found none.",
        policy.urn,
      );
    }
  },
};
