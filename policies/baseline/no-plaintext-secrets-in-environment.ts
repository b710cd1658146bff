/**
 * `no-plaintext-secrets-in-environment`: function configuration is readable by anyone who may
 * read the function (and lands in state, logs and console screens), so secrets belong in a secret
 * store, referenced rather than copied. A variable is reported when
 * - its value looks like a credential whatever its name (an AWS access key id, a connection string
 *   carrying `AccountKey=`, `SharedAccessKey=` or `Password=`, a PEM private key, a GitHub or
 *   Slack token), or
 * - its name looks like a secret (`namePatterns`, matched on the name's words, so `apiKey`,
 *   `API_KEY` and `api-key` all read `API_KEY`) and its value is a non-empty literal that is not a
 *   reference: not an ARN, not a Key Vault reference `@Microsoft.KeyVault(...)`, and not on a name
 *   that points at a secret (`..._ARN`, `..._NAME`, `..._ID`, `..._URL`, ...). Azure identity-based
 *   connections (`<Connection>__fullyQualifiedNamespace`, `__serviceUri`, `__clientId`, ...) carry
 *   no secret and read as pointers.
 * Cloud Run variables taken from Secret Manager (`valueSource.secretKeyRef`) have no literal value
 * and always pass. Values unknown during preview are not judged.
 */
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { configOf } from "../lib/config";
import { forTypes } from "../lib/policy";
import { asArray, asRecord, asString, known, pathOf } from "../lib/resource";
import { AWS, AZURE, GCP } from "../lib/resource-types";

/** Config of `no-plaintext-secrets-in-environment`. */
export interface SecretsConfig {
  /** Regular expressions (case-insensitive) matched against a variable name's words. */
  namePatterns: string[];
  /** Variable names never reported by name (exact, case-insensitive). */
  allowedNames: string[];
}

/**
 * Default name patterns: the words secrets are named with. Connection strings are judged by their
 * value only: Application Insights' `InstrumentationKey=` string is not a secret, a storage
 * `AccountKey=` string is.
 */
export const DEFAULT_NAME_PATTERNS: readonly string[] = [
  "(^|_)(PASSWORD|PASSWD|PWD|PASSPHRASE)(_|$)",
  "(^|_)(SECRET|CLIENT_SECRET|SECRET_KEY)(_|$)",
  "(^|_)(TOKEN|ACCESS_TOKEN|AUTH_TOKEN|BEARER)(_|$)",
  "(^|_)(API_KEY|APIKEY|ACCESS_KEY|PRIVATE_KEY|SIGNING_KEY|ENCRYPTION_KEY|MASTER_KEY)(_|$)",
];

/** Name endings that make a variable a pointer to a secret, not the secret itself. */
const POINTER_SUFFIX =
  /_(ARN|ID|NAME|URL|URI|ENDPOINT|PATH|FILE|REF|VERSION|HEADER|TTL|EXPIRY|FULLYQUALIFIEDNAMESPACE|SERVICE_URI|SERVICEURI|CLIENT_ID|CLIENTID|CREDENTIAL|ACCOUNT_NAME|ACCOUNTNAME)$/;

/** Values that are credentials whatever the variable is called, with the name shown in messages. */
const CREDENTIAL_VALUES: readonly [RegExp, string][] = [
  [/\b(AKIA|ASIA)[0-9A-Z]{16}\b/, "an AWS access key id"],
  [/(^|;)\s*AccountKey=[^;]+/i, "a storage connection string with AccountKey"],
  [/(^|;)\s*SharedAccessKey=[^;]+/i, "a connection string with SharedAccessKey"],
  [/(^|;)\s*(Password|Pwd)=[^;]+/i, "a connection string with a password"],
  [/-----BEGIN [A-Z ]*PRIVATE KEY-----/, "a PEM private key"],
  [/\b(ghp|gho|ghs|ghu)_[A-Za-z0-9]{36}\b|\bgithub_pat_[A-Za-z0-9_]{22,}/, "a GitHub token"],
  [/\bxox[abpors]-[A-Za-z0-9-]{10,}/, "a Slack token"],
];

