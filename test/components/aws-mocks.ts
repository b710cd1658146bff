/**
 * A recording Pulumi mock runtime for the AWS component specs: every `newResource` call is kept
 * (type, name, inputs) so a spec can assert the exact child contract, and AWS-computed outputs
 * (ARNs, versions, ids) are filled in the way AWS forms them. Mocks are process-global, so each
 * spec installs a fresh recorder in `beforeEach` and waits for registrations before asserting.
 */
import * as pulumi from "@pulumi/pulumi";
import { recorderOf, type RecordedOf, type RecorderOf } from "./recorder";

export { valueOf } from "./recorder";

/** One registered resource as the mock runtime saw it. */
export type Recorded = RecordedOf<Record<string, unknown>>;

/** The recorder: every resource registered since {@link useAwsMocks} installed it. */
export type Recorder = RecorderOf<Record<string, unknown>>;

/** The account id every mocked ARN carries. */
export const ACCOUNT = "123456789012";

/** Provider-computed outputs the components read, per type token. */
function computed(
  type: string,
  name: string,
  inputs: Record<string, unknown>,
): Record<string, unknown> {
  const region = (inputs.region as string | undefined) ?? "us-east-1";
  const physical = (inputs.name as string | undefined) ?? name;
  const arn = (service: string, resource: string): string =>
    `arn:aws:${service}:${region}:${ACCOUNT}:${resource}`;
  switch (type) {
    case "aws:lambda/function:Function":
      return { arn: arn("lambda", `function:${physical}`), version: "1" };
    case "aws:lambda/alias:Alias":
      return { arn: arn("lambda", `function:${inputs.functionName as string}:${physical}`) };
    case "aws:cloudwatch/logGroup:LogGroup":
      return { arn: arn("logs", `log-group:${physical}`) };
    case "aws:iam/role:Role":
      return { arn: `arn:aws:iam::${ACCOUNT}:role/${physical}` };
    case "aws:sqs/queue:Queue":
      return {
        arn: arn("sqs", physical),
        url: `https://sqs.${region}.amazonaws.com/${ACCOUNT}/${physical}`,
      };
    case "aws:kinesis/stream:Stream":
      return { arn: arn("kinesis", `stream/${physical}`) };
    case "aws:dynamodb/table:Table":
      return {
        arn: arn("dynamodb", `table/${physical}`),
        streamArn: arn("dynamodb", `table/${physical}/stream/2026-01-01T00:00:00.000`),
      };
    case "aws:kms/key:Key":
      return { arn: arn("kms", `key/${name}`), keyId: `${name}-key-id` };
    case "aws:lb/loadBalancer:LoadBalancer":
      return {
        arn: arn("elasticloadbalancing", `loadbalancer/app/${physical}/abc`),
        dnsName: `${physical}.${region}.elb.amazonaws.com`,
        zoneId: "Z35SXDOTRQ7X7K",
      };
    case "aws:globalaccelerator/accelerator:Accelerator":
      return {
        arn: `arn:aws:globalaccelerator::${ACCOUNT}:accelerator/${name}`,
        dnsName: `${name}.awsglobalaccelerator.com`,
        hostedZoneId: "Z2BJ6XQ5FK7U4H",
      };
    case "aws:route53/zone:Zone":
      return { zoneId: `Z-${name}`, nameServers: ["ns-1.awsdns-00.com"] };
    case "aws:acm/certificate:Certificate":
      return {
        arn: arn("acm", `certificate/${name}`),
        // One option per name: the domain, then each subject alternative name.
        domainValidationOptions: [
          inputs.domainName as string,
          ...((inputs.subjectAlternativeNames as string[] | undefined) ?? []),
        ].map((domainName) => ({
          domainName,
          resourceRecordName: `_x1.${domainName}.`,
          resourceRecordType: "CNAME",
          resourceRecordValue: "_x2.acm-validations.aws.",
        })),
      };
    case "aws:acm/certificateValidation:CertificateValidation":
      return { certificateArn: inputs.certificateArn };
    case "aws:route53/record:Record":
      // Route 53 reports the FQDN without the trailing dot.
      return { fqdn: (inputs.name as string).replace(/\.$/, "") };
    case "aws:kinesis/streamConsumer:StreamConsumer":
      return {
        arn: `${inputs.streamArn as string}/consumer/${physical}:1767225600`,
      };
    case "aws:apigatewayv2/api:Api":
      return {
        arn: `arn:aws:apigateway:${region}::/apis/${name}-id`,
        executionArn: arn("execute-api", `${name}-id`),
        apiEndpoint: `wss://${name}-id.execute-api.${region}.amazonaws.com`,
      };
    case "aws:cloudfront/distribution:Distribution":
      return {
        arn: `arn:aws:cloudfront::${ACCOUNT}:distribution/${name}`,
        domainName: `${name}.cloudfront.net`,
      };
    case "aws:cloudfront/function:Function":
      return { arn: `arn:aws:cloudfront::${ACCOUNT}:function/${physical}` };
    case "aws:cloudfront/keyValueStore:KeyValueStore":
      return { arn: `arn:aws:cloudfront::${ACCOUNT}:key-value-store/${name}-uuid` };
    case "aws:globalaccelerator/listener:Listener":
      return { arn: `arn:aws:globalaccelerator::${ACCOUNT}:accelerator/a/listener/${name}` };
    case "aws:elasticache/globalReplicationGroup:GlobalReplicationGroup":
      // AWS puts a region-specific prefix before the suffix the program chose.
      return {
        globalReplicationGroupId: `ldgnf-${inputs.globalReplicationGroupIdSuffix as string}`,
      };
    case "aws:elasticache/replicationGroup:ReplicationGroup":
      return {
        arn: arn("elasticache", `replicationgroup:${inputs.replicationGroupId as string}`),
        primaryEndpointAddress: `${inputs.replicationGroupId as string}.cache.amazonaws.com`,
      };
    default:
      return { arn: arn(type.split(":")[1].split("/")[0], physical) };
  }
}

