import * as assert from "node:assert/strict";
import { computeOutputs } from "../../../tools/engine/computed";

const WHERE = { region: "eu-west-2", gcpProject: "tachyon-offline" };
const ACCOUNT = "123456789012";

/** The computed id and ARN of one resource. */
function arnOf(
  type: string,
  name: string,
  inputs: Record<string, unknown>,
): { id: string; arn: unknown } {
  const { id, outputs } = computeOutputs(
    `urn:pulumi:dev::p::${type}::${name}`,
    type,
    name,
    inputs,
    WHERE,
  );
  return { id, arn: outputs["arn"] };
}

describe("tools/engine/computed: ARNs in the formats AWS gives them", () => {
  it("names Elastic Load Balancing resources under elasticloadbalancing, listeners under their load balancer", () => {
    const lb = arnOf("aws:lb/loadBalancer:LoadBalancer", "alb", {
      name: "tachyon-alb",
      internal: true,
    });
    assert.match(
      String(lb.arn),
      new RegExp(
        `^arn:aws:elasticloadbalancing:eu-west-2:${ACCOUNT}:loadbalancer/app/tachyon-alb/[0-9a-f]{16}$`,
      ),
    );
    assert.equal(lb.id, lb.arn);
    const net = arnOf("aws:lb/loadBalancer:LoadBalancer", "nlb", {
      name: "n",
      loadBalancerType: "network",
    });
    assert.match(String(net.arn), /:loadbalancer\/net\/n\/[0-9a-f]{16}$/);
    const listener = arnOf("aws:lb/listener:Listener", "https", { loadBalancerArn: lb.arn });
    const lbPath = String(lb.arn).split(":loadbalancer/")[1];
    assert.match(
      String(listener.arn),
      new RegExp(
        `^arn:aws:elasticloadbalancing:eu-west-2:${ACCOUNT}:listener/${lbPath}/[0-9a-f]{16}$`,
      ),
    );
    const rule = arnOf("aws:lb/listenerRule:ListenerRule", "order", { listenerArn: listener.arn });
    assert.match(
      String(rule.arn),
      new RegExp(`:listener-rule/${String(listener.arn).split(":listener/")[1]}/[0-9a-f]{16}$`),
    );
    const { outputs } = computeOutputs(
      "urn:tg",
      "aws:lb/targetGroup:TargetGroup",
      "tg",
      { name: "order" },
      WHERE,
    );
    assert.match(String(outputs["arnSuffix"]), /^targetgroup\/order\/[0-9a-f]{16}$/);
  });

  it("gives Global Accelerator and CloudFront global ARNs, nested under their parents", () => {
    const accelerator = arnOf("aws:globalaccelerator/accelerator:Accelerator", "entry", {
      name: "entry",
    });
    const listener = arnOf("aws:globalaccelerator/listener:Listener", "l", {
      acceleratorArn: accelerator.arn,
    });
    assert.match(
      String(listener.arn),
      new RegExp(`^${String(accelerator.arn)}/listener/[0-9a-f]{8}$`),
    );
    const group = arnOf("aws:globalaccelerator/endpointGroup:EndpointGroup", "g", {
      listenerArn: listener.arn,
    });
    assert.match(
      String(group.arn),
      new RegExp(`^${String(listener.arn)}/endpoint-group/[0-9a-f]{12}$`),
    );
    assert.equal(
      arnOf("aws:cloudfront/function:Function", "router", { name: "edge-router" }).arn,
      `arn:aws:cloudfront::${ACCOUNT}:function/edge-router`,
    );
    assert.match(
      String(arnOf("aws:cloudfront/keyValueStore:KeyValueStore", "kvs", { name: "regions" }).arn),
      new RegExp(`^arn:aws:cloudfront::${ACCOUNT}:key-value-store/[0-9a-f-]{36}$`),
    );
  });

  it("hangs a Kinesis stream consumer under its stream, with its creation time", () => {
    const stream = `arn:aws:kinesis:eu-west-2:${ACCOUNT}:stream/prices`;
    assert.deepEqual(
      arnOf("aws:kinesis/streamConsumer:StreamConsumer", "c", {
        streamArn: stream,
        name: "normalize",
      }),
      {
        id: `${stream}/consumer/normalize:1767225600`,
        arn: `${stream}/consumer/normalize:1767225600`,
      },
    );
  });
});
