/**
 * A dedicated msgpack encoder for tick batches, the normalisation hot path's output. It writes
 * the bytes msgpackr writes for the same array (the codec's shared "tick" structure as a
 * one-byte record id, then the ten values), straight into a shared slab, without msgpackr's
 * per-value type dispatch, structure look-up by key walk and copy of its own buffer.
 *
 * Only the values ticks carry take the fast path: numbers, null, and ASCII strings of fewer
 * than 32 characters (every venue code and ticker). Anything else makes {@link encodeTicks}
 * return undefined, and the caller encodes the batch with the general codec instead, so the
 * wire format never depends on which encoder ran.
 */
import { SHARED_STRUCTURES } from "../lib/codec";
import type { Tick } from "./tick";

/** The record id msgpackr gives the first shared structure (the tick): 0x40 + its position. */
const TICK_RECORD = 0x40 + SHARED_STRUCTURES.findIndex((keys) => keys[0] === "venue");

/** Largest encoding of one tick: record id, two 32-character strings, eight float64s. */
const MAX_TICK_BYTES = 1 + 2 * 33 + 8 * 9;

/**
 * Batches are written one after another into a slab and handed out as views of it, so a batch
 * costs no buffer allocation and no copy: a fresh ArrayBuffer per batch (what copying the
 * encoder's output takes) costs more than encoding twenty ticks. A batch never shares bytes with
 * another; a slab stays alive while any batch in it does.
 */
const SLAB_BYTES = 256 * 1024;
// The first slab is taken by the first batch, not at import, which stays off the cold start.
let slab: Uint8Array = new Uint8Array(0);
let view = new DataView(slab.buffer);
let used = 0;

/**
 * Encodes `ticks` as msgpackr encodes the same array with the shared structures; undefined when
 * a value is outside the fast path (see the module comment). Each tick must have exactly the
 * {@link Tick} keys in that order, as the normalisers build them: that is what makes msgpackr
 * pick the shared structure. The result is never written again and is safe to keep.
 */
export function encodeTicks(ticks: readonly Tick[]): Uint8Array | undefined {
  const n = ticks.length;
  const need = 5 + n * MAX_TICK_BYTES;
  if (used + need > slab.byteLength) {
    slab = newSlab(Math.max(SLAB_BYTES, need));
    view = new DataView(slab.buffer, slab.byteOffset, slab.byteLength);
    used = 0;
  }
  const b = slab;
  const start = used;
  let p = arrayHeader(b, start, n);
  for (let i = 0; i < n; i++) {
    const t = ticks[i];
    if (!numeric(t)) return undefined;
    b[p++] = TICK_RECORD;
    p = asciiString(b, p, t.venue);
    if (p < 0) return undefined;
    p = asciiString(b, p, t.symbol);
    if (p < 0) return undefined;
    p = number(b, p, t.seq);
    p = number(b, p, t.ts);
    p = nullable(b, p, t.bid);
    p = nullable(b, p, t.bidSize);
    p = nullable(b, p, t.ask);
    p = nullable(b, p, t.askSize);
    p = nullable(b, p, t.last);
    p = nullable(b, p, t.lastSize);
  }
  // Claimed only on success: a batch abandoned half-way leaves its bytes to the next one.
  used = p;
  return b.subarray(start, p);
}

/**
 * Uninitialised memory: every byte handed out is written first, and zeroing a slab sized for
 * the worst case costs more than encoding into it.
 */
function newSlab(bytes: number): Uint8Array {
  const memory = Buffer.allocUnsafeSlow(bytes);
  return new Uint8Array(memory.buffer, memory.byteOffset, bytes);
}

function numeric(t: Tick): boolean {
  return (
    typeof t.seq === "number" &&
    typeof t.ts === "number" &&
    (t.bid === null || typeof t.bid === "number") &&
    (t.bidSize === null || typeof t.bidSize === "number") &&
    (t.ask === null || typeof t.ask === "number") &&
    (t.askSize === null || typeof t.askSize === "number") &&
    (t.last === null || typeof t.last === "number") &&
    (t.lastSize === null || typeof t.lastSize === "number")
  );
}

function arrayHeader(b: Uint8Array, p: number, n: number): number {
  if (n < 16) {
    b[p] = 0x90 | n;
    return p + 1;
  }
  if (n < 0x10000) {
    b[p] = 0xdc;
    b[p + 1] = n >> 8;
    b[p + 2] = n & 0xff;
    return p + 3;
  }
  b[p] = 0xdd;
  view.setUint32(p + 1, n);
  return p + 5;
}

/** A fixstr, or -1 when the string is not ASCII or has 32 characters or more. */
function asciiString(b: Uint8Array, p: number, s: unknown): number {
  if (typeof s !== "string") return -1;
  const n = s.length;
  if (n >= 32) return -1;
  b[p] = 0xa0 | n;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0x80) return -1;
    b[p + 1 + i] = c;
  }
  return p + 1 + n;
}

function nullable(b: Uint8Array, p: number, v: number | null): number {
  if (v === null) {
    b[p] = 0xc0;
    return p + 1;
  }
  return number(b, p, v);
}

/**
 * msgpackr's number rule with records on and float32 off: unsigned 32-bit integers in the
 * smallest form (fixints only below 0x40, whose next 64 values are record ids), negative 32-bit
 * integers likewise, every other number as a float64.
 */
function number(b: Uint8Array, p: number, v: number): number {
  if (v >>> 0 === v) {
    if (v < 0x40) {
      b[p] = v;
      return p + 1;
    }
    if (v < 0x100) {
      b[p] = 0xcc;
      b[p + 1] = v;
      return p + 2;
    }
    if (v < 0x10000) {
      b[p] = 0xcd;
      b[p + 1] = v >> 8;
      b[p + 2] = v & 0xff;
      return p + 3;
    }
    b[p] = 0xce;
    view.setUint32(p + 1, v);
    return p + 5;
  }
  if (v >> 0 === v) {
    if (v >= -0x20) {
      b[p] = 0x100 + v;
      return p + 1;
    }
    if (v >= -0x80) {
      b[p] = 0xd0;
      b[p + 1] = v + 0x100;
      return p + 2;
    }
    if (v >= -0x8000) {
      b[p] = 0xd1;
      view.setInt16(p + 1, v);
      return p + 3;
    }
    b[p] = 0xd2;
    view.setInt32(p + 1, v);
    return p + 5;
  }
  b[p] = 0xcb;
  view.setFloat64(p + 1, v);
  return p + 9;
}
