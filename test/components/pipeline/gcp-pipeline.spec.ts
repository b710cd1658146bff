import assert from "node:assert/strict";
import { GcpPipeline } from "../../../components/pipeline/gcp-pipeline";
import { useRecordingMocks, type Recorder } from "../azure-gcp-mocks";

describe("GcpPipeline", () => {
  let mocks: Recorder;
  before(async () => {
    mocks = await useRecordingMocks();
    const pipe = new GcpPipeline("pipe", {
      environment: "prod",
      region: "us-east4",
      dataClass: "confidential",
      maxDeliveryAttempts: 7,
      minimumBackoff: "0.5s",
    });
    pipe.subscribe("normalize", "https://normalize.a.run.app");
    await mocks.settle();
  });

  it("lets Pub/Sub's service agent publish dead letters and acknowledge them", () => {
    const agent = "serviceAccount:service-123456789@gcp-sa-pubsub.iam.gserviceaccount.com";
    const publisher = mocks.one("gcp:pubsub/topicIAMMember:TopicIAMMember", "pipe-dlq-publisher");
    assert.deepEqual(
      [publisher.inputs.role, publisher.inputs.member],
      ["roles/pubsub.publisher", agent],
    );
    const subscriber = mocks.one(
      "gcp:pubsub/subscriptionIAMMember:SubscriptionIAMMember",
      "normalize-market-data-dlq-subscriber",
    );
    assert.deepEqual(
      [subscriber.inputs.role, subscriber.inputs.member],
      ["roles/pubsub.subscriber", agent],
    );
  });

  it("authenticates pushes with the push identity's OIDC token for the endpoint", () => {
    const sub = mocks.one("gcp:pubsub/subscription:Subscription", "normalize-market-data");
    assert.deepEqual(sub.inputs.pushConfig.oidcToken, {
      serviceAccountEmail: "tachyon-prod-us-east4-push@project.iam.gserviceaccount.com",
      audience: "https://normalize.a.run.app",
    });
    assert.equal(sub.inputs.ackDeadlineSeconds, 10);
    assert.deepEqual(sub.inputs.retryPolicy, { minimumBackoff: "0.5s", maximumBackoff: "30s" });
    assert.equal(sub.inputs.deadLetterPolicy.maxDeliveryAttempts, 7);
  });

  it("keeps dead letters a week in a subscription of their own", () => {
    const dlq = mocks.one("gcp:pubsub/subscription:Subscription", "pipe-dead-letters");
    assert.equal(dlq.inputs.name, "tachyon-prod-us-east4-market-data-dlq");
    assert.equal(dlq.inputs.messageRetentionDuration, "604800s");
  });

  it("refuses fewer than five delivery attempts", () => {
    assert.throws(
      () =>
        new GcpPipeline("bad", {
          environment: "prod",
          region: "us-east4",
          dataClass: "internal",
          maxDeliveryAttempts: 3,
        }),
      { message: "maxDeliveryAttempts: Pub/Sub allows 5-100, got 3. Use a value in that range." },
    );
  });

  it("refuses retry backoffs Pub/Sub does not take, naming each at once", () => {
    assert.throws(
      () =>
        new GcpPipeline("bad", {
          environment: "prod",
          region: "us-east4",
          dataClass: "internal",
          minimumBackoff: "1m",
          maximumBackoff: "900s",
        }),
      {
        message:
          'minimumBackoff: Pub/Sub takes 0s to 600s, in seconds with an "s", got "1m". Use e.g. "1s" or "30s". ' +
          'maximumBackoff: Pub/Sub takes 0s to 600s, in seconds with an "s", got "900s". Use e.g. "1s" or "30s".',
      },
    );
  });
});
