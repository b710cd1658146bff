/**
 * The automatic drain: keeps the edge distribution's KeyValueStore key {@link DRAINED_KEY} in
 * step with each AWS site's health alarm, so that the viewer-request function
 * (`./viewer-request.ts`) stops sending viewers to a failing region within seconds of its alarm
 * and sends them back when it recovers. One function runs in each AWS site that answers HTTP,
 * invoked by an EventBridge rule on "CloudWatch Alarm State Change" events of that site's health
 * alarm (the alarm its Route 53 latency record follows).
 *
 * Level-triggered: an event only says that the alarm changed. The function reads the alarm's
 * current state from CloudWatch (DescribeAlarms for exactly that alarm) and converges the store
 * to it, whatever state the event carried. Lambda's asynchronous event queue is not strictly
 * first in, first out, so an ALARM event may be handled after the OK event that followed it;
 * acting on the event's own state would then leave a healthy region drained until its alarm
 * changed again. Reading the state makes the order of events, and a retried event, harmless:
 *
 * - current `ALARM` adds the site's region to the key's list;
 * - current `OK` removes it (and deletes the key once nothing is left drained, the state the
 *   store starts in, so the edge never depends on an empty value);
 * - current `INSUFFICIENT_DATA` changes nothing: a metric that stopped reporting says nothing
 *   about health, and flipping on it would drain an idle region.
 *
 * Writes are conditional on the store's ETag (DescribeKeyValueStore, GetKey, PutKey/DeleteKey
 * with `IfMatch`): two sites changing the list at once never lose each other's entry. A write
 * that loses the race is read and applied again, at most {@link MAX_ATTEMPTS} times.
 *
 * The last undrained region is drained too. The function never refuses: when every region is
 * listed, `chooseRegion` (`./route.ts`) falls back to the accelerator's anycast port, whose own
 * health checks still steer viewers to whichever region answers. Refusing would instead pin the
 * viewers of a failing region to it; and each site's function stays independent of the others
 * (it needs neither the topology nor the other regions' state).
 *
 * Events are validated before anything is read or written: an event that is not a state change
 * of this site's own alarm in this site's region is rejected with a reason, reads nothing and
 * writes nothing. An alarm that cannot be read (missing, not a metric alarm, an answer that
 * makes no sense) fails the invocation, so that the event lands in the failure queue.
 */
import { BadInputError, isBadInput } from "../lib/errors";
import type { FunctionHandler } from "../lib/handler";
import { log, since } from "../lib/log";
import { object, oneOf, string, type Fields } from "../lib/validate";
import { ALARM_STATES, type AlarmState, type AlarmStateReader } from "../lib/cloudwatch";
import { DRAINED_KEY, parseDrained } from "./route";

export { ALARM_STATES, type AlarmState, type AlarmStateReader } from "../lib/cloudwatch";

/** EventBridge `source` of CloudWatch alarm events. */
export const ALARM_EVENT_SOURCE = "aws.cloudwatch";

/** EventBridge `detail-type` of an alarm's state change. */
export const ALARM_EVENT_DETAIL_TYPE = "CloudWatch Alarm State Change";

/** Conditional writes tried before the invocation fails (and goes to its failure destination). */
export const MAX_ATTEMPTS = 5;

/** AWS region codes, e.g. `eu-west-2`; also what keeps a comma out of the drained list. */
const REGION_PATTERN = /^[a-z]{2}(-[a-z]+)+-\d{1,2}$/;

/** CloudWatch alarm names: 1 to 255 characters (a comma could not be matched by a rule anyway). */
const ALARM_NAME_PATTERN = /^[^\s,][^,]{0,254}$/;

/** A validated alarm state change of the site's health alarm. */
export interface AlarmChange {
  readonly alarmName: string;
  readonly region: string;
  /** The state the event reported: logged, never acted on (the current state is read). */
  readonly state: AlarmState;
}

/** What the drain acts on: the site's region and the alarm that speaks for its health. */
export interface DrainTarget {
  /** Region code of the site, as the edge function lists it. */
  readonly region: string;
  /** Name of the site's health alarm. */
  readonly alarmName: string;
}

/**
 * The slice of the CloudFront KeyValueStore API the drain uses, shaped like the SDK's commands
 * (`@aws-sdk/client-cloudfront-keyvaluestore`) so that the Lambda entry maps it one to one and a
 * spec can stand in a fake. Failures are thrown as the SDK throws them: errors whose `name` is
 * the service's exception name (`ResourceNotFoundException`, `ConflictException`, ...).
 */
export interface KeyValueStoreApi {
  describeKeyValueStore(input: { KvsARN: string }): Promise<{ ETag?: string }>;
  getKey(input: { KvsARN: string; Key: string }): Promise<{ Value?: string }>;
  putKey(input: {
    KvsARN: string;
    Key: string;
    Value: string;
    IfMatch: string;
  }): Promise<{ ETag?: string }>;
  deleteKey(input: { KvsARN: string; Key: string; IfMatch: string }): Promise<{ ETag?: string }>;
}

