/** Runs code with the structured log captured, for specs that assert what a function logs. */
import { setSink } from "../../../functions/lib/log";

/** What `run` returned and every log line it wrote, parsed. */
export function captured<T>(run: () => T): { value: T; lines: Record<string, unknown>[] } {
  const lines: Record<string, unknown>[] = [];
  const restore = setSink((line) => lines.push(JSON.parse(line) as Record<string, unknown>));
  try {
    return { value: run(), lines };
  } finally {
    setSink(restore);
  }
}
