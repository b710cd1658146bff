/**
 * Every capability of docs/deployed.md is registered by a reference stack: runs
 * `tachyon check` over the staging environment (the one DESIGN.md §3 asks to exercise every
 * component: every workload on every cloud, two sites per cloud) with its policy config, and reads
 * the resource types each stack actually registered from the JSON report.
 */
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { azureNamespace } from "../../tools/engine/azure-ids";

const ROOT = path.resolve(__dirname, "../..");
const CLI = path.join(ROOT, "bin/tachyon.js");
const ENV = "staging";

/** One capability: a phrase of docs/deployed.md, the resource type that realises it, and where. */
interface Capability {
  readonly capability: string;
  readonly type: string;
  /** Only stacks whose name matches count (a site of one cloud, or the global stack). */
  readonly stacks?: RegExp;
}

const GLOBAL = /-global$/;
const AWS_SITE = /-aws-/;
const AZURE_SITE = /-azure-/;
const GCP_SITE = /-gcp-/;

/** docs/deployed.md, cloud by cloud, as resource types. */
const CAPABILITIES: readonly Capability[] = [
  // AWS, global stack.
  { capability: "Route 53 zone", type: "aws:route53/zone:Zone", stacks: GLOBAL },
  {
    capability: "Global Accelerator",
    type: "aws:globalaccelerator/accelerator:Accelerator",
    stacks: GLOBAL,
  },
  {
    capability: "Global Accelerator listener",
    type: "aws:globalaccelerator/listener:Listener",
    stacks: GLOBAL,
  },
  {
    capability: "CloudFront distribution",
    type: "aws:cloudfront/distribution:Distribution",
    stacks: GLOBAL,
  },
  {
    capability: "CloudFront viewer-request function",
    type: "aws:cloudfront/function:Function",
    stacks: GLOBAL,
  },
  {
    capability: "edge KeyValueStore",
    type: "aws:cloudfront/keyValueStore:KeyValueStore",
    stacks: GLOBAL,
  },
  { capability: "DynamoDB global table", type: "aws:dynamodb/table:Table", stacks: GLOBAL },
  { capability: "customer-managed key", type: "aws:kms/key:Key", stacks: GLOBAL },
  {
    capability: "Direct Connect gateway",
    type: "aws:directconnect/gateway:Gateway",
    stacks: GLOBAL,
  },
  {
    capability: "Direct Connect private virtual interface",
    type: "aws:directconnect/privateVirtualInterface:PrivateVirtualInterface",
    stacks: GLOBAL,
  },
  // AWS, sites.
  { capability: "VPC", type: "aws:ec2/vpc:Vpc", stacks: AWS_SITE },
  { capability: "VPC endpoints", type: "aws:ec2/vpcEndpoint:VpcEndpoint", stacks: AWS_SITE },
  {
    capability: "inter-region VPC peering",
    type: "aws:ec2/vpcPeeringConnection:VpcPeeringConnection",
    stacks: AWS_SITE,
  },
  {
    capability: "VPC peering accepter side",
    type: "aws:ec2/vpcPeeringConnectionAccepter:VpcPeeringConnectionAccepter",
    stacks: AWS_SITE,
  },
  {
    capability: "DNS resolution across peering",
    type: "aws:ec2/peeringConnectionOptions:PeeringConnectionOptions",
    stacks: AWS_SITE,
  },
  {
    capability: "Direct Connect association",
    type: "aws:directconnect/gatewayAssociation:GatewayAssociation",
    stacks: AWS_SITE,
  },
  { capability: "Lambda function", type: "aws:lambda/function:Function", stacks: AWS_SITE },
  { capability: "alias live", type: "aws:lambda/alias:Alias", stacks: AWS_SITE },
  {
    capability: "provisioned concurrency",
    type: "aws:lambda/provisionedConcurrencyConfig:ProvisionedConcurrencyConfig",
    stacks: AWS_SITE,
  },
  {
    capability: "destinations",
    type: "aws:lambda/functionEventInvokeConfig:FunctionEventInvokeConfig",
    stacks: AWS_SITE,
  },
  { capability: "internal ALB", type: "aws:lb/loadBalancer:LoadBalancer", stacks: AWS_SITE },
  { capability: "ALB target", type: "aws:lb/targetGroup:TargetGroup", stacks: AWS_SITE },
  { capability: "Kinesis", type: "aws:kinesis/stream:Stream", stacks: AWS_SITE },
  {
    capability: "Kinesis enhanced fan-out consumer",
    type: "aws:kinesis/streamConsumer:StreamConsumer",
    stacks: AWS_SITE,
  },
  {
    capability: "event source mapping",
    type: "aws:lambda/eventSourceMapping:EventSourceMapping",
    stacks: AWS_SITE,
  },
  { capability: "WebSocket API", type: "aws:apigatewayv2/api:Api", stacks: AWS_SITE },
  { capability: "SQS with dead-letter queues", type: "aws:sqs/queue:Queue", stacks: AWS_SITE },
  {
    capability: "Valkey cache",
    type: "aws:elasticache/replicationGroup:ReplicationGroup",
    stacks: AWS_SITE,
  },
  {
    capability: "ElastiCache Global Datastore",
    type: "aws:elasticache/globalReplicationGroup:GlobalReplicationGroup",
    stacks: AWS_SITE,
  },
  {
    capability: "replicated Secrets Manager secret",
    type: "aws:secretsmanager/secret:Secret",
    stacks: AWS_SITE,
  },
  {
    capability: "accelerator endpoint group",
    type: "aws:globalaccelerator/endpointGroup:EndpointGroup",
    stacks: AWS_SITE,
  },
  { capability: "AWS latency record", type: "aws:route53/record:Record", stacks: AWS_SITE },
  {
    capability: "latency record health check",
    type: "aws:route53/healthCheck:HealthCheck",
    stacks: AWS_SITE,
  },
  {
    capability: "p99 alarms",
    type: "aws:cloudwatch/metricAlarm:MetricAlarm",
    stacks: AWS_SITE,
  },
  {
    capability: "latency dashboard",
    type: "aws:cloudwatch/dashboard:Dashboard",
    stacks: AWS_SITE,
  },
  {
    capability: "edge drain rule",
    type: "aws:cloudwatch/eventRule:EventRule",
    stacks: AWS_SITE,
  },
  {
    capability: "edge drain target",
    type: "aws:cloudwatch/eventTarget:EventTarget",
    stacks: AWS_SITE,
  },
  // Azure.
  {
    capability: "Cosmos DB account",
    type: "azure-native:cosmosdb:DatabaseAccount",
    stacks: GLOBAL,
  },
  {
    capability: "a Cosmos DB account of its own (order-id claims, portfolio and fraud state)",
    type: "azure-native:cosmosdb:DatabaseAccount",
    stacks: AZURE_SITE,
  },
  { capability: "Front Door profile", type: "azure-native:cdn:Profile", stacks: GLOBAL },
  { capability: "Front Door endpoint", type: "azure-native:cdn:AFDEndpoint", stacks: GLOBAL },
  {
    capability: "Front Door origin group",
    type: "azure-native:cdn:AFDOriginGroup",
    stacks: GLOBAL,
  },
  { capability: "Front Door origin", type: "azure-native:cdn:AFDOrigin", stacks: AZURE_SITE },
  { capability: "Front Door route", type: "azure-native:cdn:Route", stacks: AZURE_SITE },
  {
    capability: "Flex Consumption plan",
    type: "azure-native:web:AppServicePlan",
    stacks: AZURE_SITE,
  },
  { capability: "Function App", type: "azure-native:web:WebApp", stacks: AZURE_SITE },
  {
    capability: "VNet",
    type: "azure-native:network:VirtualNetwork",
    stacks: AZURE_SITE,
  },
  {
    capability: "private endpoints",
    type: "azure-native:network:PrivateEndpoint",
    stacks: AZURE_SITE,
  },
  {
    capability: "global VNet peering",
    type: "azure-native:network:VirtualNetworkPeering",
    stacks: AZURE_SITE,
  },
  {
    capability: "Event Hubs namespace",
    type: "azure-native:eventhub:Namespace",
    stacks: AZURE_SITE,
  },
  { capability: "Event Hub", type: "azure-native:eventhub:EventHub", stacks: AZURE_SITE },
  {
    capability: "Event Hubs consumer group",
    type: "azure-native:eventhub:ConsumerGroup",
    stacks: AZURE_SITE,
  },
  {
    capability: "Service Bus namespace",
    type: "azure-native:servicebus:Namespace",
    stacks: AZURE_SITE,
  },
  { capability: "Service Bus queue", type: "azure-native:servicebus:Queue", stacks: AZURE_SITE },
  {
    capability: "Azure latency record",
    type: "aws:route53/record:Record",
    stacks: AZURE_SITE,
  },
  {
    capability: "ExpressRoute gateway",
    type: "azure-native:network:VirtualNetworkGateway",
    stacks: AZURE_SITE,
  },
  {
    capability: "ExpressRoute FastPath connection",
    type: "azure-native:network:VirtualNetworkGatewayConnection",
    stacks: AZURE_SITE,
  },
  // Google Cloud.
  { capability: "global VPC", type: "gcp:compute/network:Network", stacks: GLOBAL },
  { capability: "Spanner instance", type: "gcp:spanner/instance:Instance", stacks: GLOBAL },
  { capability: "Spanner database", type: "gcp:spanner/database:Database", stacks: GLOBAL },
  {
    capability: "load balancer forwarding rule",
    type: "gcp:compute/globalForwardingRule:GlobalForwardingRule",
    stacks: GLOBAL,
  },
  {
    capability: "load balancer HTTPS proxy",
    type: "gcp:compute/targetHttpsProxy:TargetHttpsProxy",
    stacks: GLOBAL,
  },
  { capability: "load balancer URL map", type: "gcp:compute/uRLMap:URLMap", stacks: GLOBAL },
  {
    capability: "load balancer backend service",
    type: "gcp:compute/backendService:BackendService",
    stacks: GLOBAL,
  },
  {
    capability: "serverless NEG",
    type: "gcp:compute/regionNetworkEndpointGroup:RegionNetworkEndpointGroup",
    stacks: GLOBAL,
  },
  {
    capability: "Cloud Functions v2 function (a Cloud Run service it builds and deploys)",
    type: "gcp:cloudfunctionsv2/function:Function",
    stacks: GCP_SITE,
  },
  {
    capability: "bundle source object",
    type: "gcp:storage/bucketObject:BucketObject",
    stacks: GCP_SITE,
  },
  { capability: "site subnet", type: "gcp:compute/subnetwork:Subnetwork", stacks: GCP_SITE },
  { capability: "Pub/Sub topic", type: "gcp:pubsub/topic:Topic", stacks: GCP_SITE },
  {
    capability: "Pub/Sub push subscription",
    type: "gcp:pubsub/subscription:Subscription",
    stacks: GCP_SITE,
  },
  { capability: "GCP latency record", type: "aws:route53/record:Record", stacks: GCP_SITE },
  {
    capability: "Interconnect attachment",
    type: "gcp:compute/interconnectAttachment:InterconnectAttachment",
    stacks: GCP_SITE,
  },
  { capability: "Interconnect Cloud Router", type: "gcp:compute/router:Router", stacks: GCP_SITE },
  {
    capability: "Spanner instance of its own (order claims, fraud histories)",
    type: "gcp:spanner/instance:Instance",
    stacks: GCP_SITE,
  },
  { capability: "Google Cloud APIs", type: "gcp:projects/service:Service", stacks: GLOBAL },
  { capability: "Google Cloud APIs", type: "gcp:projects/service:Service", stacks: GCP_SITE },
];

