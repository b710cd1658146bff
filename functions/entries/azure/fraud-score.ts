/** Azure Functions (v4) entry of `fraud-score`: registers it with the host when the worker loads the app. */
import { coreApp, loadAzureCore } from "../../adapters/azure-core";
import { registerAzure } from "../../adapters/azure";
import { featureCacheFromEnv } from "../../fraud/cache-env";
import { fraudScoreFunction } from "../../fraud/score";

registerAzure(
  coreApp(loadAzureCore()),
  fraudScoreFunction({ cache: () => featureCacheFromEnv("azure") }),
  "http",
);
