/**
 * Azure Functions (v4) entry of `fraud-score`: registers it with the host when the worker loads
 * the app. Account histories are read from the shared cache first, then from the workload's
 * Cosmos DB container named by the `COSMOS_*` app settings (functions/lib/azure-cosmos-env.ts),
 * the source of truth; without them, from the cache and instance memory only.
 */
import { coreApp, loadAzureCore } from "../../adapters/azure-core";
import { registerAzure } from "../../adapters/azure";
import { passwordRespOptions, tieredFeatureCache } from "../../fraud/cache-tiers";
import { CosmosHistoryStore } from "../../fraud/history-cosmos";
import { fraudScoreFunction } from "../../fraud/score";
import {
  COSMOS_STATE_FIX,
  cosmosContainerFromEnv,
  cosmosStateName,
} from "../../lib/azure-cosmos-env";
import { logStateStore } from "../../lib/state-log";

// Read when the worker loads the app, so that bad settings fail the start, not every request.
const container = cosmosContainerFromEnv();
logStateStore("fraud", container && cosmosStateName(), COSMOS_STATE_FIX);

registerAzure(
  coreApp(loadAzureCore()),
  fraudScoreFunction({
    cache: () =>
      tieredFeatureCache(
        passwordRespOptions("azure"),
        process.env,
        container ? new CosmosHistoryStore(container) : undefined,
      ),
  }),
  "http",
);