/** One stack of the JSON report. */
interface StackReport {
  name: string;
  error: unknown;
  resourcesByType: Record<string, number>;
  violations: { policy: string; level: string; message: string }[];
}

/** The environment's stack names, from the files in stacks/. */
function environmentStacks(env: string): string[] {
  return fs
    .readdirSync(path.join(ROOT, "stacks"))
    .map((f) => new RegExp(`^Pulumi\\.(${env}-.+)\\.yaml$`).exec(f)?.[1])
    .filter((s): s is string => s !== undefined)
    .sort();
}

/** Runs `tachyon check` over `stacks` with JSON output; resolves with exit code and stacks. */
function check(
  dir: string,
  stacks: string[],
  config: string,
): Promise<{ code: number; stacks: StackReport[] }> {
  const output = path.join(dir, "report.json");
  const args = [CLI, "check", "--policy-pack-config", config, "--format", "json"];
  for (const s of stacks) args.push("--stack", s);
  args.push("--output", output);
  return new Promise((resolve, reject) => {
    execFile(process.execPath, args, { cwd: ROOT, timeout: 540_000 }, (err, _stdout, stderr) => {
      const code = err ? (typeof err.code === "number" ? err.code : -1) : 0;
      if (!fs.existsSync(output)) {
        reject(new Error(`tachyon check wrote no report (exit ${code}): ${stderr}`));
        return;
      }
      const report = JSON.parse(fs.readFileSync(output, "utf8")) as { stacks: StackReport[] };
      resolve({ code, stacks: report.stacks });
    });
  });
}

