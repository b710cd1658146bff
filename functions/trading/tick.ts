/**
 * The tick every trading module passes around. It has a file of its own because the normaliser
 * imports the modules that read ticks (books, indicators, signals, the JSON feed, the codec).
 */

/** A normalised tick (the codec's shared "tick" structure: keep the key order). */
export interface Tick {
  readonly venue: string;
  readonly symbol: string;
  readonly seq: number;
  readonly ts: number;
  readonly bid: number | null;
  readonly bidSize: number | null;
  readonly ask: number | null;
  readonly askSize: number | null;
  readonly last: number | null;
  readonly lastSize: number | null;
}
