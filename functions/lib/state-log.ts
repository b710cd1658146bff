/**
 * The line a `portfolio-value` or `fraud-score` instance logs once when it loads: where the
 * workload's state lives. Without a store it is a warning naming the settings that give it one:
 * portfolio state in instance memory is lost when the instance recycles, and fraud histories
 * then live only as long as the shared cache and the instance keep them.
 */
import { log } from "./log";

/** The workloads whose functions keep state. */
export type StateWorkload = "portfolio" | "fraud";

/** The stores a workload's state can live in. */
export type StateStoreKind = "dynamodb" | "cosmos" | "spanner";

/** What each workload keeps, as the subject of the message. */
const WHAT: Readonly<Record<StateWorkload, string>> = {
  portfolio: "portfolio state is",
  fraud: "account histories are",
};

/** Where state lives when there is no store, and what that costs. */
const WITHOUT: Readonly<Record<StateWorkload, string>> = {
  portfolio: "instance memory: lost when the instance recycles",
  fraud: "the shared cache and instance memory only: lost when both let them go",
};

const STORE_NAMES: Readonly<Record<StateStoreKind, string>> = {
  dynamodb: "DynamoDB",
  cosmos: "Cosmos DB",
  spanner: "Spanner",
};

/**
 * Logs where `workload` keeps its state: in the store of `kind` named `name`, or, when `store` is
 * undefined, a warning with the `settings` that would give it one.
 */
export function logStateStore(
  workload: StateWorkload,
  store: { readonly kind: StateStoreKind; readonly name: string } | undefined,
  settings: string,
): void {
  if (store === undefined) {
    log("WARNING", `${WHAT[workload]} kept in ${WITHOUT[workload]}`, {
      store: "memory",
      fix: `set ${settings}`,
    });
    return;
  }
  log("INFO", `${WHAT[workload]} kept in ${STORE_NAMES[store.kind]}`, {
    store: store.kind,
    name: store.name,
  });
}
