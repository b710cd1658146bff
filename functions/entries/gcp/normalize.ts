/** Cloud Functions gen2 / Cloud Run entry of `normalize` (HTTP and Pub/Sub push). */
import { toGcp } from "../../adapters/gcp";
import { normalizeFunction } from "../../trading/normalize";

/** The entry point (`handler`). */
export const handler = toGcp(normalizeFunction());
