/**
 * The `tachyon-latency` policy pack: warm capacity, invocation paths, bundle size, memory, data
 * locality, DNS health and latency budgets of latency-critical functions on AWS, Azure and GCP.
 */
import { PolicyPack } from "@pulumi/policy";
import { functionArchitecture } from "./function-architecture";

new PolicyPack("tachyon-latency", { policies: [functionArchitecture] });
