import assert from "node:assert/strict";
import fc from "fast-check";
import {
  applyAlarmState,
  drainFunction,
  drainTargetFromEnv,
  isStaleEtag,
  MAX_ATTEMPTS,
  nextDrained,
  parseAlarmChange,
  runDrain,
  type AlarmState,
  type AlarmStateReader,
  type DrainTarget,
  type KeyValueStoreApi,
} from "../../../functions/edge/drain";
import { setSink } from "../../../functions/lib/log";

const KVS = "arn:aws:cloudfront::123456789012:key-value-store/0f1e2d3c-aaaa-bbbb-cccc-123456789abc";
const TARGET: DrainTarget = {
  region: "eu-west-2",
  alarmName: "tachyon-prod-eu-west-2-order-errors",
};

/** An SDK-style service error: the SDK names its exceptions by `name`. */
function serviceError(name: string, message = name): Error {
  const error = new Error(message);
  error.name = name;
  return error;
}

/**
 * An in-memory KeyValueStore with the service's rules: every write needs the current ETag and
 * bumps it; a missing key is ResourceNotFoundException. `beforeWrite` runs before each write is
 * judged, so a spec can slip in another writer or fail the call.
 */
class FakeStore implements KeyValueStoreApi {
  readonly calls: string[] = [];
  version = 1;
  beforeWrite: (attempt: number) => void = () => undefined;
  private writes = 0;

  constructor(readonly values: Map<string, string> = new Map()) {}

  get etag(): string {
    return `ETAG${this.version}`;
  }

  describeKeyValueStore(input: { KvsARN: string }): Promise<{ ETag?: string }> {
    this.calls.push(`describe ${input.KvsARN === KVS ? "kvs" : input.KvsARN}`);
    return Promise.resolve({ ETag: this.etag });
  }

  getKey(input: { KvsARN: string; Key: string }): Promise<{ Value?: string }> {
    this.calls.push(`get ${input.Key}`);
    const value = this.values.get(input.Key);
    if (value === undefined) {
      return Promise.reject(serviceError("ResourceNotFoundException", "Key not found"));
    }
    return Promise.resolve({ Value: value });
  }

  putKey(input: {
    KvsARN: string;
    Key: string;
    Value: string;
    IfMatch: string;
  }): Promise<{ ETag?: string }> {
    this.calls.push(`put ${input.Key}=${input.Value} if ${input.IfMatch}`);
    return this.write(input.IfMatch, () => this.values.set(input.Key, input.Value));
  }

  deleteKey(input: { KvsARN: string; Key: string; IfMatch: string }): Promise<{ ETag?: string }> {
    this.calls.push(`delete ${input.Key} if ${input.IfMatch}`);
    return this.write(input.IfMatch, () => this.values.delete(input.Key));
  }

  /** Another writer changes the store, as a second site's drain would. */
  otherWriter(value: string): void {
    this.values.set("drained", value);
    this.version++;
  }

  private write(ifMatch: string, apply: () => void): Promise<{ ETag?: string }> {
    try {
      this.beforeWrite(++this.writes);
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
    if (ifMatch !== this.etag) {
      return Promise.reject(
        serviceError("ConflictException", "Pre-condition failed: ETag mismatch"),
      );
    }
    apply();
    this.version++;
    return Promise.resolve({ ETag: this.etag });
  }
}

/** CloudWatch as the drain sees it: the alarm's current state, and every name it was asked for. */
class FakeAlarms implements AlarmStateReader {
  readonly asked: string[] = [];
  failure?: Error;

  constructor(public state: AlarmState) {}

