/**
 * The synthetic transaction set the model is trained and evaluated on, generated from a seed.
 *
 * Accounts have a home country, a typical amount (log-normal), favourite merchants and a
 * channel mix. A few percent are compromised at a random moment and then see a burst of fraud:
 * larger amounts, often abroad, online, in risky categories, at new merchants. Legitimate
 * travel, large purchases and quiet fraud that looks normal keep the classes overlapping.
 */
import { extractFeatures, updateHistory, type AccountHistory, type Transaction } from "./features";
import { integer, mulberry32, normal, pick, type Random } from "./random";

/** Parameters of the data set. */
export interface SyntheticOptions {
  readonly seed: number;
  readonly accounts: number;
  readonly days: number;
}

/** A transaction with its label. */
export interface LabelledTransaction {
  readonly tx: Transaction;
  readonly fraud: 0 | 1;
}

const COUNTRIES = ["US", "GB", "DE", "FR", "JP", "SG", "AU", "CA", "BR", "NG", "RU", "IN"];
const SAFE_MCCS = ["5411", "5812", "5541", "5311", "4121", "5912", "5999", "4111"];
const RISKY = ["4829", "5967", "6051", "7995"];
const START = Date.UTC(2026, 0, 5);
const DAY = 86_400_000;

/** Generates the transactions of every account, in time order. */
export function generateTransactions(options: SyntheticOptions): LabelledTransaction[] {
  const random = mulberry32(options.seed);
  const all: LabelledTransaction[] = [];
  let id = 0;
  for (let a = 0; a < options.accounts; a++) {
    const account = `acct-${a}`;
    const home = pick(random, COUNTRIES.slice(0, 8));
    const typical = Math.exp(3.2 + 0.9 * normal(random));
    const favourites = Array.from(
      { length: integer(random, 3, 12) },
      () => `m-${integer(random, 0, 4999)}`,
    );
    const online = random() * 0.5;
    const count = integer(random, Math.floor(options.days / 2), options.days * 2);
    const compromisedAt = random() < 0.04 ? START + random() * options.days * DAY : Infinity;
    for (let i = 0; i < count; i++) {
      const ts = Math.floor(START + random() * options.days * DAY);
      const travel = random() < 0.03;
      const big = random() < 0.02;
      all.push({
        tx: {
          txId: `tx-${id++}`,
          account,
          amount: round(typical * Math.exp(0.5 * normal(random)) * (big ? 4 + random() * 6 : 1)),
          currency: "USD",
          merchant: random() < 0.8 ? pick(random, favourites) : `m-${integer(random, 0, 4999)}`,
          mcc: random() < 0.03 ? pick(random, RISKY) : pick(random, SAFE_MCCS),
          country: travel ? pick(random, COUNTRIES) : home,
          channel: random() < online ? "ecom" : random() < 0.1 ? "atm" : "pos",
          ts: dayTime(random, ts),
        },
        fraud: 0,
      });
    }
    if (Number.isFinite(compromisedAt)) {
      const burst = integer(random, 2, 6);
      const quiet = random() < 0.15;
      for (let i = 0; i < burst; i++) {
        const ts = Math.floor(compromisedAt + random() * 3_600_000 * (quiet ? 48 : 1));
        all.push({
          tx: {
            txId: `tx-${id++}`,
            account,
            amount: round(typical * (quiet ? Math.exp(0.5 * normal(random)) : 2 + random() * 10)),
            currency: "USD",
            merchant:
              quiet && random() < 0.5
                ? pick(random, favourites)
                : `m-${integer(random, 5000, 9999)}`,
            mcc: random() < (quiet ? 0.05 : 0.45) ? pick(random, RISKY) : pick(random, SAFE_MCCS),
            country: random() < (quiet ? 0.1 : 0.7) ? pick(random, COUNTRIES) : home,
            channel: random() < (quiet ? 0.4 : 0.85) ? "ecom" : "pos",
            ts,
          },
          fraud: 1,
        });
      }
    }
  }
  return all.sort((x, y) => x.tx.ts - y.tx.ts || x.tx.txId.localeCompare(y.tx.txId));
}

/** Legitimate spending happens mostly in the day: move most night-time draws into the day. */
function dayTime(random: Random, ts: number): number {
  const hour = new Date(ts).getUTCHours();
  return hour < 6 && random() < 0.85 ? ts + (8 + integer(random, 0, 10)) * 3_600_000 : ts;
}

function round(amount: number): number {
  return Math.max(1, Math.round(amount * 100) / 100);
}

/** A data set as features and labels, with the time that splits train from test. */
export interface Dataset {
  readonly x: Float64Array[];
  readonly y: (0 | 1)[];
  readonly ts: number[];
}

/** Replays the transactions through the serving feature code, account history and all. */
export function featurize(transactions: readonly LabelledTransaction[]): Dataset {
  const histories = new Map<string, AccountHistory>();
  const x: Float64Array[] = [];
  const y: (0 | 1)[] = [];
  const ts: number[] = [];
  for (const { tx, fraud } of transactions) {
    const history = histories.get(tx.account);
    x.push(extractFeatures(tx, history));
    y.push(fraud);
    ts.push(tx.ts);
    histories.set(tx.account, updateHistory(history, tx));
  }
  return { x, y, ts };
}

/** Splits by time: the first `trainFraction` of transactions train, the rest test. */
export function splitByTime(
  data: Dataset,
  trainFraction: number,
): { train: Dataset; test: Dataset } {
  const cut = Math.floor(data.x.length * trainFraction);
  const part = (from: number, to: number): Dataset => ({
    x: data.x.slice(from, to),
    y: data.y.slice(from, to),
    ts: data.ts.slice(from, to),
  });
  return { train: part(0, cut), test: part(cut, data.x.length) };
}
