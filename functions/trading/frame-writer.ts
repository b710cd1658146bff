/**
 * Writes frames in the format `frame.ts` parses: the simulated exchange feed of the tests, the
 * benchmarks and local replay tools.
 */
import { HEADER_BYTES, MESSAGE_BYTES, type QuoteEvent, type TradeEvent } from "./frame";

/** A message to write: a market event without its sequence number, or a system event. */
export type FrameMessage =
  | (Omit<QuoteEvent, "seq"> & { readonly locate: number })
  | (Omit<TradeEvent, "seq"> & { readonly locate: number })
  | { readonly type: "S"; readonly ts: number; readonly event: string };

/** Encodes one packet. */
export function writeFrame(
  session: string,
  seq: number,
  messages: readonly FrameMessage[],
): Uint8Array {
  const size = HEADER_BYTES + messages.reduce((sum, m) => sum + 2 + MESSAGE_BYTES[m.type], 0);
  const bytes = new Uint8Array(size);
  const view = new DataView(bytes.buffer);
  writeAscii(bytes, 0, session, 10);
  view.setBigUint64(10, BigInt(seq));
  view.setUint16(18, messages.length);
  let offset = HEADER_BYTES;
  for (const m of messages) {
    const length = MESSAGE_BYTES[m.type];
    view.setUint16(offset, length);
    const s = offset + 2;
    bytes[s] = m.type.charCodeAt(0);
    view.setUint16(s + 1, m.type === "S" ? 0 : m.locate);
    view.setUint16(s + 3, 0);
    view.setUint16(s + 5, Math.floor(m.ts / 2 ** 32));
    view.setUint32(s + 7, m.ts % 2 ** 32);
    if (m.type === "Q") {
      writeAscii(bytes, s + 11, m.symbol, 8);
      view.setUint32(s + 19, Math.round(m.bid * 1e4));
      view.setUint32(s + 23, m.bidSize);
      view.setUint32(s + 27, Math.round(m.ask * 1e4));
      view.setUint32(s + 31, m.askSize);
    } else if (m.type === "P") {
      view.setBigUint64(s + 11, BigInt(m.match));
      bytes[s + 19] = m.side.charCodeAt(0);
      view.setUint32(s + 20, m.size);
      writeAscii(bytes, s + 24, m.symbol, 8);
      view.setUint32(s + 32, Math.round(m.price * 1e4));
      view.setBigUint64(s + 36, BigInt(m.match));
    } else {
      bytes[s + 11] = m.event.charCodeAt(0);
    }
    offset = s + length;
  }
  return bytes;
}

function writeAscii(bytes: Uint8Array, at: number, text: string, width: number): void {
  for (let i = 0; i < width; i++)
    bytes[at + i] = i < text.length ? text.charCodeAt(i) & 0x7f : 0x20;
}
