/**
 * The exchange frame format: a MoldUDP64 packet carrying Nasdaq-ITCH-5.0-style messages, all
 * integers big-endian, prices as unsigned 32-bit integers with four implied decimals, symbols
 * as 8 ASCII bytes padded with spaces.
 *
 * ```
 * packet   session[10] seq:u64 count:u16 { length:u16 message[length] } * count
 * 'Q' 35 B  type locate:u16 tracking:u16 ts:u48 stock[8] bid:u32 bidSize:u32 ask:u32 askSize:u32
 *           (a quotation message as in Nasdaq Basic)
 * 'P' 44 B  type locate:u16 tracking:u16 ts:u48 orderRef:u64 side:'B'|'S' shares:u32 stock[8]
 *           price:u32 match:u64 (ITCH 5.0 "Trade (non-cross)")
 * 'S' 12 B  type locate:u16 tracking:u16 ts:u48 event:u8 (system event; carries no tick)
 * ```
 *
 * `ts` is nanoseconds since midnight, as in ITCH. Unknown message types are skipped by their
 * length prefix, as feed handlers must when an exchange adds a message type.
 *
 * Two parsers return identical results: {@link parseFrameDataView}, the straightforward
 * DataView baseline, and {@link parseFrame}, which reads bytes directly and interns symbols by
 * stock locate code (the benchmark's `normalize.ratio_vs_dataview`).
 */
import { BadInputError } from "../lib/errors";

/** Bytes before the first message block. */
export const HEADER_BYTES = 20;
/** Size of each known message type. */
export const MESSAGE_BYTES: Readonly<Record<string, number>> = { Q: 35, P: 44, S: 12 };
/**
 * A valid symbol: an upper-case ticker of up to 8 characters, as both feeds and orders take it.
 * In a frame it is left-justified in its 8 bytes and padded with spaces.
 */
export const SYMBOL_PATTERN = /^[A-Z][A-Z0-9.]{0,7}$/;

/** Largest frame accepted: a jumbo-frame UDP payload. */
export const MAX_FRAME_BYTES = 9000;

const Q = 0x51;
const P = 0x50;
const S = 0x53;

/** A best bid and offer update. */
export interface QuoteEvent {
  readonly type: "Q";
  readonly seq: number;
  readonly ts: number;
  readonly symbol: string;
  readonly bid: number;
  readonly bidSize: number;
  readonly ask: number;
  readonly askSize: number;
}

/** A trade print. */
export interface TradeEvent {
  readonly type: "P";
  readonly seq: number;
  readonly ts: number;
  readonly symbol: string;
  readonly side: "B" | "S";
  readonly price: number;
  readonly size: number;
  readonly match: number;
}

/** A market event carried by a frame. */
export type MarketEvent = QuoteEvent | TradeEvent;

/** A parsed frame. */
export interface Frame {
  readonly session: string;
  /** Sequence number of the first message. */
  readonly seq: number;
  /** Messages in the frame, including skipped ones (system events, unknown types). */
  readonly count: number;
  readonly events: MarketEvent[];
}

function truncated(at: string, bytes: Uint8Array, need: number): BadInputError {
  return new BadInputError(
    at,
    `is truncated: needs ${need} bytes but the frame has ${bytes.byteLength}`,
    bytes,
    "Send whole MoldUDP64 packets",
  );
}

function checkFrame(bytes: unknown): asserts bytes is Uint8Array {
  if (!(bytes instanceof Uint8Array)) {
    throw new BadInputError("frame", "must be binary", bytes, "Send the raw packet bytes");
  }
  if (bytes.byteLength > MAX_FRAME_BYTES) {
    throw new BadInputError(
      "frame",
      `must be at most ${MAX_FRAME_BYTES} bytes`,
      bytes,
      "Send one packet per record",
    );
  }
  if (bytes.byteLength < HEADER_BYTES) throw truncated("frame.header", bytes, HEADER_BYTES);
}

