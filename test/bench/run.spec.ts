import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { checkMetrics, table, type BenchReport } from "../../bench/run";

const ROOT = path.join(__dirname, "..", "..");

/** The metric names DESIGN.md §8 fixes. */
const REQUIRED = [
  "bundle.normalize.bytes",
  "bundle.order.bytes",
  "bundle.fraud-score.bytes",
  "bundle.portfolio-value.bytes",
  "init.normalize.ms",
  "init.order.ms",
  "init.fraud-score.ms",
  "init.portfolio-value.ms",
  "coldstart.ratio_vs_node_empty",
  "normalize.msgs_per_sec",
  "normalize.ratio_vs_dataview",
  "order.p50_us",
  "order.p999_us",
  "fraud.p99_us",
  "portfolio.10k_positions_ms",
  "codec.decode_ratio_vs_json",
  "check.ms_per_resource",
  "check.single_stack_ms",
  "check.sdk_load_ms",
  "check.single_stack_ratio_vs_sdk_load",
];

/** The metrics added beside the contract ones, with their units. */
const ADDED: Record<string, string> = {
  "coldstart.unbundled_ratio_vs_bundle": "ratio",
  "coldstart.order_bundle.ms": "ms",
  "coldstart.order_unbundled.ms": "ms",
  "order.p99_us": "us",
  "order.samples": "samples",
  "order.floor_p999_us": "us",
  "order.runtime_api_p50_us": "us",
  "order.runtime_api_p999_us": "us",
  "order.runtime_api_samples": "samples",
  "order.runtime_api_overhead_ratio": "ratio",
  "loopback.p50_us": "us",
  "loopback.samples": "samples",
  "fraud.p50_us": "us",
  "fraud.samples": "samples",
  "portfolio.1k_options_ms": "ms",
  "portfolio.10k_positions_new_time_ms": "ms",
  "portfolio.persisted_update_us": "us",
  "portfolio.persisted_update_p99_us": "us",
  "portfolio.persisted_update_samples": "samples",
  "init.empty_module.ms": "ms",
  "normalize.msgs_per_cpu_sec": "msgs/s",
  "codec.encode_ratio_vs_json": "ratio",
  "codec.tick_bytes": "bytes",
  "codec.tick_json_bytes": "bytes",
  "codec.order_bytes": "bytes",
  "codec.order_json_bytes": "bytes",
  "signal_order.aws.p50_us": "us",
  "signal_order.aws.p99_us": "us",
  "signal_order.azure.p50_us": "us",
  "signal_order.azure.p99_us": "us",
  "signal_order.gcp.p50_us": "us",
  "signal_order.gcp.p99_us": "us",
  "signal_order.samples": "samples",
  "check.ms_per_resource_large": "ms",
  "check.large_ratio_vs_reference": "ratio",
  "check.large_resources": "count",
  "check.large_stacks": "count",
  "check.single_stack_global_run_ms": "ms",
  "check.single_stack_global_run_ratio_vs_sdk_load": "ratio",
};

/** Counts of slow order samples: whole numbers from 0 (a quiet run) to the sample count. */
const SLOW_COUNTS = ["order.over_20us", "order.floor_over_20us"];

describe("bench/run", () => {
  it("writes { node, metrics } with every contract metric name (quick mode)", function () {
    this.timeout(180_000);
    const dir = mkdtempSync(path.join(tmpdir(), "tachyon-bench-"));
    try {
      const file = path.join(dir, "bench.json");
      const result = spawnSync(
        process.execPath,
        [
          path.join(ROOT, "node_modules", "tsx", "dist", "cli.mjs"),
          "bench/run.ts",
          "--quick",
          "--json",
          file,
        ],
        {
          cwd: ROOT,
          encoding: "utf8",
          timeout: 170_000,
        },
      );
      assert.equal(result.status, 0, result.stderr);
      const report = JSON.parse(readFileSync(file, "utf8")) as BenchReport;
      assert.deepEqual(Object.keys(report), ["node", "metrics"]);
      assert.equal(report.node, process.version);
      for (const name of REQUIRED) {
        const metric = report.metrics[name];
        assert.ok(metric, `metric ${name} is missing`);
        assert.deepEqual(Object.keys(metric), ["value", "unit"]);
        assert.ok(Number.isFinite(metric.value) && metric.value > 0, `${name} = ${metric.value}`);
      }
      for (const [name, unit] of Object.entries(ADDED)) {
        const metric = report.metrics[name];
        assert.ok(metric, `metric ${name} is missing`);
        assert.equal(metric.unit, unit, name);
        assert.ok(Number.isFinite(metric.value) && metric.value > 0, `${name} = ${metric.value}`);
      }
      for (const name of SLOW_COUNTS) {
        const metric = report.metrics[name];
        assert.ok(metric, `metric ${name} is missing`);
        assert.equal(metric.unit, "samples", name);
        assert.ok(Number.isInteger(metric.value), `${name} = ${metric.value}`);
        assert.ok(metric.value >= 0 && metric.value <= 500, `${name} = ${metric.value}`);
      }
      // Quick mode: 500 orders (and signals per cloud), 100 through the runtime API, 500
      // transactions less a tenth.
      assert.equal(report.metrics["order.samples"]?.value, 500);
      assert.equal(report.metrics["order.runtime_api_samples"]?.value, 100);
      assert.equal(report.metrics["loopback.samples"]?.value, 100);
      assert.equal(report.metrics["fraud.samples"]?.value, 450);
      assert.equal(report.metrics["signal_order.samples"]?.value, 500);
      assert.match(result.stdout, /\norder\.samples +500 samples\n/);
      assert.equal(report.metrics["bundle.order.bytes"]?.unit, "bytes");
      assert.equal(report.metrics["order.p999_us"]?.unit, "us");
      assert.equal(report.metrics["coldstart.ratio_vs_node_empty"]?.unit, "ratio");
      assert.match(result.stdout, /^node v\d+\.\d+\.\d+\nbundle\.normalize\.bytes +\d+ bytes\n/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("merges the metrics of a bench/check.ts-shaped module, and none when the file is absent", async () => {
    assert.deepEqual(await checkMetrics(path.join(__dirname, "fixtures", "check-module.ts")), {
      "check.ms_per_resource": { value: 1.25, unit: "ms" },
    });
    assert.deepEqual(await checkMetrics(path.join(__dirname, "fixtures", "absent.ts")), {});
  });

  it("prints an aligned table", () => {
    const report: BenchReport = {
      node: "v22.1.0",
      metrics: { "a.ms": { value: 1.5, unit: "ms" }, "longer.name": { value: 20, unit: "us" } },
    };
    assert.equal(
      table(report),
      ["node v22.1.0", "a.ms                  1.5 ms", "longer.name            20 us"].join("\n"),
    );
  });
});