/** What applying one alarm state did to the store. */
export interface DrainResult {
  readonly state: AlarmState;
  readonly region: string;
  /** The drained regions before and after; equal when nothing was written. */
  readonly before: readonly string[];
  readonly after: readonly string[];
  /** Whether the store was written. */
  readonly written: boolean;
  /** Conditional writes tried (0 when nothing needed writing). */
  readonly attempts: number;
}

/**
 * The drained list after `state` for `region`, or `undefined` when the state changes nothing.
 * Order is kept and duplicates dropped, so re-applying the same state is a no-op.
 */
export function nextDrained(
  current: readonly string[],
  region: string,
  state: AlarmState,
): string[] | undefined {
  const unique = current.filter((r, i) => current.indexOf(r) === i);
  if (state === "ALARM") return unique.includes(region) ? unique : [...unique, region];
  if (state === "OK") return unique.filter((r) => r !== region);
  return undefined;
}

/**
 * Validates an EventBridge event as a state change of `target`'s alarm in `target`'s region;
 * throws {@link BadInputError} otherwise.
 */
export function parseAlarmChange(event: unknown, target: DrainTarget): AlarmChange {
  const e = object(event, "event");
  oneOf(e, "source", "event", [ALARM_EVENT_SOURCE]);
  oneOf(e, "detail-type", "event", [ALARM_EVENT_DETAIL_TYPE]);
  const region = string(e, "region", "event", {
    maxLength: 32,
    pattern: REGION_PATTERN,
    hint: "an AWS region code such as eu-west-2",
  });
  if (region !== target.region) {
    throw new BadInputError(
      "event.region",
      `must be this site's region "${target.region}"`,
      region,
      "Route only this site's alarm events to its drain function",
    );
  }
  const detail: Fields = object(e.detail, "event.detail");
  const alarmName = string(detail, "alarmName", "event.detail", {
    maxLength: 255,
    pattern: ALARM_NAME_PATTERN,
    hint: "a CloudWatch alarm name",
  });
  if (alarmName !== target.alarmName) {
    throw new BadInputError(
      "event.detail.alarmName",
      `must be this site's health alarm "${target.alarmName}"`,
      alarmName,
      "Match the rule's event pattern on that alarm name",
    );
  }
  const state = oneOf(object(detail.state, "event.detail.state"), "value", "event.detail.state", [
    ...ALARM_STATES,
  ]);
  return { alarmName, region, state };
}

/** Whether an SDK error is the service's `name` exception. */
function isException(error: unknown, name: string): boolean {
  return error instanceof Error && error.name === name;
}

/** The key's current drained list; an absent key is an empty list. */
async function readDrained(api: KeyValueStoreApi, kvsArn: string): Promise<string[]> {
  try {
    const got = await api.getKey({ KvsARN: kvsArn, Key: DRAINED_KEY });
    return parseDrained(got.Value);
  } catch (error) {
    if (isException(error, "ResourceNotFoundException")) return [];
    throw error;
  }
}

/**
 * Applies one alarm state to the store: reads the ETag and the list, writes the new list with
 * `IfMatch`, and starts over when another writer got in first (`ConflictException`, or a
 * `ValidationException` naming the ETag), up to {@link MAX_ATTEMPTS} writes. Anything else is
 * thrown at once.
 */
export async function applyAlarmState(
  api: KeyValueStoreApi,
  kvsArn: string,
  region: string,
  state: AlarmState,
  maxAttempts: number = MAX_ATTEMPTS,
): Promise<DrainResult> {
  let attempts = 0;
  for (;;) {
    const { ETag: etag } = await api.describeKeyValueStore({ KvsARN: kvsArn });
    if (etag === undefined || etag === "") {
      throw new Error(
        `KeyValueStore ${kvsArn}: DescribeKeyValueStore must return an ETag, got none. Check that the store exists and is READY.`,
      );
    }
    const before = await readDrained(api, kvsArn);
    const after = nextDrained(before, region, state);
    if (after === undefined || sameList(before, after)) {
      return { state, region, before, after: before, written: false, attempts };
    }
    attempts++;
    try {
      if (after.length === 0) {
        await api.deleteKey({ KvsARN: kvsArn, Key: DRAINED_KEY, IfMatch: etag });
      } else {
        await api.putKey({
          KvsARN: kvsArn,
          Key: DRAINED_KEY,
          Value: after.join(","),
          IfMatch: etag,
        });
      }
      return { state, region, before, after, written: true, attempts };
    } catch (error) {
      if (!isStaleEtag(error) || attempts >= maxAttempts) throw error;
    }
  }
}

