/**
 * Azure Functions (v4) entry of `normalize`: registers it with the host when the worker loads the
 * app. With `TACHYON_SIGNAL_QUEUE_URL` (the site's Service Bus signals queue) the orders its
 * signals raise are sent there for the `order` app (functions/trading/azure-signal-sink.ts);
 * without it they stay in the instance's memory.
 */
import { registerAzure } from "../../adapters/azure";
import { coreApp, loadAzureCore } from "../../adapters/azure-core";
import { managedIdentityFromEnv, managedIdentityTokens } from "../../lib/azure-identity";
import { lazy } from "../../lib/lazy";
import { withSignalRedelivery } from "../../trading/aws-signal-sink";
import { AzureSignalSink, SERVICE_BUS_AUDIENCE } from "../../trading/azure-signal-sink";
import { normalizeFunction } from "../../trading/normalize";

const queueUrl = process.env.TACHYON_SIGNAL_QUEUE_URL;
const identity = managedIdentityFromEnv();
if (queueUrl && !identity) {
  throw new Error(
    "IDENTITY_ENDPOINT: must be set to send signals to Service Bus, got none. Give the Function App a managed identity.",
  );
}
const sink =
  queueUrl && identity
    ? new AzureSignalSink({
        queueUrl,
        tokens: lazy(() => managedIdentityTokens(SERVICE_BUS_AUDIENCE, identity)),
      })
    : undefined;

registerAzure(
  coreApp(loadAzureCore()),
  sink ? withSignalRedelivery(normalizeFunction({ sink }), sink) : normalizeFunction(),
  "stream",
);
