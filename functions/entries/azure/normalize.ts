/** Azure Functions (v4) entry of `normalize`: registers it with the host when the worker loads the app. */
import { coreApp, loadAzureCore } from "../../adapters/azure-core";
import { registerAzure } from "../../adapters/azure";
import { normalizeFunction } from "../../trading/normalize";

registerAzure(coreApp(loadAzureCore()), normalizeFunction(), "stream");
