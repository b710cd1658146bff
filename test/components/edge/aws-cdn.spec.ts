import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import {
  AwsEdgeRouting,
  CACHING_DISABLED_POLICY_ID,
  FORWARDED_HEADERS,
} from "../../../components/edge/aws-cdn";
import {
  CLOUDFRONT_FUNCTION_MAX_BYTES,
  edgeFunctionCode,
  edgeRegions,
  pinnedPort,
} from "../../../components/edge/aws-cdn-code";
import { digestDir } from "../../../functions/build";
import type { EdgeConfig } from "../../../functions/edge/route";
import type { Site } from "../../../model/types";
import { useAwsMocks, valueOf, type Recorder } from "../aws-mocks";

const site = (id: string, index: number): Site => {
  const [cloud, region] = id.split(":") as [Site["cloud"], string];
  return { id, cloud, region, cidr: `10.${10 + index}.0.0/16`, venues: [], index };
};

const SITES = [site("aws:us-east-1", 0), site("aws:eu-west-2", 1), site("aws:ap-northeast-1", 3)];

interface Request {
  headers: Record<string, { value: string } | undefined>;
}

/**
 * Runs the shipped CloudFront Function code with a recording stand-in for `cloudfront`, whose
 * KeyValueStore holds `drained` under the key "drained" (absent when `undefined`).
 */
async function runEdgeCode(code: string, headers: Record<string, string>, drained?: string) {
  const updates: unknown[] = [];
  const stores: string[] = [];
  const cf = {
    updateRequestOrigin: (u: unknown) => updates.push(u),
    kvs: (id: string) => {
      stores.push(id);
      return {
        get: (key: string) =>
          key === "drained" && drained !== undefined
            ? Promise.resolve(drained)
            : Promise.reject(new Error(`key not found: ${key}`)),
      };
    },
  };
  const body = code.replace('import cf from"cloudfront";', "");
  // eslint-disable-next-line @typescript-eslint/no-implied-eval
  const handler = new Function("cf", `${body};return handler;`)(cf) as (e: {
    request: Request;
  }) => Promise<Request>;
  const request: Request = {
    headers: Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, { value: v }])),
  };
  const out = await handler({ request });
  return { updates, stores, headers: out.headers };
}

const PARIS = { "cloudfront-viewer-latitude": "48.86", "cloudfront-viewer-longitude": "2.35" };

