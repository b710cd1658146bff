/**
 * The built edge-drain bundle, run as Lambda would run it (a fresh Node process importing
 * `index.mjs` and calling `handler`), against a loopback KeyValueStore emulator that speaks the
 * data-plane REST API: DescribeKeyValueStore and GetKey (GET), PutKey (PUT) and DeleteKey
 * (DELETE), ETag in the `ETag` header, `If-Match` on writes, errors by `x-amzn-errortype`. The
 * SDK sends each request to `<account>.<endpoint host>`, so the child process resolves
 * `*.localhost` to 127.0.0.1. The alarm's current state comes from a CloudWatch emulator
 * (DescribeAlarms, AWS JSON 1.0) that checks each request's SigV4 signature
 * (`../lib/aws-emulator.ts`).
 */
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import * as path from "node:path";
import type { Metafile } from "esbuild";
import { BUDGETS, bundleFunction, type Bundle } from "../../../functions/build";
import { DESCRIBE_ALARMS_TARGET, type AlarmState } from "../../../functions/lib/cloudwatch";
import { amzJsonError, startEmulator, type Answer, type Emulator } from "../lib/aws-emulator";

const KVS = "arn:aws:cloudfront::123456789012:key-value-store/0f1e2d3c-aaaa-bbbb-cccc-123456789abc";
const ALARM = "tachyon-prod-eu-west-2-order-errors";
const CREDENTIALS = { accessKeyId: "AKIDSPECEXAMPLE", secretAccessKey: "spec-secret" };

/** CloudWatch's DescribeAlarms over AWS JSON 1.0, answering with the alarm's current `state`. */
function describeAlarms(
  state: () => AlarmState | undefined,
): (request: { headers: Readonly<Record<string, string>>; body: Buffer }) => Answer {
  return (request) => {
    if (request.headers["x-amz-target"] !== DESCRIBE_ALARMS_TARGET) {
      return amzJsonError(400, "UnknownOperationException", "Unknown operation");
    }
    const input = JSON.parse(request.body.toString("utf8")) as { AlarmNames?: string[] };
    const current = state();
    const found = current !== undefined && (input.AlarmNames ?? []).includes(ALARM);
    return {
      status: 200,
      headers: { "content-type": "application/x-amz-json-1.0" },
      body: JSON.stringify({
        MetricAlarms: found ? [{ AlarmName: ALARM, StateValue: current }] : [],
        CompositeAlarms: [],
      }),
    };
  };
}

/** One request the emulator received. */
interface Seen {
  readonly method: string;
  readonly path: string;
  readonly host: string;
  readonly authorization: string;
  readonly regionSet: string;
  readonly ifMatch?: string;
}

/** A KeyValueStore data plane on 127.0.0.1 holding one store. */
class KvsEmulator {
  readonly seen: Seen[] = [];
  readonly values = new Map<string, string>();
  version = 1;
  /** Writes still to answer with 409 ConflictException, as if another writer got in first. */
  conflicts = 0;
  private server?: Server;

  get etag(): string {
    return `KVS${this.version}`;
  }

  async start(): Promise<number> {
    this.server = createServer((req, res) => {
      let body = "";
      req.on("data", (chunk: Buffer) => (body += chunk.toString("utf8")));
      req.on("end", () => this.answer(req, res, body));
    });
    await new Promise<void>((resolve) => this.server?.listen(0, "127.0.0.1", resolve));
    return (this.server.address() as AddressInfo).port;
  }

