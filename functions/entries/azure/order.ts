/** Azure Functions (v4) entry of `order`: registers it with the host when the worker loads the app. */
import { app } from "@azure/functions";
import { registerAzure } from "../../adapters/azure";
import { orderFunction } from "../../trading/order-function";

registerAzure(app, orderFunction(), "http");
