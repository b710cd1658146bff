/**
 * The viewer-request CloudFront Function of the edge distribution (runtime `cloudfront-js-2.0`).
 * It reads the viewer's coordinates from the `CloudFront-Viewer-Latitude`/`-Longitude` headers
 * (present because the distribution's origin request policy names them), picks the nearest
 * region with {@link chooseRegion} and points the request at that region's pinned accelerator
 * port with `cf.updateRequestOrigin`. The host name stays `api.<domain>`, so TLS to the origin
 * validates against each region's certificate. Without coordinates the request keeps the
 * default origin: the accelerator's anycast port, nearest healthy region by network.
 *
 * `__TACHYON_EDGE_CONFIG__` is replaced by the topology's regions when the code is built.
 */
import cf from "cloudfront";
import { chooseRegion, type EdgeConfig } from "./route";

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

/** The handler CloudFront calls. */
export function handler(event: ViewerRequestEvent): ViewerRequestEvent["request"] {
  const config = __TACHYON_EDGE_CONFIG__;
  const choice = chooseRegion(
    config,
    header(event, "cloudfront-viewer-latitude"),
    header(event, "cloudfront-viewer-longitude"),
  );
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