  stop(): Promise<void> {
    return new Promise((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  private answer(req: IncomingMessage, res: ServerResponse, body: string): void {
    const url = new URL(req.url ?? "/", "http://kvs");
    this.seen.push({
      method: req.method ?? "",
      path: decodeURIComponent(url.pathname),
      host: req.headers.host ?? "",
      authorization: req.headers.authorization ?? "",
      regionSet: String(req.headers["x-amz-region-set"] ?? ""),
      ifMatch: req.headers["if-match"],
    });
    const match = /^\/key-value-stores\/([^/]+)(?:\/keys\/([^/]+))?$/.exec(url.pathname);
    const arn = match ? decodeURIComponent(match[1]) : "";
    if (!match || arn !== KVS) return this.error(res, 404, "ResourceNotFoundException");
    const key = match[2] === undefined ? undefined : decodeURIComponent(match[2]);
    if (key === undefined && req.method === "GET") {
      return this.json(res, { KvsARN: KVS, Created: 1, Status: "READY", ItemCount: 0 });
    }
    if (key === undefined) return this.error(res, 405, "ValidationException");
    if (req.method === "GET") {
      const value = this.values.get(key);
      if (value === undefined) return this.error(res, 404, "ResourceNotFoundException");
      return this.json(res, { Key: key, Value: value, ItemCount: 1, TotalSizeInBytes: 1 });
    }
    if (req.headers["if-match"] !== this.etag || this.conflicts > 0) {
      if (this.conflicts > 0) {
        this.conflicts--;
        this.version++;
      }
      return this.error(res, 409, "ConflictException");
    }
    if (req.method === "PUT") this.values.set(key, (JSON.parse(body) as { Value: string }).Value);
    else if (req.method === "DELETE") this.values.delete(key);
    else return this.error(res, 405, "ValidationException");
    this.version++;
    return this.json(res, { ItemCount: this.values.size, TotalSizeInBytes: 1 });
  }

  private json(res: ServerResponse, body: unknown): void {
    res.writeHead(200, { "content-type": "application/json", etag: this.etag });
    res.end(JSON.stringify(body));
  }

  private error(res: ServerResponse, status: number, type: string): void {
    res.writeHead(status, { "content-type": "application/json", "x-amzn-errortype": type });
    res.end(JSON.stringify({ message: `${type} from the emulator` }));
  }
}

/** Runs `handler(event)` of the bundle in a fresh Node process; resolves with its outcome. */
function runBundle(
  bundle: Bundle,
  driver: string,
  port: number,
  cloudwatch: string,
  state: string,
): Promise<unknown> {
  const event = {
    version: "0",
    id: "c4c1c1c9-6542-e61b-6ef0-8c4d36933a92",
    "detail-type": "CloudWatch Alarm State Change",
    source: "aws.cloudwatch",
    account: "123456789012",
    time: "2026-11-28T10:04:40Z",
    region: "eu-west-2",
    resources: [`arn:aws:cloudwatch:eu-west-2:123456789012:alarm:${ALARM}`],
    detail: { alarmName: ALARM, state: { value: state } },
  };
  const env = {
    PATH: process.env.PATH ?? "",
    AWS_ACCESS_KEY_ID: CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: CREDENTIALS.secretAccessKey,
    AWS_REGION: "eu-west-2",
    AWS_CONFIG_FILE: path.join(path.dirname(driver), "no-config"),
    AWS_SHARED_CREDENTIALS_FILE: path.join(path.dirname(driver), "no-credentials"),
    AWS_ENDPOINT_URL_CLOUDFRONT_KEYVALUESTORE: `http://localhost:${port}`,
    AWS_ENDPOINT_URL_CLOUDWATCH: cloudwatch,
    TACHYON_EDGE_KVS_ARN: KVS,
    TACHYON_DRAIN_REGION: "eu-west-2",
    TACHYON_HEALTH_ALARM: ALARM,
  };
  const entry = path.join(bundle.dir, bundle.entry);
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      ["--no-warnings", driver, entry, JSON.stringify(event)],
      { env, timeout: 30_000 },
      (error, stdout, stderr) => {
        if (error) return reject(new Error(`${error.message}\n${stderr}`));
        const lines = stdout.trim().split("\n");
        resolve(JSON.parse(lines[lines.length - 1]) as unknown);
      },
    );
  });
}

