/**
 * Cloud Functions gen2 / Cloud Run entry of `normalize` (HTTP and Pub/Sub push). With
 * `TACHYON_SIGNAL_TOPIC` (the site's signals topic) the orders its signals raise are published
 * there for the `order` service (functions/trading/gcp-signal-sink.ts); without it they stay in
 * the instance's memory.
 */
import { toGcp } from "../../adapters/gcp";
import { metadataTokens } from "../../lib/gcp-metadata";
import { lazy } from "../../lib/lazy";
import { withSignalRedelivery } from "../../trading/aws-signal-sink";
import { GcpSignalSink } from "../../trading/gcp-signal-sink";
import { normalizeFunction } from "../../trading/normalize";

const topic = process.env.TACHYON_SIGNAL_TOPIC;
const sink = topic ? new GcpSignalSink({ topic, tokens: lazy(() => metadataTokens()) }) : undefined;

/** The entry point (`handler`). */
export const handler = toGcp(
  sink ? withSignalRedelivery(normalizeFunction({ sink }), sink) : normalizeFunction(),
);
