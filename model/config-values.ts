/**
 * The building blocks of config messages and schemas, shared by every config module: how a value
 * is shown in a message, how a config path is written, and zod schemas that report in the house
 * style `<problem>, got <value>. <fix>.`.
 */
import * as z from "zod";

/** A value as a message shows it: JSON, cut to 60 characters; `nothing` when absent. */
export function show(value: unknown): string {
  if (value === undefined) return "nothing";
  let text: string | undefined;
  try {
    text = JSON.stringify(value);
  } catch {
    text = undefined;
  }
  // JSON has no form for functions, symbols or bigints; name the kind of value instead.
  text ??= typeof value === "bigint" ? `${value}n` : `a ${typeof value}`;
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/** Appends a path segment: `.key` for identifiers, `[i]` for indexes, `["a b"]` otherwise. */
export function joinPath(base: string, segment: PropertyKey): string {
  if (typeof segment === "number") return `${base}[${segment}]`;
  const key = String(segment);
  return /^[A-Za-z_][A-Za-z0-9_-]*$/.test(key)
    ? `${base}.${key}`
    : `${base}[${JSON.stringify(key)}]`;
}

/** A string schema whose value `check` judges. */
export function checked(check: (s: string) => string | undefined): z.ZodType<string> {
  return z.string().superRefine((s, ctx) => {
    const message = check(s);
    if (message !== undefined) ctx.addIssue({ code: "custom", message, input: s });
  });
}

/** A number schema for a whole number in `[min, max]`. */
export function wholeNumber(min: number, max: number, fix: string): z.ZodType<number> {
  return z.number().superRefine((n, ctx) => {
    if (!Number.isInteger(n) || n < min || n > max) {
      const message = `must be a whole number from ${min} to ${max}, got ${show(n)}. ${fix}`;
      ctx.addIssue({ code: "custom", message, input: n });
    }
  });
}
