/**
 * What `tachyon-latency` judges (see policies/lib/judged-types.ts): every type a policy filters on
 * or reads to judge another resource. A spec keeps it equal to the types the policies name.
 */
import type { JudgedTypes } from "../lib/judged-types";
import { AWS, AZURE, GCP } from "../lib/resource-types";

/** The types. Latency policies read tags only on the types they filter on. */
export const judgedTypes: JudgedTypes = {
  types: [
    AWS.apiGatewayIntegration,
    AWS.apiGatewayV2Integration,
    AWS.cloudfrontDistribution,
    AWS.dynamodbTable,
    AWS.dynamodbTableReplica,
    AWS.elasticacheReplicationGroup,
    AWS.elasticacheServerlessCache,
    AWS.eventSourceMapping,
    AWS.eventTarget,
    AWS.functionUrl,
    AWS.iamPolicy,
    AWS.iamRole,
    AWS.iamRolePolicy,
    AWS.iamRolePolicyAttachment,
    AWS.lambdaAlias,
    AWS.lambdaFunction,
    AWS.lambdaPermission,
    AWS.provisionedConcurrencyConfig,
    AWS.route53HealthCheck,
    AWS.route53Record,
    AWS.route53Zone,
    AWS.snsTopicSubscription,
    AWS.sqsQueue,
    AWS.targetGroupAttachment,
    AZURE.afdCustomDomain,
    AZURE.afdEndpoint,
    AZURE.afdOriginGroup,
    AZURE.afdRoute,
    AZURE.blob,
    AZURE.cosmosAccount,
    AZURE.redis,
    AZURE.webApp,
    GCP.backendService,
    GCP.bucketObject,
    GCP.cloudFunction,
    GCP.cloudRunService,
    GCP.globalAddress,
    GCP.globalForwardingRule,
    GCP.managedSslCertificate,
    GCP.redisInstance,
    GCP.regionBackendService,
    GCP.spannerDatabase,
    GCP.spannerInstance,
    GCP.targetHttpsProxy,
  ],
  taggedWith: [],
};