/** The child's driver: `*.localhost` resolves to loopback, then the handler runs once. */
const DRIVER = `
import dns from "node:dns";
const lookup = dns.lookup;
dns.lookup = (host, options, callback) => {
  if (typeof options === "function") return lookup(host.endsWith(".localhost") ? "127.0.0.1" : host, options);
  return lookup(host.endsWith(".localhost") ? "127.0.0.1" : host, options, callback);
};
const { handler } = await import(process.argv[2]);
try {
  console.log(JSON.stringify(await handler(JSON.parse(process.argv[3]))));
} catch (error) {
  console.log(JSON.stringify({ threw: error.name, message: error.message }));
}
`;

describe("edge-drain bundle", function () {
  this.timeout(120_000);
  let tmp: string;
  let bundle: Bundle;
  let driver: string;
  let kvs: KvsEmulator;
  let port: number;
  let cloudwatch: Emulator;
  /** The health alarm's current state; undefined: the alarm does not exist. */
  let alarm: AlarmState | undefined;
  const run = (eventState: string) =>
    runBundle(bundle, driver, port, cloudwatch.endpoint, eventState) as Promise<
      Record<string, unknown>
    >;

  before(() => {
    tmp = mkdtempSync(path.join(tmpdir(), "tachyon-drain-"));
    bundle = bundleFunction("edge-drain", "aws", path.join(tmp, "bundle"));
    driver = path.join(tmp, "driver.mjs");
    writeFileSync(driver, DRIVER);
  });
  after(() => rmSync(tmp, { recursive: true, force: true }));
  beforeEach(async () => {
    kvs = new KvsEmulator();
    port = await kvs.start();
    alarm = "ALARM";
    cloudwatch = await startEmulator({
      credentials: CREDENTIALS,
      region: "eu-west-2",
      service: "monitoring",
      handle: describeAlarms(() => alarm),
    });
  });
  afterEach(async () => {
    assert.deepEqual(cloudwatch.refused, []);
    await Promise.all([kvs.stop(), cloudwatch.close()]);
  });

  it("is built for AWS only, within its budget, with the SigV4A signer in the bundle", () => {
    assert.ok(bundle.bytes <= BUDGETS["edge-drain"], `${bundle.bytes} bytes`);
    const inputs = Object.keys(
      (JSON.parse(readFileSync(bundle.metafilePath, "utf8")) as Metafile).inputs,
    );
    assert.ok(inputs.includes("node_modules/@smithy/signature-v4a/dist-es/SignatureV4a.js"));
    assert.throws(() => bundleFunction("edge-drain", "gcp", path.join(tmp, "gcp")), {
      message:
        'functions/build.ts: function "edge-drain" is built for aws only, got cloud "gcp". Deploy it on aws.',
    });
  });

  it("drains on ALARM and restores on OK through the KeyValueStore API, signed with SigV4A", async () => {
    const drained = await run("ALARM");
    assert.deepEqual([drained.ok, drained.written, drained.after], [true, true, ["eu-west-2"]]);
    assert.equal(kvs.values.get("drained"), "eu-west-2");
    alarm = "OK";
    const restored = await run("OK");
    assert.deepEqual([restored.ok, restored.written, restored.after], [true, true, []]);
    assert.equal(kvs.values.has("drained"), false);
    assert.deepEqual(
      kvs.seen.map((s) => [s.method, s.path, s.ifMatch]),
      [
        ["GET", `/key-value-stores/${KVS}`, undefined],
        ["GET", `/key-value-stores/${KVS}/keys/drained`, undefined],
        ["PUT", `/key-value-stores/${KVS}/keys/drained`, "KVS1"],
        ["GET", `/key-value-stores/${KVS}`, undefined],
        ["GET", `/key-value-stores/${KVS}/keys/drained`, undefined],
        ["DELETE", `/key-value-stores/${KVS}/keys/drained`, "KVS2"],
      ],
    );
    for (const s of kvs.seen) {
      // The data plane is global: SigV4A over every region, at the account's own host.
      assert.match(s.authorization, /^AWS4-ECDSA-P256-SHA256 Credential=AKIDSPECEXAMPLE\//);
      assert.equal(s.regionSet, "*");
      assert.equal(s.host, `123456789012.localhost:${port}`);
    }
    // Each event read the alarm first, SigV4-signed for CloudWatch in the site's region.
    assert.deepEqual(
      cloudwatch.requests.map((r) => [
        r.headers["x-amz-target"],
        JSON.parse(r.body.toString("utf8")) as unknown,
      ]),
      [
        [DESCRIBE_ALARMS_TARGET, { AlarmNames: [ALARM], AlarmTypes: ["MetricAlarm"] }],
        [DESCRIBE_ALARMS_TARGET, { AlarmNames: [ALARM], AlarmTypes: ["MetricAlarm"] }],
      ],
    );
    for (const r of cloudwatch.requests) {
      assert.match(
        r.headers.authorization,
        /^AWS4-HMAC-SHA256 Credential=AKIDSPECEXAMPLE\/\d{8}\/eu-west-2\/monitoring\/aws4_request, /,
      );
    }
  });

  it("undrains on an ALARM event handled after the alarm went back to OK", async () => {
    kvs.values.set("drained", "us-east-1,eu-west-2");
    alarm = "OK";
    const outcome = await run("ALARM");
    assert.deepEqual(
      [outcome.ok, outcome.eventState, outcome.state, outcome.after],
      [true, "ALARM", "OK", ["us-east-1"]],
    );
    assert.equal(kvs.values.get("drained"), "us-east-1");
  });

  it("drains on an OK event handled after the alarm fired again", async () => {
    alarm = "ALARM";
    const outcome = await run("OK");
    assert.deepEqual(
      [outcome.ok, outcome.eventState, outcome.state, outcome.after],
      [true, "OK", "ALARM", ["eu-west-2"]],
    );
    assert.equal(kvs.values.get("drained"), "eu-west-2");
  });

  it("retries a throttled DescribeAlarms and then drains", async () => {
    cloudwatch.script.push(amzJsonError(400, "Throttling", "Rate exceeded"));
    const outcome = await run("ALARM");
    assert.deepEqual([outcome.ok, outcome.after], [true, ["eu-west-2"]]);
    assert.equal(cloudwatch.requests.length, 2);
  });

  it("throws and writes nothing when the alarm does not exist", async () => {
    kvs.values.set("drained", "eu-west-2");
    alarm = undefined;
    const outcome = await run("OK");
    assert.deepEqual(outcome, {
      threw: "Error",
      message: `CloudWatch DescribeAlarms "${ALARM}": must find exactly one metric alarm of that name, got 0. Check that the alarm exists in this region and that the role may describe it (cloudwatch:DescribeAlarms on its ARN).`,
    });
    assert.deepEqual(kvs.seen, []);
    assert.equal(kvs.values.get("drained"), "eu-west-2");
  });

  it("retries a write the service refused with ConflictException", async () => {
    kvs.values.set("drained", "us-east-1");
    kvs.conflicts = 1;
    const outcome = await run("ALARM");
    assert.deepEqual([outcome.ok, outcome.attempts], [true, 2]);
    assert.equal(kvs.values.get("drained"), "us-east-1,eu-west-2");
    assert.deepEqual(
      kvs.seen.filter((s) => s.method === "PUT").map((s) => s.ifMatch),
      ["KVS1", "KVS2"],
    );
  });

  it("throws when the service keeps failing, so that Lambda hands the event on", async () => {
    kvs.conflicts = 100;
    const outcome = await run("ALARM");
    assert.deepEqual(outcome, {
      threw: "ConflictException",
      message: "ConflictException from the emulator",
    });
    assert.equal(kvs.seen.filter((s) => s.method === "PUT").length, 5);
  });
});