/** Values that reference a secret store instead of holding the secret. */
const REFERENCE_VALUE = /^(arn:aws[a-z-]*:|@Microsoft\.KeyVault\(|projects\/[^/]+\/secrets\/)/i;

/** A variable name as upper-case words joined by `_` (`apiKey` → `API_KEY`, `db-pass` → `DB_PASS`). */
export function nameWords(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
    .replace(/[^A-Za-z0-9]+/g, "_")
    .replace(/^_+|_+$/g, "")
    .toUpperCase();
}

/**
 * Why a variable holds a plaintext secret, or `undefined` if it does not. `patterns` are the
 * compiled `namePatterns`.
 */
export function secretReason(
  name: string,
  value: string,
  patterns: readonly RegExp[],
  allowedNames: readonly string[] = [],
): string | undefined {
  for (const [re, what] of CREDENTIAL_VALUES) if (re.test(value)) return `its value is ${what}`;
  const words = nameWords(name);
  if (allowedNames.some((a) => a.toUpperCase() === name.toUpperCase())) return undefined;
  if (value.trim() === "" || REFERENCE_VALUE.test(value.trim())) return undefined;
  if (POINTER_SUFFIX.test(words) || name.includes("__")) return undefined;
  if (patterns.some((p) => p.test(words)))
    return "its name marks a secret and its value is a literal";
  return undefined;
}

/** The function's environment variables as name/value pairs; unknown values are left out. */
function variablesOf(type: string, p: Record<string, unknown>): [string, string][] {
  const fromMap = (map: unknown): [string, string][] => {
    const rec = asRecord(map) ?? {};
    return Object.keys(rec).flatMap((k) => {
      const v = asString(known(() => rec[k]));
      return v === undefined ? [] : [[k, v] as [string, string]];
    });
  };
  const fromList = (list: unknown, nameKey: string): [string, string][] =>
    asArray(list).flatMap((item) => {
      const name = asString(pathOf(item, nameKey));
      const value = asString(pathOf(item, "value"));
      return name === undefined || value === undefined ? [] : [[name, value] as [string, string]];
    });
  switch (type) {
    case AWS.lambdaFunction:
      return fromMap(pathOf(p, "environment", "variables"));
    case AZURE.webApp:
      return fromList(pathOf(p, "siteConfig", "appSettings"), "name");
    case AZURE.webAppSettings:
      return fromMap(pathOf(p, "properties"));
    case GCP.cloudRunService:
      return asArray(pathOf(p, "template", "containers")).flatMap((c) =>
        fromList(pathOf(c, "envs"), "name"),
      );
    default:
      return fromMap(pathOf(p, "serviceConfig", "environmentVariables"));
  }
}

const WHERE: Readonly<Record<string, string>> = {
  [AWS.lambdaFunction]: "Lambda function",
  [AZURE.webApp]: "App Service app",
  [AZURE.webAppSettings]: "App Service app settings",
  [GCP.cloudRunService]: "Cloud Run service",
  [GCP.cloudFunction]: "Cloud Function",
};

const FIX: Readonly<Record<string, string>> = {
  [AWS.lambdaFunction]: "read it from Secrets Manager or SSM Parameter Store",
  [AZURE.webApp]: "use a Key Vault reference or an identity-based connection",
  [AZURE.webAppSettings]: "use a Key Vault reference or an identity-based connection",
  [GCP.cloudRunService]: "use valueSource.secretKeyRef",
  [GCP.cloudFunction]: "use secretEnvironmentVariables",
};

/** The policy. */
export const noPlaintextSecretsInEnvironment: ResourceValidationPolicy = {
  name: "no-plaintext-secrets-in-environment",
  description:
    "Function environment variables hold no plaintext secrets on Lambda (CKV_AWS_45), App Service app settings, Cloud Run and Cloud Functions; secrets come from a secret store by reference.",
  enforcementLevel: "mandatory",
  severity: "critical",
  configSchema: {
    properties: {
      namePatterns: {
        type: "array",
        items: { type: "string" },
        description:
          "Regular expressions (case-insensitive) matched against a variable name in upper-case words joined by underscores.",
        default: [...DEFAULT_NAME_PATTERNS],
      },
      allowedNames: {
        type: "array",
        items: { type: "string" },
        description: "Variable names never reported by their name (their value is still checked).",
        default: [],
      },
    },
  },
  validateResource: forTypes(
    [
      AWS.lambdaFunction,
      AZURE.webApp,
      AZURE.webAppSettings,
      GCP.cloudRunService,
      GCP.cloudFunction,
    ],
    (args, reportViolation) => {
      const config = configOf<SecretsConfig>(args, {
        namePatterns: [...DEFAULT_NAME_PATTERNS],
        allowedNames: [],
      });
      const patterns = config.namePatterns.map((s) => new RegExp(s, "i"));
      for (const [name, value] of variablesOf(args.type, args.props)) {
        const reason = secretReason(name, value, patterns, config.allowedNames);
        if (reason === undefined) continue;
        reportViolation(
          `${WHERE[args.type]} must not hold a secret in plain environment variable "${name}"; ${reason} (${FIX[args.type]}).`,
        );
      }
    },
  ),
};
