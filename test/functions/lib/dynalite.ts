/**
 * dynalite (an independent DynamoDB implementation on LevelDB, npm `dynalite`) started in
 * process on 127.0.0.1 with an in-memory store and an ephemeral port, for specs that need
 * DynamoDB's own expression, condition and query semantics rather than the project's emulator.
 */
import type * as http from "node:http";
import { createRequire } from "node:module";
import type { AddressInfo } from "node:net";
import { AwsClient } from "../../../functions/lib/aws-client";

type Dynalite = (options: { createTableMs: number; deleteTableMs: number }) => http.Server;
// dynalite ships no type declarations; its factory returns an http.Server.
const dynalite = createRequire(__filename)("dynalite") as Dynalite;

/** A running dynalite. */
export interface LocalDynamo {
  readonly endpoint: string;
  /** A signed client of the project for it (dynalite accepts any credentials). */
  client(): AwsClient;
  /** Creates a table keyed by string `pk` and, with `rangeKey`, string `rangeKey`. */
  createTable(name: string, rangeKey?: string): Promise<void>;
  close(): Promise<void>;
}

/** Starts dynalite; close it after the spec. */
export async function startDynalite(): Promise<LocalDynamo> {
  const server = dynalite({ createTableMs: 0, deleteTableMs: 0 });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const clients: AwsClient[] = [];
  const client = (): AwsClient => {
    const c = new AwsClient({
      service: "dynamodb",
      region: "us-east-1",
      credentials: { accessKeyId: "AKIDLOCAL", secretAccessKey: "local/secret" },
      endpoint,
    });
    clients.push(c);
    return c;
  };
  return {
    endpoint,
    client,
    createTable: async (name, rangeKey) => {
      await client().json("DynamoDB_20120810.CreateTable", {
        TableName: name,
        BillingMode: "PAY_PER_REQUEST",
        AttributeDefinitions: [
          { AttributeName: "pk", AttributeType: "S" },
          ...(rangeKey ? [{ AttributeName: rangeKey, AttributeType: "S" }] : []),
        ],
        KeySchema: [
          { AttributeName: "pk", KeyType: "HASH" },
          ...(rangeKey ? [{ AttributeName: rangeKey, KeyType: "RANGE" }] : []),
        ],
      });
      // dynalite makes a table ACTIVE on a timer, as DynamoDB does after a while: wait for it, so
      // a spec's first call never races the creation.
      for (let i = 0; i < 200; i += 1) {
        const d = await client().json<{ Table?: { TableStatus?: string } }>(
          "DynamoDB_20120810.DescribeTable",
          { TableName: name },
        );
        if (d.Table?.TableStatus === "ACTIVE") return;
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
      throw new Error(`dynalite: table "${name}" did not become ACTIVE within a second`);
    },
    close: async () => {
      for (const c of clients) c.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A running dynalite with one table keyed on `pk`, and a signed client for it. */
export interface DynaliteTable {
  readonly client: AwsClient;
  readonly tableName: string;
  close(): Promise<void>;
}

/** Starts dynalite and creates `tableName` keyed on `pk` (the claims table's shape). */
export async function startDynaliteTable(tableName: string): Promise<DynaliteTable> {
  const local = await startDynalite();
  await local.createTable(tableName);
  return { client: local.client(), tableName, close: () => local.close() };
}
