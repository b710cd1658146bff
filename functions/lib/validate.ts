/**
 * Input validation for handler entries: tiny readers that either return a well-typed value or
 * throw a {@link BadInputError} naming the path, the bad value and the fix. Hand-written rather
 * than zod because every byte here ships in each function bundle and sits on the cold start.
 */
import { BadInputError } from "./errors";

/** A JSON-like object whose fields are read by the helpers below. */
export type Fields = Readonly<Record<string, unknown>>;

/** Requires a plain object (not null, not an array, not binary). */
export function object(value: unknown, path: string): Fields {
  if (
    typeof value !== "object" ||
    value === null ||
    Array.isArray(value) ||
    value instanceof Uint8Array
  ) {
    throw new BadInputError(path, "must be an object", value, `Send a JSON or msgpack map`);
  }
  return value as Fields;
}

/** Options of {@link string}. */
export interface StringRule {
  /** Longest accepted length. @default 128 */
  readonly maxLength?: number;
  /** Pattern the whole string must match. */
  readonly pattern?: RegExp;
  /** Human description of the pattern for the error's fix. */
  readonly hint?: string;
}

/** Requires a non-empty string field. */
export function string(fields: Fields, key: string, path: string, rule: StringRule = {}): string {
  const value = fields[key];
  // The field's path is built only for an error: valid input allocates nothing here.
  if (typeof value !== "string" || value.length === 0) {
    throw new BadInputError(
      `${path}.${key}`,
      "must be a non-empty string",
      value,
      `Set "${key}" to a string`,
    );
  }
  const max = rule.maxLength ?? 128;
  if (value.length > max) {
    throw new BadInputError(
      `${path}.${key}`,
      `must be at most ${max} characters`,
      value,
      `Shorten "${key}"`,
    );
  }
  if (rule.pattern && !rule.pattern.test(value)) {
    throw new BadInputError(
      `${path}.${key}`,
      "has the wrong format",
      value,
      `Use ${rule.hint ?? rule.pattern.source}`,
    );
  }
  return value;
}

/** Options of {@link number}. */
export interface NumberRule {
  /** Smallest accepted value (inclusive). */
  readonly min?: number;
  /** Largest accepted value (inclusive). */
  readonly max?: number;
  /** Whether 0 is rejected along with negatives; implies `min: 0`. */
  readonly positive?: boolean;
  /** Whether only safe integers are accepted. */
  readonly integer?: boolean;
}

/** Requires a finite number field (rejecting NaN, ±Infinity, numeric strings). */
export function number(fields: Fields, key: string, path: string, rule: NumberRule = {}): number {
  const value = fields[key];
  if (
    typeof value === "number" &&
    Number.isFinite(value) &&
    (!rule.integer || Number.isSafeInteger(value)) &&
    (!rule.positive || value > 0) &&
    (rule.min === undefined || value >= rule.min) &&
    (rule.max === undefined || value <= rule.max)
  ) {
    return value;
  }
  // The field's path is built only for an error: valid input allocates nothing here.
  const at = `${path}.${key}`;
  if (typeof value !== "number" || !Number.isFinite(value)) {
    throw new BadInputError(at, "must be a finite number", value, `Set "${key}" to a number`);
  }
  if (rule.integer && !Number.isSafeInteger(value)) {
    throw new BadInputError(at, "must be an integer", value, `Send a whole number`);
  }
  if (rule.positive && value <= 0) {
    throw new BadInputError(at, "must be greater than 0", value, `Send a positive "${key}"`);
  }
  if (rule.min !== undefined && value < rule.min) {
    throw new BadInputError(at, `must be at least ${rule.min}`, value, `Raise "${key}"`);
  }
  if (rule.max !== undefined && value > rule.max) {
    throw new BadInputError(at, `must be at most ${rule.max}`, value, `Lower "${key}"`);
  }
  return value;
}

/** Requires a field whose value is one of a fixed list. */
export function oneOf<T extends string>(
  fields: Fields,
  key: string,
  path: string,
  allowed: readonly T[],
): T {
  const value = fields[key];
  if (typeof value !== "string" || !(allowed as readonly string[]).includes(value)) {
    throw new BadInputError(
      `${path}.${key}`,
      `must be one of ${allowed.join(", ")}`,
      value,
      `Set "${key}" to one of those`,
    );
  }
  return value as T;
}

/** Reads an optional field with `read` only when it is present (not undefined/null). */
export function optional<T>(fields: Fields, key: string, read: () => T): T | undefined {
  const value = fields[key];
  return value === undefined || value === null ? undefined : read();
}

/** Requires an array field of at most `maxItems` entries. */
export function array(fields: Fields, key: string, path: string, maxItems: number): unknown[] {
  const value = fields[key];
  const at = `${path}.${key}`;
  if (!Array.isArray(value)) {
    throw new BadInputError(at, "must be an array", value, `Set "${key}" to a list`);
  }
  if (value.length > maxItems) {
    throw new BadInputError(at, `must hold at most ${maxItems} items`, value, "Send fewer items");
  }
  return value;
}
