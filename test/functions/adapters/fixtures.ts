/** Recorded cloud event samples (test/functions/fixtures) and log capture for adapter specs. */
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { setSink } from "../../../functions/lib/log";

/**
 * A fresh deep copy of a fixture. Recorded events are arbitrary JSON that specs reach into and
 * mutate, so the default type is deliberately loose.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function fixture<T = Record<string, any>>(name: string): T {
  return JSON.parse(
    readFileSync(path.join(__dirname, "..", "fixtures", `${name}.json`), "utf8"),
  ) as T;
}

/** Runs `body` with log lines captured; returns them parsed. */
export async function captureLogs(body: () => Promise<void>): Promise<Record<string, unknown>[]> {
  const lines: string[] = [];
  const restore = setSink((line) => lines.push(line));
  try {
    await body();
  } finally {
    setSink(restore);
  }
  return lines.map((l) => JSON.parse(l) as Record<string, unknown>);
}
