/**
 * Portfolio revaluations over an API Gateway WebSocket API (regional stack): a client sends a
 * message on its connection and receives the function's answer on it. Nothing is pushed
 * unasked: the function runs in a VPC with no NAT, and the `@connections` management API is a
 * public `execute-api` endpoint that an API Gateway interface endpoint cannot route to
 * (https://aws.amazon.com/premiumsupport/knowledge-center/api-gateway-vpc-connections/), so the
 * function gets neither the endpoint nor `execute-api:ManageConnections`.
 *
 * Clients connect with SigV4-signed requests (`$connect` requires `AWS_IAM`; WebSocket APIs
 * authorise the connection, and `$disconnect`/`$default` messages ride on it), so the API is not
 * open to anyone on the internet. Every route integrates with the function's `live` alias through
 * a Lambda proxy integration, and the invoke permission is scoped to the alias and to this API:
 * provisioned concurrency serves the socket too. The stage throttles and writes JSON access logs;
 * WebSocket APIs log through the account's API Gateway CloudWatch role, which this component sets
 * for the region: to a role of its own, or — in an account shared with other stacks, where that
 * one-per-region setting must not change hands — to an existing role given as `logRoleArn`.
 *
 * `$default` is a two-way route (a `$default` route response, the only key WebSocket APIs allow):
 * without one, API Gateway discards what the integration returns, and a client that asks for a
 * revaluation would never receive it nor learn why its message was rejected. `$connect` and
 * `$disconnect` stay one-way; their answer only accepts or closes the connection.
 */
import * as apigateway from "@pulumi/aws/apigateway";
import * as apigatewayv2 from "@pulumi/aws/apigatewayv2";
import * as cloudwatch from "@pulumi/aws/cloudwatch";
import * as iam from "@pulumi/aws/iam";
import * as lambda from "@pulumi/aws/lambda";
import * as pulumi from "@pulumi/pulumi";
import { LIVE_ALIAS } from "../naming/aws-name";

/** The stage clients connect to. */
export const WEBSOCKET_STAGE = "live";

/** AWS's managed policy that lets API Gateway write to CloudWatch Logs. */
export const APIGW_LOGS_POLICY_ARN =
  "arn:aws:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs";

/** The routes every connection goes through. */
export const WEBSOCKET_ROUTES = ["$connect", "$disconnect", "$default"] as const;

/** Fields of each access log line. */
export const ACCESS_LOG_FORMAT = JSON.stringify({
  requestId: "$context.requestId",
  connectionId: "$context.connectionId",
  routeKey: "$context.routeKey",
  eventType: "$context.eventType",
  status: "$context.status",
  integrationLatency: "$context.integrationLatency",
  caller: "$context.identity.caller",
  sourceIp: "$context.identity.sourceIp",
});

/** Arguments of {@link AwsWebSocketApi}. */
export interface AwsWebSocketApiArgs {
  region: string;
  /** Physical name of the API. */
  apiName: string;
  /**
   * Physical name of the role API Gateway logs with (≤ 64 characters, unique per account),
   * created unless `logRoleArn` is given.
   */
  logRoleName: string;
  /**
   * An existing role for the region's API Gateway CloudWatch Logs setting
   * (`tachyon:apiGatewayLogRoleArn`); no role is created then.
   * @default a role of this component's own, named `logRoleName`
   */
  logRoleArn?: pulumi.Input<string>;
  /**
   * Steady-state messages per second across the stage.
   * @default 1000
   */
  rateLimit?: number;
  /**
   * Burst of messages above the rate.
   * @default 500
   */
  burstLimit?: number;
  /**
   * Days to keep the access logs (a year: audit evidence, as for the functions' logs).
   * @default 365
   */
  logRetentionDays?: number;
  /**
   * Tags on every child that takes tags.
   * @default {}
   */
  tags?: Record<string, string>;
}

/**
 * A WebSocket API, its throttled stage and its access logs; {@link AwsWebSocketApi.route} wires
 * a function alias behind it.
 *
 * @example
 * const ws = new AwsWebSocketApi("aws-portfolio-ws", { region, apiName, logRoleName });
 * ws.route({ functionName: fn.functionName, aliasArn: fn.invokeTarget });
 */
export class AwsWebSocketApi extends pulumi.ComponentResource {
  readonly apiId: pulumi.Output<string>;
  /** `wss://` URL clients connect to (stage included). */
  readonly url: pulumi.Output<string>;
  private readonly api: apigatewayv2.Api;
  private readonly region: string;
  private readonly name: string;