  alarmState(alarmName: string): Promise<AlarmState> {
    this.asked.push(alarmName);
    return this.failure ? Promise.reject(this.failure) : Promise.resolve(this.state);
  }
}

/** An alarm state change event as EventBridge delivers it. */
function alarmEvent(state: string, overrides: Record<string, unknown> = {}): unknown {
  return {
    version: "0",
    id: "c4c1c1c9-6542-e61b-6ef0-8c4d36933a92",
    "detail-type": "CloudWatch Alarm State Change",
    source: "aws.cloudwatch",
    account: "123456789012",
    time: "2026-11-28T10:04:40Z",
    region: "eu-west-2",
    resources: [
      "arn:aws:cloudwatch:eu-west-2:123456789012:alarm:tachyon-prod-eu-west-2-order-errors",
    ],
    detail: {
      alarmName: "tachyon-prod-eu-west-2-order-errors",
      state: {
        value: state,
        reason: "Threshold Crossed",
        timestamp: "2026-11-28T10:04:40.000+0000",
      },
      previousState: { value: state === "OK" ? "ALARM" : "OK" },
    },
    ...overrides,
  };
}

describe("nextDrained", () => {
  const cases: [string, string[], AlarmState, string[] | undefined][] = [
    ["ALARM adds the region at the end", ["us-east-1"], "ALARM", ["us-east-1", "eu-west-2"]],
    ["ALARM on an empty list lists the region alone", [], "ALARM", ["eu-west-2"]],
    ["ALARM keeps an already drained region once", ["eu-west-2"], "ALARM", ["eu-west-2"]],
    ["OK removes the region", ["us-east-1", "eu-west-2"], "OK", ["us-east-1"]],
    ["OK removes duplicates of the region", ["eu-west-2", "eu-west-2"], "OK", []],
    ["OK of an undrained region keeps the list", ["us-east-1"], "OK", ["us-east-1"]],
    ["INSUFFICIENT_DATA changes nothing", ["eu-west-2"], "INSUFFICIENT_DATA", undefined],
  ];
  for (const [behaviour, current, state, expected] of cases) {
    it(behaviour, () => assert.deepEqual(nextDrained(current, "eu-west-2", state), expected));
  }

  it("lists the region exactly once after ALARM and not at all after OK, whatever came before", () => {
    const region = fc.constantFrom("us-east-1", "eu-west-2", "ap-northeast-1", "sa-east-1");
    fc.assert(
      fc.property(fc.array(region, { maxLength: 8 }), region, (current, r) => {
        const drained = nextDrained(current, r, "ALARM") ?? [];
        assert.equal(drained.filter((x) => x === r).length, 1);
        assert.deepEqual(nextDrained(drained, r, "ALARM"), drained);
        const restored = nextDrained(drained, r, "OK") ?? [];
        assert.equal(restored.includes(r), false);
        assert.deepEqual(
          restored,
          current.filter((x, i) => x !== r && current.indexOf(x) === i),
        );
      }),
    );
  });
});

describe("applyAlarmState", () => {
  it("drains the region on ALARM when nothing is drained yet (the key is absent)", async () => {
    const store = new FakeStore();
    const result = await applyAlarmState(store, KVS, "eu-west-2", "ALARM");
    assert.deepEqual(store.calls, [
      "describe kvs",
      "get drained",
      "put drained=eu-west-2 if ETAG1",
    ]);
    assert.deepEqual(result, {
      state: "ALARM",
      region: "eu-west-2",
      before: [],
      after: ["eu-west-2"],
      written: true,
      attempts: 1,
    });
    assert.equal(store.values.get("drained"), "eu-west-2");
  });

  it("appends the region to the regions other sites drained", async () => {
    const store = new FakeStore(new Map([["drained", "us-east-1, ap-northeast-1"]]));
    await applyAlarmState(store, KVS, "eu-west-2", "ALARM");
    assert.equal(store.values.get("drained"), "us-east-1,ap-northeast-1,eu-west-2");
  });

  it("writes nothing when the region is already drained (a repeated ALARM)", async () => {
    const store = new FakeStore(new Map([["drained", "eu-west-2"]]));
    const result = await applyAlarmState(store, KVS, "eu-west-2", "ALARM");
    assert.deepEqual(store.calls, ["describe kvs", "get drained"]);
    assert.equal(result.written, false);
    assert.equal(result.attempts, 0);
    assert.equal(store.version, 1);
  });

  it("removes only this region on OK", async () => {
    const store = new FakeStore(new Map([["drained", "us-east-1,eu-west-2"]]));
    const result = await applyAlarmState(store, KVS, "eu-west-2", "OK");
    assert.deepEqual(store.calls, [
      "describe kvs",
      "get drained",
      "put drained=us-east-1 if ETAG1",
    ]);
    assert.deepEqual([result.before, result.after], [["us-east-1", "eu-west-2"], ["us-east-1"]]);
  });

  it("deletes the key when the last drained region recovers", async () => {
    const store = new FakeStore(new Map([["drained", "eu-west-2"]]));
    const result = await applyAlarmState(store, KVS, "eu-west-2", "OK");
    assert.deepEqual(store.calls, ["describe kvs", "get drained", "delete drained if ETAG1"]);
    assert.equal(store.values.has("drained"), false);
    assert.deepEqual(result.after, []);
  });

  it("writes nothing on OK when the region is not drained", async () => {
    const store = new FakeStore();
    const result = await applyAlarmState(store, KVS, "eu-west-2", "OK");
    assert.deepEqual(store.calls, ["describe kvs", "get drained"]);
    assert.equal(result.written, false);
  });

  it("writes nothing on INSUFFICIENT_DATA, drained or not", async () => {
    for (const initial of [undefined, "eu-west-2", "us-east-1"]) {
      const store = new FakeStore(
        new Map(initial === undefined ? [] : [["drained", initial] as [string, string]]),
      );
      const result = await applyAlarmState(store, KVS, "eu-west-2", "INSUFFICIENT_DATA");
      assert.equal(result.written, false);
      assert.equal(store.values.get("drained"), initial);
      assert.equal(store.version, 1);
    }
  });

  it("rereads and merges when another site wrote between its read and its write", async () => {
    const store = new FakeStore(new Map([["drained", "us-east-1"]]));
    store.beforeWrite = (attempt) => {
      if (attempt === 1) store.otherWriter("us-east-1,ap-northeast-1");
    };
    const result = await applyAlarmState(store, KVS, "eu-west-2", "ALARM");
    assert.deepEqual(store.calls, [
      "describe kvs",
      "get drained",
      "put drained=us-east-1,eu-west-2 if ETAG1",
      "describe kvs",
      "get drained",
      "put drained=us-east-1,ap-northeast-1,eu-west-2 if ETAG2",
    ]);
    assert.equal(result.attempts, 2);
    assert.equal(store.values.get("drained"), "us-east-1,ap-northeast-1,eu-west-2");
  });

  it("retries an ETag ValidationException like a conflict", async () => {
    const store = new FakeStore();
    store.beforeWrite = (attempt) => {
      if (attempt === 1) throw serviceError("ValidationException", "IfMatch does not match ETag");
    };
    const result = await applyAlarmState(store, KVS, "eu-west-2", "ALARM");
    assert.equal(result.attempts, 2);
    assert.equal(store.values.get("drained"), "eu-west-2");
  });

  it(`gives up after ${MAX_ATTEMPTS} conflicting writes and throws the conflict`, async () => {
    const store = new FakeStore();
    store.beforeWrite = () => store.otherWriter("us-east-1");
    await assert.rejects(applyAlarmState(store, KVS, "eu-west-2", "ALARM"), {
      name: "ConflictException",
    });
    assert.equal(store.calls.filter((c) => c.startsWith("put ")).length, MAX_ATTEMPTS);
  });

  it("throws any other service error at once, without retrying", async () => {
    const store = new FakeStore();
    store.beforeWrite = () => {
      throw serviceError("AccessDeniedException", "not authorized to perform PutKey");
    };
    await assert.rejects(applyAlarmState(store, KVS, "eu-west-2", "ALARM"), {
      name: "AccessDeniedException",
    });
    assert.equal(store.calls.filter((c) => c.startsWith("put ")).length, 1);
  });

  it("fails when the store reports no ETag", async () => {
    const store = new FakeStore();
    store.describeKeyValueStore = () => Promise.resolve({});
    await assert.rejects(applyAlarmState(store, KVS, "eu-west-2", "ALARM"), {
      message: `KeyValueStore ${KVS}: DescribeKeyValueStore must return an ETag, got none. Check that the store exists and is READY.`,
    });
  });
});

describe("isStaleEtag", () => {
  it("reads a conflict or an ETag validation error as stale, nothing else", () => {
    assert.equal(isStaleEtag(serviceError("ConflictException")), true);
    assert.equal(isStaleEtag(serviceError("ValidationException", "Invalid ETag")), true);
    assert.equal(isStaleEtag(serviceError("ValidationException", "Value too long")), false);
    assert.equal(isStaleEtag(serviceError("ThrottlingException")), false);
    assert.equal(isStaleEtag("ConflictException"), false);
  });
});

describe("parseAlarmChange", () => {
  it("reads the alarm name, region and new state of this site's alarm", () => {
    assert.deepEqual(parseAlarmChange(alarmEvent("ALARM"), TARGET), {
      alarmName: "tachyon-prod-eu-west-2-order-errors",
      region: "eu-west-2",
      state: "ALARM",
    });
  });

  const bad: [string, unknown, string][] = [
    ["a non-object", "ALARM", 'event: must be an object, got "ALARM". Send a JSON or msgpack map.'],
    [
      "another source",
      alarmEvent("ALARM", { source: "tachyon.portfolio" }),
      'event.source: must be one of aws.cloudwatch, got "tachyon.portfolio". Set "source" to one of those.',
    ],
    [
      "another detail type",
      alarmEvent("ALARM", { "detail-type": "CloudWatch Alarm Configuration Change" }),
      'event.detail-type: must be one of CloudWatch Alarm State Change, got "CloudWatch Alarm Configuration Change". Set "detail-type" to one of those.',
    ],
    [
      "a malformed region",
      alarmEvent("ALARM", { region: "eu-west-2,us-east-1" }),
      'event.region: has the wrong format, got "eu-west-2,us-east-1". Use an AWS region code such as eu-west-2.',
    ],
    [
      "another region's alarm",
      alarmEvent("ALARM", { region: "us-east-1" }),
      'event.region: must be this site\'s region "eu-west-2", got "us-east-1". Route only this site\'s alarm events to its drain function.',
    ],
    [
      "no detail",
      alarmEvent("ALARM", { detail: null }),
      "event.detail: must be an object, got null. Send a JSON or msgpack map.",
    ],
    [
      "another alarm",
      alarmEvent("ALARM", {
        detail: { alarmName: "tachyon-prod-eu-west-2-order-p99", state: { value: "ALARM" } },
      }),
      'event.detail.alarmName: must be this site\'s health alarm "tachyon-prod-eu-west-2-order-errors", got "tachyon-prod-eu-west-2-order-p99". Match the rule\'s event pattern on that alarm name.',
    ],
    [
      "no state",
      alarmEvent("ALARM", { detail: { alarmName: "tachyon-prod-eu-west-2-order-errors" } }),
      "event.detail.state: must be an object, got undefined. Send a JSON or msgpack map.",
    ],
    [
      "an unknown state",
      alarmEvent("ALARM", {
        detail: { alarmName: "tachyon-prod-eu-west-2-order-errors", state: { value: "alarm" } },
      }),
      'event.detail.state.value: must be one of OK, ALARM, INSUFFICIENT_DATA, got "alarm". Set "value" to one of those.',
    ],
  ];
  for (const [what, event, message] of bad) {
    it(`rejects ${what}`, () => {
      assert.throws(() => parseAlarmChange(event, TARGET), { name: "BadInputError", message });
    });
  }
});

describe("runDrain", () => {
  let lines: Record<string, unknown>[];
  let previous: (line: string) => void;
  beforeEach(() => {
    lines = [];
    previous = setSink((line) => lines.push(JSON.parse(line) as Record<string, unknown>));
  });
  afterEach(() => setSink(previous));

  const drain = (store: FakeStore, alarms: FakeAlarms) =>
    drainFunction({ ...TARGET, kvsArn: KVS, api: () => store, alarms: () => alarms });

  it("drains while the alarm is in ALARM, reading it by name, and logs what it wrote", async () => {
    const store = new FakeStore();
    const alarms = new FakeAlarms("ALARM");
    const outcome = await runDrain(drain(store, alarms), alarmEvent("ALARM"));
    assert.deepEqual(outcome, {
      ok: true,
      state: "ALARM",
      eventState: "ALARM",
      region: "eu-west-2",
      before: [],
      after: ["eu-west-2"],
      written: true,
      attempts: 1,
    });
    assert.deepEqual(alarms.asked, ["tachyon-prod-eu-west-2-order-errors"]);
    assert.equal(store.values.get("drained"), "eu-west-2");
    assert.deepEqual(
      [
        lines.length,
        lines[0].severity,
        lines[0].message,
        lines[0].function,
        lines[0].state,
        lines[0].eventState,
        lines[0].after,
      ],
      [1, "INFO", "handled", "edge-drain", "ALARM", "ALARM", ["eu-west-2"]],
    );
  });

  it("undrains on a late ALARM event when the alarm is already OK again", async () => {
    const store = new FakeStore(new Map([["drained", "us-east-1,eu-west-2"]]));
    const outcome = await runDrain(drain(store, new FakeAlarms("OK")), alarmEvent("ALARM"));
    assert.equal(store.values.get("drained"), "us-east-1");
    assert.deepEqual(outcome.ok && [outcome.eventState, outcome.state, outcome.after], [
      "ALARM",
      "OK",
      ["us-east-1"],
    ]);
  });

  it("drains on a late OK event when the alarm is in ALARM again", async () => {
    const store = new FakeStore(new Map([["drained", "us-east-1"]]));
    const outcome = await runDrain(drain(store, new FakeAlarms("ALARM")), alarmEvent("OK"));
    assert.equal(store.values.get("drained"), "us-east-1,eu-west-2");
    assert.deepEqual(outcome.ok && [outcome.eventState, outcome.state, outcome.after], [
      "OK",
      "ALARM",
      ["us-east-1", "eu-west-2"],
    ]);
  });

  it("ends with the alarm's final state whichever order two events are handled in", async () => {
    for (const order of [
      ["ALARM", "OK"],
      ["OK", "ALARM"],
    ]) {
      const store = new FakeStore();
      const alarms = new FakeAlarms("OK");
      for (const state of order) await runDrain(drain(store, alarms), alarmEvent(state));
      assert.equal(store.values.has("drained"), false, order.join(" then "));
      assert.equal(store.version, 1, order.join(" then "));
    }
  });

  it("changes nothing while the alarm is INSUFFICIENT_DATA, whatever the event says", async () => {
    for (const event of ["ALARM", "OK", "INSUFFICIENT_DATA"]) {
      const store = new FakeStore(new Map([["drained", "eu-west-2"]]));
      const outcome = await runDrain(
        drain(store, new FakeAlarms("INSUFFICIENT_DATA")),
        alarmEvent(event),
      );
      assert.deepEqual(outcome.ok && [outcome.state, outcome.eventState, outcome.written], [
        "INSUFFICIENT_DATA",
        event,
        false,
      ]);
      assert.deepEqual(store.calls, ["describe kvs", "get drained"]);
      assert.equal(store.values.get("drained"), "eu-west-2");
    }
  });

  it("throws when the alarm cannot be read, without touching the store", async () => {
    const store = new FakeStore(new Map([["drained", "eu-west-2"]]));
    const alarms = new FakeAlarms("OK");
    alarms.failure = new Error(
      'CloudWatch DescribeAlarms "tachyon-prod-eu-west-2-order-errors": must find exactly one metric alarm of that name, got 0.',
    );
    await assert.rejects(runDrain(drain(store, alarms), alarmEvent("OK")), alarms.failure);
    assert.deepEqual(store.calls, []);
    assert.deepEqual([lines[0].severity, lines[0].message], ["ERROR", "failed"]);
  });

  it("returns a rejected event without reading the alarm or touching the store", async () => {
    const store = new FakeStore();
    const alarms = new FakeAlarms("ALARM");
    const outcome = await runDrain(
      drain(store, alarms),
      alarmEvent("ALARM", { region: "us-east-1" }),
    );
    assert.deepEqual(outcome, {
      ok: false,
      code: "bad_input",
      message:
        'event.region: must be this site\'s region "eu-west-2", got "us-east-1". Route only this site\'s alarm events to its drain function.',
    });
    assert.deepEqual(store.calls, []);
    assert.deepEqual(alarms.asked, []);
    assert.deepEqual([lines[0].severity, lines[0].message], ["WARNING", "rejected"]);
  });

  it("throws a store failure so that Lambda sends the event to its failure destination", async () => {
    const store = new FakeStore();
    store.beforeWrite = () => {
      throw serviceError("AccessDeniedException", "denied");
    };
    await assert.rejects(runDrain(drain(store, new FakeAlarms("ALARM")), alarmEvent("ALARM")), {
      message: "denied",
    });
    assert.deepEqual(
      [lines[0].severity, lines[0].message, lines[0].reason],
      ["ERROR", "failed", "denied"],
    );
  });
});

describe("drainTargetFromEnv", () => {
  it("reads the store, region and alarm the component sets", () => {
    assert.deepEqual(
      drainTargetFromEnv({
        TACHYON_EDGE_KVS_ARN: KVS,
        TACHYON_DRAIN_REGION: "eu-west-2",
        TACHYON_HEALTH_ALARM: "tachyon-prod-eu-west-2-order-errors",
      }),
      { kvsArn: KVS, region: "eu-west-2", alarmName: "tachyon-prod-eu-west-2-order-errors" },
    );
  });

  it("names every missing or malformed variable at once", () => {
    assert.throws(
      () => drainTargetFromEnv({ TACHYON_EDGE_KVS_ARN: "edge-health", TACHYON_DRAIN_REGION: "" }),
      {
        message:
          'edge drain: TACHYON_EDGE_KVS_ARN: must be the KeyValueStore ARN (arn:aws:cloudfront::<account>:key-value-store/<id>), got "edge-health". TACHYON_DRAIN_REGION: must be the site\'s region code, got "". TACHYON_HEALTH_ALARM: must be the health alarm\'s name, got "". Set them on the function (components/edge/aws-edge-drain.ts does).',
      },
    );
  });
});
