import assert from "node:assert/strict";
import { toLambda, type AlbResult, type BatchResult } from "../../../functions/adapters/aws";
import { azureHttp } from "../../../functions/adapters/azure";
import { toGcp, type GcpResponse } from "../../../functions/adapters/gcp";
import { orderFunction } from "../../../functions/trading/order-function";
import { SimulatedVenue } from "../../../functions/trading/venue";
import { captureLogs, fixture } from "./fixtures";

/** The recorded order body, as JSON text. */
const ORDER = JSON.parse(fixture<{ body: string }>("gcp-http-order").body) as Record<
  string,
  unknown
>;
const BODY = JSON.stringify(ORDER);

/** What a declared content type comes to, as [status, error code]: the same on every cloud. */
const CASES: readonly [string | undefined, number, string | null][] = [
  ["application/json", 200, null],
  ["application/json; charset=utf-8", 200, null],
  ["Application/JSON", 200, null],
  ["text/plain", 415, "unsupported_media_type"],
  ["text/plain; charset=utf-8", 415, "unsupported_media_type"],
  ["application/xml", 415, "unsupported_media_type"],
  ["application/x-www-form-urlencoded", 415, "unsupported_media_type"],
  ["multipart/form-data; boundary=x", 415, "unsupported_media_type"],
  ["application/jsonp", 415, "unsupported_media_type"],
  ["text/json", 415, "unsupported_media_type"],
  [undefined, 415, "unsupported_media_type"],
];

const FIX =
  "Send the body as JSON with content-type application/json, or as msgpack with application/msgpack.";

function message(declared: string | undefined): string {
  const got = declared === undefined ? "null" : JSON.stringify(declared);
  return `content-type: must be application/json or application/msgpack, got ${got}. ${FIX}`;
}

function order() {
  const venue = new SimulatedVenue("SIM").quote("AAPL", { bid: 189.5, ask: 189.52, size: 1000 });
  return { venue, fn: orderFunction({ venues: () => new Map([["SIM", venue]]) }) };
}

/** Posts the order body with `declared` to one cloud's adapter: [status, error code, executed]. */
type Post = (declared: string | undefined) => Promise<[number, string | null, string | null]>;

const CLOUDS: Record<string, Post> = {
  "AWS (ALB)": async (declared) => {
    const { venue, fn } = order();
    const event = fixture("aws-alb-order");
    delete event.headers["content-type"];
    if (declared !== undefined) event.headers["content-type"] = declared;
    event.body = BODY;
    const r = (await toLambda(fn)(event)) as AlbResult;
    const body = JSON.parse(r.body) as { error?: { code: string; message: string } };
    return [r.statusCode, body.error?.message ?? null, venue.submissions.size ? "sent" : null];
  },
  "Azure (HTTP)": async (declared) => {
    const { venue, fn } = order();
    const headers = new Headers(declared === undefined ? {} : { "content-type": declared });
    const res = await azureHttp(fn)(
      {
        method: "POST",
        url: "https://fn/api/order",
        headers,
        arrayBuffer: () => Promise.resolve(new TextEncoder().encode(BODY).buffer),
      },
      { invocationId: "i" },
    );
    const body = JSON.parse(Buffer.from(res.body).toString("utf8")) as {
      error?: { message: string };
    };
    return [res.status, body.error?.message ?? null, venue.submissions.size ? "sent" : null];
  },
  "Google Cloud (HTTP)": async (declared) => {
    const { venue, fn } = order();
    let status = 0;
    let sent = "";
    const res: GcpResponse = {
      status: (c) => ((status = c), res),
      set: () => res,
      send: (b) => void (sent = Buffer.from(b).toString("utf8")),
    };
    const headers = declared === undefined ? {} : { "content-type": declared };
    await toGcp(fn)({ method: "POST", headers, rawBody: Buffer.from(BODY) }, res);
    const body = JSON.parse(sent) as { error?: { message: string } };
    return [status, body.error?.message ?? null, venue.submissions.size ? "sent" : null];
  },
};

describe("content types taken by the HTTP adapters", () => {
  for (const [cloud, post] of Object.entries(CLOUDS)) {
    it(`${cloud}: executes a JSON order declared application/json; refuses it under any other type with 415`, async () => {
      const got: unknown[] = [];
      await captureLogs(async () => {
        for (const [declared] of CASES) got.push([declared, ...(await post(declared))]);
      });
      assert.deepEqual(
        got,
        CASES.map(([declared, status]) =>
          status === 200 ? [declared, 200, null, "sent"] : [declared, 415, message(declared), null],
        ),
      );
    });
  }

  it("drops an SQS message declaring another type, without a retry and without executing it", async () => {
    const { venue, fn } = order();
    const record = (contentType: string) => ({
      eventSource: "aws:sqs",
      messageId: `m-${contentType}`,
      body: BODY,
      messageAttributes: { contentType: { stringValue: contentType, dataType: "String" } },
    });
    let result: BatchResult | undefined;
    const logs = await captureLogs(async () => {
      result = (await toLambda(fn)({ Records: [record("text/plain")] })) as BatchResult;
    });
    assert.deepEqual(result, { batchItemFailures: [] });
    assert.equal(
      logs[0]?.reason,
      `Records[].messageAttributes.contentType: must be application/json or application/msgpack, got "text/plain". ${FIX}`,
    );
    assert.equal(venue.submissions.size, 0);
  });

  it("acknowledges a Pub/Sub message declaring another type with 202 and the reason", async () => {
    const { venue, fn } = order();
    let status = 0;
    let sent = "";
    const res: GcpResponse = {
      status: (c) => ((status = c), res),
      set: () => res,
      send: (b) => void (sent = Buffer.from(b).toString("utf8")),
    };
    const push = {
      message: {
        data: Buffer.from(BODY).toString("base64"),
        attributes: { contentType: "application/xml" },
        messageId: "1",
      },
      subscription: "projects/p/subscriptions/orders",
    };
    await captureLogs(() =>
      toGcp(fn)(
        { method: "POST", headers: { "content-type": "application/json" }, body: push },
        res,
      ),
    );
    assert.deepEqual(
      [status, JSON.parse(sent)],
      [
        202,
        {
          error: {
            code: "unsupported_media_type",
            message: `message.attributes.contentType: must be application/json or application/msgpack, got "application/xml". ${FIX}`,
          },
        },
      ],
    );
    assert.equal(venue.submissions.size, 0);
  });
});
