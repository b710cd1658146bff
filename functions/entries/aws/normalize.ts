/** Lambda entry of `normalize` (Kinesis batches of exchange frames). */
import { toLambda } from "../../adapters/aws";
import { normalizeFunction } from "../../trading/normalize";

/** `index.handler`. */
export const handler = toLambda(normalizeFunction());
