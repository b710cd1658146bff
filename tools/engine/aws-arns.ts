/**
 * ARNs of the AWS resources whose ARN does not follow `arn:aws:<module>:<region>:<account>:
 * <resource>/<name>`, for the offline engine's stand-in outputs, in the formats of the Service
 * Authorization Reference ("Resource types defined by ...", docs.aws.amazon.com/service-
 * authorization/latest/reference): Elastic Load Balancing names its service
 * `elasticloadbalancing` and suffixes a random id; Global Accelerator and CloudFront are global
 * (no region) and nest listeners and endpoint groups under the accelerator; a Kinesis stream
 * consumer hangs under its stream with its creation time.
 */

/** `arn:aws:elasticloadbalancing:<region>:<account>:<kind>/...`. */
function elb(region: string, account: string, rest: string): string {
  return `arn:aws:elasticloadbalancing:${region}:${account}:${rest}`;
}

/** A load balancer: `loadbalancer/app/<name>/<id>` (`net` for a Network Load Balancer). */
export function loadBalancerArn(
  region: string,
  account: string,
  loadBalancerType: unknown,
  name: string,
  id: string,
): string {
  const kind =
    loadBalancerType === "network" ? "net" : loadBalancerType === "gateway" ? "gwy" : "app";
  return elb(region, account, `loadbalancer/${kind}/${name}/${id}`);
}

/** A target group: `targetgroup/<name>/<id>`. */
export function targetGroupArn(region: string, account: string, name: string, id: string): string {
  return elb(region, account, `targetgroup/${name}/${id}`);
}

/**
 * A listener, `listener/app/<lb name>/<lb id>/<id>`, from its load balancer's ARN; a listener
 * rule, `listener-rule/app/<lb name>/<lb id>/<listener id>/<id>`, from its listener's.
 */
export function childOfElbArn(
  parentArn: unknown,
  kind: "listener" | "listener-rule",
  id: string,
): string | undefined {
  if (typeof parentArn !== "string") return undefined;
  const from = kind === "listener" ? ":loadbalancer/" : ":listener/";
  const at = parentArn.indexOf(from);
  if (at < 0) return undefined;
  return `${parentArn.slice(0, at)}:${kind}/${parentArn.slice(at + from.length)}/${id}`;
}

/** Global Accelerator nests: `<accelerator arn>/listener/<id>`, `<listener arn>/endpoint-group/<id>`. */
export function nestedArn(parentArn: unknown, segment: string, id: string): string | undefined {
  return typeof parentArn === "string" && parentArn.startsWith("arn:aws:globalaccelerator::")
    ? `${parentArn}/${segment}/${id}`
    : undefined;
}

/** A CloudFront key value store: global, `key-value-store/<id>`. */
export function keyValueStoreArn(account: string, id: string): string {
  return `arn:aws:cloudfront::${account}:key-value-store/${id}`;
}

/** A Kinesis stream consumer: `<stream arn>/consumer/<name>:<creation time in seconds>`. */
export function streamConsumerArn(
  streamArn: unknown,
  name: string,
  createdSeconds: number,
): string | undefined {
  return typeof streamArn === "string"
    ? `${streamArn}/consumer/${name}:${createdSeconds}`
    : undefined;
}
