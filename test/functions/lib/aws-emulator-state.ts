/**
 * DynamoDB over a table keyed by `pk` and `sk` for the project's AWS emulator (./aws-emulator.ts):
 * PutItem, UpdateItem (`ADD n :v`, `SET a = :v, #b = :v`, a condition of
 * `attribute_not_exists(...)`, `ReturnValues: UPDATED_NEW`), Query (`pk = :pk`, in `sk`
 * order, with a projection) and GetItem (by key, no projection) — the calls the portfolio and
 * fraud stores make — with DynamoDB's error bodies.
 */
import { amzJsonError, type Attribute, type Service } from "./aws-emulator";

/** Items by `pk` + NUL + `sk`. */
export type StateTable = Map<string, Record<string, Attribute>>;

const DYNAMO = "com.amazonaws.dynamodb.v20120810";
const ok = (body: unknown) => ({
  status: 200,
  headers: { "content-type": "application/x-amz-json-1.0" },
  body: JSON.stringify(body),
});

/** The service of table `tableName`. */
export function dynamoStateService(tableName: string, table: StateTable): Service {
  return (request) => {
    const input = JSON.parse(request.body.toString("utf8")) as Record<string, unknown>;
    if (input.TableName !== tableName) {
      return amzJsonError(
        400,
        `${DYNAMO}#ResourceNotFoundException`,
        "Requested resource not found",
      );
    }
    const names = (input.ExpressionAttributeNames ?? {}) as Record<string, string>;
    const values = (input.ExpressionAttributeValues ?? {}) as Record<string, Attribute>;
    const name = (token: string) => (token.startsWith("#") ? (names[token] ?? token) : token);
    const keyOf = (key: Record<string, { S?: string }>) => `${key.pk?.S}\0${key.sk?.S}`;
    switch (request.headers["x-amz-target"]) {
      case "DynamoDB_20120810.GetItem": {
        if (input.ProjectionExpression !== undefined) {
          return amzJsonError(400, `${DYNAMO}#ValidationException`, "Unsupported projection");
        }
        const item = table.get(keyOf(input.Key as Record<string, { S?: string }>));
        return ok(item ? { Item: item } : {});
      }
      case "DynamoDB_20120810.PutItem": {
        const item = input.Item as Record<string, Attribute>;
        table.set(keyOf(item as Record<string, { S?: string }>), item);
        return ok({});
      }
      case "DynamoDB_20120810.UpdateItem": {
        const key = input.Key as Record<string, Attribute>;
        const id = keyOf(key as Record<string, { S?: string }>);
        const item: Record<string, Attribute> = { ...(table.get(id) ?? key) };
        const condition = /^attribute_not_exists\((\S+)\)$/.exec(
          typeof input.ConditionExpression === "string" ? input.ConditionExpression : "",
        );
        if (input.ConditionExpression !== undefined && !condition) {
          return amzJsonError(400, `${DYNAMO}#ValidationException`, "Unsupported condition");
        }
        if (condition && item[name(condition[1] ?? "")] !== undefined) {
          return amzJsonError(
            400,
            `${DYNAMO}#ConditionalCheckFailedException`,
            "The conditional request failed",
          );
        }
        const updated: Record<string, Attribute> = {};
        const expression = String(input.UpdateExpression);
        const add = /ADD (\S+) (:\S+)/.exec(expression);
        if (add) {
          const have = item[name(add[1] ?? "")];
          const sum =
            Number(have && "N" in have ? have.N : 0) +
            Number((values[add[2] ?? ""] as { N: string }).N);
          updated[name(add[1] ?? "")] = { N: String(sum) };
        }
        const set = /SET (.+)$/.exec(expression);
        for (const assignment of set?.[1]?.split(",") ?? []) {
          const [target, value] = assignment.split("=").map((s) => s.trim());
          updated[name(target ?? "")] = values[value ?? ""];
        }
        table.set(id, { ...item, ...updated });
        return ok(input.ReturnValues === "UPDATED_NEW" ? { Attributes: updated } : {});
      }
      case "DynamoDB_20120810.Query": {
        const pk = (values[":pk"] as { S: string }).S;
        const projection =
          typeof input.ProjectionExpression === "string"
            ? input.ProjectionExpression.split(",").map((s) => s.trim())
            : undefined;
        const items = [...table.entries()]
          .filter(([id]) => id.startsWith(`${pk}\0`))
          .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
          .map(([, item]) =>
            projection
              ? Object.fromEntries(projection.flatMap((p) => (item[p] ? [[p, item[p]]] : [])))
              : item,
          );
        return ok({ Items: items, Count: items.length });
      }
      default:
        return amzJsonError(400, `${DYNAMO}#UnknownOperationException`, "Unknown operation");
    }
  };
}
