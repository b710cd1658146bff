/**
 * Reading AWS IAM and KMS key policy documents as a policy sees them: JSON text or an object,
 * `Action`/`Resource`/`Principal` as one string or a list, wildcards `*` and `?` as IAM reads them
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html).
 */
import { asRecord, known } from "./resource";

/** One Allow statement: its actions, resources and AWS principals (key policies). */
export interface AllowStatement {
  readonly actions: readonly string[];
  readonly resources: readonly string[];
  /** `Principal.AWS` entries, or `["*"]` for `"Principal": "*"`. */
  readonly awsPrincipals: readonly string[];
  /** `Principal.Service` entries. */
  readonly servicePrincipals: readonly string[];
}

/** The strings of a value that is one string or a list; unknown entries are left out. */
function strings(value: unknown): string[] {
  const v = known(() => value);
  if (typeof v === "string") return [v];
  if (!Array.isArray(v)) return [];
  const list: readonly unknown[] = v;
  return Array.from({ length: list.length }, (_, i) => known(() => list[i])).filter(
    (s): s is string => typeof s === "string",
  );
}

/**
 * The Allow statements of a policy document, or `undefined` when the document is unknown (during
 * preview) or not a policy document. `NotAction`/`NotResource` statements are left out.
 */
export function allowStatements(document: unknown): AllowStatement[] | undefined {
  const doc = asRecord(known(() => document));
  if (doc === undefined) return undefined;
  const raw = known(() => doc.Statement);
  if (raw === undefined) return undefined;
  const list = Array.isArray(raw) ? (raw as unknown[]) : [raw];
  return list.flatMap((item, i) => {
    const s = asRecord(known(() => (Array.isArray(raw) ? (raw as unknown[])[i] : item)));
    if (s === undefined || known(() => s.Effect) !== "Allow") return [];
    const principal = known(() => s.Principal);
    const aws = principal === "*" ? ["*"] : strings(known(() => asRecord(principal)?.AWS));
    return [
      {
        actions: strings(s.Action),
        resources: strings(s.Resource),
        awsPrincipals: aws,
        servicePrincipals: strings(known(() => asRecord(principal)?.Service)),
      },
    ];
  });
}

/** Whether an IAM pattern with `*` and `?` matches `value`; actions compare case-insensitively. */
export function globMatches(pattern: string, value: string, ignoreCase = false): boolean {
  const source = pattern
    .replace(/[.+^${}()|[\]\\]/g, "\\$&")
    .replace(/\*/g, ".*")
    .replace(/\?/g, ".");
  return new RegExp(`^${source}$`, ignoreCase ? "i" : "").test(value);
}

/** Whether a statement allows `action` (e.g. `kms:Decrypt`), through a wildcard or by name. */
export function allowsAction(statement: AllowStatement, action: string): boolean {
  return statement.actions.some((a) => globMatches(a, action, true));
}

/** The parts of an ARN: `arn:<partition>:<service>:<region>:<account>:<resource>`. */
export interface ArnParts {
  readonly service: string;
  readonly region: string;
  readonly account: string;
  readonly resource: string;
}

/** Splits an ARN (wildcards kept), or `undefined` when the text is not one. */
export function parseArn(arn: string): ArnParts | undefined {
  const m = /^arn:[a-z*-]+:([a-z0-9*-]+):([a-z0-9*-]*):([0-9*?]*):(.+)$/.exec(arn);
  return m ? { service: m[1], region: m[2], account: m[3], resource: m[4] } : undefined;
}
