/**
 * A GCP trading site's signal path: `normalize` publishes the orders its signals raise to the
 * site's signals topic (functions/trading/gcp-signal-sink.ts), and a push subscription delivers
 * each to the `order` service with an OIDC token of the pipeline's push identity, the only
 * principal besides the load balancer's callers allowed to invoke it. Retries back off
 * exponentially and a message is dead-lettered after a bounded number of attempts; `order` is
 * idempotent by order id, so Pub/Sub's at-least-once delivery executes each order once.
 */
import * as pulumi from "@pulumi/pulumi";
import * as organizations from "@pulumi/gcp/organizations";
import * as pubsub from "@pulumi/gcp/pubsub";
import { TAG_DATA_CLASS, type DataClass } from "../../model/types";
import { gcpName } from "../naming/gcp-name";
import { deliveryProblems } from "./gcp-delivery";
import { gcpInvokeOptions } from "../access/gcp-service-gate";

/** Arguments of {@link GcpSignals}. */
export interface GcpSignalsArgs {
  readonly environment: string;
  readonly region: string;
  /** The trading workload's data class (signals are its orders). */
  readonly dataClass: DataClass;
  /** E-mail of the identity pushes carry; grant it `roles/run.invoker` on `order`. */
  readonly pushServiceAccountEmail: pulumi.Input<string>;
  /** Delivery attempts before a signal is dead-lettered (5-100). @default 5 */
  readonly maxDeliveryAttempts?: number;
  /** First retry delay (0-600 s, e.g. "1s"). @default "1s" */
  readonly minimumBackoff?: string;
  /** Longest retry delay (0-600 s, at least minimumBackoff). @default "10s" */
  readonly maximumBackoff?: string;
}

/**
 * Signals topic and its dead-letter topic; {@link allowPublisher} lets `normalize` publish,
 * {@link subscribe} pushes to `order` once it exists.
 *
 * @example
 * const signals = new GcpSignals("gcp-signals", { environment: "prod", region: "europe-west4",
 *   dataClass: "confidential", pushServiceAccountEmail: pipeline.pushServiceAccountEmail });
 * // normalize: variables { TACHYON_SIGNAL_TOPIC: signals.topicPath }
 * signals.allowPublisher("gcp-normalize", normalize.identity);
 * signals.subscribe("gcp-order", order.url);
 */
export class GcpSignals extends pulumi.ComponentResource {
  /** `projects/<project>/topics/<name>`, what the publish API addresses. */
  readonly topicPath: pulumi.Output<string>;
  /** Name of the subscription holding dead-lettered signals. */
  readonly deadLetterSubscriptionName: pulumi.Output<string>;
  private readonly args: GcpSignalsArgs;
  private readonly topic: pubsub.Topic;
  private readonly deadLetters: pubsub.Topic;
  private readonly pubsubAgent: pulumi.Output<string>;

  constructor(name: string, args: GcpSignalsArgs, opts?: pulumi.ComponentResourceOptions) {
    super(GCP_SIGNALS_TYPE, name, {}, opts);
    const problems = deliveryProblems(args, { minimumBackoff: "1s", maximumBackoff: "10s" });
    if (problems.length > 0) throw new Error(problems.join(" "));
    this.args = args;
    const parent = { parent: this };
    const labels = { [TAG_DATA_CLASS]: args.dataClass };
    const base = (role: string) => gcpName("resource", args.environment, args.region, role);
    // Orders never leave the site's region (residency), as the market data they come from.
    const storage = { allowedPersistenceRegions: [args.region] };
    this.topic = new pubsub.Topic(
      `${name}-topic`,
      { name: base("signals"), labels, messageStoragePolicy: storage },
      parent,
    );
    this.deadLetters = new pubsub.Topic(
      `${name}-dead-letters`,
      { name: base("signals-dlq"), labels, messageStoragePolicy: storage },
      parent,
    );
    const deadLetterSub = new pubsub.Subscription(
      `${name}-dead-letters`,
      {
        name: base("signals-dlq"),
        topic: this.deadLetters.id,
        labels,
        // Kept a week for inspection and replay; nothing consumes it automatically.
        messageRetentionDuration: "604800s",
        ackDeadlineSeconds: 60,
        expirationPolicy: { ttl: "" },
      },
      parent,
    );
    const project = organizations.getProjectOutput({}, gcpInvokeOptions(this));
    this.pubsubAgent = pulumi.interpolate`serviceAccount:service-${project.number}@gcp-sa-pubsub.iam.gserviceaccount.com`;
    // Pub/Sub's service agent forwards undeliverable messages: it publishes on the dead-letter
    // topic (https://cloud.google.com/pubsub/docs/handling-failures#grant_forwarding_permissions).
    new pubsub.TopicIAMMember(
      `${name}-dlq-publisher`,
      { topic: this.deadLetters.name, role: "roles/pubsub.publisher", member: this.pubsubAgent },
      parent,
    );
    this.topicPath = pulumi.interpolate`projects/${project.projectId}/topics/${this.topic.name}`;
    this.deadLetterSubscriptionName = deadLetterSub.name;
    this.registerOutputs({
      topicPath: this.topicPath,
      deadLetterSubscriptionName: this.deadLetterSubscriptionName,
    });
  }

  /** Lets one identity (normalize's service account) publish signals, nothing more. */
  allowPublisher(publisher: string, email: pulumi.Input<string>): pubsub.TopicIAMMember {
    return new pubsub.TopicIAMMember(
      `${publisher}-signals-publisher`,
      {
        topic: this.topic.name,
        role: "roles/pubsub.publisher",
        member: pulumi.interpolate`serviceAccount:${email}`,
      },
      { parent: this },
    );
  }

  /** Pushes the signals topic to `endpoint` (the order service's URL) as the push identity. */
  subscribe(consumer: string, endpoint: pulumi.Input<string>): pubsub.Subscription {
    const a = this.args;
    const sub = new pubsub.Subscription(
      `${consumer}-signals`,
      {
        name: gcpName("resource", a.environment, a.region, "signals-order"),
        topic: this.topic.id,
        labels: { [TAG_DATA_CLASS]: a.dataClass },
        // An order is stale within seconds: a short deadline retries a stuck push quickly.
        ackDeadlineSeconds: 10,
        pushConfig: {
          pushEndpoint: endpoint,
          // https://cloud.google.com/pubsub/docs/authenticate-push-subscriptions
          oidcToken: { serviceAccountEmail: a.pushServiceAccountEmail, audience: endpoint },
        },
        retryPolicy: {
          minimumBackoff: a.minimumBackoff ?? "1s",
          maximumBackoff: a.maximumBackoff ?? "10s",
        },
        deadLetterPolicy: {
          deadLetterTopic: this.deadLetters.id,
          maxDeliveryAttempts: a.maxDeliveryAttempts ?? 5,
        },
        expirationPolicy: { ttl: "" },
      },
      { parent: this },
    );
    // ...and subscribes on the source subscription, to acknowledge what it forwarded.
    new pubsub.SubscriptionIAMMember(
      `${consumer}-signals-dlq-subscriber`,
      { subscription: sub.name, role: "roles/pubsub.subscriber", member: this.pubsubAgent },
      { parent: this },
    );
    return sub;
  }
}

/** Type token of {@link GcpSignals}. */
export const GCP_SIGNALS_TYPE = "tachyon:pipeline:GcpSignals";
