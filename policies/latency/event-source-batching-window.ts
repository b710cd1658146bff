/**
 * `event-source-batching-window`: events reach a latency-critical function as soon as they
 * arrive. Lambda event source mappings wait up to `maximumBatchingWindowInSeconds` to fill a
 * batch, and a large batch makes the last record wait for the first ones to be processed; both are
 * capped. Azure function apps show their Event Hubs / Service Bus batch sizes only when set as
 * app settings (`AzureFunctionsJobHost__extensions__...`), which are judged when present.
 */
import type { PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import { configOf } from "../lib/config";
import { isLatencyCritical } from "../lib/latency-class";
import { lambdaTarget } from "../lib/lambda";
import { dependenciesOf, ofType } from "../lib/stack";
import { asArray, asNumber, asString, pathOf } from "../lib/resource";
import { AWS, AZURE } from "../lib/resource-types";

/** Config of `event-source-batching-window`. */
export interface BatchingConfig {
  /** Longest batching window, in seconds. */
  maxBatchingWindowSeconds: number;
  /** Largest batch. */
  maxBatchSize: number;
}

/** Azure Functions host settings that set a trigger's batch size, by trigger. */
export const AZURE_BATCH_SETTINGS: Readonly<Record<string, string>> = {
  "Event Hubs": "AzureFunctionsJobHost__extensions__eventHubs__maxEventBatchSize",
  "Service Bus": "AzureFunctionsJobHost__extensions__serviceBus__maxMessageBatchSize",
};

/** Lambda's default batch size for a mapping: 10 for SQS, 100 for streams, Kafka and MQ. */
function defaultBatchSize(mapping: PolicyResource): number {
  const fromQueue =
    dependenciesOf(mapping, "eventSourceArn").some((d) => d.type === AWS.sqsQueue) ||
    (asString(pathOf(mapping.props, "eventSourceArn")) ?? "").startsWith("arn:aws:sqs:");
  return fromQueue ? 10 : 100;
}

/** The policy. */
export const eventSourceBatchingWindow: StackValidationPolicy = {
  name: "event-source-batching-window",
  description:
    "Event sources of latency-critical functions do not hold events back: batching window at most maxBatchingWindowSeconds, batches at most maxBatchSize.",
  enforcementLevel: "mandatory",
  severity: "medium",
  configSchema: {
    properties: {
      maxBatchingWindowSeconds: {
        type: "integer",
        minimum: 0,
        maximum: 300,
        default: 0,
        description: "Longest batching window in seconds.",
      },
      maxBatchSize: {
        type: "integer",
        minimum: 1,
        default: 10,
        description: "Largest batch delivered to a latency-critical function.",
      },
    },
  },
  validateStack: (args, reportViolation) => {
    const config = configOf<BatchingConfig>(args, {
      maxBatchingWindowSeconds: 0,
      maxBatchSize: 10,
    });
    const resources = args.resources;
    for (const mapping of ofType(resources, AWS.eventSourceMapping)) {
      const target = lambdaTarget(resources, mapping, "functionName");
      if (target === undefined || !isLatencyCritical(target.fn)) continue;
      const window = asNumber(pathOf(mapping.props, "maximumBatchingWindowInSeconds")) ?? 0;
      if (window > config.maxBatchingWindowSeconds) {
        reportViolation(
          `Event source mapping of a latency-critical function must set maximumBatchingWindowInSeconds to at most ${config.maxBatchingWindowSeconds}; found ${window}.`,
          mapping.urn,
        );
      }
      const given = asNumber(pathOf(mapping.props, "batchSize"));
      const size = given ?? defaultBatchSize(mapping);
      if (size > config.maxBatchSize) {
        reportViolation(
          `Event source mapping of a latency-critical function must set batchSize to at most ${config.maxBatchSize}; found ${given === undefined ? `the default ${size}` : size}.`,
          mapping.urn,
        );
      }
    }
    for (const app of ofType(resources, AZURE.webApp)) {
      if (!isLatencyCritical(app)) continue;
      const settings = asArray(pathOf(app.props, "siteConfig", "appSettings"));
      for (const [trigger, key] of Object.entries(AZURE_BATCH_SETTINGS)) {
        const setting = settings.find((s) => pathOf(s, "name") === key);
        const size = asNumber(pathOf(setting, "value"));
        if (size !== undefined && size > config.maxBatchSize) {
          reportViolation(
            `Latency-critical function app must set ${key} to at most ${config.maxBatchSize} (${trigger} batch); found ${size}.`,
            app.urn,
          );
        }
      }
    }
  },
};
