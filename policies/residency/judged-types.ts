/**
 * What `tachyon-residency` judges (see policies/lib/judged-types.ts): replicas of the replicated
 * stores, and any resource tagged `data-class` by its `region`/`location`.
 */
import { TAG_DATA_CLASS } from "../../model/types";
import type { JudgedTypes } from "../lib/judged-types";
import { AWS, AZURE, GCP } from "../lib/resource-types";

/** The types and tags. */
export const judgedTypes: JudgedTypes = {
  types: [AWS.dynamodbTable, AZURE.cosmosAccount, GCP.spannerInstance],
  taggedWith: [TAG_DATA_CLASS],
};
