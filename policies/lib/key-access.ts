/**
 * Which IAM roles read or write which AWS stores encrypted with a customer-managed KMS key, and
 * whether they may use that key. The services encrypt and decrypt with the caller's own
 * permissions, so a role allowed `dynamodb:PutItem` on a table but not the table's key gets
 * "KMS access denied" on every write. Required key actions per service:
 * DynamoDB https://docs.aws.amazon.com/kms/latest/developerguide/services-dynamodb.html,
 * SQS https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-key-management.html,
 * Kinesis https://docs.aws.amazon.com/streams/latest/dev/permissions-user-key-KMS.html,
 * SNS https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html,
 * Secrets Manager https://docs.aws.amazon.com/secretsmanager/latest/userguide/security-encryption.html.
 * A key policy decides first: the role may use the key if the policy names the role, or lets IAM
 * policies decide (the account root or `*` as principal; a key without `policy` gets the default
 * policy, which does) and one of the role's policies grants the action on the key
 * (https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-default.html).
 */
import type { PolicyResource } from "@pulumi/policy";
import {
  allowStatements,
  allowsAction,
  globMatches,
  parseArn,
  type AllowStatement,
} from "./iam-document";
import { asArray, asString, pathOf, regionOf } from "./resource";
import { AWS } from "./resource-types";
import { dependenciesOf, ofType } from "./stack";
import { isUnknown } from "./unknown";

/** A store kind: its name in messages, the service, and the key actions reads and writes need. */
interface StoreKind {
  readonly what: string;
  readonly service: string;
  /** The store's name in its ARN's resource part, or `undefined` when the part is not this kind's. */
  readonly nameInArn: (resource: string) => string | undefined;
  readonly reads: readonly string[];
  readonly writes: readonly string[];
  readonly readNeeds: readonly string[];
  readonly writeNeeds: readonly string[];
  /** Input paths holding the key (`[path, depsProp]`). */
  readonly keyInput: readonly [path: readonly string[], depsProp: string];
}

const after = (prefix: string) => (resource: string) =>
  resource.startsWith(prefix) ? resource.slice(prefix.length).split("/")[0] : undefined;

const KINDS: Readonly<Record<string, StoreKind>> = {
  [AWS.dynamodbTable]: {
    what: "DynamoDB table",
    service: "dynamodb",
    nameInArn: after("table/"),
    reads: ["GetItem", "BatchGetItem", "Query", "Scan", "TransactGetItems", "ConditionCheckItem"],
    writes: ["PutItem", "UpdateItem", "DeleteItem", "BatchWriteItem", "TransactWriteItems"],
    readNeeds: ["kms:Decrypt"],
    writeNeeds: ["kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey"],
    keyInput: [["serverSideEncryption", "kmsKeyArn"], "serverSideEncryption"],
  },
  [AWS.sqsQueue]: {
    what: "SQS queue",
    service: "sqs",
    nameInArn: (r) => r,
    reads: ["ReceiveMessage"],
    writes: ["SendMessage"],
    readNeeds: ["kms:Decrypt"],
    writeNeeds: ["kms:GenerateDataKey", "kms:Decrypt"],
    keyInput: [["kmsMasterKeyId"], "kmsMasterKeyId"],
  },
  [AWS.kinesisStream]: {
    what: "Kinesis stream",
    service: "kinesis",
    nameInArn: after("stream/"),
    reads: ["GetRecords", "SubscribeToShard"],
    writes: ["PutRecord", "PutRecords"],
    readNeeds: ["kms:Decrypt"],
    writeNeeds: ["kms:GenerateDataKey"],
    keyInput: [["kmsKeyId"], "kmsKeyId"],
  },
  [AWS.snsTopic]: {
    what: "SNS topic",
    service: "sns",
    nameInArn: (r) => r,
    reads: [],
    writes: ["Publish"],
    readNeeds: [],
    writeNeeds: ["kms:GenerateDataKey", "kms:Decrypt"],
    keyInput: [["kmsMasterKeyId"], "kmsMasterKeyId"],
  },
  [AWS.secretsManagerSecret]: {
    what: "Secrets Manager secret",
    service: "secretsmanager",
    // Secret ARNs end in "-" and six random characters.
    nameInArn: (r) => (r.startsWith("secret:") ? r.slice(7).replace(/-[^-]{6}$/, "") : undefined),
    reads: ["GetSecretValue"],
    writes: ["PutSecretValue"],
    readNeeds: ["kms:Decrypt"],
    writeNeeds: ["kms:GenerateDataKey", "kms:Decrypt"],
    keyInput: [["kmsKeyId"], "kmsKeyId"],
  },
};

/** A customer-managed key: a key resource of the stack, or an ARN from outside it. */
export interface KeyRef {
  readonly resource?: PolicyResource;
  readonly arn?: string;
  /** The region whose copy of the store it encrypts. */
  readonly region?: string;
}

/** A store encrypted with customer-managed keys, one per region that holds a copy. */
export interface EncryptedStore {
  readonly resource: PolicyResource;
  readonly kind: StoreKind;
  readonly label: string;
  readonly name?: string;
  readonly keys: readonly KeyRef[];
}

