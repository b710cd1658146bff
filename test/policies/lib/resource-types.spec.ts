import assert from "node:assert/strict";
import * as apigateway from "@pulumi/aws/apigateway";
import * as apigatewayv2 from "@pulumi/aws/apigatewayv2";
import * as cloudfront from "@pulumi/aws/cloudfront";
import * as cloudwatch from "@pulumi/aws/cloudwatch";
import * as dynamodb from "@pulumi/aws/dynamodb";
import * as elasticache from "@pulumi/aws/elasticache";
import * as iam from "@pulumi/aws/iam";
import * as kinesis from "@pulumi/aws/kinesis";
import * as kms from "@pulumi/aws/kms";
import * as lambda from "@pulumi/aws/lambda";
import * as lb from "@pulumi/aws/lb";
import * as route53 from "@pulumi/aws/route53";
import * as s3 from "@pulumi/aws/s3";
import * as secretsmanager from "@pulumi/aws/secretsmanager";
import * as sns from "@pulumi/aws/sns";
import * as sqs from "@pulumi/aws/sqs";
import * as authorization from "@pulumi/azure-native/authorization";
import * as cdn from "@pulumi/azure-native/cdn";
import * as cosmosdb from "@pulumi/azure-native/cosmosdb";
import * as eventhub from "@pulumi/azure-native/eventhub";
import * as operationalinsights from "@pulumi/azure-native/operationalinsights";
import * as redis from "@pulumi/azure-native/redis";
import * as servicebus from "@pulumi/azure-native/servicebus";
import * as storage from "@pulumi/azure-native/storage";
import * as monitor from "@pulumi/azure-native/monitor";
import * as web from "@pulumi/azure-native/web";
import * as cloudfunctions from "@pulumi/gcp/cloudfunctions";
import * as cloudfunctionsv2 from "@pulumi/gcp/cloudfunctionsv2";
import * as cloudrun from "@pulumi/gcp/cloudrun";
import * as cloudrunv2 from "@pulumi/gcp/cloudrunv2";
import * as compute from "@pulumi/gcp/compute";
import * as logging from "@pulumi/gcp/logging";
import * as monitoring from "@pulumi/gcp/monitoring";
import * as projects from "@pulumi/gcp/projects";
import * as pubsub from "@pulumi/gcp/pubsub";
import * as gcpRedis from "@pulumi/gcp/redis";
import * as spanner from "@pulumi/gcp/spanner";
import * as gcpStorage from "@pulumi/gcp/storage";
import { AWS, AZURE, GCP } from "../../../policies/lib/resource-types";

/** The type token a provider class registers its resources under. */
const tokenOf = (cls: unknown) => (cls as { __pulumiType: string }).__pulumiType;

