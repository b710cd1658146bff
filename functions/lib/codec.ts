/**
 * The wire format between functions: msgpack (msgpackr) with records. Messages of the shapes
 * below travel as shared "structures": both ends know the key list, so a tick is its values
 * and a one-byte structure id, with no key names on the wire and no per-message schema. Any
 * other shape still round-trips: msgpackr embeds its record definition in the message.
 *
 * A structure matches an object only when its keys come in this exact order, so producers build
 * messages with these literal key orders.
 */
import { Packr } from "msgpackr";
import { BadInputError, PayloadTooLargeError } from "./errors";

/**
 * Key lists of the shared message shapes. Append only: a structure's position is its id on the
 * wire, so reordering would make old producers and new consumers disagree.
 */
export const SHARED_STRUCTURES: readonly (readonly string[])[] = [
  // trading: normalised tick (functions/trading/normalize.ts)
  ["venue", "symbol", "seq", "ts", "bid", "bidSize", "ask", "askSize", "last", "lastSize"],
  // trading: order (functions/trading/order.ts)
  ["orderId", "account", "symbol", "side", "type", "quantity", "limitPrice", "venue"],
  // trading: confirmation (functions/trading/execute.ts)
  ["orderId", "status", "venue", "venueOrderId", "filledQuantity", "avgPrice", "ts", "reason"],
  // fraud: transaction (functions/fraud/features.ts)
  ["txId", "account", "amount", "currency", "merchant", "mcc", "country", "channel", "ts"],
  // portfolio: price update (functions/portfolio/book.ts)
  ["kind", "symbol", "price", "ts"],
  // portfolio: position event (functions/portfolio/book.ts)
  ["kind", "portfolio", "eventId", "symbol", "quantityDelta", "price", "ts"],
];

/** Largest message a function decodes; anything bigger is rejected before decoding. */
export const MAX_MESSAGE_BYTES = 256 * 1024;

function newPackr(structures: string[][] = SHARED_STRUCTURES.map((keys) => [...keys])): Packr {
  // A fresh copy per Packr: msgpackr records structure state on the array it is given.
  return new Packr({
    structures,
    maxSharedStructures: structures.length,
    useRecords: true,
    moreTypes: false,
    mapsAsObjects: true,
  });
}

/** The module packr's structure list: msgpackr reads and writes this very array. */
const structures: object[] = SHARED_STRUCTURES.map((keys) => [...keys]);
const packr = newPackr(structures as string[][]);
/** The shared structures as the packr holds them, to put back after every decode. */
const shared = structures.slice();

/**
 * Drops every record structure a decoded message defined and puts back any shared one it
 * redefined. msgpackr keeps a structure defined in one message for the next, so without this
 * one client's message would shape how another's is read.
 */
function forgetStructures(): void {
  if (structures.length !== shared.length) structures.length = shared.length;
  for (let i = 0; i < shared.length; i++)
    if (structures[i] !== shared[i]) structures[i] = shared[i];
}

/** Encodes a message; the result is an independent copy safe to keep. */
export function encode(message: unknown): Uint8Array {
  return Uint8Array.from(packr.pack(message));
}

/**
 * Decodes one message, rejecting oversized, empty, truncated or trailing-garbage input with a
 * {@link BadInputError}.
 */
export function decode(bytes: Uint8Array, path = "message"): unknown {
  if (!(bytes instanceof Uint8Array)) {
    throw new BadInputError(path, "must be binary", bytes, "Send one msgpack-encoded message");
  }
  if (bytes.byteLength > MAX_MESSAGE_BYTES) {
    throw new PayloadTooLargeError(path, bytes.byteLength, MAX_MESSAGE_BYTES);
  }
  if (bytes.byteLength === 0) {
    throw new BadInputError(path, "must not be empty", bytes, "Send one msgpack-encoded message");
  }
  try {
    // unpackMultiple would accept several concatenated values; one message is one value.
    const values = packr.unpackMultiple(bytes);
    if (values === undefined || values.length !== 1) {
      throw new Error("not exactly one value");
    }
    return values[0];
  } catch {
    throw new BadInputError(
      path,
      "is not valid msgpack",
      bytes,
      "Send one msgpack-encoded message",
    );
  } finally {
    forgetStructures();
  }
}

/** A packer/unpacker independent of the module's own, for benchmarks and decoder tests. */
export function createCodec(): { encode(m: unknown): Uint8Array; decode(b: Uint8Array): unknown } {
  const own = newPackr();
  return { encode: (m) => Uint8Array.from(own.pack(m)), decode: (b) => own.unpack(b) as unknown };
}
