import assert from "node:assert/strict";
import { AwsClient } from "../../../functions/lib/aws-client";
import {
  alarmStateOf,
  cloudWatchAlarms,
  DESCRIBE_ALARMS_TARGET,
} from "../../../functions/lib/cloudwatch";
import { amzJsonError, startEmulator, type Emulator } from "./aws-emulator";

const credentials = {
  accessKeyId: "AKIDEXAMPLE",
  secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
  sessionToken: "IQoJb3JpZ2luX2VjEJr//////////wEaCXVzLWVhc3QtMSJHMEUCIQ+/example=",
};
const ALARM = "tachyon-prod-eu-west-2-order-errors";
const WHERE = `CloudWatch DescribeAlarms "${ALARM}"`;

/** A metric alarm as DescribeAlarms lists it (the fields the drain reads, and some it ignores). */
function metricAlarm(name: string, state: unknown): Record<string, unknown> {
  return {
    AlarmName: name,
    AlarmArn: `arn:aws:cloudwatch:eu-west-2:123456789012:alarm:${name}`,
    StateValue: state,
    StateReason: "Threshold Crossed",
    MetricName: "Errors",
    Namespace: "AWS/Lambda",
  };
}

/** A DescribeAlarms answer in the AWS JSON 1.0 protocol. */
function answer(body: unknown): { status: number; headers: Record<string, string>; body: string } {
  return {
    status: 200,
    headers: { "content-type": "application/x-amz-json-1.0" },
    body: JSON.stringify(body),
  };
}

