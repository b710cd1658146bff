/**
 * Order-book maintenance: the best bid and offer of every symbol, with spread, mid and
 * imbalance, kept from normalised ticks.
 *
 * The feeds (`frame.ts`, `json-feed.ts`) carry quotation and trade messages, not order-level
 * add/cancel/execute messages, so the book is the top of book each quote restates in full;
 * there are no deeper price levels to maintain. One mutable record per venue and symbol is
 * updated in place, so an update allocates nothing once a symbol has been seen: this runs for
 * every tick on the normalisation hot path.
 */
import type { Tick } from "./tick";

/** The top of book of one symbol at one venue (updated in place; copy it to keep a snapshot). */
export interface TopOfBook {
  readonly venue: string;
  readonly symbol: string;
  /** Sequence number and timestamp of the last tick applied. */
  seq: number;
  ts: number;
  /** Best bid and offer; 0 with size 0 until the first quote. */
  bid: number;
  bidSize: number;
  ask: number;
  askSize: number;
  /** `ask - bid`, or NaN until both sides have a price. */
  spread: number;
  /** `(bid + ask) / 2`, or NaN until both sides have a price. */
  mid: number;
  /**
   * `(bidSize - askSize) / (bidSize + askSize)`, in [-1, 1]: positive when buyers queue more
   * shares at the touch than sellers; 0 when both sides are empty.
   */
  imbalance: number;
  /** Last trade price and size; 0 until the first trade. */
  last: number;
  lastSize: number;
  /** Whether the last tick was a trade (its `last` and `lastSize` are new). */
  traded: boolean;
}

/** Imbalance of two queue sizes, in [-1, 1]; 0 when both are empty. */
export function imbalanceOf(bidSize: number, askSize: number): number {
  const total = bidSize + askSize;
  return total > 0 ? (bidSize - askSize) / total : 0;
}

/** Applies one tick to the book of its venue and symbol, in place. */
export function applyTick(book: TopOfBook, tick: Tick): void {
  book.seq = tick.seq;
  book.ts = tick.ts;
  if (tick.bid !== null && tick.ask !== null) {
    book.bid = tick.bid;
    book.bidSize = tick.bidSize ?? 0;
    book.ask = tick.ask;
    book.askSize = tick.askSize ?? 0;
    book.spread = tick.ask - tick.bid;
    book.mid = (tick.bid + tick.ask) / 2;
    book.imbalance = imbalanceOf(book.bidSize, book.askSize);
  }
  book.traded = tick.last !== null;
  if (tick.last !== null) {
    book.last = tick.last;
    book.lastSize = tick.lastSize ?? 0;
  }
}

/** Top of book per venue and symbol. */
export class OrderBooks {
  private readonly venues = new Map<string, Map<string, TopOfBook>>();
  private lastVenue: string | undefined;
  private lastBooks: Map<string, TopOfBook> | undefined;

  /** Applies one tick and returns the symbol's book, updated in place. */
  apply(tick: Tick): TopOfBook {
    const book = this.bookFor(tick.venue, tick.symbol);
    applyTick(book, tick);
    return book;
  }

  /** The book of a symbol, or undefined before its first tick. */
  get(venue: string, symbol: string): TopOfBook | undefined {
    return this.venues.get(venue)?.get(symbol);
  }

  /** Number of books held (tests assert rejected input leaves it unchanged). */
  get size(): number {
    let n = 0;
    for (const books of this.venues.values()) n += books.size;
    return n;
  }

  /** The book of a symbol, created empty on its first tick. */
  bookFor(venue: string, symbol: string): TopOfBook {
    // An instance normalises one venue's feed, so the venue's map is nearly always the last one.
    let books = venue === this.lastVenue ? this.lastBooks : this.venues.get(venue);
    if (books === undefined) {
      books = new Map();
      this.venues.set(venue, books);
    }
    this.lastVenue = venue;
    this.lastBooks = books;
    let book = books.get(symbol);
    if (book === undefined) {
      book = {
        venue,
        symbol,
        seq: 0,
        ts: 0,
        bid: 0,
        bidSize: 0,
        ask: 0,
        askSize: 0,
        spread: NaN,
        mid: NaN,
        imbalance: 0,
        last: 0,
        lastSize: 0,
        traded: false,
      };
      books.set(symbol, book);
    }
    return book;
  }
}