/** Keys AWS manages (`alias/aws/<service>`) need no grant. */
const isAwsManaged = (key: string) => /(^|:)alias\/aws\//.test(key);

/** The key resource an input was computed from, in the given region when there are several. */
function keyResource(deps: readonly PolicyResource[], region?: string): PolicyResource | undefined {
  const keys = deps.filter((d) => d.type === AWS.kmsKey);
  return keys.length === 1 ? keys[0] : keys.find((k) => regionOf(k) === region);
}

/** The customer-managed keys of one store, or none. */
function keysOf(store: PolicyResource, kind: StoreKind, all: readonly PolicyResource[]): KeyRef[] {
  const [path, depsProp] = kind.keyInput;
  if (isUnknown(store.props, ...path)) return [];
  if (
    store.type === AWS.dynamodbTable &&
    pathOf(store.props, "serverSideEncryption", "enabled") !== true
  )
    return [];
  if (store.type === AWS.kinesisStream && pathOf(store.props, "encryptionType") !== "KMS")
    return [];
  const byArn = (arn: string) =>
    ofType(all, AWS.kmsKey).find((k) => asString(pathOf(k.props, "arn")) === arn);
  const ref = (arn: string | undefined, deps: readonly PolicyResource[], region?: string) => {
    if (arn !== undefined && isAwsManaged(arn)) return [];
    const resource = keyResource(deps, region) ?? (arn === undefined ? undefined : byArn(arn));
    if (resource === undefined && arn === undefined) return [];
    return [{ resource, arn, region: region ?? (resource ? regionOf(resource) : undefined) }];
  };
  const home = ref(
    asString(pathOf(store.props, ...path)),
    dependenciesOf(store, depsProp),
    regionOf(store),
  );
  if (store.type !== AWS.dynamodbTable) return home;
  const replicas = asArray(pathOf(store.props, "replicas")).flatMap((r) =>
    ref(
      asString(pathOf(r, "kmsKeyArn")),
      asString(pathOf(r, "kmsKeyArn")) === undefined ? [] : dependenciesOf(store, "replicas"),
      asString(pathOf(r, "regionName")),
    ),
  );
  return [...home, ...replicas];
}

/** Every store of the stack encrypted with a customer-managed key. */
export function encryptedStores(resources: readonly PolicyResource[]): EncryptedStore[] {
  return resources.flatMap((r) => {
    const kind = KINDS[r.type];
    if (kind === undefined) return [];
    const keys = keysOf(r, kind, resources);
    if (keys.length === 0) return [];
    const name = asString(pathOf(r.props, "name"));
    return [{ resource: r, kind, label: `${kind.what} ${name ?? r.name}`, name, keys }];
  });
}

/** One policy document attached to a role, with the resources its text was computed from. */
interface RoleDocument {
  readonly statements: readonly AllowStatement[];
  readonly deps: readonly PolicyResource[];
}

/** Whether an attachment-like resource names `role` (by dependency or by name). */
function attachedTo(p: PolicyResource, prop: string, role: PolicyResource): boolean {
  if (dependenciesOf(p, prop).includes(role)) return true;
  const roleName = asString(pathOf(role.props, "name"));
  if (roleName === undefined) return false;
  const value = pathOf(p.props, prop);
  return asString(value) === roleName || asArray(value).includes(roleName);
}

/** The policy documents of a role: inline, role policies, and attached managed policies. */
export function roleDocuments(
  resources: readonly PolicyResource[],
  role: PolicyResource,
): RoleDocument[] {
  const doc = (text: unknown, deps: readonly PolicyResource[]) => {
    const statements = allowStatements(text);
    return statements === undefined ? [] : [{ statements, deps }];
  };
  const inline = asArray(pathOf(role.props, "inlinePolicies")).flatMap((p) =>
    doc(pathOf(p, "policy"), dependenciesOf(role, "inlinePolicies")),
  );
  const own = ofType(resources, AWS.iamRolePolicy)
    .filter((p) => attachedTo(p, "role", role))
    .flatMap((p) => doc(pathOf(p.props, "policy"), dependenciesOf(p, "policy")));
  const managed = [
    ...ofType(resources, AWS.iamRolePolicyAttachment).filter((a) => attachedTo(a, "role", role)),
    ...ofType(resources, AWS.iamPolicyAttachment).filter((a) => attachedTo(a, "roles", role)),
  ]
    .flatMap((a) => dependenciesOf(a, "policyArn").filter((d) => d.type === AWS.iamPolicy))
    .flatMap((p) => doc(pathOf(p.props, "policy"), dependenciesOf(p, "policy")));
  return [...inline, ...own, ...managed];
}

/** A role's use of a store: the region it reaches and whether it reads and writes. */
export interface StoreAccess {
  readonly region?: string;
  readonly needs: readonly string[];
  readonly verbs: string;
}

