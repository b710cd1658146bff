/**
 * Pure helpers of the recording monitor: Go durations, gRPC-style errors and the user's answers
 * for stacks outside the run.
 */
import type { StackOutputs, UserMocks } from "./types";

/**
 * The outputs a --mocks file gives a StackReference. An entry may name the stack fully
 * (org/project/stack), by project/stack, or bare (a stack of the running project).
 */
export function mockedStack(
  mocks: UserMocks,
  runningProject: string,
  reference: string,
): StackOutputs | undefined {
  const parts = reference.split("/");
  const stack = parts[parts.length - 1];
  const project = parts.length >= 2 ? parts[parts.length - 2] : runningProject;
  const outputs =
    mocks.stacks[reference] ??
    mocks.stacks[`${project}/${stack}`] ??
    Object.entries(mocks.stacks).find(([k]) => k.endsWith(`/${project}/${stack}`))?.[1] ??
    (project === runningProject ? mocks.stacks[stack] : undefined);
  return outputs === undefined ? undefined : { outputs, secretOutputNames: [] };
}

/** Seconds of a Go duration string, as the SDK sends custom timeouts ("5m", "1h30m", "90s"). */
export function durationSeconds(text: string | undefined): number {
  if (text === undefined || text === "") return 0;
  const unit: Record<string, number> = {
    h: 3600,
    m: 60,
    s: 1,
    ms: 1e-3,
    us: 1e-6,
    µs: 1e-6,
    ns: 1e-9,
  };
  let total = 0;
  for (const m of text.matchAll(/(\d+(?:\.\d+)?)(h|ms|m|s|us|µs|ns)/g))
    total += Number(m[1]) * unit[m[2]];
  return total;
}

/** The error with the `details` the SDK shows for a failed monitor call, as gRPC errors carry them. */
export function withDetails(err: unknown): Error & { details: string } {
  const e = err instanceof Error ? err : new Error(String(err));
  return Object.assign(e, { details: (e as { details?: string }).details ?? e.message });
}
