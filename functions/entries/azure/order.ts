/**
 * Azure Functions (v4) entry of `order`: registers it with the host when the worker loads the
 * app. Order ids are claimed in the Cosmos DB container named by the
 * `TACHYON_IDEMPOTENCY_COSMOS_*` settings (so a retry on another instance still executes once);
 * without them, in the instance's memory.
 */
import { coreApp, loadAzureCore } from "../../adapters/azure-core";
import { registerAzure } from "../../adapters/azure";
import { azureIdempotencyStore } from "../../lib/azure-idempotency";
import { orderFunction } from "../../trading/order-function";

// Chosen when the worker loads the app, so that the choice is logged once per instance.
const store = azureIdempotencyStore();

// With the signals queue's settings, order also executes the signals normalize sends there.
registerAzure(coreApp(loadAzureCore()), orderFunction({ store: () => store }), "http", {
  signalsQueue: Boolean(process.env.SIGNALS_QUEUE),
});
