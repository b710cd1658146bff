/**
 * The `tachyon-baseline` policy pack: the security and resilience floor of every deployment —
 * encryption, private functions, scoped IAM, deletion protection, point-in-time recovery and
 * dead-letter queues — and what a security team checks first: TLS minimum versions, no plaintext
 * secrets in function environments, log retention, alerts that reach someone.
 */
import { PolicyPack } from "@pulumi/policy";
import { alertReceiverRequired } from "./alert-receiver-required";
import { customerManagedKeyAccess } from "./customer-managed-key-access";
import { deadLetterQueueRequired } from "./dead-letter-queue-required";
import { deletionProtection } from "./deletion-protection";
import { encryptionAtRest } from "./encryption-at-rest";
import { externalKeyAccess } from "./external-key-access";
import { logRetention } from "./log-retention";
import { noPlaintextSecretsInEnvironment } from "./no-plaintext-secrets-in-environment";
import { noPublicFunctionEndpoint } from "./no-public-function-endpoint";
import { noWildcardIam } from "./no-wildcard-iam";
import { pointInTimeRecovery } from "./point-in-time-recovery";
import { tlsMinimumVersion } from "./tls-minimum-version";

new PolicyPack("tachyon-baseline", {
  policies: [
    encryptionAtRest,
    noPublicFunctionEndpoint,
    noWildcardIam,
    deletionProtection,
    pointInTimeRecovery,
    deadLetterQueueRequired,
    tlsMinimumVersion,
    noPlaintextSecretsInEnvironment,
    logRetention,
    alertReceiverRequired,
    customerManagedKeyAccess,
    externalKeyAccess,
  ],
});
