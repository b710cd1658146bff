/** Azure Functions (v4) entry of `portfolio-value`: registers it with the host when the worker loads the app. */
import { app } from "@azure/functions";
import { registerAzure } from "../../adapters/azure";
import { portfolioValueFunction } from "../../portfolio/value";

registerAzure(app, portfolioValueFunction(), "stream");
