/**
 * A site's latency and failure alerts on Cloud Monitoring, sent to one notification channel: p99
 * request latency of the site's Cloud Run services (`run.googleapis.com/request_latencies`), their
 * 5xx ratio, and the backlog of every dead-letter subscription of the site (market data, and on a
 * trading site the signals that would have become orders).
 */
import * as pulumi from "@pulumi/pulumi";
import * as monitoring from "@pulumi/gcp/monitoring";

/** Arguments of {@link GcpAlerts}. */
export interface GcpAlertsArgs {
  /** Display-name prefix, e.g. `tachyon prod europe-west3`. */
  readonly displayName: string;
  /** Region of the site's Cloud Run services. */
  readonly region: string;
  /** p99 latency above which the alert fires, in milliseconds. */
  readonly p99LatencyMs: number;
  /** 5xx share of requests above which the error alert fires. @default 0.01 */
  readonly errorRatio?: number;
  /**
   * Dead-letter subscriptions whose backlog is watched, one condition each in one policy.
   * @default []
   * @example [pipeline.deadLetterSubscriptionName, signals.deadLetterSubscriptionName]
   */
  readonly deadLetterSubscriptions?: readonly pulumi.Input<string>[];
  /** E-mail address of the notification channel. */
  readonly email: string;
}

/**
 * Notification channel plus p99 latency, error ratio and dead-letter backlog alert policies.
 *
 * @example
 * new GcpAlerts("alerts", { displayName: "tachyon prod europe-west3", region: "europe-west3",
 *   p99LatencyMs: 15, email: "oncall@example.com" });
 */
export class GcpAlerts extends pulumi.ComponentResource {
  /** Id of the notification channel. */
  readonly channelId: pulumi.Output<string>;

  constructor(name: string, args: GcpAlertsArgs, opts?: pulumi.ComponentResourceOptions) {
    super(GCP_ALERTS_TYPE, name, {}, opts);
    const parent = { parent: this };
    const channel = new monitoring.NotificationChannel(
      `${name}-channel`,
      {
        displayName: `${args.displayName} on-call`,
        type: "email",
        labels: { email_address: args.email },
      },
      parent,
    );
    const run = `resource.type = "cloud_run_revision" AND resource.label.location = "${args.region}"`;
    const policy = (
      role: string,
      title: string,
      condition: monitoring.AlertPolicyArgs["conditions"],
    ) =>
      new monitoring.AlertPolicy(
        `${name}-${role}`,
        {
          displayName: `${args.displayName}: ${title}`,
          combiner: "OR",
          severity: "ERROR",
          conditions: condition,
          notificationChannels: [channel.id],
          alertStrategy: { autoClose: "1800s" },
          documentation: {
            content: `${title} at the ${args.region} site.`,
            mimeType: "text/markdown",
          },
        },
        parent,
      );
    policy("p99", `p99 latency above ${args.p99LatencyMs} ms`, [
      {
        displayName: "p99 request latency",
        conditionThreshold: {
          filter: `${run} AND metric.type = "run.googleapis.com/request_latencies"`,
          aggregations: [
            {
              alignmentPeriod: "60s",
              perSeriesAligner: "ALIGN_PERCENTILE_99",
              crossSeriesReducer: "REDUCE_MAX",
              groupByFields: ["resource.label.service_name"],
            },
          ],
          comparison: "COMPARISON_GT",
          thresholdValue: args.p99LatencyMs,
          duration: "60s",
          trigger: { count: 1 },
        },
      },
    ]);
    const count = `${run} AND metric.type = "run.googleapis.com/request_count"`;
    const rate = {
      alignmentPeriod: "60s",
      perSeriesAligner: "ALIGN_RATE",
      crossSeriesReducer: "REDUCE_SUM",
      groupByFields: ["resource.label.service_name"],
    };
    policy("errors", `5xx ratio above ${(args.errorRatio ?? 0.01) * 100}%`, [
      {
        displayName: "5xx ratio",
        conditionThreshold: {
          filter: `${count} AND metric.label.response_code_class = "5xx"`,
          aggregations: [rate],
          denominatorFilter: count,
          denominatorAggregations: [rate],
          comparison: "COMPARISON_GT",
          thresholdValue: args.errorRatio ?? 0.01,
          duration: "120s",
          trigger: { count: 1 },
        },
      },
    ]);
    const deadLetters = args.deadLetterSubscriptions ?? [];
    if (deadLetters.length > 0) {
      policy(
        "dead-letters",
        "messages in a dead-letter subscription",
        deadLetters.map((subscription) => ({
          displayName: pulumi.interpolate`dead-letter backlog of ${subscription}`,
          conditionThreshold: {
            filter: pulumi.interpolate`resource.type = "pubsub_subscription" AND resource.label.subscription_id = "${subscription}" AND metric.type = "pubsub.googleapis.com/subscription/num_undelivered_messages"`,
            aggregations: [{ alignmentPeriod: "60s", perSeriesAligner: "ALIGN_MAX" }],
            comparison: "COMPARISON_GT",
            thresholdValue: 0,
            duration: "0s",
            trigger: { count: 1 },
          },
        })),
      );
    }
    this.channelId = channel.id;
    this.registerOutputs({ channelId: this.channelId });
  }
}

/** Type token of {@link GcpAlerts}. */
export const GCP_ALERTS_TYPE = "tachyon:observability:GcpAlerts";
