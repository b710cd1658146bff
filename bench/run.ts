/**
 * The benchmarks (`npm run bench -- --json FILE`): bundle sizes, import and cold-start times of
 * the bundles, and the workloads' throughput and latency. Writes
 * `{ "node": "v..", "metrics": { NAME: { "value": n, "unit": "..." } } }` and prints a table.
 *
 * `--quick` runs every measurement with tiny iteration counts (the specs use it): the numbers
 * are then meaningless but the shape and the names are the real ones. `--skip-check` leaves out
 * the offline check's benchmark (bench/check.ts), which runs every stack and pack.
 */
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { parseArgs } from "node:util";
import { FUNCTIONS } from "../functions/catalog";
import { BUNDLE_CLOUDS, bundleFunction } from "../functions/build";
import {
  buildUnbundled,
  coldStartRatio,
  coldStartUnbundled,
  emptyModule,
  importMs,
} from "./process";
import { benchPersistedUpdate } from "./portfolio-store";
import { benchRuntimeApi } from "./runtime-api";
import { SIGNAL_CLOUDS, benchSignalOrder } from "./signal-order";
import { round } from "./stats";
import {
  FULL,
  QUICK,
  SYMBOLS,
  benchCodec,
  benchFraud,
  benchNormalize,
  benchOrder,
  benchPortfolio,
  quietLogs,
} from "./workloads";

/** One metric. */
export interface Metric {
  readonly value: number;
  readonly unit: string;
}

/** The JSON document the benchmarks write. */
export interface BenchReport {
  readonly node: string;
  readonly metrics: Record<string, Metric>;
}

/** Options of {@link runBenchmarks}. */
export interface BenchOptions {
  /** Tiny iteration counts. @default false */
  readonly quick?: boolean;
  /** Where bundles are built. @default .bench/bundles */
  readonly outDir?: string;
  /** Whether to run the offline check's benchmark (bench/check.ts). @default true */
  readonly check?: boolean;
  /** Progress lines. @default silent */
  readonly progress?: (line: string) => void;
}

