/**
 * The market-data stream of an AWS site: a Kinesis Data Stream, encrypted with KMS, on-demand by
 * default (no shard planning, scales with the feed) or provisioned with a fixed shard count, and
 * the SQS queue that receives the metadata of batches a consumer keeps failing on.
 *
 * Each latency-critical reader registers an enhanced fan-out consumer ({@link AwsStream.addConsumer}):
 * Kinesis then pushes records to it over HTTP/2 (SubscribeToShard) with its own 2 MB/s per shard,
 * typically ~70 ms from put to delivery, instead of the reader polling GetRecords once a second
 * per shard and sharing 2 MB/s with every other reader. That is the lowest-latency way a Lambda
 * function can read a Kinesis stream.
 */
import * as kinesis from "@pulumi/aws/kinesis";
import * as pulumi from "@pulumi/pulumi";
import { TAG_DATA_CLASS, type DataClass } from "../../model/types";
import { AwsQueue } from "./aws-queue";

/** Arguments of {@link AwsStream}. */
export interface AwsStreamArgs {
  region: string;
  /** Physical name of the stream. */
  streamName: string;
  /** Class of the records, carried as `data-class`. */
  dataClass: DataClass;
  /**
   * Capacity: on-demand, or a fixed number of shards.
   * @default { mode: "ON_DEMAND" }
   * @example { mode: "PROVISIONED", shards: 8 }
   */
  capacity?: { mode: "ON_DEMAND" } | { mode: "PROVISIONED"; shards: number };
  /**
   * Hours a record stays readable (24-8760).
   * @default 24
   */
  retentionHours?: number;
  /**
   * KMS key for the stream and its failure queue; the AWS-managed Kinesis key when absent.
   * @default "alias/aws/kinesis"
   */
  kmsKeyArn?: pulumi.Input<string>;
  /**
   * Extra tags; `data-class` is always set.
   * @default {}
   */
  tags?: Record<string, string>;
}

/**
 * An encrypted Kinesis stream with a failure queue for its consumers.
 *
 * @example
 * const ticks = new AwsStream("ticks", { region, streamName: "tachyon-prod-us-east-1-ticks", dataClass: "internal" });
 */
export class AwsStream extends pulumi.ComponentResource {
  readonly streamArn: pulumi.Output<string>;
  readonly streamName: pulumi.Output<string>;
  /** The queue consumers send failed-batch metadata to (their on-failure destination). */
  readonly failures: AwsQueue;
  private readonly stream: kinesis.Stream;
  private readonly region: string;

  private readonly componentName: string;

  constructor(name: string, args: AwsStreamArgs, opts?: pulumi.ComponentResourceOptions) {
    super(TYPE, name, {}, opts);
    this.componentName = name;
    const capacity = args.capacity ?? { mode: "ON_DEMAND" };
    if (
      capacity.mode === "PROVISIONED" &&
      !(Number.isInteger(capacity.shards) && capacity.shards >= 1)
    ) {
      throw new Error(
        `AwsStream "${name}": "capacity.shards" must be a whole number of shards, got ${capacity.shards}. Use 1 or more, or mode "ON_DEMAND".`,
      );
    }
    const stream = new kinesis.Stream(
      `${name}-stream`,
      {
        region: args.region,
        name: args.streamName,
        streamModeDetails: { streamMode: capacity.mode },
        shardCount: capacity.mode === "PROVISIONED" ? capacity.shards : undefined,
        retentionPeriod: args.retentionHours ?? 24,
        encryptionType: "KMS",
        kmsKeyId: args.kmsKeyArn ?? "alias/aws/kinesis",
        tags: { ...args.tags, [TAG_DATA_CLASS]: args.dataClass },
      },
      { parent: this },
    );
    this.failures = new AwsQueue(
      `${name}-failures`,
      {
        region: args.region,
        queueName: `${args.streamName}-failures`,
        dataClass: args.dataClass,
        kmsKeyArn: args.kmsKeyArn,
        tags: args.tags,
      },
      { parent: this },
    );
    this.stream = stream;
    this.region = args.region;
    this.streamArn = stream.arn;
    this.streamName = stream.name;
    this.registerOutputs({ streamArn: this.streamArn });
  }

  /**
   * Registers an enhanced fan-out consumer `<name>-consumer-<consumerName>` on the stream; an
   * event source mapping reads through its ARN.
   */
  addConsumer(consumerName: string): kinesis.StreamConsumer {
    return new kinesis.StreamConsumer(
      `${this.componentName}-consumer-${consumerName}`,
      { region: this.region, name: consumerName, streamArn: this.stream.arn },
      { parent: this },
    );
  }
}

const TYPE = "tachyon:pipeline:AwsStream";
