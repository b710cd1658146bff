/**
 * A local HTTP server on 127.0.0.1 for the REST store specs: records every request, answers
 * from a script queued ahead of the emulated service (throttling, 5xx, stalls), then from the
 * service, and counts TCP connections so that keep-alive reuse is visible.
 */
import * as http from "node:http";
import type { AddressInfo } from "node:net";

/** One request as the server saw it. */
export interface SeenRequest {
  readonly method: string;
  /** Path and query, as sent. */
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  /** The body parsed as JSON, `undefined` when empty. */
  readonly body: unknown;
}

/** An answer; `body` is sent as JSON. */
export interface Answer {
  readonly status: number;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: unknown;
}

/** The emulated service. */
export type Service = (request: SeenRequest) => Answer;

/** A running server. */
export interface LocalServer {
  /** `http://127.0.0.1:<port>`. */
  readonly url: string;
  /** Every request, in arrival order. */
  readonly requests: SeenRequest[];
  /** Answers given before the service is asked, first in first out; "stall" never answers. */
  readonly script: (Answer | "stall")[];
  /** TCP connections accepted so far. */
  connections(): number;
  close(): Promise<void>;
}

/** Starts a server answering with `service`. */
export async function startServer(service: Service): Promise<LocalServer> {
  const requests: SeenRequest[] = [];
  const script: (Answer | "stall")[] = [];
  let connections = 0;
  const server = http.createServer((incoming, outgoing) => {
    const chunks: Buffer[] = [];
    incoming.on("data", (chunk: Buffer) => chunks.push(chunk));
    incoming.on("end", () => {
      const text = Buffer.concat(chunks).toString("utf8");
      const seen: SeenRequest = {
        method: incoming.method ?? "",
        url: incoming.url ?? "",
        headers: Object.fromEntries(
          Object.entries(incoming.headers).map(([k, v]) => [k, String(v)]),
        ),
        body: text === "" ? undefined : (JSON.parse(text) as unknown),
      };
      requests.push(seen);
      const scripted = script.shift();
      if (scripted === "stall") return;
      const answer = scripted ?? service(seen);
      const payload = answer.body === undefined ? "" : JSON.stringify(answer.body);
      outgoing.writeHead(answer.status, {
        "content-type": "application/json",
        ...answer.headers,
      });
      outgoing.end(payload);
    });
  });
  server.on("connection", () => {
    connections += 1;
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    script,
    connections: () => connections,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
