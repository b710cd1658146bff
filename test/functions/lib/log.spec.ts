import assert from "node:assert/strict";
import { log, setSink, untrusted } from "../../../functions/lib/log";

describe("functions/lib/log", () => {
  it("writes a field it cannot serialise as its name and the reason, never throwing", () => {
    const lines: string[] = [];
    const restore = setSink((line) => lines.push(line));
    try {
      let deep: unknown = "m";
      for (let depth = 0; depth < 100_000; depth += 1) deep = [deep];
      log("INFO", "handled", { function: "order", messageId: deep });
      log("INFO", "handled", { count: 1n });
    } finally {
      setSink(restore);
    }
    assert.deepEqual(
      lines.map((l) => JSON.parse(l) as unknown),
      [
        {
          severity: "INFO",
          message: "handled",
          unloggable: ["function", "messageId"],
          reason: "Maximum call stack size exceeded",
        },
        {
          severity: "INFO",
          message: "handled",
          unloggable: ["count"],
          reason: "Do not know how to serialize a BigInt",
        },
      ],
    );
  });

  it("bounds an untrusted field to text, a number or a boolean", () => {
    assert.deepEqual(
      [
        untrusted("2070443601311540"),
        (untrusted("x".repeat(200)) as string).length,
        untrusted(7),
        untrusted(true),
        untrusted(null),
        untrusted(undefined),
        untrusted([1, 2]),
        untrusted({ messageId: {} }),
      ],
      ["2070443601311540", 128, 7, true, "null", "undefined", "an array of 2", "object"],
    );
  });
});
