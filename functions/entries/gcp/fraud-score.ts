/** Cloud Functions gen2 / Cloud Run entry of `fraud-score` (HTTP and Pub/Sub push). */
import { toGcp } from "../../adapters/gcp";
import { featureCacheFromEnv } from "../../fraud/cache-env";
import { fraudScoreFunction } from "../../fraud/score";

/** The entry point (`handler`). */
export const handler = toGcp(fraudScoreFunction({ cache: () => featureCacheFromEnv("gcp") }));