const classes: Record<string, unknown> = {
  [AWS.lambdaFunction]: lambda.Function,
  [AWS.lambdaAlias]: lambda.Alias,
  [AWS.provisionedConcurrencyConfig]: lambda.ProvisionedConcurrencyConfig,
  [AWS.eventSourceMapping]: lambda.EventSourceMapping,
  [AWS.lambdaPermission]: lambda.Permission,
  [AWS.functionUrl]: lambda.FunctionUrl,
  [AWS.functionEventInvokeConfig]: lambda.FunctionEventInvokeConfig,
  [AWS.targetGroupAttachment]: lb.TargetGroupAttachment,
  [AWS.apiGatewayIntegration]: apigateway.Integration,
  [AWS.apiGatewayV2Integration]: apigatewayv2.Integration,
  [AWS.dynamodbTable]: dynamodb.Table,
  [AWS.sqsQueue]: sqs.Queue,
  [AWS.sqsRedrivePolicy]: sqs.RedrivePolicy,
  [AWS.kinesisStream]: kinesis.Stream,
  [AWS.elasticacheReplicationGroup]: elasticache.ReplicationGroup,
  [AWS.elasticacheServerlessCache]: elasticache.ServerlessCache,
  [AWS.s3Bucket]: s3.Bucket,
  [AWS.s3BucketEncryption]: s3.BucketServerSideEncryptionConfiguration,
  [AWS.route53Record]: route53.Record,
  [AWS.route53HealthCheck]: route53.HealthCheck,
  [AWS.iamPolicy]: iam.Policy,
  [AWS.iamRolePolicy]: iam.RolePolicy,
  [AWS.iamRole]: iam.Role,
  [AWS.iamRolePolicyAttachment]: iam.RolePolicyAttachment,
  [AWS.eventTarget]: cloudwatch.EventTarget,
  [AWS.snsTopic]: sns.Topic,
  [AWS.snsTopicSubscription]: sns.TopicSubscription,
  [AWS.metricAlarm]: cloudwatch.MetricAlarm,
  [AWS.compositeAlarm]: cloudwatch.CompositeAlarm,
  [AWS.dynamodbTableReplica]: dynamodb.TableReplica,
  [AWS.lbListener]: lb.Listener,
  [AWS.cloudfrontDistribution]: cloudfront.Distribution,
  [AWS.apiGatewayDomainName]: apigateway.DomainName,
  [AWS.logGroup]: cloudwatch.LogGroup,
  [AWS.kmsKey]: kms.Key,
  [AWS.secretsManagerSecret]: secretsmanager.Secret,
  [AWS.iamPolicyAttachment]: iam.PolicyAttachment,
  [AZURE.webApp]: web.WebApp,
  [AZURE.appServicePlan]: web.AppServicePlan,
  [AZURE.cosmosAccount]: cosmosdb.DatabaseAccount,
  [AZURE.cosmosSqlRoleAssignment]: cosmosdb.SqlResourceSqlRoleAssignment,
  [AZURE.storageAccount]: storage.StorageAccount,
  [AZURE.blob]: storage.Blob,
  [AZURE.afdOriginGroup]: cdn.AFDOriginGroup,
  [AZURE.roleAssignment]: authorization.RoleAssignment,
  [AZURE.serviceBusNamespace]: servicebus.Namespace,
  [AZURE.serviceBusQueue]: servicebus.Queue,
  [AZURE.serviceBusSubscription]: servicebus.Subscription,
  [AZURE.eventHubNamespace]: eventhub.Namespace,
  [AZURE.redis]: redis.Redis,
  [AZURE.lockAtResource]: authorization.ManagementLockAtResourceLevel,
  [AZURE.lockAtResourceGroup]: authorization.ManagementLockAtResourceGroupLevel,
  [AZURE.lockByScope]: authorization.ManagementLockByScope,
  [AZURE.webAppSettings]: web.WebAppApplicationSettings,
  [AZURE.logAnalyticsWorkspace]: operationalinsights.Workspace,
  [AZURE.actionGroup]: monitor.ActionGroup,
  [GCP.cloudRunService]: cloudrunv2.Service,
  [GCP.cloudRunIamMember]: cloudrunv2.ServiceIamMember,
  [GCP.cloudRunIamBinding]: cloudrunv2.ServiceIamBinding,
  [GCP.cloudFunction]: cloudfunctionsv2.Function,
  [GCP.cloudFunctionIamMember]: cloudfunctionsv2.FunctionIamMember,
  [GCP.bucketObject]: gcpStorage.BucketObject,
  [GCP.spannerInstance]: spanner.Instance,
  [GCP.spannerDatabase]: spanner.Database,
  [GCP.pubsubSubscription]: pubsub.Subscription,
  [GCP.backendService]: compute.BackendService,
  [GCP.regionBackendService]: compute.RegionBackendService,
  [GCP.projectIamMember]: projects.IAMMember,
  [GCP.projectIamBinding]: projects.IAMBinding,
  [GCP.redisInstance]: gcpRedis.Instance,
  [GCP.sslPolicy]: compute.SSLPolicy,
  [GCP.regionSslPolicy]: compute.RegionSslPolicy,
  [GCP.targetHttpsProxy]: compute.TargetHttpsProxy,
  [GCP.regionTargetHttpsProxy]: compute.RegionTargetHttpsProxy,
  [GCP.targetSslProxy]: compute.TargetSSLProxy,
  [GCP.loggingBucketConfig]: logging.ProjectBucketConfig,
  [GCP.alertPolicy]: monitoring.AlertPolicy,
  [AWS.route53Zone]: route53.Zone,
  [AZURE.afdEndpoint]: cdn.AFDEndpoint,
  [AZURE.afdCustomDomain]: cdn.AFDCustomDomain,
  [AZURE.afdRoute]: cdn.Route,
  [GCP.globalAddress]: compute.GlobalAddress,
  [GCP.globalForwardingRule]: compute.GlobalForwardingRule,
  [GCP.managedSslCertificate]: compute.ManagedSslCertificate,
  [GCP.cloudFunctionV1]: cloudfunctions.Function,
  [GCP.cloudFunctionV1IamMember]: cloudfunctions.FunctionIamMember,
  [GCP.cloudFunctionV1IamBinding]: cloudfunctions.FunctionIamBinding,
  [GCP.cloudRunV1Service]: cloudrun.Service,
  [GCP.cloudRunV1IamMember]: cloudrun.IamMember,
  [GCP.cloudRunV1IamBinding]: cloudrun.IamBinding,
};

describe("resource type tokens", () => {
  for (const token of [...Object.values(AWS), ...Object.values(AZURE), ...Object.values(GCP)]) {
    if (token.startsWith("pulumi:providers:")) continue;
    it(`${token} is the token its provider class registers`, () => {
      assert.ok(token in classes, `no provider class listed for ${token}`);
      assert.equal(tokenOf(classes[token]), token);
    });
  }
});
