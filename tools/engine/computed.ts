/**
 * Plausible computed outputs for resources under the offline engine: what the provider would add
 * to a resource's inputs once it exists (ids, ARNs, versions, host names, endpoints). Values are
 * derived from the URN, so repeated runs produce identical outputs.
 */
import { createHash } from "node:crypto";
import {
  childOfElbArn,
  keyValueStoreArn,
  loadBalancerArn,
  nestedArn,
  streamConsumerArn,
  targetGroupArn,
} from "./aws-arns";
import { azureId } from "./azure-ids";
import { gcpId, serviceAccountOutputs } from "./gcp-ids";

/** The account, subscription and project the offline engine pretends to deploy into. */
export const OFFLINE_IDENTITY = {
  awsAccountId: "123456789012",
  azureSubscriptionId: "00000000-0000-4000-8000-000000000001",
  azureTenantId: "00000000-0000-4000-8000-000000000002",
  azureClientId: "00000000-0000-4000-8000-000000000003",
  azureObjectId: "00000000-0000-4000-8000-000000000004",
  gcpProject: "tachyon-offline",
  gcpProjectNumber: "123456789012",
} as const;

/** Where a resource lives: its region (AWS/GCP) or location (Azure), and the GCP project. */
export interface Placement {
  readonly region: string;
  readonly gcpProject: string;
}

/** A resource's id and the outputs the provider adds to (or decides over) its inputs. */
export interface Computed {
  readonly id: string;
  /** Only the computed keys: the caller lays them over the inputs. */
  readonly outputs: Record<string, unknown>;
}

type Plain = Record<string, unknown>;
type Rule = (c: RuleContext) => Plain;

interface RuleContext {
  readonly name: string;
  readonly inputs: Plain;
  readonly region: string;
  readonly project: string;
  readonly account: string;
  readonly hash: string;
  /** The physical name: the `name` input, else the logical name plus a stable suffix. */
  readonly physical: string;
}

/** A short stable hex string derived from `seed`. */
export function stableHash(seed: string, length = 8): string {
  return createHash("sha256").update(seed).digest("hex").slice(0, length);
}

/** The provider-computed outputs of a custom resource. */
export function computeOutputs(
  urn: string,
  type: string,
  name: string,
  inputs: Plain,
  where: Placement,
): Computed {
  const hash = stableHash(urn, 17);
  const nameInput = typeof inputs["name"] === "string" ? inputs["name"] : undefined;
  const ctx: RuleContext = {
    name,
    inputs,
    region: where.region,
    project: where.gcpProject,
    account: OFFLINE_IDENTITY.awsAccountId,
    hash,
    physical: nameInput ?? `${name}-${hash.slice(0, 7)}`,
  };
  const cloud = type.split(":")[0];
  const base =
    cloud === "aws"
      ? awsBase(type, ctx)
      : cloud === "azure-native"
        ? azureBase(type, ctx)
        : cloud === "gcp"
          ? gcpBase(type, ctx)
          : { id: `${name}-${hash.slice(0, 7)}` };
  const specific = RULES[type]?.(ctx) ?? {};
  // Generic defaults only fill gaps; the per-type rules state what the provider decides.
  const outputs: Plain = {};
  for (const [key, value] of Object.entries(base)) if (!(key in inputs)) outputs[key] = value;
  Object.assign(outputs, specific);
  const idValue = specific["id"] ?? base["id"];
  const id = typeof idValue === "string" ? idValue : `${name}-${hash.slice(0, 7)}`;
  return { id, outputs };
}

function awsBase(type: string, c: RuleContext): Plain {
  const [module, resource] = tokenParts(type);
  const out: Plain = {
    id: c.physical,
    arn: `arn:aws:${module}:${c.region}:${c.account}:${resource.toLowerCase()}/${c.physical}`,
  };
  if (c.inputs["tags"] !== undefined) out["tagsAll"] = c.inputs["tags"];
  return out;
}

