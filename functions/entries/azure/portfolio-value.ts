/** Azure Functions (v4) entry of `portfolio-value`: registers it with the host when the worker loads the app. */
import { coreApp, loadAzureCore } from "../../adapters/azure-core";
import { registerAzure } from "../../adapters/azure";
import { portfolioValueFunction } from "../../portfolio/value";

registerAzure(coreApp(loadAzureCore()), portfolioValueFunction(), "stream");