describe("capability coverage of the reference stacks", function () {
  // One run: seven stacks' programs and the three packs, on a shared 2-core machine.
  this.timeout(600_000);
  let dir: string;
  let run: { code: number; stacks: StackReport[] };
  const count = (stack: string, type: string): number =>
    run.stacks.find((s) => s.name === stack)?.resourcesByType[type] ?? 0;

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "tachyon-coverage-"));
    const config = path.join(ROOT, "policies", "config", `${ENV}.json`);
    run = await check(dir, environmentStacks(ENV), config);
  });
  after(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("runs every staging stack with no error and no mandatory violation", () => {
    assert.deepEqual(
      run.stacks.map((s) => [s.name, s.error]).sort(),
      [
        "staging-aws-eu-west-2",
        "staging-aws-us-east-1",
        "staging-azure-northcentralus",
        "staging-azure-northeurope",
        "staging-gcp-europe-west1",
        "staging-gcp-europe-west4",
        "staging-global",
      ].map((s) => [s, null]),
    );
    const mandatory = run.stacks.flatMap((s) =>
      s.violations
        .filter((v) => v.level === "mandatory")
        .map((v) => `${v.policy} @ ${s.name}: ${v.message}`),
    );
    assert.deepEqual(mandatory, []);
    assert.equal(run.code, 0);
  });

  it("registers every capability of docs/deployed.md in a stack of the right kind", () => {
    const missing = CAPABILITIES.filter(
      (c) =>
        !run.stacks.some(
          (s) => (c.stacks === undefined || c.stacks.test(s.name)) && count(s.name, c.type) > 0,
        ),
    ).map((c) => `${c.capability} (${c.type})`);
    assert.deepEqual(missing, []);
  });

  it("names every Azure resource provider the stacks deploy to in the deployment notes", () => {
    // Registered on every subscription, so the notes do not ask for them.
    const byDefault = new Set(["Microsoft.Authorization", "Microsoft.Resources"]);
    const used = new Set(
      run.stacks
        .flatMap((s) => Object.keys(s.resourcesByType))
        .filter((t) => t.startsWith("azure-native:"))
        .map((t) => azureNamespace(t.split(":")[1]))
        .filter((ns) => !byDefault.has(ns)),
    );
    const notes = fs.readFileSync(path.join(ROOT, "docs", "deployment-notes.md"), "utf8");
    const line =
      /^for ns in ([\w. ]+); do az provider register --namespace "\$ns" --wait; done$/m.exec(notes);
    assert.ok(line, "docs/deployment-notes.md must hold the az provider register loop");
    assert.deepEqual(line[1].split(" "), [...used].sort());
  });

  it("gives every site one latency record, each in a region of its own", () => {
    // Route 53 takes one latency record per region under a name, so the topology places each
    // HTTP site at a different AWS region (components/edge/dns.ts, latencyRegionHolders).
    const sites = run.stacks.map((s) => s.name).filter((n) => n !== "staging-global");
    assert.deepEqual(
      sites.map((n) => [n, count(n, "tachyon:edge:LatencyRecord")]),
      sites.map((n) => [n, 1]),
    );
  });

  it("gives each AWS site, whose portfolio and fraud databases are on other clouds, one state table of its own", () => {
    // Trading's orders database has a replica at both sites, so the one table is the state table;
    // its key is the second beside the alarm topic's.
    assert.deepEqual(
      ["staging-aws-us-east-1", "staging-aws-eu-west-2"].map((n) => [
        n,
        count(n, "aws:dynamodb/table:Table"),
        count(n, "aws:kms/key:Key"),
      ]),
      [
        ["staging-aws-us-east-1", 1, 2],
        ["staging-aws-eu-west-2", 1, 2],
      ],
    );
  });

  it("peers the second site of each cloud with the first", () => {
    // AWS: one requester connection and its accepter; Azure: both sides from the newer stack;
    // Google Cloud: one global VPC, one subnet per site and no peering at all.
    assert.deepEqual(
      [
        count("staging-aws-eu-west-2", "aws:ec2/vpcPeeringConnection:VpcPeeringConnection"),
        count("staging-aws-us-east-1", "aws:ec2/vpcPeeringConnection:VpcPeeringConnection"),
        count("staging-azure-northcentralus", "azure-native:network:VirtualNetworkPeering"),
        count("staging-azure-northeurope", "azure-native:network:VirtualNetworkPeering"),
        count("staging-global", "gcp:compute/network:Network"),
        count("staging-gcp-europe-west4", "gcp:compute/subnetwork:Subnetwork"),
        count("staging-gcp-europe-west1", "gcp:compute/subnetwork:Subnetwork"),
      ],
      [1, 0, 2, 0, 1, 1, 1],
    );
  });

  it("spans each cloud's two sites with one database and one load balancer backend per function", () => {
    assert.deepEqual(
      [
        count("staging-global", "aws:dynamodb/table:Table"),
        count("staging-global", "azure-native:cosmosdb:DatabaseAccount"),
        count("staging-global", "gcp:spanner/instance:Instance"),
        // order and fraud-score, each in europe-west4 and europe-west1.
        count(
          "staging-global",
          "gcp:compute/regionNetworkEndpointGroup:RegionNetworkEndpointGroup",
        ),
        count("staging-global", "gcp:compute/backendService:BackendService"),
      ],
      [1, 1, 1, 4, 2],
    );
  });

  it("gives each Google Cloud site, whose trading database is on AWS and fraud's on Azure, a store of its own", () => {
    const types = [
      "gcp:spanner/instance:Instance",
      "gcp:spanner/database:Database",
      "gcp:spanner/databaseIAMMember:DatabaseIAMMember",
    ];
    // One instance and database each; the grants are order's and fraud-score's on it (their
    // databases, orders and customers, are on AWS and Azure) and portfolio-value's on positions.
    assert.deepEqual(
      ["staging-gcp-europe-west4", "staging-gcp-europe-west1"].map((s) =>
        types.map((t) => count(s, t)),
      ),
      [
        [1, 1, 3],
        [1, 1, 3],
      ],
    );
  });

  it("gives each Azure site one account of its own for order claims (trading's database is on AWS) and portfolio state (on Google Cloud)", () => {
    // One account, its claims and state containers, its lock; grants: fraud-score's on the
    // Azure `customers` account, order's and portfolio-value's on the site's own.
    assert.deepEqual(
      ["staging-azure-northeurope", "staging-azure-northcentralus"].map((n) => [
        n,
        count(n, "azure-native:cosmosdb:DatabaseAccount"),
        count(n, "azure-native:cosmosdb:SqlResourceSqlContainer"),
        count(n, "azure-native:authorization:ManagementLockByScope"),
        count(n, "azure-native:cosmosdb:SqlResourceSqlRoleAssignment"),
      ]),
      [
        ["staging-azure-northeurope", 1, 2, 1, 3],
        ["staging-azure-northcentralus", 1, 2, 1, 3],
      ],
    );
  });
});