describe("edgeFunctionCode", () => {
  const config: EdgeConfig = {
    originHost: "api.trade.example.com",
    regions: edgeRegions(SITES),
    kvsId: "store-1",
  };
  const code = edgeFunctionCode(config);

  it("bakes the catalog coordinates and pinned ports of the sites into the code", () => {
    assert.deepEqual(
      config.regions.map((r) => [r.region, r.port]),
      [
        ["us-east-1", 8443],
        ["eu-west-2", 8444],
        ["ap-northeast-1", 8446],
      ],
    );
    assert.ok(code.startsWith('import cf from"cloudfront";const __TACHYON_EDGE_CONFIG__={'));
    assert.ok(code.includes(JSON.stringify(config)));
  });

  it("fits CloudFront's size limit and uses no syntax the 2.0 runtime lacks", () => {
    assert.ok(Buffer.byteLength(code) <= CLOUDFRONT_FUNCTION_MAX_BYTES);
    // No exports, optional chaining, nullish coalescing, spread, classes, generators or
    // default parameters.
    assert.doesNotMatch(code, /\bexport\b|\?\.|\?\?|\.\.\.|\bclass\b|function\*|\w=\[\]\)/);
  });

  it("points a Paris viewer at eu-west-2's pinned port and tags the request", async () => {
    const run = await runEdgeCode(code, PARIS);
    assert.deepEqual(run.stores, ["store-1"]);
    assert.deepEqual(run.updates, [
      {
        domainName: "api.trade.example.com",
        customOriginConfig: { port: 8444, protocol: "https", sslProtocols: ["TLSv1.2"] },
      },
    ]);
    assert.deepEqual(run.headers["x-tachyon-edge-region"], { value: "eu-west-2" });
  });

  it("sends a Paris viewer to us-east-1 while eu-west-2 is drained", async () => {
    const run = await runEdgeCode(code, PARIS, "eu-west-2");
    assert.deepEqual(run.updates, [
      {
        domainName: "api.trade.example.com",
        customOriginConfig: { port: 8443, protocol: "https", sslProtocols: ["TLSv1.2"] },
      },
    ]);
    assert.deepEqual(run.headers["x-tachyon-edge-region"], { value: "us-east-1" });
  });

  it("leaves the anycast origin alone when every region is drained", async () => {
    const run = await runEdgeCode(code, PARIS, "us-east-1,eu-west-2,ap-northeast-1");
    assert.deepEqual(run.updates, []);
  });

  it("leaves the anycast origin alone without coordinates and drops a forged region header", async () => {
    const run = await runEdgeCode(code, {
      "cloudfront-viewer-country": "FR",
      "x-tachyon-edge-region": "ap-northeast-1",
    });
    assert.deepEqual([run.updates, run.stores], [[], []]);
    assert.equal(run.headers["x-tachyon-edge-region"], undefined);
  });

  it("produces the same code for the same regions", () => {
    assert.equal(edgeFunctionCode(config), code);
  });

  it("reads the bundle kept on disk while its sources are unchanged, and builds it again after", () => {
    const dir = path.join(
      __dirname,
      "..",
      "..",
      "..",
      "functions",
      "dist",
      "edge",
      "viewer-request",
    );
    const file = path.join(dir, "viewer-request.mjs");
    const stampFile = `${dir}.inputs.json`;
    const stamp = JSON.parse(fs.readFileSync(stampFile, "utf8")) as {
      inputs: Record<string, string>;
      sha256: string;
    };
    assert.deepEqual(Object.keys(stamp.inputs).sort(), [
      "functions/edge/route.ts",
      "functions/edge/viewer-request.ts",
    ]);
    const kept = fs.readFileSync(file, "utf8");
    try {
      // A bundle on disk that matches its stamp is taken as it is.
      const marked = kept.replace("function handler", "function /*kept*/handler");
      assert.notEqual(marked, kept);
      fs.writeFileSync(file, marked);
      const sha256 = digestDir(dir);
      fs.writeFileSync(stampFile, JSON.stringify({ ...stamp, sha256 }));
      assert.match(edgeFunctionCode(config), /\/\*kept\*\/handler/);
      // A changed input (here its recorded hash) builds it again.
      const inputs = { ...stamp.inputs, "functions/edge/route.ts": "0".repeat(64) };
      fs.writeFileSync(stampFile, JSON.stringify({ ...stamp, inputs, sha256 }));
      assert.equal(edgeFunctionCode(config), code);
      assert.equal(fs.readFileSync(file, "utf8"), kept);
    } finally {
      fs.writeFileSync(file, kept);
      fs.writeFileSync(stampFile, JSON.stringify(stamp));
    }
  });

  it("refuses a region the catalog lacks", () => {
    assert.throws(
      () => edgeRegions([site("aws:mars-east-1", 0)]),
      /^Error: edge regions: site "aws:mars-east-1" is not in the region catalog, got region "mars-east-1"\./,
    );
  });

  it("pins the site at topology index i to port 8443 + i", () => {
    assert.equal(pinnedPort(site("aws:eu-west-2", 4)), 8447);
  });
});

