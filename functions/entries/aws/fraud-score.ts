/** Lambda entry of `fraud-score` (ALB requests). */
import { toLambda } from "../../adapters/aws";
import { featureCacheFromEnv } from "../../fraud/cache-env";
import { fraudScoreFunction } from "../../fraud/score";

/** `index.handler`. */
export const handler = toLambda(fraudScoreFunction({ cache: () => featureCacheFromEnv("aws") }));
