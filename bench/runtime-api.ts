/**
 * Order execution through a loopback emulation of the Lambda runtime API: a keep-alive HTTP
 * server on 127.0.0.1 answers `GET /2018-06-01/runtime/invocation/next` with one queued event and
 * accepts `POST /2018-06-01/runtime/invocation/{id}/response`; a runtime loop in this process
 * fetches each event, calls the order bundle's `handler` and posts its result, the way the Lambda
 * Node runtime's own loop does. The baseline, measured in the same run and alternated round by
 * round, is a bare keep-alive round trip to the same server.
 */
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import { pathToFileURL } from "node:url";
import { msSince, now, percentile } from "./stats";

const PREFIX = "/2018-06-01/runtime/invocation/";

/** What {@link benchRuntimeApi} measures (µs). */
export interface RuntimeApiResult {
  /** Per invocation: next, the handler, response posted and acknowledged. */
  readonly p50: number;
  readonly p999: number;
  readonly samples: number;
  /** One bare keep-alive GET round trip to the same server. */
  readonly loopbackP50: number;
  readonly loopbackSamples: number;
}

/** A Lambda `index.handler`. */
type Handler = (event: unknown) => Promise<unknown>;

/** The emulated runtime API: a queue of events out, their responses in. */
interface RuntimeApi {
  readonly port: number;
  /** Queues an event under `id` for the next `next` request. */
  enqueue(id: string, event: unknown): void;
  /** The response body posted for `id` (undefined until posted). */
  response(id: string): string | undefined;
  close(): Promise<void>;
}

async function startRuntimeApi(): Promise<RuntimeApi> {
  const queue: { id: string; body: string }[] = [];
  const responses = new Map<string, string>();
  const server = http.createServer({ keepAlive: true }, (req, res) => {
    const url = req.url ?? "";
    if (req.method === "GET" && url === `${PREFIX}next`) {
      const next = queue.shift();
      if (!next) {
        // A real runtime API long-polls; the loop here only asks after queuing, so an empty
        // queue is a bug in the loop, answered like the API answers a broken runtime.
        res.writeHead(500).end();
        return;
      }
      res.writeHead(200, {
        "content-type": "application/json",
        "lambda-runtime-aws-request-id": next.id,
        "lambda-runtime-deadline-ms": String(Date.now() + 3000),
        "lambda-runtime-invoked-function-arn":
          "arn:aws:lambda:us-east-1:123456789012:function:order",
      });
      res.end(next.body);
      return;
    }
    const posted = /^\/2018-06-01\/runtime\/invocation\/([^/]+)\/response$/.exec(url);
    if (req.method === "POST" && posted) {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => {
        responses.set(posted[1], Buffer.concat(chunks).toString("utf8"));
        res.writeHead(202, { "content-type": "application/json" }).end('{"status":"OK"}');
      });
      return;
    }
    if (req.method === "GET" && url === "/ping") {
      res.writeHead(200, { "content-type": "text/plain" }).end("ok");
      return;
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    port: (server.address() as AddressInfo).port,
    enqueue: (id, event) => queue.push({ id, body: JSON.stringify(event) }),
    response: (id) => responses.get(id),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

/** One keep-alive request; resolves with the status, the request-id header and the body. */
function request(
  agent: http.Agent,
  port: number,
  method: string,
  urlPath: string,
  body?: string,
): Promise<{ status: number; id: string; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ agent, host: "127.0.0.1", port, method, path: urlPath }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () =>
        resolve({
          status: res.statusCode ?? 0,
          id: String(res.headers["lambda-runtime-aws-request-id"] ?? ""),
          body: Buffer.concat(chunks).toString("utf8"),
        }),
      );
    });
    req.on("error", reject);
    if (body !== undefined) req.setHeader("content-type", "application/json");
    req.end(body);
  });
}

