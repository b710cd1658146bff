/**
 * The health path every HTTP entry answers, the same on every cloud: `/health` (the Functions
 * host serves it under its `api/` prefix, `/api/health`). Route 53 health checks request it on
 * the latency-routed name; the Google Cloud load balancer and Azure Front Door route it to the
 * first HTTP function; Front Door's origin probes and the ALB's Lambda target-group health checks
 * request it from each origin directly. It does not end in `z`: Cloud Run documents that some
 * paths ending in `z` are reserved and may be answered before the container sees them, so
 * `/healthz` would measure Google's front end rather than the function.
 *
 * The reply is a liveness answer, given by the adapter before the handler is involved: it never
 * calls `parse` or `handle`, never builds a lazy SDK client, cache or connection, and logs
 * nothing. The probe still keeps the instance it lands on warm, since an instance that serves
 * requests is not reclaimed; warming the lazy clients as well was rejected because building them
 * has effects outside the instance (TLS connections to the shared cache, credential and token
 * fetches), and a probe that reached a dependency would turn that dependency's outage into a
 * failover of every region although the functions fall back or fail per request. One structured
 * log line per probe (every 10-30 s from each checker) would also crowd out the request lines
 * the latency metrics are read from.
 *
 * GET and HEAD answer 200; any other method on the path answers 405 with `Allow: GET, HEAD`
 * rather than passing through to the handler, so the path never executes an order or scores a
 * transaction whatever is sent to it.
 */
import { errorReply, type HttpReply } from "./http";

/** The path the health checks request; every component that probes a function imports it. */
export const HEALTH_PATH = "/health";

/** The health path as the Azure Functions host serves it, under its default `api/` prefix. */
export const AZURE_HEALTH_PATH = `/api${HEALTH_PATH}`;

/** The methods the health path answers. */
export const HEALTH_METHODS: readonly string[] = ["GET", "HEAD"];

/** Whether a request path (with or without a query string) is the health path. */
export function isHealthPath(requestPath: string | undefined): boolean {
  if (requestPath === undefined) return false;
  const query = requestPath.indexOf("?");
  return (query === -1 ? requestPath : requestPath.slice(0, query)) === HEALTH_PATH;
}

/**
 * The reply to a request on the health path: `{"status":"ok","function":"<name>"}` to a GET, the
 * same status and headers without a body to a HEAD, 405 to anything else.
 */
export function healthReply(name: string, method: string): HttpReply {
  const allow = HEALTH_METHODS.join(", ");
  if (!HEALTH_METHODS.includes(method)) {
    const reply = errorReply(
      405,
      "method_not_allowed",
      `method: must be ${HEALTH_METHODS.join(" or ")} on ${HEALTH_PATH}, got ${method}. Send a GET.`,
    );
    return { ...reply, headers: { allow } };
  }
  const body =
    method === "HEAD"
      ? new Uint8Array()
      : Buffer.from(JSON.stringify({ status: "ok", function: name }));
  return {
    status: 200,
    contentType: "application/json",
    body,
    // A cached "ok" would hide an instance that stopped answering.
    headers: { "cache-control": "no-store" },
  };
}