/** Installs a fresh recording mock runtime; call from `beforeEach`. */
export async function useAwsMocks(): Promise<Recorder> {
  const resources: Recorded[] = [];
  await pulumi.runtime.setMocks(
    {
      newResource(args: pulumi.runtime.MockResourceArgs) {
        const inputs = args.inputs as Record<string, unknown>;
        resources.push({ type: args.type, name: args.name, inputs });
        return {
          id: `${args.name}-id`,
          state: {
            ...inputs,
            name: inputs.name ?? args.name,
            ...computed(args.type, args.name, inputs),
          },
        };
      },
      call(args: pulumi.runtime.MockCallArgs) {
        if (args.token === "aws:index/getAvailabilityZones:getAvailabilityZones") {
          const region = (args.inputs.region as string | undefined) ?? "us-east-1";
          return { names: ["a", "b", "c"].map((z) => region + z), zoneIds: ["az1", "az2", "az3"] };
        }
        if (args.token === "aws:index/getCallerIdentity:getCallerIdentity") {
          return { accountId: ACCOUNT, arn: `arn:aws:iam::${ACCOUNT}:user/spec`, userId: "spec" };
        }
        return args.inputs as Record<string, unknown>;
      },
    },
    "tachyon",
    "spec",
    false,
  );
  const settle = async (): Promise<void> => {
    // Registrations chain through outputs of earlier ones; wait until the count stops moving.
    let stable = 0;
    let last = -1;
    for (let i = 0; i < 4000 && stable < 25; i++) {
      await new Promise((resolve) => setImmediate(resolve));
      stable = resources.length === last ? stable + 1 : 0;
      last = resources.length;
    }
  };
  return recorderOf(resources, settle);
}
