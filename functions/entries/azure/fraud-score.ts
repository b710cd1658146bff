/** Azure Functions (v4) entry of `fraud-score`: registers it with the host when the worker loads the app. */
import { app } from "@azure/functions";
import { registerAzure } from "../../adapters/azure";
import { featureCacheFromEnv } from "../../fraud/cache-env";
import { fraudScoreFunction } from "../../fraud/score";

registerAzure(app, fraudScoreFunction({ cache: () => featureCacheFromEnv("azure") }), "http");
