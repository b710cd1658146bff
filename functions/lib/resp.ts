/**
 * A minimal Redis (RESP2) client for the hot-feature cache: one lazily opened TLS connection
 * per instance, pipelined GET/SET/AUTH, reconnect on failure. ElastiCache for Valkey/Redis,
 * Azure Cache for Redis and Memorystore all speak RESP2; a full client library would add
 * hundreds of kilobytes (cluster, pub/sub, scripting) to a bundle that needs three commands.
 *
 * `node:net` and `node:tls` load when the first connection opens, not with the bundle: importing
 * them (and the crypto they pull in) is milliseconds of every cold start.
 */
import type * as net from "node:net";
import type { RedisLike } from "../fraud/cache";

/** A decoded reply. */
export type RespValue = string | number | Uint8Array | null | RespValue[];

/** Connection settings. */
export interface RespOptions {
  readonly host: string;
  /** @default 6379 */
  readonly port?: number;
  /** In-transit encryption; every managed cache Tachyon deploys requires it. @default true */
  readonly tls?: boolean;
  /** ACL user for `AUTH user password`; omitted for password-only AUTH. */
  readonly user?: string;
  /** PEM certificates to trust besides the system's (Memorystore's server CA). */
  readonly ca?: string;
  /** Produces the password or token on each (re)connect; omitted when the cache has no AUTH. */
  readonly password?: () => Promise<string>;
}

/** The error a server reply (`-ERR ...`) turns into. */
export class RespError extends Error {
  override name = "RespError";
}

interface Waiter {
  resolve(value: RespValue): void;
  reject(error: Error): void;
}

/** A RESP2 client with one connection, created once per function instance. */
export class RespClient implements RedisLike {
  /** The authenticated connection commands go to. */
  private socket: net.Socket | undefined;
  /** The connection replies are read from (set before AUTH, unlike `socket`). */
  private current: net.Socket | undefined;
  private connecting: Promise<net.Socket> | undefined;
  private buffer: Buffer = Buffer.alloc(0);
  private readonly waiting: Waiter[] = [];

  /** @param options Where and how to connect. */
  constructor(private readonly options: RespOptions) {}

  /** Sends one command and resolves with its reply; server errors reject with {@link RespError}. */
  async command(args: readonly (string | Uint8Array)[]): Promise<RespValue> {
    const socket = await this.connect();
    return this.send(socket, args);
  }

  /** `GET key` as bytes. */
  async get(key: string): Promise<Uint8Array | null> {
    const value = await this.command(["GET", key]);
    return value instanceof Uint8Array ? value : null;
  }

  /** `SET key value PX ttl`. */
  set(key: string, value: Uint8Array, ttlMs: number): Promise<RespValue> {
    return this.command(["SET", key, value, "PX", String(Math.max(1, Math.round(ttlMs)))]);
  }

  /** Closes the connection; the next command opens a new one. */
  close(): void {
    this.current?.destroy();
    this.reset(new Error("connection closed"));
  }

  private send(socket: net.Socket, args: readonly (string | Uint8Array)[]): Promise<RespValue> {
    return new Promise<RespValue>((resolve, reject) => {
      this.waiting.push({ resolve, reject });
      socket.write(encodeCommand(args));
    });
  }

  private connect(): Promise<net.Socket> {
    if (this.socket) return Promise.resolve(this.socket);
    this.connecting ??= this.open().finally(() => {
      this.connecting = undefined;
    });
    return this.connecting;
  }

  private async open(): Promise<net.Socket> {
    const { host, port = 6379 } = this.options;
    const socket = await new Promise<net.Socket>((resolve, reject) => {
      const s =
        this.options.tls === false
          ? process.getBuiltinModule("node:net").connect({ host, port }, () => resolve(s))
          : process
              .getBuiltinModule("node:tls")
              .connect({ host, port, servername: host, ca: this.options.ca }, () => resolve(s));
      s.once("error", reject);
    });
    socket.setNoDelay(true);
    this.current = socket;
    // Events of a connection already replaced must not disturb the new one.
    socket.on("data", (chunk: Buffer) => {
      if (this.current === socket) this.receive(chunk);
    });
    socket.on("error", (error) => {
      if (this.current === socket) this.reset(error);
    });
    socket.on("close", () => {
      if (this.current === socket) this.reset(new Error("connection closed by the server"));
    });
    if (this.options.password) {
      try {
        const password = await this.options.password();
        const auth = this.options.user ? ["AUTH", this.options.user, password] : ["AUTH", password];
        await this.send(socket, auth);
      } catch (error) {
        // An unauthenticated connection would fail every later command: drop it.
        socket.destroy();
        if (this.current === socket) this.reset(new Error("authentication failed"));
        throw error;
      }
    }
    this.socket = socket;
    return socket;
  }

  private receive(chunk: Buffer): void {
    this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
    for (;;) {
      const parsed = parseReply(this.buffer, 0);
      if (!parsed) return;
      this.buffer = this.buffer.subarray(parsed.next);
      const waiter = this.waiting.shift();
      if (parsed.value instanceof RespError) waiter?.reject(parsed.value);
      else waiter?.resolve(parsed.value);
    }
  }

  private reset(error: Error): void {
    this.socket = undefined;
    this.current = undefined;
    this.buffer = Buffer.alloc(0);
    for (const waiter of this.waiting.splice(0)) waiter.reject(error);
  }
}

/** Encodes a command as a RESP array of bulk strings. */
export function encodeCommand(args: readonly (string | Uint8Array)[]): Buffer {
  const parts: Buffer[] = [Buffer.from(`*${args.length}\r\n`)];
  for (const arg of args) {
    const bytes = typeof arg === "string" ? Buffer.from(arg, "utf8") : Buffer.from(arg);
    parts.push(Buffer.from(`$${bytes.length}\r\n`), bytes, Buffer.from("\r\n"));
  }
  return Buffer.concat(parts);
}

/** Parses one reply at `offset`; undefined when the buffer does not hold all of it yet. */
export function parseReply(
  buffer: Buffer,
  offset: number,
): { value: RespValue | RespError; next: number } | undefined {
  const end = buffer.indexOf("\r\n", offset);
  if (end < 0) return undefined;
  const line = buffer.toString("utf8", offset + 1, end);
  const next = end + 2;
  switch (buffer[offset]) {
    case 0x2b: // +
      return { value: line, next };
    case 0x2d: // -
      return { value: new RespError(line), next };
    case 0x3a: // :
      return { value: Number(line), next };
    case 0x24: {
      // $
      const length = Number(line);
      if (length < 0) return { value: null, next };
      if (buffer.length < next + length + 2) return undefined;
      return {
        value: Uint8Array.from(buffer.subarray(next, next + length)),
        next: next + length + 2,
      };
    }
    case 0x2a: {
      // *
      const count = Number(line);
      if (count < 0) return { value: null, next };
      const items: RespValue[] = [];
      let at = next;
      for (let i = 0; i < count; i++) {
        const item = parseReply(buffer, at);
        if (!item) return undefined;
        if (item.value instanceof RespError) return item;
        items.push(item.value);
        at = item.next;
      }
      return { value: items, next: at };
    }
    default:
      return {
        value: new RespError(`unexpected reply type ${String(buffer[offset])}`),
        next: buffer.length,
      };
  }
}