/** The ALB request a Lambda target receives for one order. */
export function orderEvent(i: number, symbols: readonly string[]): unknown {
  return {
    requestContext: {
      elb: {
        targetGroupArn:
          "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/order/0123456789abcdef",
      },
    },
    httpMethod: "POST",
    path: "/order",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      orderId: `rt-${i}`,
      account: `acct-${i % 500}`,
      symbol: symbols[i % symbols.length],
      side: i % 2 === 0 ? "buy" : "sell",
      type: "limit",
      quantity: 10,
      limitPrice: 100.01,
    }),
    isBase64Encoded: false,
  };
}

/**
 * Runs `invocations` orders (after a warm-up of a tenth) through the emulated runtime API into
 * the bundle at `bundleFile`, alternated with as many bare round trips. The bundle is imported
 * with `TACHYON_SIM_QUOTES` quoting `symbols` and without `TACHYON_IDEMPOTENCY_TABLE`, so order
 * ids are claimed in instance memory, as the AWS entry does without a table.
 */
export async function benchRuntimeApi(
  bundleFile: string,
  symbols: readonly string[],
  invocations: number,
): Promise<RuntimeApiResult> {
  const saved = {
    quotes: process.env.TACHYON_SIM_QUOTES,
    table: process.env.TACHYON_IDEMPOTENCY_TABLE,
  };
  process.env.TACHYON_SIM_QUOTES = symbols.map((s) => `${s}:99.99:100.01`).join(",");
  delete process.env.TACHYON_IDEMPOTENCY_TABLE;
  // The bundle carries its own copy of the log module, so its lines bypass quietLogs(); they are
  // still formatted, only the terminal write is dropped (Lambda pipes stdout to its log agent).
  const write = process.stdout.write.bind(process.stdout);
  process.stdout.write = () => true;
  const api = await startRuntimeApi();
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  try {
    const mod = (await import(pathToFileURL(bundleFile).href)) as { handler?: Handler };
    const handler = mod.handler;
    if (typeof handler !== "function")
      throw new Error(`bench/runtime-api.ts: ${bundleFile} exports no handler function.`);
    const warmup = Math.max(1, Math.floor(invocations / 10));
    const runtime: number[] = [];
    const loopback: number[] = [];
    for (let i = 0; i < invocations + warmup; i++) {
      const id = `req-${i}`;
      api.enqueue(id, orderEvent(i, symbols));
      let start = now();
      const next = await request(agent, api.port, "GET", `${PREFIX}next`);
      const result = await handler(JSON.parse(next.body));
      const ack = await request(
        agent,
        api.port,
        "POST",
        `${PREFIX}${next.id}/response`,
        JSON.stringify(result),
      );
      const invocationUs = msSince(start) * 1000;
      if (next.status !== 200 || ack.status !== 202)
        throw new Error(
          `bench/runtime-api.ts: runtime API answered ${next.status}/${ack.status} for ${id}.`,
        );
      const reply = JSON.parse(api.response(id) ?? "{}") as { statusCode?: number; body?: string };
      if (reply.statusCode !== 200)
        throw new Error(
          `bench/runtime-api.ts: order ${id} answered ${String(reply.statusCode)}: ${String(reply.body)}.`,
        );
      start = now();
      const ping = await request(agent, api.port, "GET", "/ping");
      const pingUs = msSince(start) * 1000;
      if (ping.status !== 200)
        throw new Error(`bench/runtime-api.ts: ping answered ${ping.status}.`);
      if (i >= warmup) {
        runtime.push(invocationUs);
        loopback.push(pingUs);
      }
    }
    return {
      p50: percentile(runtime, 50),
      p999: percentile(runtime, 99.9),
      samples: runtime.length,
      loopbackP50: percentile(loopback, 50),
      loopbackSamples: loopback.length,
    };
  } finally {
    agent.destroy();
    await api.close();
    process.stdout.write = write;
    restoreEnv("TACHYON_SIM_QUOTES", saved.quotes);
    restoreEnv("TACHYON_IDEMPOTENCY_TABLE", saved.table);
  }
}

function restoreEnv(name: string, value: string | undefined): void {
  if (value === undefined) delete process.env[name];
  else process.env[name] = value;
}
