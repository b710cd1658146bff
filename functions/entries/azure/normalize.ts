/** Azure Functions (v4) entry of `normalize`: registers it with the host when the worker loads the app. */
import { app } from "@azure/functions";
import { registerAzure } from "../../adapters/azure";
import { normalizeFunction } from "../../trading/normalize";

registerAzure(app, normalizeFunction(), "stream");