/** When offline resources say they were created (2026-01-01T00:00:00Z), in epoch seconds. */
const CREATED_SECONDS = 1_767_225_600;

// An ELB resource's id is its ARN, named by the `name` input (else the auto-name) and an id.
function elbOutputs(c: RuleContext, kind: "loadbalancer" | "targetgroup"): Plain {
  const name = text(c.inputs["name"], c.physical);
  const arn =
    kind === "loadbalancer"
      ? loadBalancerArn(c.region, c.account, c.inputs["loadBalancerType"], name, hex(c, 16))
      : targetGroupArn(c.region, c.account, name, hex(c, 16));
  // What CloudWatch metrics name it by: `app/<name>/<id>`, `targetgroup/<name>/<id>`.
  const rest = arn.split(":").slice(5).join(":");
  return { id: arn, arn, arnSuffix: rest.replace(/^loadbalancer\//, ""), name };
}

// A resource whose id is its ARN; without the parent's ARN, the generic outputs stay.
function arnOrBase(arn: string | undefined): Plain {
  return arn === undefined ? {} : { id: arn, arn };
}

function azureBase(type: string, c: RuleContext): Plain {
  const [module, resource] = tokenParts(type);
  const {
    id,
    name,
    type: armType,
  } = azureId({
    module,
    resource,
    inputs: c.inputs,
    subscription: OFFLINE_IDENTITY.azureSubscriptionId,
    physical: c.physical,
    guid: uuid(c),
  });
  return { id, name, type: armType, location: c.inputs["location"] ?? c.region };
}

function gcpBase(type: string, c: RuleContext): Plain {
  const [module, resource] = tokenParts(type);
  const { id, selfLink } = gcpId({
    module,
    resource,
    inputs: c.inputs,
    project: c.project,
    region: c.region,
    physical: c.physical,
  });
  const out: Plain = { id, name: c.physical, project: c.inputs["project"] ?? c.project };
  if (selfLink !== undefined) out["selfLink"] = selfLink;
  if (c.inputs["labels"] !== undefined) {
    out["effectiveLabels"] = c.inputs["labels"];
    out["pulumiLabels"] = c.inputs["labels"];
  }
  return out;
}

// "aws:lambda/function:Function" → ["lambda", "Function"]; "azure-native:web:WebApp" → ["web", "WebApp"].
function tokenParts(type: string): [string, string] {
  const [, mod = "index", resource = "Resource"] = type.split(":");
  return [mod.split("/")[0], resource];
}

// A string input, or the fallback when the input is absent or not a string.
const text = (value: unknown, fallback: string): string =>
  typeof value === "string" ? value : fallback;
const awsArn = (c: RuleContext, service: string, rest: string): string =>
  `arn:aws:${service}:${c.region}:${c.account}:${rest}`;
const hex = (c: RuleContext, n: number): string => c.hash.slice(0, n);

const RULES: Record<string, Rule> = {
  "aws:lambda/function:Function": (c) => {
    const arn = awsArn(c, "lambda", `function:${c.physical}`);
    const version = c.inputs["publish"] === true ? "1" : "$LATEST";
    return {
      id: c.physical,
      name: c.physical,
      arn,
      invokeArn: `arn:aws:apigateway:${c.region}:lambda:path/2015-03-31/functions/${arn}/invocations`,
      qualifiedArn: `${arn}:${version}`,
      qualifiedInvokeArn: `arn:aws:apigateway:${c.region}:lambda:path/2015-03-31/functions/${arn}:${version}/invocations`,
      version,
      lastModified: "2026-01-01T00:00:00.000+0000",
      architectures: c.inputs["architectures"] ?? ["x86_64"],
      memorySize: c.inputs["memorySize"] ?? 128,
      timeout: c.inputs["timeout"] ?? 3,
      sourceCodeHash: Buffer.from(c.hash).toString("base64"),
    };
  },
  "aws:lambda/alias:Alias": (c) => {
    const fn = text(c.inputs["functionName"], c.physical);
    const fnArn = fn.startsWith("arn:") ? fn : awsArn(c, "lambda", `function:${fn}`);
    const arn = `${fnArn}:${c.physical}`;
    return {
      id: arn,
      arn,
      invokeArn: `arn:aws:apigateway:${c.region}:lambda:path/2015-03-31/functions/${arn}/invocations`,
    };
  },
  "aws:lambda/functionUrl:FunctionUrl": (c) => ({
    functionUrl: `https://${hex(c, 16)}.lambda-url.${c.region}.on.aws/`,
    urlId: hex(c, 16),
  }),
  "aws:s3/bucket:Bucket": (c) => s3(c),
  "aws:s3/bucketV2:BucketV2": (c) => s3(c),
  "aws:dynamodb/table:Table": (c) => {
    const arn = awsArn(c, "dynamodb", `table/${c.physical}`);
    const stream =
      c.inputs["streamEnabled"] === true
        ? {
            streamArn: `${arn}/stream/2026-01-01T00:00:00.000`,
            streamLabel: "2026-01-01T00:00:00.000",
          }
        : {};
    return { id: c.physical, name: c.physical, arn, ...stream };
  },
  "aws:sqs/queue:Queue": (c) => {
    const url = `https://sqs.${c.region}.amazonaws.com/${c.account}/${c.physical}`;
    return { id: url, name: c.physical, url, arn: awsArn(c, "sqs", c.physical) };
  },
  "aws:sns/topic:Topic": (c) => {
    const arn = awsArn(c, "sns", c.physical);
    return { id: arn, name: c.physical, arn };
  },
  "aws:iam/role:Role": (c) => ({
    id: c.physical,
    name: c.physical,
    arn: `arn:aws:iam::${c.account}:role/${c.physical}`,
    uniqueId: `AROA${hex(c, 17).toUpperCase()}`,
  }),
  "aws:iam/policy:Policy": (c) => ({
    id: `arn:aws:iam::${c.account}:policy/${c.physical}`,
    name: c.physical,
    arn: `arn:aws:iam::${c.account}:policy/${c.physical}`,
    policyId: `ANPA${hex(c, 17).toUpperCase()}`,
  }),
  "aws:cloudwatch/logGroup:LogGroup": (c) => ({
    id: c.physical,
    name: c.physical,
    arn: awsArn(c, "logs", `log-group:${c.physical}`),
  }),
  "aws:kinesis/stream:Stream": (c) => ({
    id: awsArn(c, "kinesis", `stream/${c.physical}`),
    name: c.physical,
    arn: awsArn(c, "kinesis", `stream/${c.physical}`),
  }),
  "aws:kms/key:Key": (c) => ({
    id: uuid(c),
    keyId: uuid(c),
    arn: awsArn(c, "kms", `key/${uuid(c)}`),
  }),
  "aws:ec2/vpc:Vpc": (c) => ({
    ...ec2(c, "vpc"),
    mainRouteTableId: `rtb-${hex(c, 17)}`,
    defaultSecurityGroupId: `sg-${hex(c, 17)}`,
    defaultNetworkAclId: `acl-${hex(c, 17)}`,
    ownerId: c.account,
  }),
  "aws:ec2/subnet:Subnet": (c) => ec2(c, "subnet"),
  "aws:ec2/securityGroup:SecurityGroup": (c) => ec2(c, "sg", "security-group"),
  "aws:ec2/routeTable:RouteTable": (c) => ec2(c, "rtb", "route-table"),
  "aws:ec2/internetGateway:InternetGateway": (c) => ec2(c, "igw", "internet-gateway"),
  "aws:ec2/natGateway:NatGateway": (c) => ({ id: `nat-${hex(c, 17)}`, publicIp: "52.0.0.10" }),
  "aws:ec2/vpcEndpoint:VpcEndpoint": (c) => ec2(c, "vpce", "vpc-endpoint"),
  "aws:ec2/vpcPeeringConnection:VpcPeeringConnection": (c) => ({
    ...ec2(c, "pcx", "vpc-peering-connection"),
    acceptStatus: "pending-acceptance",
  }),
  // ACM asks for one DNS validation CNAME per account and domain name, in every region, for the
  // domain and each subject alternative name.
  "aws:acm/certificate:Certificate": (c) => {
    const domainName = text(c.inputs["domainName"], c.physical);
    const sans = Array.isArray(c.inputs["subjectAlternativeNames"])
      ? c.inputs["subjectAlternativeNames"].filter((n): n is string => typeof n === "string")
      : [];
    return {
      arn: awsArn(c, "acm", `certificate/${uuid(c)}`),
      domainValidationOptions: [...new Set([domainName, ...sans])].map((name) => {
        const token = stableHash(`${c.account}/${name}`, 32);
        return {
          domainName: name,
          resourceRecordName: `_${token}.${name}.`,
          resourceRecordType: "CNAME",
          resourceRecordValue: `_${stableHash(token, 32)}.acm-validations.aws.`,
        };
      }),
    };
  },
  "aws:route53/zone:Zone": (c) => {
    const zoneId = `Z${hex(c, 13).toUpperCase()}`;
    return {
      id: zoneId,
      zoneId,
      arn: `arn:aws:route53:::hostedzone/${zoneId}`,
      nameServers: [
        "ns-101.awsdns-12.com",
        "ns-1201.awsdns-22.org",
        "ns-701.awsdns-23.net",
        "ns-1801.awsdns-33.co.uk",
      ],
    };
  },
  "aws:route53/record:Record": (c) => ({
    id: `${c.physical}_${text(c.inputs["type"], "A")}`,
    fqdn: c.inputs["name"] ?? c.physical,
  }),
  "aws:route53/healthCheck:HealthCheck": (c) => ({
    id: uuid(c),
    arn: `arn:aws:route53:::healthcheck/${uuid(c)}`,
  }),
  "aws:lb/loadBalancer:LoadBalancer": (c) => elbOutputs(c, "loadbalancer"),
  "aws:alb/loadBalancer:LoadBalancer": (c) => elbOutputs(c, "loadbalancer"),
  "aws:lb/targetGroup:TargetGroup": (c) => elbOutputs(c, "targetgroup"),
  "aws:alb/targetGroup:TargetGroup": (c) => elbOutputs(c, "targetgroup"),
  "aws:lb/listener:Listener": (c) =>
    arnOrBase(childOfElbArn(c.inputs["loadBalancerArn"], "listener", hex(c, 16))),
  "aws:lb/listenerRule:ListenerRule": (c) =>
    arnOrBase(childOfElbArn(c.inputs["listenerArn"], "listener-rule", hex(c, 16))),
  "aws:globalaccelerator/listener:Listener": (c) =>
    arnOrBase(nestedArn(c.inputs["acceleratorArn"], "listener", hex(c, 8))),
  "aws:globalaccelerator/endpointGroup:EndpointGroup": (c) =>
    arnOrBase(nestedArn(c.inputs["listenerArn"], "endpoint-group", hex(c, 12))),
  // CloudFront is global: its ARNs name no region.
  "aws:cloudfront/function:Function": (c) => ({
    arn: `arn:aws:cloudfront::${c.account}:function/${text(c.inputs["name"], c.physical)}`,
  }),
  "aws:cloudfront/keyValueStore:KeyValueStore": (c) => ({
    id: text(c.inputs["name"], c.physical),
    arn: keyValueStoreArn(c.account, uuid(c)),
  }),
  "aws:kinesis/streamConsumer:StreamConsumer": (c) =>
    arnOrBase(
      streamConsumerArn(c.inputs["streamArn"], text(c.inputs["name"], c.physical), CREATED_SECONDS),
    ),
  "aws:globalaccelerator/accelerator:Accelerator": (c) => ({
    id: `arn:aws:globalaccelerator::${c.account}:accelerator/${uuid(c)}`,
    arn: `arn:aws:globalaccelerator::${c.account}:accelerator/${uuid(c)}`,
    dnsName: `a${hex(c, 16)}.awsglobalaccelerator.com`,
    hostedZoneId: "Z2BJ6XQ5FK7U4H",
    ipSets: [{ ipFamily: "IPv4", ipAddresses: ["75.2.10.10", "99.83.10.10"] }],
  }),
  "aws:apigatewayv2/api:Api": (c) => ({
    id: hex(c, 10),
    apiEndpoint: `https://${hex(c, 10)}.execute-api.${c.region}.amazonaws.com`,
    executionArn: awsArn(c, "execute-api", hex(c, 10)),
  }),
  "aws:elasticache/replicationGroup:ReplicationGroup": (c) => ({
    primaryEndpointAddress: `${c.physical}.${hex(c, 6)}.ng.0001.${c.region}.cache.amazonaws.com`,
    configurationEndpointAddress: `${c.physical}.${hex(c, 6)}.clustercfg.${c.region}.cache.amazonaws.com`,
  }),
  // AWS names a global datastore "<region-specific prefix>-<suffix>"; the prefix is stable here.
  "aws:elasticache/globalReplicationGroup:GlobalReplicationGroup": (c) => ({
    globalReplicationGroupId: `${hex(c, 5)}-${text(c.inputs["globalReplicationGroupIdSuffix"], c.physical)}`,
  }),
  "aws:elasticache/serverlessCache:ServerlessCache": (c) => ({
    endpoints: [
      {
        address: `${c.physical}-${hex(c, 6)}.serverless.${c.region}.cache.amazonaws.com`,
        port: 6379,
      },
    ],
  }),
  "aws:sfn/stateMachine:StateMachine": (c) => ({
    id: awsArn(c, "states", `stateMachine:${c.physical}`),
    arn: awsArn(c, "states", `stateMachine:${c.physical}`),
  }),
  "aws:cloudwatch/eventRule:EventRule": (c) => ({ arn: awsArn(c, "events", `rule/${c.physical}`) }),
  "azure-native:resources:ResourceGroup": (c) => {
    const group = text(c.inputs["resourceGroupName"], c.physical);
    return {
      id: `/subscriptions/${OFFLINE_IDENTITY.azureSubscriptionId}/resourceGroups/${group}`,
      name: group,
    };
  },
  "azure-native:web:WebApp": (c) => ({
    defaultHostName: `${azureName(c, "name")}.azurewebsites.net`,
    state: "Running",
  }),
  "azure-native:storage:StorageAccount": (c) => {
    const n = azureName(c, "accountName");
    const ep = (s: string): string => `https://${n}.${s}.core.windows.net/`;
    return {
      primaryEndpoints: {
        blob: ep("blob"),
        queue: ep("queue"),
        table: ep("table"),
        file: ep("file"),
        dfs: ep("dfs"),
        web: `https://${n}.z6.web.core.windows.net/`,
      },
    };
  },
  // azure-native v3 registers `cosmosdb`; v2 programs register `documentdb`.
  "azure-native:cosmosdb:DatabaseAccount": (c) => ({
    documentEndpoint: `https://${azureName(c, "accountName")}.documents.azure.com:443/`,
  }),
  "azure-native:documentdb:DatabaseAccount": (c) => ({
    documentEndpoint: `https://${azureName(c, "accountName")}.documents.azure.com:443/`,
  }),
  // The profile's Front Door id (a GUID), which origins check in the X-Azure-FDID header.
  "azure-native:cdn:Profile": (c) => ({ frontDoorId: uuid(c) }),
  // Front Door's child resources are named by their own key (`endpointName`, ...), not `aFD...Name`.
  "azure-native:cdn:AFDEndpoint": (c) => ({
    name: azureName(c, "endpointName"),
    hostName: `${azureName(c, "endpointName")}-${hex(c, 12)}.z01.azurefd.net`,
  }),
  // A custom domain answers with the token of its `_dnsauth.<host>` TXT record, pending until
  // Front Door finds it.
  "azure-native:cdn:AFDCustomDomain": (c) => ({
    name: azureName(c, "customDomainName"),
    validationProperties: {
      validationToken: stableHash(`${c.hash}/dnsauth`, 32),
      expirationDate: "2027-01-01T00:00:00+00:00",
    },
    domainValidationState: "Pending",
  }),
  "azure-native:network:PublicIPAddress": () => ({ ipAddress: "20.50.0.10" }),
  "azure-native:servicebus:Namespace": (c) => ({
    serviceBusEndpoint: `https://${azureName(c, "namespaceName")}.servicebus.windows.net:443/`,
  }),
  "azure-native:eventhub:Namespace": (c) => ({
    serviceBusEndpoint: `https://${azureName(c, "namespaceName")}.servicebus.windows.net:443/`,
  }),
  "azure-native:cache:Redis": (c) => ({
    hostName: `${azureName(c, "name")}.redis.cache.windows.net`,
    sslPort: 6380,
  }),
  "gcp:cloudfunctionsv2/function:Function": (c) => {
    const serviceConfig =
      typeof c.inputs["serviceConfig"] === "object" && c.inputs["serviceConfig"] !== null
        ? c.inputs["serviceConfig"]
        : {};
    return {
      url: `https://${c.region}-${c.project}.cloudfunctions.net/${c.physical}`,
      state: "ACTIVE",
      // A Cloud Run function runs as a Cloud Run service of the same name.
      serviceConfig: {
        ...serviceConfig,
        uri: runUri(c),
        service: `projects/${c.project}/locations/${typeof c.inputs["location"] === "string" ? c.inputs["location"] : c.region}/services/${c.physical}`,
      },
    };
  },
  "gcp:cloudrunv2/service:Service": (c) => ({ uri: runUri(c), urls: [runUri(c)] }),
  "gcp:compute/globalAddress:GlobalAddress": () => ({ address: "34.120.10.10" }),
  "gcp:storage/bucket:Bucket": (c) => ({
    id: c.physical,
    url: `gs://${c.physical}`,
    selfLink: `https://www.googleapis.com/storage/v1/b/${c.physical}`,
  }),
  "gcp:serviceaccount/account:Account": (c) =>
    serviceAccountOutputs(
      c.inputs,
      c.project,
      c.physical.toLowerCase().slice(0, 30),
      BigInt(`0x${hex(c, 16)}`)
        .toString()
        .padStart(21, "1")
        .slice(0, 21),
    ),
  "gcp:redis/instance:Instance": () => ({ host: "10.0.0.3", port: 6379 }),
  "gcp:spanner/instance:Instance": (c) => ({ id: c.physical, state: "READY" }),
};

function s3(c: RuleContext): Plain {
  const bucket = text(c.inputs["bucket"], c.physical).toLowerCase();
  return {
    id: bucket,
    bucket,
    arn: `arn:aws:s3:::${bucket}`,
    bucketDomainName: `${bucket}.s3.amazonaws.com`,
    bucketRegionalDomainName: `${bucket}.s3.${c.region}.amazonaws.com`,
    region: c.inputs["region"] ?? c.region,
  };
}

function ec2(c: RuleContext, prefix: string, kind = prefix): Plain {
  const id = `${prefix}-${hex(c, 17)}`;
  return { id, arn: awsArn(c, "ec2", `${kind}/${id}`) };
}

function uuid(c: RuleContext): string {
  return stableUuid(c.hash);
}

/** A version-4-shaped UUID derived from `seed`, the same on every run. */
export function stableUuid(seed: string): string {
  const h = stableHash(seed, 32);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

function azureName(c: RuleContext, key: string): string {
  return text(c.inputs[key], c.physical.toLowerCase());
}

function runUri(c: RuleContext): string {
  return `https://${c.physical}-${hex(c, 10)}-${c.region.replace(/[^a-z0-9]/g, "").slice(0, 4)}.a.run.app`;
}
