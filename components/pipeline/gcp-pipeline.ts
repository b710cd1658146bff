/**
 * A site's event pipeline on Google Cloud: the market-data topic (messages kept in the site's own
 * region), pushed straight to the normalize service — one hop, no poller, no Eventarc trigger in
 * between — with ordering per ordering key (an instrument's ticks arrive in order), exponential
 * retry backoff, and a dead-letter topic after a bounded number of attempts. Pushes carry an OIDC
 * token of a dedicated push identity, the only principal allowed to invoke the service.
 */
import * as pulumi from "@pulumi/pulumi";
import * as organizations from "@pulumi/gcp/organizations";
import * as pubsub from "@pulumi/gcp/pubsub";
import * as serviceaccount from "@pulumi/gcp/serviceaccount";
import { TAG_DATA_CLASS, type DataClass } from "../../model/types";
import { gcpName } from "../naming/gcp-name";
import { deliveryProblems } from "./gcp-delivery";
import { gcpInvokeOptions } from "../access/gcp-service-gate";

/** Arguments of {@link GcpPipeline}. */
export interface GcpPipelineArgs {
  readonly environment: string;
  readonly region: string;
  readonly dataClass: DataClass;
  /** Delivery attempts before a message is dead-lettered (5-100). @default 5 */
  readonly maxDeliveryAttempts?: number;
  /** First retry delay (0-600 s, e.g. "1s"). @default "1s" */
  readonly minimumBackoff?: string;
  /** Longest retry delay (0-600 s, at least minimumBackoff). @default "30s" */
  readonly maximumBackoff?: string;
  /**
   * Deliver messages with the same ordering key in publish order.
   * @default true
   */
  readonly ordering?: boolean;
}

/**
 * Market-data topic, dead-letter topic and subscription, push identity; {@link subscribe} adds the
 * push subscription once the consuming service exists.
 *
 * @example
 * const pipe = new GcpPipeline("pipeline", { environment: "prod", region: "europe-west3",
 *   dataClass: "confidential" });
 * // create the normalize service with invokers: [pipe.pushServiceAccountEmail]
 * pipe.subscribe("normalize", normalize.url);
 */
export class GcpPipeline extends pulumi.ComponentResource {
  /** Id of the market-data topic. */
  readonly topicId: pulumi.Output<string>;
  /** Id of the dead-letter topic. */
  readonly deadLetterTopicId: pulumi.Output<string>;
  /** Name of the subscription holding dead letters (watched by the backlog alert). */
  readonly deadLetterSubscriptionName: pulumi.Output<string>;
  /** E-mail of the identity Pub/Sub pushes as; grant it `roles/run.invoker` on the consumer. */
  readonly pushServiceAccountEmail: pulumi.Output<string>;
  private readonly args: GcpPipelineArgs;
  private readonly pubsubAgent: pulumi.Output<string>;

  constructor(name: string, args: GcpPipelineArgs, opts?: pulumi.ComponentResourceOptions) {
    super(GCP_PIPELINE_TYPE, name, {}, opts);
    const problems = deliveryProblems(args, { minimumBackoff: "1s", maximumBackoff: "30s" });
    if (problems.length > 0) throw new Error(problems.join(" "));
    this.args = args;
    const parent = { parent: this };
    const labels = { [TAG_DATA_CLASS]: args.dataClass };
    const base = (role: string) => gcpName("resource", args.environment, args.region, role);
    // Messages never leave the site's region: lower latency, and residency holds.
    const storage = { allowedPersistenceRegions: [args.region] };
    const topic = new pubsub.Topic(
      `${name}-market-data`,
      {
        name: base("market-data"),
        labels,
        messageStoragePolicy: storage,
        messageRetentionDuration: "86400s",
      },
      parent,
    );
    const deadLetters = new pubsub.Topic(
      `${name}-dead-letters`,
      { name: base("market-data-dlq"), labels, messageStoragePolicy: storage },
      parent,
    );
    const deadLetterSub = new pubsub.Subscription(
      `${name}-dead-letters`,
      {
        name: base("market-data-dlq"),
        topic: deadLetters.id,
        labels,
        // Kept a week for inspection and replay; nothing consumes it automatically.
        messageRetentionDuration: "604800s",
        ackDeadlineSeconds: 60,
        expirationPolicy: { ttl: "" },
      },
      parent,
    );
    const push = new serviceaccount.Account(
      `${name}-push`,
      {
        accountId: gcpName("serviceAccount", args.environment, args.region, "push"),
        displayName: `Tachyon Pub/Sub push in ${args.region}`,
        description: "Identity of Pub/Sub push deliveries; may only invoke the consumers.",
      },
      parent,
    );
    const project = organizations.getProjectOutput({}, gcpInvokeOptions(this));
    this.pubsubAgent = pulumi.interpolate`serviceAccount:service-${project.number}@gcp-sa-pubsub.iam.gserviceaccount.com`;
    // Pub/Sub's own agent forwards undeliverable messages; it needs publish on the dead-letter topic.
    new pubsub.TopicIAMMember(
      `${name}-dlq-publisher`,
      { topic: deadLetters.name, role: "roles/pubsub.publisher", member: this.pubsubAgent },
      parent,
    );
    this.topicId = topic.id;
    this.deadLetterTopicId = deadLetters.id;
    this.deadLetterSubscriptionName = deadLetterSub.name;
    this.pushServiceAccountEmail = push.email;
    this.registerOutputs({
      topicId: this.topicId,
      deadLetterTopicId: this.deadLetterTopicId,
      deadLetterSubscriptionName: this.deadLetterSubscriptionName,
      pushServiceAccountEmail: this.pushServiceAccountEmail,
    });
  }

  /** Pushes the market-data topic to `endpoint` (a Cloud Run service URL) as the push identity. */
  subscribe(consumer: string, endpoint: pulumi.Input<string>): pubsub.Subscription {
    const a = this.args;
    const sub = new pubsub.Subscription(
      `${consumer}-market-data`,
      {
        name: gcpName("resource", a.environment, a.region, `market-data-${consumer}`),
        topic: this.topicId,
        labels: { [TAG_DATA_CLASS]: a.dataClass },
        // A tick is stale within seconds: a short deadline retries a stuck delivery quickly.
        ackDeadlineSeconds: 10,
        enableMessageOrdering: a.ordering ?? true,
        pushConfig: {
          pushEndpoint: endpoint,
          oidcToken: { serviceAccountEmail: this.pushServiceAccountEmail, audience: endpoint },
        },
        retryPolicy: {
          minimumBackoff: a.minimumBackoff ?? "1s",
          maximumBackoff: a.maximumBackoff ?? "30s",
        },
        deadLetterPolicy: {
          deadLetterTopic: this.deadLetterTopicId,
          maxDeliveryAttempts: a.maxDeliveryAttempts ?? 5,
        },
        expirationPolicy: { ttl: "" },
      },
      { parent: this },
    );
    // ...and subscribe on the source subscription, to acknowledge what it forwarded.
    new pubsub.SubscriptionIAMMember(
      `${consumer}-market-data-dlq-subscriber`,
      { subscription: sub.name, role: "roles/pubsub.subscriber", member: this.pubsubAgent },
      { parent: this },
    );
    return sub;
  }
}

/** Type token of {@link GcpPipeline}. */
export const GCP_PIPELINE_TYPE = "tachyon:pipeline:GcpPipeline";
