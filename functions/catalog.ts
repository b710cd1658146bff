/**
 * The workloads' functions: what each one is, how it is triggered and whether it is
 * latency-critical. Components deploy one function per entry and site; the bundler builds one
 * package per entry and cloud; the benchmarks name their metrics after `name`.
 */
import type { WorkloadKind } from "../model/types";

/** How a function is invoked. */
export type Trigger = "http" | "stream" | "queue";

/** One deployable function. */
export interface FunctionSpec {
  /** Short kebab-case name, unique across workloads; used in resource names and metric names. */
  readonly name: string;
  readonly workload: WorkloadKind;
  readonly trigger: Trigger;
  /** Latency-critical functions get warm capacity and the `latency-class: critical` tag. */
  readonly latencyCritical: boolean;
  /** One sentence for docs and resource descriptions. */
  readonly description: string;
}

/** Every function of the built-in workloads. */
export const FUNCTIONS: readonly FunctionSpec[] = [
  {
    name: "normalize",
    workload: "trading",
    trigger: "stream",
    latencyCritical: true,
    description:
      "Normalises market-data frames and JSON feed ticks into msgpack ticks, and signals orders from book imbalance.",
  },
  {
    name: "order",
    workload: "trading",
    trigger: "http",
    latencyCritical: true,
    description: "Validates an order, runs pre-trade risk checks and executes it exactly once.",
  },
  {
    name: "fraud-score",
    workload: "fraud",
    trigger: "http",
    latencyCritical: true,
    description:
      "Scores a card or payment transaction for fraud and returns a decision with reasons.",
  },
  {
    name: "portfolio-value",
    workload: "portfolio",
    trigger: "stream",
    latencyCritical: true,
    description:
      "Marks positions to market on every price update and revalues portfolios on demand.",
  },
];

/** The functions of one workload. */
export function functionsOf(workload: WorkloadKind): FunctionSpec[] {
  return FUNCTIONS.filter((f) => f.workload === workload);
}
