/** Cloud Functions gen2 / Cloud Run entry of `portfolio-value` (HTTP and Pub/Sub push). */
import { toGcp } from "../../adapters/gcp";
import { portfolioValueFunction } from "../../portfolio/value";

/** The entry point (`handler`). */
export const handler = toGcp(portfolioValueFunction());
