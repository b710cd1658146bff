/** Lambda entry of `portfolio-value` (Kinesis batches of price updates and position events). */
import { toLambda } from "../../adapters/aws";
import { portfolioValueFunction } from "../../portfolio/value";

/** `index.handler`. */
export const handler = toLambda(portfolioValueFunction());