/** Whether a write failed because the store changed since its ETag was read. */
export function isStaleEtag(error: unknown): boolean {
  if (isException(error, "ConflictException")) return true;
  return (
    isException(error, "ValidationException") && /etag|if-?match/i.test((error as Error).message)
  );
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}

/** What one event did: the store's change for the alarm's current state, and the event's state. */
export interface DrainReport extends DrainResult {
  /** The state the event reported; `state` is the one read from CloudWatch and applied. */
  readonly eventState: AlarmState;
}

/** Configuration of {@link drainFunction}: what the Lambda entry reads from its environment. */
export interface DrainConfig extends DrainTarget {
  /** ARN of the edge distribution's KeyValueStore. */
  readonly kvsArn: string;
  /** The store API; called only for valid events, so a client may be built on first use. */
  readonly api: () => KeyValueStoreApi;
  /** Reads the alarm's current state; called only for valid events, like `api`. */
  readonly alarms: () => AlarmStateReader;
  /** @default MAX_ATTEMPTS */
  readonly maxAttempts?: number;
}

/** Largest EventBridge event, in bytes (EventBridge's own entry limit is 256 KiB). */
export const MAX_EVENT_BYTES = 256 * 1024;

/**
 * The drain as a {@link FunctionHandler}: `parse` validates the event, `handle` reads the alarm's
 * current state and converges the store to it (the event's own state is only reported).
 */
export function drainFunction(config: DrainConfig): FunctionHandler<AlarmChange, DrainReport> {
  return {
    name: "edge-drain",
    payload: "message",
    maxBytes: MAX_EVENT_BYTES,
    parse: (payload) => parseAlarmChange(payload, config),
    handle: async (change) => {
      const current = await config.alarms().alarmState(change.alarmName);
      const result = await applyAlarmState(
        config.api(),
        config.kvsArn,
        change.region,
        current,
        config.maxAttempts,
      );
      return { ...result, eventState: change.state };
    },
  };
}

/** What an invocation returns: the drain's result, or why the event was rejected. */
export type DrainOutcome =
  | ({ readonly ok: true } & DrainReport)
  | { readonly ok: false; readonly code: string; readonly message: string };

/**
 * Runs the drain on one event and logs one structured line. A rejected event (bad input) is
 * returned, not thrown: it would fail the same way again. Any other failure is thrown so that
 * Lambda hands the event to the function's on-failure destination. (Not `invoke` from
 * `../lib/handler`: that one never throws, and its msgpack decoder is dead weight here.)
 */
export async function runDrain(
  fn: FunctionHandler<AlarmChange, DrainReport>,
  event: unknown,
): Promise<DrainOutcome> {
  const start = process.hrtime.bigint();
  try {
    const result = await fn.handle(fn.parse(event));
    log("INFO", "handled", { function: fn.name, latencyMs: since(start), ...result });
    return { ok: true, ...result };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (isBadInput(error)) {
      log("WARNING", "rejected", {
        function: fn.name,
        latencyMs: since(start),
        code: error.code,
        reason: message,
      });
      return { ok: false, code: error.code, message };
    }
    log("ERROR", "failed", { function: fn.name, latencyMs: since(start), reason: message });
    throw error;
  }
}

/** Lambda environment variables the entry reads. */
export const DRAIN_ENV = {
  kvsArn: "TACHYON_EDGE_KVS_ARN",
  region: "TACHYON_DRAIN_REGION",
  alarmName: "TACHYON_HEALTH_ALARM",
} as const;

const KVS_ARN_PATTERN = /^arn:aws[a-z-]*:cloudfront::\d{12}:key-value-store\/[A-Za-z0-9-]+$/;

/**
 * Reads and checks the entry's environment; throws one error naming every missing or malformed
 * variable, because a misconfigured drain must fail loudly rather than drain nothing.
 */
export function drainTargetFromEnv(
  env: Readonly<Record<string, string | undefined>>,
): DrainTarget & { kvsArn: string } {
  const problems: string[] = [];
  const read = (key: string, pattern: RegExp, fix: string): string => {
    const value = env[key] ?? "";
    if (!pattern.test(value)) {
      problems.push(`${key}: must be ${fix}, got ${JSON.stringify(value)}.`);
    }
    return value;
  };
  const kvsArn = read(
    DRAIN_ENV.kvsArn,
    KVS_ARN_PATTERN,
    "the KeyValueStore ARN (arn:aws:cloudfront::<account>:key-value-store/<id>)",
  );
  const region = read(DRAIN_ENV.region, REGION_PATTERN, "the site's region code");
  const alarmName = read(DRAIN_ENV.alarmName, ALARM_NAME_PATTERN, "the health alarm's name");
  if (problems.length > 0) {
    throw new Error(
      `edge drain: ${problems.join(" ")} Set them on the function (components/edge/aws-edge-drain.ts does).`,
    );
  }
  return { kvsArn, region, alarmName };
}
