/**
 * The least-privilege execution role of a latency-critical Lambda function.
 *
 * Every inline statement names its resources. The two capabilities AWS only grants on `*`
 * (X-Ray segment upload and the ENI management Lambda needs for VPC placement) come from AWS's
 * own managed policies, so no statement this project writes has a wildcard action or resource.
 */
import * as iam from "@pulumi/aws/iam";
import * as pulumi from "@pulumi/pulumi";
import {
  policyDocument,
  VPC_ACCESS_POLICY_ARN,
  XRAY_WRITE_POLICY_ARN,
  type ScopedStatement,
} from "../access/aws-iam";

/** Arguments of {@link createExecutionRole}. */
export interface ExecutionRoleArgs {
  /** Physical role name (≤ 64 characters). */
  readonly roleName: string;
  /** ARN of the function's log group; the role may write only there. */
  readonly logGroupArn: pulumi.Input<string>;
  /** Whether the function is attached to a VPC. */
  readonly vpc: boolean;
  /** Statements for the function's triggers, destinations and data. */
  readonly statements: readonly ScopedStatement[];
  readonly tags: Record<string, string>;
}

/** The role, its inline policy and managed-policy attachments. */
export interface ExecutionRole {
  readonly role: iam.Role;
  /** Everything the function must wait for before Lambda validates its permissions. */
  readonly grants: pulumi.Resource[];
}

/** Creates the execution role `${name}-role` with the given scoped statements. */
export function createExecutionRole(
  name: string,
  args: ExecutionRoleArgs,
  parent: pulumi.Resource,
): ExecutionRole {
  const role = new iam.Role(
    `${name}-role`,
    {
      name: args.roleName,
      description: "Execution role of a latency-critical function; resource-scoped grants only.",
      assumeRolePolicy: JSON.stringify({
        Version: "2012-10-17",
        Statement: [
          {
            Effect: "Allow",
            Principal: { Service: "lambda.amazonaws.com" },
            Action: "sts:AssumeRole",
          },
        ],
      }),
      tags: args.tags,
    },
    { parent },
  );
  const logs: ScopedStatement = {
    sid: "WriteOwnLogGroup",
    actions: ["logs:CreateLogStream", "logs:PutLogEvents"],
    resources: [pulumi.interpolate`${args.logGroupArn}:*`],
  };
  const policy = new iam.RolePolicy(
    `${name}-policy`,
    { role: role.name, policy: policyDocument([logs, ...args.statements]) },
    { parent },
  );
  const grants: pulumi.Resource[] = [policy];
  grants.push(
    new iam.RolePolicyAttachment(
      `${name}-xray`,
      { role: role.name, policyArn: XRAY_WRITE_POLICY_ARN },
      { parent },
    ),
  );
  if (args.vpc) {
    grants.push(
      new iam.RolePolicyAttachment(
        `${name}-vpc`,
        { role: role.name, policyArn: VPC_ACCESS_POLICY_ARN },
        { parent },
      ),
    );
  }
  return { role, grants };
}
