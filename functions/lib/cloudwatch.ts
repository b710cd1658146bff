/**
 * Reads one CloudWatch alarm's current state (`DescribeAlarms` for exactly that alarm name)
 * through the signed client of ./aws-client.ts, so the edge drain learns the alarm's state from
 * CloudWatch itself rather than trusting the event that woke it.
 *
 * Protocol: AWS JSON 1.0 (`X-Amz-Target: GraniteServiceVersion20100801.DescribeAlarms`), which
 * CloudWatch accepts beside its older Query protocol (Amazon CloudWatch User Guide, "FAQs on
 * CloudWatch supported protocols"). JSON errors carry `__type`, so the client's retry of
 * throttling (`Throttling`, `ThrottlingException`) and 5xx answers applies unchanged.
 */
import { toAwsError, type AwsClient } from "./aws-client";
import { show } from "./errors";

/** The alarm states CloudWatch reports. */
export const ALARM_STATES = ["OK", "ALARM", "INSUFFICIENT_DATA"] as const;

/** One of {@link ALARM_STATES}. */
export type AlarmState = (typeof ALARM_STATES)[number];

/** `X-Amz-Target` of DescribeAlarms: CloudWatch's service shape name and the operation. */
export const DESCRIBE_ALARMS_TARGET = "GraniteServiceVersion20100801.DescribeAlarms";

/** Content type of the AWS JSON 1.0 protocol. */
const AMZ_JSON_1_0 = "application/x-amz-json-1.0";

/** What reads an alarm's current state; the drain takes any, a spec stands in a fake. */
export interface AlarmStateReader {
  /** The current state of the metric alarm `alarmName`; rejects when it cannot be known. */
  alarmState(alarmName: string): Promise<AlarmState>;
}

/**
 * The state of `alarmName` in a DescribeAlarms answer. Exactly one metric alarm of that name
 * is expected: none means the alarm is missing (or the role may not describe it), more than one
 * or a state outside {@link ALARM_STATES} means the answer cannot be trusted. Every such case
 * throws, so that the caller fails rather than act on a guess.
 */
export function alarmStateOf(answer: unknown, alarmName: string): AlarmState {
  const where = `CloudWatch DescribeAlarms "${alarmName}"`;
  const fields = isRecord(answer) ? answer : undefined;
  const list = fields?.MetricAlarms;
  if (!Array.isArray(list)) {
    throw new Error(
      `${where}: the answer must hold a MetricAlarms list, got ${show(fields ? list : answer)}. Check the endpoint speaks CloudWatch's JSON protocol.`,
    );
  }
  const named = list.filter((alarm) => isRecord(alarm) && alarm.AlarmName === alarmName);
  if (named.length !== 1) {
    throw new Error(
      `${where}: must find exactly one metric alarm of that name, got ${named.length}. Check that the alarm exists in this region and that the role may describe it (cloudwatch:DescribeAlarms on its ARN).`,
    );
  }
  const state = (named[0] as Record<string, unknown>).StateValue;
  if (!(ALARM_STATES as readonly unknown[]).includes(state)) {
    throw new Error(
      `${where}: StateValue must be one of ${ALARM_STATES.join(", ")}, got ${show(state)}. Check the endpoint speaks CloudWatch's JSON protocol.`,
    );
  }
  return state as AlarmState;
}

/**
 * An {@link AlarmStateReader} over `client` (service `monitoring`). A non-2xx answer is thrown
 * as the client's `AwsError` (after its retries); a body that is not JSON is thrown too.
 */
export function cloudWatchAlarms(client: AwsClient): AlarmStateReader {
  return {
    async alarmState(alarmName) {
      const response = await client.request({
        method: "POST",
        path: "/",
        headers: { "content-type": AMZ_JSON_1_0, "x-amz-target": DESCRIBE_ALARMS_TARGET },
        // Metric alarms only (CloudWatch's default, said aloud): a role scoped to the alarm's ARN
        // may not describe composite alarms, and the health alarm is a metric alarm.
        body: JSON.stringify({ AlarmNames: [alarmName], AlarmTypes: ["MetricAlarm"] }),
      });
      if (response.status < 200 || response.status >= 300) throw toAwsError(response);
      let answer: unknown;
      try {
        answer = JSON.parse(response.body.toString("utf8")) as unknown;
      } catch {
        throw new Error(
          `CloudWatch DescribeAlarms "${alarmName}": the answer must be JSON, got ${show(response.body.toString("utf8"))}. Check the endpoint speaks CloudWatch's JSON protocol.`,
        );
      }
      return alarmStateOf(answer, alarmName);
    },
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
