/**
 * The `cloudfront` module of the CloudFront Functions JavaScript runtime 2.0 (only what the edge
 * function uses). It exists at the edge only; the bundler leaves the import in place.
 */
declare module "cloudfront" {
  /** Origin fields a viewer-request function may override. */
  interface OriginUpdate {
    domainName?: string;
    customOriginConfig?: {
      port?: number;
      protocol?: "http" | "https";
      sslProtocols?: string[];
    };
  }
  const cf: {
    /** Sends the current request to another origin (viewer-request functions only). */
    updateRequestOrigin(update: OriginUpdate): void;
    /** A handle on an associated KeyValueStore; `get` rejects when the key is absent. */
    kvs(id: string): { get(key: string): Promise<string> };
  };
  export default cf;
}
