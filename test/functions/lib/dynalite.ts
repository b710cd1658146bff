/**
 * dynalite (an independent implementation of the DynamoDB API on LevelDB, in memory here) for
 * the DynamoDB store's specs: its conditional writes, expression validation (reserved words)
 * and error bodies are DynamoDB's, not our emulator's reading of them.
 */
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createRequire } from "node:module";
import { AwsClient } from "../../../functions/lib/aws-client";

/** dynalite's factory (the package ships no types). */
type Dynalite = (options: {
  createTableMs: number;
  deleteTableMs: number;
  updateTableMs: number;
}) => Server;

const dynalite = createRequire(__filename)("dynalite") as Dynalite;

/** A running dynalite with one claims table, and a signed client for it. */
export interface DynaliteTable {
  readonly client: AwsClient;
  readonly tableName: string;
  close(): Promise<void>;
}

/** Starts dynalite on 127.0.0.1 (ephemeral port) and creates `tableName` keyed on `pk`. */
export async function startDynalite(tableName: string): Promise<DynaliteTable> {
  const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const client = new AwsClient({
    service: "dynamodb",
    region: "us-east-1",
    credentials: { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "dynalite/EXAMPLEKEY" },
    endpoint: `http://127.0.0.1:${port}`,
  });
  await client.json("DynamoDB_20120810.CreateTable", {
    TableName: tableName,
    AttributeDefinitions: [{ AttributeName: "pk", AttributeType: "S" }],
    KeySchema: [{ AttributeName: "pk", KeyType: "HASH" }],
    BillingMode: "PAY_PER_REQUEST",
  });
  return {
    client,
    tableName,
    close: async () => {
      client.close();
      await new Promise<void>((resolve, reject) =>
        server.close((error) => (error ? reject(error) : resolve())),
      );
    },
  };
}