describe("AwsEdgeRouting", () => {
  let mocks: Recorder;
  beforeEach(async () => {
    mocks = await useAwsMocks();
  });

  it("builds an uncached HTTP/2+3 TLS 1.2 distribution whose viewer-request function routes", async () => {
    new AwsEdgeRouting("edge", {
      domain: "trade.example.com",
      environment: "prod",
      zoneId: "Z123",
      acceleratorArn: "arn:aws:globalaccelerator::123456789012:accelerator/a",
      sites: SITES,
    });
    await mocks.settle();
    const fn = mocks.one("aws:cloudfront/function:Function", "edge-router").inputs;
    assert.deepEqual(
      [fn.name, fn.runtime, fn.publish, fn.keyValueStoreAssociations],
      [
        "tachyon-prod-edge-router",
        "cloudfront-js-2.0",
        true,
        ["arn:aws:cloudfront::123456789012:key-value-store/edge-health-uuid"],
      ],
    );
    assert.match(fn.code as string, /"kvsId":"edge-health-uuid"/);
    // The function pins requests on the same AWS-only host as the origin.
    assert.match(fn.code as string, /"originHost":"edge\.trade\.example\.com"/);
    assert.equal(
      mocks.one("aws:cloudfront/keyValueStore:KeyValueStore", "edge-health").inputs.name,
      "tachyon-prod-edge-health",
    );
    const policy = mocks.one(
      "aws:cloudfront/originRequestPolicy:OriginRequestPolicy",
      "edge-origin-request",
    ).inputs;
    assert.deepEqual(policy.headersConfig, {
      headerBehavior: "whitelist",
      headers: { items: FORWARDED_HEADERS },
    });
    assert.ok(FORWARDED_HEADERS.includes("CloudFront-Viewer-Latitude"));
    assert.ok(FORWARDED_HEADERS.includes("CloudFront-Viewer-Longitude"));
    const d = mocks.one("aws:cloudfront/distribution:Distribution", "edge-distribution").inputs;
    assert.deepEqual(
      [d.httpVersion, d.aliases, d.enabled],
      ["http2and3", ["cdn.trade.example.com"], true],
    );
    const behaviour = d.defaultCacheBehavior as Record<string, unknown>;
    assert.deepEqual(
      [behaviour.cachePolicyId, behaviour.viewerProtocolPolicy, behaviour.targetOriginId],
      [CACHING_DISABLED_POLICY_ID, "https-only", "api-anycast"],
    );
    assert.equal(behaviour.originRequestPolicyId, "edge-origin-request-id");
    assert.deepEqual(behaviour.functionAssociations, [
      {
        eventType: "viewer-request",
        functionArn: "arn:aws:cloudfront::123456789012:function/tachyon-prod-edge-router",
      },
    ]);
    const origins = d.origins as Record<string, unknown>[];
    assert.deepEqual(
      origins.map((o) => [o.originId, o.domainName]),
      // An AWS-only name: api.<domain> may resolve to Front Door or the GCP load balancer.
      [["api-anycast", "edge.trade.example.com"]],
    );
    const custom = origins[0].customOriginConfig as Record<string, unknown>;
    assert.deepEqual(
      [custom.originProtocolPolicy, custom.originSslProtocols, custom.httpsPort],
      ["https-only", ["TLSv1.2"], 443],
    );
    const viewer = d.viewerCertificate as Record<string, unknown>;
    assert.deepEqual(
      [viewer.minimumProtocolVersion, viewer.sslSupportMethod],
      ["TLSv1.2_2021", "sni-only"],
    );
    assert.equal(
      mocks.one("aws:acm/certificate:Certificate", "edge-cert").inputs.region,
      "us-east-1",
    );
    const record = mocks.one("aws:route53/record:Record", "edge-record").inputs;
    assert.deepEqual(record.aliases, [
      {
        name: "edge-distribution.cloudfront.net",
        zoneId: "Z2FDTNDATAQYW2",
        evaluateTargetHealth: false,
      },
    ]);
    assert.deepEqual(
      mocks
        .ofType("aws:globalaccelerator/listener:Listener")
        .map((l) => [l.name, l.inputs.portRanges]),
      [
        ["edge-pinned-us-east-1", [{ fromPort: 8443, toPort: 8443 }]],
        ["edge-pinned-eu-west-2", [{ fromPort: 8444, toPort: 8444 }]],
        ["edge-pinned-ap-northeast-1", [{ fromPort: 8446, toPort: 8446 }]],
      ],
    );
  });

  it("exports the KeyValueStore the sites' drain functions write", async () => {
    const edge = new AwsEdgeRouting("edge", {
      domain: "trade.example.com",
      environment: "prod",
      zoneId: "Z123",
      acceleratorArn: "arn:aws:globalaccelerator::123456789012:accelerator/a",
      sites: SITES.slice(0, 1),
    });
    assert.equal(
      await valueOf(edge.keyValueStoreArn),
      "arn:aws:cloudfront::123456789012:key-value-store/edge-health-uuid",
    );
  });

  it("attaches a WAF web ACL when one is given", async () => {
    new AwsEdgeRouting("edge", {
      domain: "trade.example.com",
      environment: "prod",
      zoneId: "Z123",
      acceleratorArn: "arn:aws:globalaccelerator::123456789012:accelerator/a",
      sites: SITES.slice(0, 1),
      webAclArn: "arn:aws:wafv2:us-east-1:123456789012:global/webacl/api/1",
    });
    await mocks.settle();
    assert.equal(
      mocks.one("aws:cloudfront/distribution:Distribution", "edge-distribution").inputs.webAclId,
      "arn:aws:wafv2:us-east-1:123456789012:global/webacl/api/1",
    );
  });
});