describe("functions/lib/cloudwatch", () => {
  describe("alarmStateOf", () => {
    for (const state of ["OK", "ALARM", "INSUFFICIENT_DATA"]) {
      it(`reads ${state} from the one metric alarm of that name`, () => {
        const body = {
          MetricAlarms: [metricAlarm("tachyon-prod-eu-west-2-order-p99", "ALARM")].concat(
            metricAlarm(ALARM, state),
          ),
          CompositeAlarms: [],
        };
        assert.equal(alarmStateOf(body, ALARM), state);
      });
    }

    const bad: [string, unknown, string][] = [
      [
        "an answer without a MetricAlarms list",
        { CompositeAlarms: [] },
        `${WHERE}: the answer must hold a MetricAlarms list, got undefined. Check the endpoint speaks CloudWatch's JSON protocol.`,
      ],
      [
        "an answer that is not an object",
        "<DescribeAlarmsResponse/>",
        `${WHERE}: the answer must hold a MetricAlarms list, got "<DescribeAlarmsResponse/>". Check the endpoint speaks CloudWatch's JSON protocol.`,
      ],
      [
        "a missing alarm (an empty list)",
        { MetricAlarms: [] },
        `${WHERE}: must find exactly one metric alarm of that name, got 0. Check that the alarm exists in this region and that the role may describe it (cloudwatch:DescribeAlarms on its ARN).`,
      ],
      [
        "only other alarms",
        { MetricAlarms: [metricAlarm(`${ALARM}-2`, "OK")] },
        `${WHERE}: must find exactly one metric alarm of that name, got 0. Check that the alarm exists in this region and that the role may describe it (cloudwatch:DescribeAlarms on its ARN).`,
      ],
      [
        "two alarms of that name",
        { MetricAlarms: [metricAlarm(ALARM, "OK"), metricAlarm(ALARM, "ALARM")] },
        `${WHERE}: must find exactly one metric alarm of that name, got 2. Check that the alarm exists in this region and that the role may describe it (cloudwatch:DescribeAlarms on its ARN).`,
      ],
      [
        "an unknown state",
        { MetricAlarms: [metricAlarm(ALARM, "alarm")] },
        `${WHERE}: StateValue must be one of OK, ALARM, INSUFFICIENT_DATA, got "alarm". Check the endpoint speaks CloudWatch's JSON protocol.`,
      ],
      [
        "no state",
        { MetricAlarms: [{ AlarmName: ALARM }] },
        `${WHERE}: StateValue must be one of OK, ALARM, INSUFFICIENT_DATA, got undefined. Check the endpoint speaks CloudWatch's JSON protocol.`,
      ],
    ];
    for (const [what, body, message] of bad) {
      it(`throws on ${what}`, () => {
        assert.throws(() => alarmStateOf(body, ALARM), { message });
      });
    }
  });

  describe("cloudWatchAlarms against a signature-checking emulator", () => {
    let emulator: Emulator;
    let client: AwsClient;
    let next: ReturnType<typeof answer>;

    beforeEach(async () => {
      next = answer({ MetricAlarms: [metricAlarm(ALARM, "OK")], CompositeAlarms: [] });
      emulator = await startEmulator({
        credentials,
        region: "eu-west-2",
        service: "monitoring",
        handle: () => next,
      });
      client = new AwsClient({
        service: "monitoring",
        region: "eu-west-2",
        credentials,
        endpoint: emulator.endpoint,
        baseDelayMs: 1,
        maxDelayMs: 2,
      });
    });
    afterEach(async () => {
      client.close();
      await emulator.close();
    });

    it("asks DescribeAlarms for exactly that metric alarm, signed for monitoring", async () => {
      assert.equal(await cloudWatchAlarms(client).alarmState(ALARM), "OK");
      assert.deepEqual(emulator.refused, []);
      assert.equal(emulator.requests.length, 1);
      const [request] = emulator.requests;
      assert.deepEqual(
        [
          request.method,
          request.path,
          request.headers["content-type"],
          request.headers["x-amz-target"],
        ],
        ["POST", "/", "application/x-amz-json-1.0", DESCRIBE_ALARMS_TARGET],
      );
      assert.deepEqual(JSON.parse(request.body.toString("utf8")), {
        AlarmNames: [ALARM],
        AlarmTypes: ["MetricAlarm"],
      });
      assert.match(
        request.headers.authorization,
        /^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/\d{8}\/eu-west-2\/monitoring\/aws4_request, SignedHeaders=[a-z0-9;-]*x-amz-target[a-z0-9;-]*, Signature=[0-9a-f]{64}$/,
      );
    });

    for (const type of ["Throttling", "com.amazonaws.cloudwatch#ThrottlingException"]) {
      it(`retries a throttled answer (${type}) and reads the state`, async () => {
        emulator.script.push(amzJsonError(400, type, "Rate exceeded"));
        next = answer({ MetricAlarms: [metricAlarm(ALARM, "ALARM")] });
        assert.equal(await cloudWatchAlarms(client).alarmState(ALARM), "ALARM");
        assert.equal(emulator.requests.length, 2);
      });
    }

    it("throws the service's error once throttling outlasts the client's attempts", async () => {
      for (let i = 0; i < 3; i++) emulator.script.push(amzJsonError(400, "Throttling", "Rate"));
      await assert.rejects(cloudWatchAlarms(client).alarmState(ALARM), {
        name: "Throttling",
        message: "Throttling: Rate",
      });
      assert.equal(emulator.requests.length, 3);
    });

    it("throws a refusal at once, without retrying", async () => {
      emulator.script.push(
        amzJsonError(400, "AccessDenied", "not authorized to perform: cloudwatch:DescribeAlarms"),
      );
      await assert.rejects(cloudWatchAlarms(client).alarmState(ALARM), {
        name: "AccessDenied",
        message: "AccessDenied: not authorized to perform: cloudwatch:DescribeAlarms",
      });
      assert.equal(emulator.requests.length, 1);
    });

    it("throws when the alarm is missing", async () => {
      next = answer({ MetricAlarms: [], CompositeAlarms: [] });
      await assert.rejects(cloudWatchAlarms(client).alarmState(ALARM), {
        message: `${WHERE}: must find exactly one metric alarm of that name, got 0. Check that the alarm exists in this region and that the role may describe it (cloudwatch:DescribeAlarms on its ARN).`,
      });
    });

    it("throws on a body that is not JSON", async () => {
      next = { status: 200, headers: { "content-type": "text/xml" }, body: "<DescribeAlarms" };
      await assert.rejects(cloudWatchAlarms(client).alarmState(ALARM), {
        message: `${WHERE}: the answer must be JSON, got "<DescribeAlarms". Check the endpoint speaks CloudWatch's JSON protocol.`,
      });
    });
  });
});
