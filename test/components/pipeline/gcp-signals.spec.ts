import assert from "node:assert/strict";
import { GcpSignals } from "../../../components/pipeline/gcp-signals";
import { useRecordingMocks, type Recorder } from "../azure-gcp-mocks";

describe("GcpSignals", () => {
  let mocks: Recorder;
  let topicPath: string | undefined;
  before(async () => {
    mocks = await useRecordingMocks();
    const signals = new GcpSignals("signals", {
      environment: "staging",
      region: "europe-west4",
      dataClass: "confidential",
      pushServiceAccountEmail: "tachyon-staging-europe-west4-push@project.iam.gserviceaccount.com",
    });
    signals.allowPublisher("gcp-normalize", "normalize-sa@project.iam.gserviceaccount.com");
    signals.subscribe("gcp-order", "https://order.a.run.app");
    signals.topicPath.apply((p) => (topicPath = p));
    await mocks.settle();
  });

  it("names the topic for what it carries, labels it with the data class and keeps it in the region", () => {
    const topic = mocks.one("gcp:pubsub/topic:Topic", "signals-topic");
    assert.deepEqual(topic.inputs, {
      name: "tachyon-staging-europe-west4-signals",
      labels: { "data-class": "confidential" },
      messageStoragePolicy: { allowedPersistenceRegions: ["europe-west4"] },
    });
    assert.equal(topicPath, "projects/tachyon-spec/topics/tachyon-staging-europe-west4-signals");
  });

  it("lets only normalize's service account publish signals", () => {
    const publisher = mocks.one(
      "gcp:pubsub/topicIAMMember:TopicIAMMember",
      "gcp-normalize-signals-publisher",
    );
    assert.deepEqual(publisher.inputs, {
      topic: "tachyon-staging-europe-west4-signals",
      role: "roles/pubsub.publisher",
      member: "serviceAccount:normalize-sa@project.iam.gserviceaccount.com",
    });
  });

  it("pushes to order with the push identity's OIDC token, backoff and a dead-letter topic", () => {
    const sub = mocks.one("gcp:pubsub/subscription:Subscription", "gcp-order-signals");
    assert.deepEqual(sub.inputs, {
      name: "tachyon-staging-europe-west4-signals-order",
      topic: "signals-topic-id",
      labels: { "data-class": "confidential" },
      ackDeadlineSeconds: 10,
      pushConfig: {
        pushEndpoint: "https://order.a.run.app",
        oidcToken: {
          serviceAccountEmail: "tachyon-staging-europe-west4-push@project.iam.gserviceaccount.com",
          audience: "https://order.a.run.app",
        },
      },
      retryPolicy: { minimumBackoff: "1s", maximumBackoff: "10s" },
      deadLetterPolicy: { deadLetterTopic: "signals-dead-letters-id", maxDeliveryAttempts: 5 },
      expirationPolicy: { ttl: "" },
    });
  });

  it("lets Pub/Sub's service agent forward dead letters and keeps them a week", () => {
    const agent = "serviceAccount:service-123456789@gcp-sa-pubsub.iam.gserviceaccount.com";
    const forward = mocks.one("gcp:pubsub/topicIAMMember:TopicIAMMember", "signals-dlq-publisher");
    assert.deepEqual(
      [forward.inputs.topic, forward.inputs.role, forward.inputs.member],
      ["tachyon-staging-europe-west4-signals-dlq", "roles/pubsub.publisher", agent],
    );
    const ack = mocks.one(
      "gcp:pubsub/subscriptionIAMMember:SubscriptionIAMMember",
      "gcp-order-signals-dlq-subscriber",
    );
    assert.deepEqual(
      [ack.inputs.subscription, ack.inputs.role, ack.inputs.member],
      ["tachyon-staging-europe-west4-signals-order", "roles/pubsub.subscriber", agent],
    );
    const dlq = mocks.one("gcp:pubsub/subscription:Subscription", "signals-dead-letters");
    assert.deepEqual(
      [dlq.inputs.name, dlq.inputs.topic, dlq.inputs.messageRetentionDuration],
      ["tachyon-staging-europe-west4-signals-dlq", "signals-dead-letters-id", "604800s"],
    );
  });

  it("refuses fewer than five delivery attempts", () => {
    assert.throws(
      () =>
        new GcpSignals("bad", {
          environment: "staging",
          region: "europe-west4",
          dataClass: "internal",
          pushServiceAccountEmail: "push@project.iam.gserviceaccount.com",
          maxDeliveryAttempts: 3,
        }),
      { message: "maxDeliveryAttempts: Pub/Sub allows 5-100, got 3. Use a value in that range." },
    );
  });

  it("refuses a first retry delay longer than the longest, against the 10s default", () => {
    assert.throws(
      () =>
        new GcpSignals("bad", {
          environment: "staging",
          region: "europe-west4",
          dataClass: "internal",
          pushServiceAccountEmail: "push@project.iam.gserviceaccount.com",
          minimumBackoff: "12.5s",
        }),
      {
        message:
          'minimumBackoff: must not exceed maximumBackoff (10s), got "12.5s". Lower minimumBackoff or raise maximumBackoff.',
      },
    );
  });
});
