/**
 * Lambda entry of `normalize` (Kinesis batches of exchange frames). With
 * `TACHYON_ORDER_FUNCTION` (the `order` function's `live` alias ARN) the orders its signals raise
 * are executed by invoking that alias (functions/trading/aws-signal-sink.ts); without it they
 * stay in the instance's memory.
 */
import { toLambda } from "../../adapters/aws";
import { awsClientFromEnv } from "../../lib/aws-client";
import { lazy } from "../../lib/lazy";
import { AwsSignalSink, withSignalRedelivery } from "../../trading/aws-signal-sink";
import { normalizeFunction } from "../../trading/normalize";

/** How long one invoke of `order` may take: its p99.9 is milliseconds, a cold start far less than this. */
const INVOKE_TIMEOUT_MS = 2000;

const orderFunctionArn = process.env.TACHYON_ORDER_FUNCTION;
const sink = orderFunctionArn
  ? new AwsSignalSink({
      functionArn: orderFunctionArn,
      client: lazy(() => awsClientFromEnv("lambda", { timeoutMs: INVOKE_TIMEOUT_MS })),
    })
  : undefined;

/** `index.handler`. */
export const handler = toLambda(
  sink ? withSignalRedelivery(normalizeFunction({ sink }), sink) : normalizeFunction(),
);
