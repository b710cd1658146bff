/**
 * The `tachyon-residency` policy pack: data stays in the jurisdictions its data class allows,
 * replicas included.
 */
import { PolicyPack } from "@pulumi/policy";
import { dataResidency } from "./data-residency";
import { replicaResidency } from "./replica-residency";

new PolicyPack("tachyon-residency", { policies: [dataResidency, replicaResidency] });