function checkTrailing(bytes: Uint8Array, offset: number): void {
  if (offset !== bytes.byteLength) {
    throw new BadInputError(
      "frame",
      `has ${bytes.byteLength - offset} bytes after its last message`,
      bytes,
      "Set the header's message count to the messages sent",
    );
  }
}

function badLength(index: number, type: number, length: number): BadInputError {
  return new BadInputError(
    `frame.messages[${index}].length`,
    `must be ${MESSAGE_BYTES[String.fromCharCode(type)]} for type "${String.fromCharCode(type)}"`,
    length,
    "Send messages of the documented layout",
  );
}

/**
 * The last message's sequence number must be exact in a double: below 2^53. A header beyond
 * 2^53 reads as an inexact double, still above the limit.
 */
function checkSeqRange(seq: number, count: number): void {
  if (seq > 2 ** 53 - count) {
    throw new BadInputError(
      "frame.header.seq",
      `must be at most ${2 ** 53 - count} for a frame of ${count} messages`,
      seq,
      "Start sessions at sequence 1 as MoldUDP64 does",
    );
  }
}

/** The symbol in 8 bytes at `at`, which must match {@link SYMBOL_PATTERN} padded with spaces. */
function symbolOf(bytes: Uint8Array, at: number, index: number): string {
  const raw = ascii(bytes, at, 8);
  const symbol = raw.trimEnd();
  if (!SYMBOL_PATTERN.test(symbol) || raw !== symbol.padEnd(8, " ")) {
    throw new BadInputError(
      `frame.messages[${index}].stock`,
      "must be an upper-case ticker padded with spaces",
      raw,
      "Send the symbol left-justified in its 8 bytes, padded with spaces",
    );
  }
  return symbol;
}

function badPrice(index: number, price: number): BadInputError {
  return new BadInputError(
    `frame.messages[${index}].price`,
    "must be greater than 0",
    price,
    "Send a positive price",
  );
}

/** The DataView baseline parser. */
export function parseFrameDataView(input: unknown): Frame {
  checkFrame(input);
  const bytes = input;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const session = ascii(bytes, 0, 10).trimEnd();
  const seq = Number(view.getBigUint64(10));
  const count = view.getUint16(18);
  checkSeqRange(seq, count);
  const events: MarketEvent[] = [];
  let offset = HEADER_BYTES;
  for (let i = 0; i < count; i++) {
    if (offset + 2 > bytes.byteLength) throw truncated(`frame.messages[${i}]`, bytes, offset + 2);
    const length = view.getUint16(offset);
    const start = offset + 2;
    if (start + length > bytes.byteLength) {
      throw truncated(`frame.messages[${i}]`, bytes, start + length);
    }
    const type = length > 0 ? view.getUint8(start) : 0;
    const ts = length >= 11 ? view.getUint16(start + 5) * 2 ** 32 + view.getUint32(start + 7) : 0;
    if (type === Q) {
      if (length !== 35) throw badLength(i, type, length);
      const bid = view.getUint32(start + 19) / 1e4;
      const ask = view.getUint32(start + 27) / 1e4;
      if (bid <= 0) throw badPrice(i, bid);
      if (ask <= 0) throw badPrice(i, ask);
      events.push({
        type: "Q",
        seq: seq + i,
        ts,
        symbol: symbolOf(bytes, start + 11, i),
        bid,
        bidSize: view.getUint32(start + 23),
        ask,
        askSize: view.getUint32(start + 31),
      });
    } else if (type === P) {
      if (length !== 44) throw badLength(i, type, length);
      const price = view.getUint32(start + 32) / 1e4;
      if (price <= 0) throw badPrice(i, price);
      events.push({
        type: "P",
        seq: seq + i,
        ts,
        symbol: symbolOf(bytes, start + 24, i),
        side: view.getUint8(start + 19) === 0x53 ? "S" : "B",
        price,
        size: view.getUint32(start + 20),
        match: Number(view.getBigUint64(start + 36)),
      });
    } else if (type === S && length !== 12) {
      throw badLength(i, type, length);
    }
    offset = start + length;
  }
  checkTrailing(bytes, offset);
  return { session, seq, count, events };
}

