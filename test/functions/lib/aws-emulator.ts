/**
 * A local AWS endpoint on 127.0.0.1 for specs: it checks every request's SigV4 signature by
 * recomputing it (functions/lib/aws-sigv4.ts) from what arrived, then answers through a
 * service emulation — DynamoDB's PutItem/DeleteItem with their condition semantics and error
 * bodies, or Lambda's Invoke — or through scripted answers queued ahead of it.
 */
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import { signRequest, type AwsCredentials } from "../../../functions/lib/aws-sigv4";

/** One request as the emulator saw it, after its signature was checked. */
export interface SeenRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Buffer;
}

/** An answer. */
export interface Answer {
  readonly status: number;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string;
}

/** A service behind the emulator. */
export type Service = (request: SeenRequest) => Answer | Promise<Answer>;

/** A running emulator. */
export interface Emulator {
  readonly endpoint: string;
  /** Requests with a valid signature, in arrival order. */
  readonly requests: SeenRequest[];
  /** Answers sent before the service is asked, first in first out (throttling, 5xx, stalls). */
  readonly script: (Answer | "stall")[];
  /** Requests refused for a bad signature. */
  readonly refused: string[];
  /** TCP connections accepted so far (keep-alive reuse shows as fewer connections than requests). */
  connections(): number;
  close(): Promise<void>;
}

