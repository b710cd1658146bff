import assert from "node:assert/strict";
import * as net from "node:net";
import { encodeCommand, parseReply, RespClient, RespError } from "../../../functions/lib/resp";

/** A RESP server on 127.0.0.1 speaking AUTH/GET/SET, answering in deliberately split chunks. */
async function fakeServer(
  password: string,
): Promise<{ port: number; commands: string[][]; close(): Promise<void>; drop(): void }> {
  const store = new Map<string, Buffer>();
  const commands: string[][] = [];
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    let buffer = Buffer.alloc(0);
    let authed = false;
    socket.on("data", (chunk: Buffer) => {
      buffer = Buffer.concat([buffer, chunk]);
      const replies: Buffer[] = [];
      for (;;) {
        const parsed = parseReply(buffer, 0);
        if (!parsed) break;
        buffer = buffer.subarray(parsed.next);
        const args = (parsed.value as Uint8Array[]).map((a) => Buffer.from(a));
        const [name, ...rest] = args;
        commands.push(args.map((a) => a.toString("utf8")));
        if (name?.toString() === "AUTH") {
          authed = rest.at(-1)?.toString() === password;
          replies.push(
            Buffer.from(authed ? "+OK\r\n" : "-WRONGPASS invalid username-password pair\r\n"),
          );
        } else if (!authed) {
          replies.push(Buffer.from("-NOAUTH Authentication required.\r\n"));
        } else if (name?.toString() === "SET") {
          store.set(String(rest[0]), rest[1]);
          replies.push(Buffer.from("+OK\r\n"));
        } else {
          const value = store.get(String(rest[0]));
          replies.push(
            value
              ? Buffer.concat([Buffer.from(`$${value.length}\r\n`), value, Buffer.from("\r\n")])
              : Buffer.from("$-1\r\n"),
          );
        }
      }
      // Split the answer so that the client must reassemble replies across reads.
      const bytes = Buffer.concat(replies);
      if (bytes.length === 0) return;
      socket.write(bytes.subarray(0, 3));
      setImmediate(() => socket.write(bytes.subarray(3)));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    commands,
    drop: () => sockets.forEach((s) => s.destroy()),
    close: () =>
      new Promise((resolve) => {
        sockets.forEach((s) => s.destroy());
        server.close(() => resolve());
      }),
  };
}

describe("functions/lib/resp", () => {
  it("encodes commands as RESP arrays of bulk strings", () => {
    assert.equal(
      encodeCommand(["SET", "k", Uint8Array.from([0, 255]), "PX", "5"]).toString("latin1"),
      "*5\r\n$3\r\nSET\r\n$1\r\nk\r\n$2\r\n\u0000\u00ff\r\n$2\r\nPX\r\n$1\r\n5\r\n",
    );
  });

  it("parses every reply type and waits for incomplete ones", () => {
    assert.deepEqual(parseReply(Buffer.from("+OK\r\n"), 0), { value: "OK", next: 5 });
    assert.deepEqual(parseReply(Buffer.from(":42\r\n"), 0), { value: 42, next: 5 });
    assert.deepEqual(parseReply(Buffer.from("$-1\r\n"), 0), { value: null, next: 5 });
    assert.deepEqual(parseReply(Buffer.from("$3\r\nabc\r\n"), 0), {
      value: Uint8Array.from([97, 98, 99]),
      next: 9,
    });
    assert.deepEqual(parseReply(Buffer.from("*2\r\n:1\r\n$1\r\nx\r\n"), 0), {
      value: [1, Uint8Array.from([120])],
      next: 15,
    });
    assert.equal(parseReply(Buffer.from("$3\r\nab"), 0), undefined);
    assert.equal(parseReply(Buffer.from("*2\r\n:1\r\n"), 0), undefined);
    const error = parseReply(Buffer.from("-ERR wrong\r\n"), 0)?.value;
    assert.ok(error instanceof RespError && error.message === "ERR wrong");
  });

  it("authenticates as the ACL user on connect, then sets and gets binary values", async () => {
    const server = await fakeServer("token-1");
    const client = new RespClient({
      host: "127.0.0.1",
      port: server.port,
      tls: false,
      user: "cache-fn",
      password: () => Promise.resolve("token-1"),
    });
    try {
      assert.equal(await client.get("fraud:h:a"), null);
      await client.set("fraud:h:a", Uint8Array.from([1, 2, 3]), 86_400_000);
      const [one, two] = await Promise.all([client.get("fraud:h:a"), client.get("fraud:h:b")]);
      assert.deepEqual([one, two], [Uint8Array.from([1, 2, 3]), null]);
      assert.deepEqual(server.commands[0], ["AUTH", "cache-fn", "token-1"]);
      assert.deepEqual(server.commands[2], [
        "SET",
        "fraud:h:a",
        "\u0001\u0002\u0003",
        "PX",
        "86400000",
      ]);
    } finally {
      client.close();
      await server.close();
    }
  });

  it("rejects on a server error and reconnects with a fresh token after the connection drops", async () => {
    const server = await fakeServer("good");
    let calls = 0;
    const client = new RespClient({
      host: "127.0.0.1",
      port: server.port,
      tls: false,
      user: "u",
      password: () => Promise.resolve(++calls === 1 ? "bad" : "good"),
    });
    try {
      await assert.rejects(client.get("k"), {
        name: "RespError",
        message: "WRONGPASS invalid username-password pair",
      });
      client.close();
      assert.equal(await client.get("k"), null);
      server.drop();
      await new Promise((r) => setTimeout(r, 20));
      assert.equal(await client.get("k"), null);
      assert.equal(calls, 3);
    } finally {
      client.close();
      await server.close();
    }
  });
});