/** How `docs` reach `store`: the data actions they allow on it, by region; empty when none. */
export function accessesOf(docs: readonly RoleDocument[], store: EncryptedStore): StoreAccess[] {
  const { kind } = store;
  const byRegion = new Map<string | undefined, { read: boolean; write: boolean }>();
  for (const d of docs) {
    const linked = d.deps.includes(store.resource);
    for (const s of d.statements) {
      const read = kind.reads.some((a) => allowsAction(s, `${kind.service}:${a}`));
      const write = kind.writes.some((a) => allowsAction(s, `${kind.service}:${a}`));
      if (!read && !write) continue;
      for (const r of s.resources) {
        const arn = parseArn(r);
        const name = arn && arn.service === kind.service ? kind.nameInArn(arn.resource) : undefined;
        const named =
          r === "*" ||
          (name !== undefined && store.name !== undefined && globMatches(name, store.name));
        if (!named && !(linked && (store.name === undefined || name === undefined))) continue;
        const region = arn && !arn.region.includes("*") ? arn.region : regionOf(store.resource);
        const seen = byRegion.get(region) ?? { read: false, write: false };
        byRegion.set(region, { read: seen.read || read, write: seen.write || write });
      }
    }
  }
  return [...byRegion].map(([region, { read, write }]) => ({
    region,
    needs: [...new Set([...(read ? kind.readNeeds : []), ...(write ? kind.writeNeeds : [])])],
    verbs: read && write ? "reads and writes" : write ? "writes" : "reads",
  }));
}

/** The key of the store's copy in `region` (the only key when the store has one). */
export function keyFor(store: EncryptedStore, region: string | undefined): KeyRef | undefined {
  return store.keys.length === 1 ? store.keys[0] : store.keys.find((k) => k.region === region);
}

/** The ARN of a key as far as it is known. */
function keyArn(key: KeyRef): string | undefined {
  return key.arn ?? (key.resource ? asString(pathOf(key.resource.props, "arn")) : undefined);
}

/** The key actions of `needs` that the role's IAM policies grant on `key`. */
export function iamGrants(
  docs: readonly RoleDocument[],
  key: KeyRef,
  needs: readonly string[],
): string[] {
  const arn = keyArn(key);
  return needs.filter((action) =>
    docs.some((d) =>
      d.statements.some(
        (s) =>
          allowsAction(s, action) &&
          s.resources.some(
            (r) =>
              (arn !== undefined && globMatches(r, arn)) ||
              (key.resource !== undefined &&
                d.deps.includes(key.resource) &&
                parseArn(r)?.service === "kms"),
          ),
      ),
    ),
  );
}

/** What a key's policy says about one role and action. */
export interface KeyPolicyView {
  /** Actions the key policy lets the role use directly (it names the role). */
  readonly direct: readonly string[];
  /** Actions for which the key policy lets IAM policies decide. */
  readonly viaIam: readonly string[];
  /** Whether the key has no `policy` input and so gets AWS's default key policy. */
  readonly isDefault: boolean;
}

const ACCOUNT_PRINCIPAL = /^(arn:aws[a-z-]*:iam::)?\d{12}(:root)?$/;

/** Reads a key resource's policy for `role`; `undefined` when the policy is unknown. */
export function keyPolicyView(
  key: PolicyResource,
  role: PolicyResource,
  needs: readonly string[],
): KeyPolicyView | undefined {
  if (isUnknown(key.props, "policy")) return undefined;
  const text = pathOf(key.props, "policy");
  if (text === undefined) return { direct: [], viaIam: [...needs], isDefault: true };
  const statements = allowStatements(text);
  if (statements === undefined) return undefined;
  const roleName = asString(pathOf(role.props, "name"));
  const namesRole = (p: string) =>
    (roleName !== undefined && p.endsWith(`:role/${roleName}`)) ||
    dependenciesOf(key, "policy").includes(role);
  const allowed = (test: (p: string) => boolean) =>
    needs.filter((a) => statements.some((s) => allowsAction(s, a) && s.awsPrincipals.some(test)));
  return {
    direct: allowed((p) => p !== "*" && !ACCOUNT_PRINCIPAL.test(p) && namesRole(p)),
    viaIam: allowed((p) => p === "*" || ACCOUNT_PRINCIPAL.test(p)),
    isDefault: false,
  };
}

/** Whether a key's policy lets a service principal (e.g. `logs.us-east-1.amazonaws.com`) use it. */
export function keyPolicyAllowsService(
  key: PolicyResource,
  service: string,
  actions: readonly string[],
): boolean | undefined {
  if (isUnknown(key.props, "policy")) return undefined;
  const text = pathOf(key.props, "policy");
  if (text === undefined) return false;
  const statements = allowStatements(text);
  if (statements === undefined) return undefined;
  return actions.every((a) =>
    statements.some(
      (s) => allowsAction(s, a) && s.servicePrincipals.some((p) => p === service || p === "*"),
    ),
  );
}

/** `a`, `a and b`, `a, b and c`. */
export function listOf(items: readonly string[]): string {
  return items.length < 2 ? items.join("") : `${items.slice(0, -1).join(", ")} and ${items.at(-1)}`;
}
