/**
 * The `tachyon-latency` policy pack: warm capacity, invocation paths, bundle size, compute size,
 * data locality, DNS health and routing, and latency budgets of latency-critical functions on AWS,
 * Azure and Google Cloud.
 */
import { PolicyPack } from "@pulumi/policy";
import { dnsRoutingSetConsistency } from "./dns-routing-set-consistency";
import { dnsTargetServesHost } from "./dns-target-serves-host";
import { dnsTtlLimit } from "./dns-ttl-limit";
import { eventSourceBatchingWindow } from "./event-source-batching-window";
import { functionArchitecture } from "./function-architecture";
import { functionBundleSizeLimit } from "./function-bundle-size-limit";
import { functionMemoryFloor } from "./function-memory-floor";
import { latencyBudget } from "./latency-budget";
import { latencyDnsHealthCheck } from "./latency-dns-health-check";
import { provisionedConcurrencyOnInvokedAlias } from "./provisioned-concurrency-on-invoked-alias";
import { provisionedConcurrencyRequired } from "./provisioned-concurrency-required";
import { sameRegionDataAccess } from "./same-region-data-access";

new PolicyPack("tachyon-latency", {
  policies: [
    provisionedConcurrencyRequired,
    provisionedConcurrencyOnInvokedAlias,
    functionBundleSizeLimit,
    functionMemoryFloor,
    functionArchitecture,
    sameRegionDataAccess,
    latencyDnsHealthCheck,
    dnsTtlLimit,
    dnsRoutingSetConsistency,
    dnsTargetServesHost,
    eventSourceBatchingWindow,
    latencyBudget,
  ],
});
