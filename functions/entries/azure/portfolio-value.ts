/**
 * Azure Functions (v4) entry of `portfolio-value`: registers it with the host when the worker
 * loads the app. Positions, option definitions and applied event ids live in the workload's
 * Cosmos DB container named by the `COSMOS_*` app settings (functions/lib/azure-cosmos-env.ts);
 * without them, in the instance's memory only.
 */
import { coreApp, loadAzureCore } from "../../adapters/azure-core";
import { registerAzure } from "../../adapters/azure";
import {
  COSMOS_STATE_FIX,
  cosmosContainerFromEnv,
  cosmosStateName,
} from "../../lib/azure-cosmos-env";
import { logStateStore } from "../../lib/state-log";
import { CosmosPortfolioStore } from "../../portfolio/store-cosmos";
import { portfolioValueFunction } from "../../portfolio/value";

// Read when the worker loads the app, so that bad settings fail the start, not every event.
const container = cosmosContainerFromEnv();
logStateStore("portfolio", container && cosmosStateName(), COSMOS_STATE_FIX);

registerAzure(
  coreApp(loadAzureCore()),
  portfolioValueFunction(container ? { store: () => new CosmosPortfolioStore(container) } : {}),
  "stream",
);