  constructor(name: string, args: AwsWebSocketApiArgs, opts?: pulumi.ComponentResourceOptions) {
    super(TYPE, name, {}, opts);
    const child = { parent: this };
    const region = args.region;
    this.region = region;
    this.name = name;
    this.api = new apigatewayv2.Api(
      `${name}-api`,
      {
        region,
        name: args.apiName,
        protocolType: "WEBSOCKET",
        routeSelectionExpression: "$request.body.action",
        description: "Answers portfolio revaluation requests on the client's connection.",
        tags: args.tags,
      },
      child,
    );
    const account = new apigateway.Account(
      `${name}-account`,
      {
        region,
        cloudwatchRoleArn: args.logRoleArn ?? this.createLogRole(args.logRoleName, args.tags),
      },
      child,
    );
    const logs = new cloudwatch.LogGroup(
      `${name}-access-logs`,
      {
        region,
        name: pulumi.interpolate`/aws/apigateway/${args.apiName}/${WEBSOCKET_STAGE}`,
        retentionInDays: args.logRetentionDays ?? 365,
        tags: args.tags,
      },
      child,
    );
    new apigatewayv2.Stage(
      `${name}-stage`,
      {
        region,
        apiId: this.api.id,
        name: WEBSOCKET_STAGE,
        autoDeploy: true,
        defaultRouteSettings: {
          throttlingRateLimit: args.rateLimit ?? 1000,
          throttlingBurstLimit: args.burstLimit ?? 500,
          loggingLevel: "ERROR",
          dataTraceEnabled: false,
          detailedMetricsEnabled: true,
        },
        accessLogSettings: { destinationArn: logs.arn, format: ACCESS_LOG_FORMAT },
        tags: args.tags,
      },
      { parent: this, dependsOn: [account] },
    );
    this.apiId = this.api.id;
    this.url = pulumi.interpolate`wss://${this.api.id}.execute-api.${region}.amazonaws.com/${WEBSOCKET_STAGE}`;
    this.registerOutputs({ apiId: this.apiId, url: this.url });
  }

  /** A role API Gateway can assume to write logs; resolves once its policy is attached. */
  private createLogRole(
    roleName: string,
    tags: Record<string, string> | undefined,
  ): pulumi.Output<string> {
    const child = { parent: this };
    const role = new iam.Role(
      `${this.name}-log-role`,
      {
        name: roleName,
        description: "Lets API Gateway write WebSocket access and execution logs.",
        assumeRolePolicy: JSON.stringify({
          Version: "2012-10-17",
          Statement: [
            {
              Effect: "Allow",
              Principal: { Service: "apigateway.amazonaws.com" },
              Action: "sts:AssumeRole",
            },
          ],
        }),
        tags,
      },
      child,
    );
    const attachment = new iam.RolePolicyAttachment(
      `${this.name}-log-policy`,
      { role: role.name, policyArn: APIGW_LOGS_POLICY_ARN },
      child,
    );
    // API Gateway checks the role's permissions when the account setting changes.
    return pulumi.all([role.arn, attachment.id]).apply(([arn]) => arn);
  }

  /**
   * Routes `$connect` (IAM-authorised), `$disconnect` and `$default` to the function's `live`
   * alias, returns `$default`'s answer to the client, and lets this API (and only it) invoke that
   * alias.
   */
  route(target: {
    functionName: pulumi.Input<string>;
    aliasArn: pulumi.Input<string>;
  }): apigatewayv2.Integration {
    const child = { parent: this };
    const region = this.region;
    const permission = new lambda.Permission(
      `${this.name}-invoke`,
      {
        region,
        action: "lambda:InvokeFunction",
        function: target.functionName,
        qualifier: LIVE_ALIAS,
        principal: "apigateway.amazonaws.com",
        sourceArn: pulumi.interpolate`${this.api.executionArn}/*`,
      },
      child,
    );
    const integration = new apigatewayv2.Integration(
      `${this.name}-integration`,
      {
        region,
        apiId: this.api.id,
        integrationType: "AWS_PROXY",
        integrationMethod: "POST",
        integrationUri: pulumi.interpolate`arn:aws:apigateway:${region}:lambda:path/2015-03-31/functions/${target.aliasArn}/invocations`,
      },
      { parent: this, dependsOn: [permission] },
    );
    for (const routeKey of WEBSOCKET_ROUTES) {
      const twoWay = routeKey === "$default";
      const route = new apigatewayv2.Route(
        `${this.name}-route-${routeKey.slice(1)}`,
        {
          region,
          apiId: this.api.id,
          routeKey,
          authorizationType: routeKey === "$connect" ? "AWS_IAM" : "NONE",
          target: pulumi.interpolate`integrations/${integration.id}`,
          routeResponseSelectionExpression: twoWay ? "$default" : undefined,
        },
        child,
      );
      if (twoWay) {
        new apigatewayv2.RouteResponse(
          `${this.name}-route-default-response`,
          { region, apiId: this.api.id, routeId: route.id, routeResponseKey: "$default" },
          child,
        );
      }
    }
    return integration;
  }
}

const TYPE = "tachyon:edge:AwsWebSocketApi";
