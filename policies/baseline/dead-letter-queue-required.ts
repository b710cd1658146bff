/**
 * `dead-letter-queue-required`: a message that cannot be processed is parked, never lost or
 * retried forever. SQS queues redrive to a dead-letter queue (queues that are themselves a
 * dead-letter target are exempt); stream event source mappings (Kinesis, DynamoDB Streams, Kafka)
 * have an on-failure destination; Lambda functions invoked asynchronously (a Permission for SNS,
 * EventBridge, S3, ...) have a dead-letter queue or an on-failure destination; Pub/Sub
 * subscriptions have a dead-letter policy (those reading a dead-letter topic are exempt); Service Bus queues and subscriptions dead-letter
 * expired messages.
 */
import type { PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import { lambdaTarget } from "../lib/lambda";
import { dependenciesOf, ofType } from "../lib/stack";
import { asString, pathOf } from "../lib/resource";
import { AWS, AZURE, GCP } from "../lib/resource-types";
import { isUnknown } from "../lib/unknown";

/** Service principals that invoke Lambda asynchronously (event invocation, retried by Lambda). */
export const ASYNC_PRINCIPALS: readonly string[] = [
  "sns.amazonaws.com",
  "events.amazonaws.com",
  "s3.amazonaws.com",
  "ses.amazonaws.com",
  "iot.amazonaws.com",
  "logs.amazonaws.com",
  "config.amazonaws.com",
  "codecommit.amazonaws.com",
];

/** The SQS queues some redrive policy names as its dead-letter target. */
function deadLetterTargets(resources: readonly PolicyResource[]): Set<PolicyResource> {
  const targets = new Set<PolicyResource>();
  const queues = ofType(resources, AWS.sqsQueue);
  for (const r of ofType(resources, AWS.sqsQueue, AWS.sqsRedrivePolicy)) {
    for (const dep of dependenciesOf(r, "redrivePolicy")) targets.add(dep);
    const arn = asString(pathOf(safeJson(pathOf(r.props, "redrivePolicy")), "deadLetterTargetArn"));
    for (const q of queues)
      if (arn !== undefined && asString(pathOf(q.props, "arn")) === arn) targets.add(q);
  }
  return targets;
}

/** Parses a JSON text, or returns objects as they are. */
function safeJson(value: unknown): unknown {
  if (typeof value !== "string") return value;
  try {
    return JSON.parse(value) as unknown;
  } catch {
    return undefined;
  }
}

/**
 * The Pub/Sub subscriptions that read a dead-letter topic: they drain parked messages and need no
 * dead-letter topic of their own. Linked by the engine's dependencies (the subscription's `topic`
 * and the other's `deadLetterPolicy` came from the same Topic) or by equal topic names.
 */
function deadLetterReaders(resources: readonly PolicyResource[]): Set<PolicyResource> {
  const subs = ofType(resources, GCP.pubsubSubscription);
  const topics = new Set<PolicyResource>();
  const names = new Set<string>();
  for (const s of subs) {
    for (const t of dependenciesOf(s, "deadLetterPolicy")) topics.add(t);
    const name = asString(pathOf(s.props, "deadLetterPolicy", "deadLetterTopic"));
    if (name !== undefined) names.add(name);
  }
  return new Set(
    subs.filter((s) => {
      const topic = asString(pathOf(s.props, "topic"));
      return (
        dependenciesOf(s, "topic").some((t) => topics.has(t)) ||
        (topic !== undefined && names.has(topic))
      );
    }),
  );
}

/** Whether an SQS queue redrives, inline or through an `aws:sqs/redrivePolicy` resource. */
function redrives(resources: readonly PolicyResource[], queue: PolicyResource): boolean {
  if (pathOf(queue.props, "redrivePolicy") !== undefined) return true;
  const url = asString(pathOf(queue.props, "url")) ?? asString(pathOf(queue.props, "id"));
  return ofType(resources, AWS.sqsRedrivePolicy).some(
    (p) =>
      dependenciesOf(p, "queueUrl").includes(queue) ||
      (url !== undefined && asString(pathOf(p.props, "queueUrl")) === url),
  );
}

/** Whether the event source of a mapping is an SQS queue (its own redrive policy applies). */
function isQueueSource(mapping: PolicyResource): boolean {
  if (dependenciesOf(mapping, "eventSourceArn").some((d) => d.type === AWS.sqsQueue)) return true;
  return (asString(pathOf(mapping.props, "eventSourceArn")) ?? "").startsWith("arn:aws:sqs:");
}

/** The Lambda functions some async-invoking service has permission to invoke. */
function asyncFunctions(resources: readonly PolicyResource[]): Set<PolicyResource> {
  const out = new Set<PolicyResource>();
  for (const p of ofType(resources, AWS.lambdaPermission)) {
    const principal = asString(pathOf(p.props, "principal"));
    if (principal === undefined || !ASYNC_PRINCIPALS.includes(principal)) continue;
    const target = lambdaTarget(resources, p, "function", "qualifier");
    if (target) out.add(target.fn);
  }
  return out;
}

/** Whether an async-invoked function parks failed events. */
function hasAsyncFailureTarget(resources: readonly PolicyResource[], fn: PolicyResource): boolean {
  if (pathOf(fn.props, "deadLetterConfig", "targetArn") !== undefined) return true;
  return ofType(resources, AWS.functionEventInvokeConfig).some(
    (c) =>
      lambdaTarget(resources, c, "functionName", "qualifier")?.fn === fn &&
      pathOf(c.props, "destinationConfig", "onFailure", "destination") !== undefined,
  );
}

/** The policy. */
export const deadLetterQueueRequired: StackValidationPolicy = {
  name: "dead-letter-queue-required",
  description:
    "Failed messages and events are parked in a dead-letter queue or on-failure destination (SQS, Lambda event sources and async invocations, Pub/Sub, Service Bus).",
  enforcementLevel: "mandatory",
  severity: "medium",
  validateStack: (args, reportViolation) => {
    const resources = args.resources;
    const targets = deadLetterTargets(resources);
    for (const queue of ofType(resources, AWS.sqsQueue)) {
      if (isUnknown(queue.props, "redrivePolicy")) continue;
      if (!targets.has(queue) && !redrives(resources, queue)) {
        reportViolation(
          "SQS queue must have a redrivePolicy to a dead-letter queue; found none.",
          queue.urn,
        );
      }
    }
    for (const mapping of ofType(resources, AWS.eventSourceMapping)) {
      if (isQueueSource(mapping) || isUnknown(mapping.props, "eventSourceArn")) continue;
      if (isUnknown(mapping.props, "destinationConfig", "onFailure", "destinationArn")) continue;
      if (pathOf(mapping.props, "destinationConfig", "onFailure", "destinationArn") === undefined) {
        reportViolation(
          "Event source mapping must set destinationConfig.onFailure.destinationArn; found none.",
          mapping.urn,
        );
      }
    }
    for (const fn of asyncFunctions(resources)) {
      if (!hasAsyncFailureTarget(resources, fn)) {
        reportViolation(
          "Asynchronously invoked Lambda function must have a deadLetterConfig or an on-failure destination; found neither.",
          fn.urn,
        );
      }
    }
    const readers = deadLetterReaders(resources);
    for (const sub of ofType(resources, GCP.pubsubSubscription)) {
      if (isUnknown(sub.props, "deadLetterPolicy", "deadLetterTopic")) continue;
      if (
        !readers.has(sub) &&
        pathOf(sub.props, "deadLetterPolicy", "deadLetterTopic") === undefined
      ) {
        reportViolation(
          "Pub/Sub subscription must set deadLetterPolicy.deadLetterTopic; found none.",
          sub.urn,
        );
      }
    }
    for (const q of ofType(resources, AZURE.serviceBusQueue, AZURE.serviceBusSubscription)) {
      if (isUnknown(q.props, "deadLetteringOnMessageExpiration")) continue;
      if (pathOf(q.props, "deadLetteringOnMessageExpiration") !== true) {
        const what = q.type === AZURE.serviceBusQueue ? "queue" : "subscription";
        reportViolation(
          `Service Bus ${what} must set deadLetteringOnMessageExpiration to true; found it off.`,
          q.urn,
        );
      }
    }
  },
};
