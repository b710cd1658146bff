/**
 * The viewer-request CloudFront Function of the edge distribution (runtime `cloudfront-js-2.0`).
 * It reads the viewer's coordinates from the `CloudFront-Viewer-Latitude`/`-Longitude` headers
 * (present because the distribution's origin request policy names them), picks the nearest
 * region with {@link chooseRegion} and points the request at that region's pinned accelerator
 * port with `cf.updateRequestOrigin`. The host name stays `api.<domain>`, so TLS to the origin
 * validates against each region's certificate. Without coordinates the request keeps the
 * default origin: the accelerator's anycast port, nearest healthy region by network.
 *
 * Health: a pinned port reaches one region only, so a region that is failing is drained at the
 * edge by listing it under the key `drained` of the distribution's KeyValueStore (read at the
 * edge without a network call); drained regions are skipped and their viewers go to the next
 * nearest region. The list follows each site's health alarm automatically (`./drain.ts`, invoked
 * on the alarm's state changes: ALARM adds the region, OK removes it). A store that cannot be
 * read drains nothing.
 *
 * `__TACHYON_EDGE_CONFIG__` is replaced by the topology's regions when the code is built.
 */
import cf from "cloudfront";
import { chooseRegion, DRAINED_KEY, parseDrained, type EdgeConfig } from "./route";

declare const __TACHYON_EDGE_CONFIG__: EdgeConfig;

/** Request header naming the region the edge chose, for the origin's logs and metrics. */
const REGION_HEADER = "x-tachyon-edge-region";

interface HeaderValue {
  value: string;
}

interface ViewerRequestEvent {
  request: { headers: Record<string, HeaderValue | undefined> };
}

/** CloudFront lower-cases header names in the event object. */
function header(event: ViewerRequestEvent, name: string): string | undefined {
  const h = event.request.headers[name];
  return h === undefined ? undefined : h.value;
}

/** The regions drained in the KeyValueStore; none when it is absent or unreadable. */
async function drainedRegions(kvsId: string): Promise<string[]> {
  if (kvsId === "") return [];
  // `get` rejects when the key is absent: nothing is drained then.
  return cf
    .kvs(kvsId)
    .get(DRAINED_KEY)
    .then(parseDrained, () => []);
}

/** The handler CloudFront calls. */
export async function handler(event: ViewerRequestEvent): Promise<ViewerRequestEvent["request"]> {
  const config = __TACHYON_EDGE_CONFIG__;
  const latitude = header(event, "cloudfront-viewer-latitude");
  const longitude = header(event, "cloudfront-viewer-longitude");
  const drained =
    latitude === undefined || longitude === undefined ? [] : await drainedRegions(config.kvsId);
  const choice = chooseRegion(config, latitude, longitude, drained);
  // A viewer cannot pick the region by sending the header itself.
  delete event.request.headers[REGION_HEADER];
  if (choice.region === "") return event.request;
  event.request.headers[REGION_HEADER] = { value: choice.region };
  cf.updateRequestOrigin({
    domainName: config.originHost,
    customOriginConfig: { port: choice.port, protocol: "https", sslProtocols: ["TLSv1.2"] },
  });
  return event.request;
}