function ascii(bytes: Uint8Array, start: number, length: number): string {
  let text = "";
  for (let i = start; i < start + length; i++) text += String.fromCharCode(bytes[i]);
  return text;
}

interface Interned {
  hi: number;
  lo: number;
  symbol: string;
}

/**
 * Symbols by stock locate code. ITCH assigns each symbol one locate code per day, so a frame's
 * symbol is nearly always the one already seen; the cached entry is checked against the frame's
 * bytes so a reused or inconsistent code can never yield the wrong symbol.
 */
const interned: (Interned | undefined)[] = new Array<Interned | undefined>(65536);

/** The fast parser: direct byte reads, no DataView, no BigInt, symbols interned by locate. */
export function parseFrame(input: unknown): Frame {
  checkFrame(input);
  const b = input;
  const n = b.byteLength;
  const session = ascii(b, 0, 10).trimEnd();
  const seq = u32(b, 10) * 4294967296 + u32(b, 14);
  const count = b[18] * 256 + b[19];
  checkSeqRange(seq, count);
  const events: MarketEvent[] = [];
  let offset = HEADER_BYTES;
  for (let i = 0; i < count; i++) {
    if (offset + 2 > n) throw truncated(`frame.messages[${i}]`, b, offset + 2);
    const length = b[offset] * 256 + b[offset + 1];
    const s = offset + 2;
    if (s + length > n) throw truncated(`frame.messages[${i}]`, b, s + length);
    const type = length > 0 ? b[s] : 0;
    if (type === Q) {
      if (length !== 35) throw badLength(i, type, length);
      const bid = u32(b, s + 19) / 1e4;
      const ask = u32(b, s + 27) / 1e4;
      if (bid <= 0) throw badPrice(i, bid);
      if (ask <= 0) throw badPrice(i, ask);
      events.push({
        type: "Q",
        seq: seq + i,
        ts: ts48(b, s + 5),
        symbol: symbolAt(b, s + 1, s + 11, i),
        bid,
        bidSize: u32(b, s + 23),
        ask,
        askSize: u32(b, s + 31),
      });
    } else if (type === P) {
      if (length !== 44) throw badLength(i, type, length);
      const price = u32(b, s + 32) / 1e4;
      if (price <= 0) throw badPrice(i, price);
      events.push({
        type: "P",
        seq: seq + i,
        ts: ts48(b, s + 5),
        symbol: symbolAt(b, s + 1, s + 24, i),
        side: b[s + 19] === 0x53 ? "S" : "B",
        price,
        size: u32(b, s + 20),
        match: u32(b, s + 36) * 4294967296 + u32(b, s + 40),
      });
    } else if (type === S && length !== 12) {
      throw badLength(i, type, length);
    }
    offset = s + length;
  }
  checkTrailing(b, offset);
  return { session, seq, count, events };
}

function u32(b: Uint8Array, o: number): number {
  return ((b[o] << 24) | (b[o + 1] << 16) | (b[o + 2] << 8) | b[o + 3]) >>> 0;
}

function ts48(b: Uint8Array, o: number): number {
  return (b[o] * 256 + b[o + 1]) * 4294967296 + u32(b, o + 2);
}

function symbolAt(b: Uint8Array, locateAt: number, at: number, index: number): string {
  const locate = b[locateAt] * 256 + b[locateAt + 1];
  const hi = u32(b, at);
  const lo = u32(b, at + 4);
  const hit = interned[locate];
  if (hit !== undefined && hit.hi === hi && hit.lo === lo) return hit.symbol;
  // Validated on a miss only: a hit matched bytes that were validated when interned.
  const symbol = symbolOf(b, at, index);
  interned[locate] = { hi, lo, symbol };
  return symbol;
}