/** Runs every benchmark and returns the report. */
export async function runBenchmarks(options: BenchOptions = {}): Promise<BenchReport> {
  const sizes = options.quick ? QUICK : FULL;
  const runs = options.quick ? 1 : 5;
  const say = options.progress ?? (() => undefined);
  const outDir = options.outDir ?? path.join(__dirname, "..", ".bench", "bundles");
  const metrics: Record<string, Metric> = {};
  const put = (name: string, value: number, unit: string): void => {
    metrics[name] = { value: round(value), unit };
  };

  say("bundles");
  const awsBundles: string[] = [];
  for (const f of FUNCTIONS) {
    for (const cloud of BUNDLE_CLOUDS) {
      const b = bundleFunction(f.name, cloud, path.join(outDir, cloud, f.name));
      // The unqualified name is the Lambda bundle; the other clouds' sizes are reported beside it.
      put(
        cloud === "aws" ? `bundle.${f.name}.bytes` : `bundle.${f.name}.${cloud}.bytes`,
        b.bytes,
        "bytes",
      );
      if (cloud === "aws") awsBundles.push(path.join(b.dir, b.entry));
    }
  }
  say("init");
  FUNCTIONS.forEach((f, i) => put(`init.${f.name}.ms`, importMs(awsBundles[i], runs), "ms"));
  // The same measurement of a module that does nothing: what any handler's import costs.
  put("init.empty_module.ms", importMs(emptyModule(path.join(outDir, "empty")), runs), "ms");
  say("cold start");
  const cold = coldStartRatio(awsBundles, options.quick ? 1 : 7);
  put("coldstart.ratio_vs_node_empty", cold.ratio, "ratio");
  put("coldstart.node_empty.ms", cold.emptyMs, "ms");
  put("coldstart.bundle.ms", cold.bundleMs, "ms");
  const orderBundle = awsBundles[FUNCTIONS.findIndex((f) => f.name === "order")];
  const unbundled = coldStartUnbundled(
    orderBundle,
    buildUnbundled("order", path.join(outDir, "..", "unbundled", "aws", "order")),
    options.quick ? 1 : 7,
  );
  put("coldstart.unbundled_ratio_vs_bundle", unbundled.ratio, "ratio");
  put("coldstart.order_bundle.ms", unbundled.bundleMs, "ms");
  put("coldstart.order_unbundled.ms", unbundled.unbundledMs, "ms");

  const restore = quietLogs();
  try {
    say("normalize");
    const normalize = await benchNormalize(sizes);
    put("normalize.msgs_per_sec", normalize.msgsPerSec, "msgs/s");
    put("normalize.msgs_per_cpu_sec", normalize.msgsPerCpuSec, "msgs/s");
    put("normalize.ratio_vs_dataview", normalize.ratioVsDataView, "ratio");
    say("order");
    const order = await benchOrder(sizes);
    put("order.p50_us", order.p50, "us");
    put("order.p99_us", order.p99, "us");
    put("order.p999_us", order.p999, "us");
    put("order.samples", order.samples, "samples");
    put("order.over_20us", order.over20, "samples");
    put("order.floor_p999_us", order.floorP999, "us");
    put("order.floor_over_20us", order.floorOver20, "samples");
    say("order via runtime API");
    const runtime = await benchRuntimeApi(orderBundle, SYMBOLS, sizes.runtimeInvocations);
    put("order.runtime_api_p50_us", runtime.p50, "us");
    put("order.runtime_api_p999_us", runtime.p999, "us");
    put("order.runtime_api_samples", runtime.samples, "samples");
    put("loopback.p50_us", runtime.loopbackP50, "us");
    put("loopback.samples", runtime.loopbackSamples, "samples");
    // One invocation costs two round trips (next, response) plus the handler; above 1, the
    // rest is the runtime API's own work (event and result JSON, headers, the ALB mapping).
    put(
      "order.runtime_api_overhead_ratio",
      runtime.p50 / (2 * runtime.loopbackP50 + order.p50),
      "ratio",
    );
    say("signal to order through each cloud's adapter");
    const signals = await benchSignalOrder(sizes.orders);
    for (const cloud of SIGNAL_CLOUDS) {
      put(`signal_order.${cloud}.p50_us`, signals[cloud].p50, "us");
      put(`signal_order.${cloud}.p99_us`, signals[cloud].p99, "us");
    }
    put("signal_order.samples", signals.aws.samples, "samples");
    say("fraud");
    const fraud = await benchFraud(sizes);
    put("fraud.p50_us", fraud.p50, "us");
    put("fraud.p99_us", fraud.p99, "us");
    put("fraud.samples", fraud.samples, "samples");
    say("portfolio");
    const portfolio = benchPortfolio(sizes);
    put("portfolio.10k_positions_ms", portfolio.fullMs, "ms");
    put("portfolio.10k_positions_new_time_ms", portfolio.fullNewTimeMs, "ms");
    put("portfolio.1k_options_ms", portfolio.oneThousandOptionsMs, "ms");
    put("portfolio.price_update_us", portfolio.priceUpdateUs, "us");
    const persisted = await benchPersistedUpdate(options.quick ? 20 : 2000);
    put("portfolio.persisted_update_us", persisted.p50, "us");
    put("portfolio.persisted_update_p99_us", persisted.p99, "us");
    put("portfolio.persisted_update_samples", persisted.samples, "samples");
    say("codec");
    const codec = benchCodec(sizes);
    put("codec.decode_ratio_vs_json", codec.ratio, "ratio");
    put("codec.encode_ratio_vs_json", codec.encodeRatio, "ratio");
    put("codec.tick_bytes", codec.tickBytes, "bytes");
    put("codec.tick_json_bytes", codec.tickJsonBytes, "bytes");
    put("codec.order_bytes", codec.orderBytes, "bytes");
    put("codec.order_json_bytes", codec.orderJsonBytes, "bytes");
  } finally {
    restore();
  }

  if (options.check !== false) {
    say("check");
    const check = await checkMetrics(path.join(__dirname, "check.ts"), options.quick === true);
    for (const [name, metric] of Object.entries(check)) put(name, metric.value, metric.unit);
  }
  return { node: process.version, metrics };
}

/** The metrics of a benchmark module exporting `bench()` (bench/check.ts), if the file exists. */
export async function checkMetrics(file: string, quick = false): Promise<Record<string, Metric>> {
  if (!existsSync(file)) return {};
  // require, not import(): both tsx and mocha's tsx/cjs hook compile TypeScript for require.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const mod = require(file) as {
    bench?: (options: { quick: boolean }) => Promise<Record<string, Metric>>;
  };
  const bench = mod.bench;
  return bench ? await bench({ quick }) : {};
}

/** Renders the report as an aligned table. */
export function table(report: BenchReport): string {
  const rows = Object.entries(report.metrics);
  const width = Math.max(...rows.map(([name]) => name.length));
  return [
    `node ${report.node}`,
    ...rows.map(([name, m]) => `${name.padEnd(width)}  ${String(m.value).padStart(12)} ${m.unit}`),
  ].join("\n");
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      json: { type: "string" },
      quick: { type: "boolean", default: false },
      "skip-check": { type: "boolean", default: false },
    },
    allowPositionals: false,
  });
  const report = await runBenchmarks({
    quick: values.quick,
    check: !values["skip-check"],
    progress: (line) => process.stderr.write(`bench: ${line}\n`),
  });
  console.log(table(report));
  if (values.json) {
    mkdirSync(path.dirname(path.resolve(values.json)), { recursive: true });
    writeFileSync(values.json, `${JSON.stringify(report, null, 2)}\n`);
  }
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exitCode = 1;
  });
}