/** Starts an emulator for `service` signed with `credentials` in `region`. */
export async function startEmulator(options: {
  credentials: AwsCredentials;
  region: string;
  service: string;
  handle: Service;
}): Promise<Emulator> {
  const requests: SeenRequest[] = [];
  const script: (Answer | "stall")[] = [];
  const refused: string[] = [];
  const server = http.createServer((incoming, outgoing) => {
    const chunks: Buffer[] = [];
    incoming.on("data", (chunk: Buffer) => chunks.push(chunk));
    incoming.on("end", () => {
      const headers = Object.fromEntries(
        Object.entries(incoming.headers).map(([k, v]) => [k, String(v)]),
      );
      const body = Buffer.concat(chunks);
      const url = new URL(incoming.url ?? "/", "http://127.0.0.1");
      const request: SeenRequest = {
        method: incoming.method ?? "GET",
        path: url.pathname,
        headers,
        body,
      };
      const problem = checkSignature(request, url, options);
      const reply = (answer: Answer) => {
        outgoing.writeHead(answer.status, answer.headers ?? {});
        outgoing.end(answer.body ?? "");
      };
      if (problem) {
        refused.push(problem);
        reply(
          amzJsonError(
            403,
            "com.amazon.coral.service#InvalidSignatureException",
            `The request signature we calculated does not match the signature you provided: ${problem}`,
          ),
        );
        return;
      }
      requests.push(request);
      const scripted = script.shift();
      if (scripted === "stall") return; // never answers: the client's timeout must fire
      if (scripted) {
        reply(scripted);
        return;
      }
      void Promise.resolve(options.handle(request)).then(reply, (error: unknown) =>
        reply({ status: 500, body: String(error) }),
      );
    });
  });
  let connections = 0;
  server.on("connection", () => (connections += 1));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    requests,
    script,
    refused,
    connections: () => connections,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Recomputes the signature of what arrived; a description of the mismatch, or undefined. */
function checkSignature(
  request: SeenRequest,
  url: URL,
  options: { credentials: AwsCredentials; region: string; service: string },
): string | undefined {
  const authorization = request.headers.authorization ?? "";
  const match =
    /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request, SignedHeaders=([a-z0-9;-]+), Signature=[0-9a-f]{64}$/.exec(
      authorization,
    );
  if (!match) return `malformed authorization ${JSON.stringify(authorization)}`;
  const [, keyId, day, region, service, signedList] = match;
  if (keyId !== options.credentials.accessKeyId) return `unknown access key ${keyId}`;
  if (region !== options.region || service !== options.service) {
    return `scope ${region}/${service}, expected ${options.region}/${options.service}`;
  }
  const amzDate = request.headers["x-amz-date"] ?? "";
  if (!amzDate.startsWith(day ?? "")) return `x-amz-date ${amzDate} outside the scope day ${day}`;
  if ((request.headers["x-amz-security-token"] ?? undefined) !== options.credentials.sessionToken) {
    return "session token missing or different";
  }
  const signed = (signedList ?? "").split(";");
  const headers: Record<string, string> = {};
  for (const name of signed) {
    if (name === "x-amz-date" || name === "x-amz-security-token") continue;
    const value = request.headers[name];
    if (value === undefined) return `signed header ${name} not sent`;
    headers[name] = value;
  }
  const query: Record<string, string> = {};
  url.searchParams.forEach((value, key) => (query[key] = value));
  const date = new Date(
    `${amzDate.slice(0, 4)}-${amzDate.slice(4, 6)}-${amzDate.slice(6, 8)}T${amzDate.slice(9, 11)}:${amzDate.slice(11, 13)}:${amzDate.slice(13, 15)}Z`,
  );
  const expected = signRequest(
    {
      method: request.method,
      host: request.headers.host ?? "",
      // The wire path as sent: the signer encodes it once more, as AWS does.
      path: url.pathname,
      query,
      headers,
      body: request.body,
    },
    options.credentials,
    { region: options.region, service: options.service },
    date,
  ).authorization;
  return expected === authorization ? undefined : "signature mismatch";
}

/** An AWS JSON protocol error answer. */
export function amzJsonError(
  status: number,
  type: string,
  message: string,
  extra: Record<string, unknown> = {},
): Answer {
  return {
    status,
    headers: { "content-type": "application/x-amz-json-1.0" },
    body: JSON.stringify({ __type: type, message, ...extra }),
  };
}

/** A DynamoDB attribute value as it travels (only the kinds the stores write). */
export type Attribute = { readonly S: string } | { readonly N: string };

/** Items of an emulated table by partition key `pk`. */
export type Table = Map<string, Record<string, Attribute>>;

const DYNAMO = "com.amazonaws.dynamodb.v20120810";

/**
 * DynamoDB's PutItem and DeleteItem over one table with partition key `pk`: condition
 * expressions with `attribute_not_exists`, `=`, `<`, `AND`, `OR`, `#name` and `:value`
 * placeholders; a failed condition answers 400 `ConditionalCheckFailedException` with the
 * existing item when `ReturnValuesOnConditionCheckFailure` is `ALL_OLD`, as DynamoDB does.
 */
export function dynamoService(tableName: string, table: Table): Service {
  return (request) => {
    if (request.headers["content-type"] !== "application/x-amz-json-1.0") {
      return amzJsonError(400, `${DYNAMO}#SerializationException`, "Wrong content type");
    }
    const input = JSON.parse(request.body.toString("utf8")) as Record<string, unknown>;
    if (input.TableName !== tableName) {
      return amzJsonError(
        400,
        `${DYNAMO}#ResourceNotFoundException`,
        "Requested resource not found",
      );
    }
    const target = request.headers["x-amz-target"];
    const key =
      target === "DynamoDB_20120810.PutItem"
        ? (input.Item as Record<string, { S?: string }>).pk?.S
        : (input.Key as Record<string, { S?: string }>).pk?.S;
    if (key === undefined) {
      return amzJsonError(400, `${DYNAMO}#ValidationException`, "Missing the key pk");
    }
    const existing = table.get(key);
    if (typeof input.ConditionExpression === "string") {
      let holds: boolean;
      try {
        holds = evaluate(
          input.ConditionExpression,
          existing,
          (input.ExpressionAttributeNames ?? {}) as Record<string, string>,
          (input.ExpressionAttributeValues ?? {}) as Record<string, Attribute>,
        );
      } catch (error) {
        return amzJsonError(400, `${DYNAMO}#ValidationException`, String(error));
      }
      if (!holds) {
        const old =
          input.ReturnValuesOnConditionCheckFailure === "ALL_OLD" && existing
            ? { Item: existing }
            : {};
        return amzJsonError(
          400,
          `${DYNAMO}#ConditionalCheckFailedException`,
          "The conditional request failed",
          old,
        );
      }
    }
    if (target === "DynamoDB_20120810.PutItem") {
      table.set(key, input.Item as Record<string, Attribute>);
    } else if (target === "DynamoDB_20120810.DeleteItem") {
      table.delete(key);
    } else {
      return amzJsonError(400, `${DYNAMO}#UnknownOperationException`, `Unknown ${target}`);
    }
    return { status: 200, headers: { "content-type": "application/x-amz-json-1.0" }, body: "{}" };
  };
}

function evaluate(
  expression: string,
  item: Record<string, Attribute> | undefined,
  names: Record<string, string>,
  values: Record<string, Attribute>,
): boolean {
  return expression.split(" OR ").some((any) =>
    any.split(" AND ").every((term) => {
      const name = (token: string) => (token.startsWith("#") ? names[token] : token) ?? "";
      const value = (token: string): Attribute => {
        const v = values[token];
        if (!v) throw new Error(`ExpressionAttributeValues has no ${token}`);
        return v;
      };
      const absent = /^attribute_not_exists\((\S+)\)$/.exec(term.trim());
      if (absent) return item?.[name(absent[1] ?? "")] === undefined;
      const compare = /^(\S+) (=|<) (:\S+)$/.exec(term.trim());
      if (!compare) throw new Error(`Unsupported condition term ${term}`);
      const have = item?.[name(compare[1] ?? "")];
      const want = value(compare[3] ?? "");
      if (have === undefined) return false;
      if ("N" in have && "N" in want) {
        return compare[2] === "="
          ? Number(have.N) === Number(want.N)
          : Number(have.N) < Number(want.N);
      }
      if ("S" in have && "S" in want)
        return compare[2] === "=" ? have.S === want.S : have.S < want.S;
      return false;
    }),
  );
}
