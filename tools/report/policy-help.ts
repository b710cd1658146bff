/**
 * How to fix a violation of each of Tachyon's policies, from policies/README.md: the second half of
 * a SARIF rule's `help` (the policy's own description says what it checks). GitHub code scanning
 * shows this text beside every alert.
 */
const FIX: Record<string, string> = {
  "provisioned-concurrency-required":
    "Give the function at least `minimum` warm instances: provisioned concurrency on the Lambda alias that is invoked, always-ready instances on Flex Consumption (or pre-warmed on Elastic Premium), `minInstanceCount` on Cloud Run / Cloud Functions.",
  "provisioned-concurrency-on-invoked-alias":
    "Point every trigger and target (event source mapping, permission, subscription, integration) at the alias or version that has the provisioned concurrency, never at the unqualified function.",
  "function-bundle-size-limit":
    "Bundle the handler with esbuild (minified, tree-shaken) so that the package stays under `maxBytes`; the message names the largest modules when a metafile lies beside the bundle.",
  "function-memory-floor":
    "Size the function for one full vCPU: Lambda `memorySize` ≥ 1769 MB, Flex Consumption `instanceMemoryMB` ≥ 2048, Cloud Run / Cloud Functions at least 1 CPU and 512 MiB (or the configured floors).",
  "function-architecture": 'Set the Lambda function\'s `architectures` to `["arm64"]`.',
  "same-region-data-access":
    "Read the table, cache or database through its replica or endpoint in the function's own region; add a replica there if there is none.",
  "latency-dns-health-check":
    "Attach a health check to every latency-routed record, Front Door origin group and GCP backend service, so that traffic leaves a failed region.",
  "dns-ttl-limit": "Lower the routed record's `ttl` to at most `maxTtlSeconds` (60 by default).",
  "dns-routing-set-consistency":
    "Keep one record per region and type in a latency set, do not mix a CNAME with other types under one name, and give each member's health check its own endpoint (an `ipAddress` or its own host name).",
  "dns-target-serves-host":
    "Make the target serve the host name: a Front Door custom domain on a route of that endpoint, a CloudFront alias covering it, or a Google-managed certificate on the load balancer's HTTPS proxy.",
  "event-source-batching-window":
    "Set the event source's batching window to at most `maxBatchingWindowSeconds` (0 by default) and its batch size to at most `maxBatchSize`.",
  "latency-budget":
    "Shorten the path (place the function nearer its venue, read same-region replicas, drop hops) or raise the workload's `latencyBudgetMs` if the budget is wrong.",
  "data-residency":
    "Deploy the resource in a region whose jurisdiction the `jurisdictions` config allows for its `data-class`, or correct the `data-class` tag.",
  "replica-residency":
    "Remove the replicas (DynamoDB replicas, Cosmos DB locations, Spanner configuration) that lie outside the jurisdictions allowed for the database's data class.",
  "encryption-at-rest":
    "Turn on encryption at rest (server-side encryption, a KMS key, CMEK where required) and, on Azure stores, refuse plaintext and old-TLS transport.",
  "no-public-function-endpoint":
    "Remove the public URL, permission or invoker binding, or tag the function `exposure` = `public` if it is meant to be public.",
  "no-wildcard-iam":
    "Name the actions the role needs instead of a wildcard, use a predefined GCP role instead of owner/editor, scope Azure roles below the subscription, and grant Cosmos DB Data Contributor on the container (or database) a function uses.",
  "deletion-protection":
    "Turn on DynamoDB `deletionProtectionEnabled`, Spanner `enableDropProtection`, or a CanNotDelete lock on the Cosmos DB account.",
  "point-in-time-recovery":
    "Turn on DynamoDB point-in-time recovery (replicas too), Cosmos DB continuous backup, or a Spanner `versionRetentionPeriod` of at least `minSpannerRetentionHours`.",
  "dead-letter-queue-required":
    "Give the queue, event source or async invocation a dead-letter queue or on-failure destination.",
  "tls-minimum-version":
    "Set the endpoint's TLS policy to TLS 1.2 or later (`sslPolicy`, `minimumProtocolVersion`, `securityPolicy`, `minTlsVersion`, ...).",
  "no-plaintext-secrets-in-environment":
    "Keep the secret in a secret store (Secrets Manager, Key Vault, Secret Manager) and put its reference in the environment, not its value.",
  "log-retention":
    "Keep logs at least `minimumDays` (365 by default): set the retention of the log group, workspace or bucket.",
  "alert-receiver-required":
    "Subscribe someone to the alarm's SNS topic, add a receiver to the action group, or name a notification channel in the alert policy.",
  "customer-managed-key-access":
    "Grant the role the KMS actions the store needs on the key of its region (key policy or IAM), and let `logs.<region>.amazonaws.com` use a log group's key.",
  "external-key-access":
    "Grant the role the KMS actions on the external key through IAM, unless that key's policy already names the role.",
};

/** How to fix a violation of a policy; a general sentence for a policy Tachyon does not ship. */
export function policyFix(pack: string, policy: string): string {
  const fix = pack.startsWith("tachyon-") ? FIX[policy] : undefined;
  return (
    fix ??
    "Change the resource as the violation's message says, or lower this policy's enforcement level in the --policy-pack-config file if it does not apply."
  );
}
