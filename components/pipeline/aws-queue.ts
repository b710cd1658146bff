/**
 * An encrypted SQS queue with its dead-letter queue: a message that fails `maxReceiveCount`
 * times moves aside instead of blocking or being retried forever, and the dead-letter depth is
 * alarmed on.
 */
import * as sqs from "@pulumi/aws/sqs";
import * as pulumi from "@pulumi/pulumi";
import { TAG_DATA_CLASS, type DataClass } from "../../model/types";

/** Fourteen days: the longest SQS keeps a message, so nothing in the DLQ expires unseen. */
export const DLQ_RETENTION_SECONDS = 1_209_600;

/** Arguments of {@link AwsQueue}. */
export interface AwsQueueArgs {
  /** AWS region of the queues. */
  region: string;
  /** Physical name of the queue; the dead-letter queue appends `-dlq` (≤ 80 characters in all). */
  queueName: string;
  /** Class of the messages, carried as `data-class`. */
  dataClass: DataClass;
  /**
   * Visibility timeout; AWS advises six times the consumer's timeout for Lambda consumers.
   * @default 60
   */
  visibilityTimeoutSeconds?: number;
  /**
   * Receives before a message moves to the dead-letter queue.
   * @default 3
   */
  maxReceiveCount?: number;
  /**
   * KMS key for the queues; SQS-managed encryption when absent.
   * @default SQS-managed SSE
   */
  kmsKeyArn?: pulumi.Input<string>;
  /**
   * Extra tags; `data-class` is always set.
   * @default {}
   */
  tags?: Record<string, string>;
}

/**
 * A queue and its dead-letter queue, both encrypted.
 *
 * @example
 * const orders = new AwsQueue("orders", { region, queueName: "tachyon-prod-us-east-1-orders", dataClass: "pii" });
 */
export class AwsQueue extends pulumi.ComponentResource {
  readonly queueArn: pulumi.Output<string>;
  readonly queueUrl: pulumi.Output<string>;
  readonly queueName: pulumi.Output<string>;
  readonly deadLetterArn: pulumi.Output<string>;
  readonly deadLetterName: pulumi.Output<string>;

  constructor(name: string, args: AwsQueueArgs, opts?: pulumi.ComponentResourceOptions) {
    super(TYPE, name, {}, opts);
    const tags = { ...args.tags, [TAG_DATA_CLASS]: args.dataClass };
    const encryption =
      args.kmsKeyArn === undefined
        ? { sqsManagedSseEnabled: true }
        : { kmsMasterKeyId: args.kmsKeyArn, kmsDataKeyReusePeriodSeconds: 300 };
    const dlq = new sqs.Queue(
      `${name}-dlq`,
      {
        region: args.region,
        name: `${args.queueName}-dlq`,
        messageRetentionSeconds: DLQ_RETENTION_SECONDS,
        ...encryption,
        tags,
      },
      { parent: this },
    );
    const queue = new sqs.Queue(
      `${name}-queue`,
      {
        region: args.region,
        name: args.queueName,
        visibilityTimeoutSeconds: args.visibilityTimeoutSeconds ?? 60,
        redrivePolicy: pulumi.jsonStringify({
          deadLetterTargetArn: dlq.arn,
          maxReceiveCount: args.maxReceiveCount ?? 3,
        }),
        ...encryption,
        tags,
      },
      { parent: this },
    );
    this.queueArn = queue.arn;
    this.queueUrl = queue.url;
    this.queueName = queue.name;
    this.deadLetterArn = dlq.arn;
    this.deadLetterName = dlq.name;
    this.registerOutputs({ queueArn: this.queueArn, deadLetterArn: this.deadLetterArn });
  }
}

const TYPE = "tachyon:pipeline:AwsQueue";
