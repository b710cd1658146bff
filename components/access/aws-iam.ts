/**
 * IAM statements every AWS component writes the same way: each names its actions and resources,
 * and the two capabilities AWS only grants on `*` come from AWS's own managed policies, so no
 * statement this project writes has a wildcard action or resource.
 */
import * as pulumi from "@pulumi/pulumi";

/** One IAM policy statement with explicit actions and resources. */
export interface ScopedStatement {
  /** Statement id, letters and digits only. */
  readonly sid: string;
  /** Exact actions, e.g. `dynamodb:GetItem`; never `*` or `service:*`. */
  readonly actions: readonly string[];
  /** Resource ARNs the actions apply to. */
  readonly resources: pulumi.Input<pulumi.Input<string>[]>;
  /** IAM condition block, e.g. `{ StringEquals: { "kms:ViaService": "dynamodb.eu-west-2.amazonaws.com" } }`. */
  readonly condition?: Record<string, Record<string, pulumi.Input<string>>>;
}

/** Write access to X-Ray for active tracing (X-Ray has no resource-level permissions). */
export const XRAY_WRITE_POLICY_ARN = "arn:aws:iam::aws:policy/AWSXrayWriteOnlyAccess";

/** ENI management for VPC-attached functions (EC2 network-interface actions have no resource scoping). */
export const VPC_ACCESS_POLICY_ARN =
  "arn:aws:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole";

/** An IAM policy document (JSON) of allow statements. */
export function policyDocument(statements: readonly ScopedStatement[]): pulumi.Output<string> {
  return pulumi.jsonStringify({
    Version: "2012-10-17",
    Statement: statements.map((s) => ({
      Sid: s.sid,
      Effect: "Allow",
      Action: [...s.actions],
      Resource: s.resources,
      ...(s.condition === undefined ? {} : { Condition: s.condition }),
    })),
  });
}
