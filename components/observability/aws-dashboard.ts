/**
 * The per-site CloudWatch dashboard: for each function's `live` alias, p50 and p99 duration
 * against the workload's budget, provisioned-concurrency utilisation and spillover, throttles and
 * (stream consumers) iterator age; and the depth of every dead-letter queue of the site.
 */
import * as cloudwatch from "@pulumi/aws/cloudwatch";
import * as pulumi from "@pulumi/pulumi";
import { LIVE_ALIAS } from "../naming/aws-name";

/** One function on the dashboard. */
export interface DashboardFunction {
  /** Physical function name. */
  readonly functionName: pulumi.Input<string>;
  /** The workload's latency budget in ms, drawn as a line on the duration graph. */
  readonly budgetMs: number;
  /** Whether the alias has provisioned concurrency. */
  readonly provisioned: boolean;
  /** Whether the function consumes a stream (adds iterator age). */
  readonly stream: boolean;
}

/** Arguments of {@link AwsSiteDashboard}. */
export interface AwsSiteDashboardArgs {
  region: string;
  /** Physical dashboard name (letters, digits, `-` and `_`, ≤ 255). */
  dashboardName: string;
  functions: readonly DashboardFunction[];
  /**
   * Dead-letter and failure queues whose depth is graphed.
   * @default []
   */
  deadLetterQueueNames?: pulumi.Input<string>[];
}

/** A resolved function for {@link dashboardBody}. */
export interface ResolvedDashboardFunction extends Omit<DashboardFunction, "functionName"> {
  readonly functionName: string;
}

/** Widget grid: two 12-wide columns, 6 high. */
const WIDTH = 12;
const HEIGHT = 6;

/**
 * The dashboard body (CloudWatch dashboard body structure: `widgets` of type `metric` with
 * `metrics` arrays `[namespace, metric, dimension, value, ..., { stat }]`).
 */
export function dashboardBody(
  region: string,
  functions: readonly ResolvedDashboardFunction[],
  queues: readonly string[],
): string {
  const widgets: Record<string, unknown>[] = [];
  const place = (title: string, properties: Record<string, unknown>): void => {
    const i = widgets.length;
    widgets.push({
      type: "metric",
      x: (i % 2) * WIDTH,
      y: Math.floor(i / 2) * HEIGHT,
      width: WIDTH,
      height: HEIGHT,
      properties: { title, region, view: "timeSeries", period: 60, stacked: false, ...properties },
    });
  };
  const alias = (fn: string): string[] => ["FunctionName", fn, "Resource", `${fn}:${LIVE_ALIAS}`];
  for (const f of functions) {
    const dims = alias(f.functionName);
    place(`${f.functionName} duration (live)`, {
      metrics: [
        ["AWS/Lambda", "Duration", ...dims, { stat: "p50", label: "p50" }],
        ["AWS/Lambda", "Duration", ...dims, { stat: "p99", label: "p99" }],
      ],
      annotations: { horizontal: [{ label: "budget", value: f.budgetMs }] },
      yAxis: { left: { label: "ms", min: 0 } },
    });
    const load: unknown[][] = [
      ["AWS/Lambda", "Throttles", ...dims, { stat: "Sum", label: "throttles" }],
    ];
    if (f.provisioned) {
      load.unshift(
        [
          "AWS/Lambda",
          "ProvisionedConcurrencyUtilization",
          ...dims,
          { stat: "Maximum", label: "provisioned utilisation", yAxis: "right" },
        ],
        [
          "AWS/Lambda",
          "ProvisionedConcurrencySpilloverInvocations",
          ...dims,
          { stat: "Sum", label: "spillover" },
        ],
      );
    }
    if (f.stream) {
      load.push([
        "AWS/Lambda",
        "IteratorAge",
        ...dims,
        { stat: "Maximum", label: "iterator age ms" },
      ]);
    }
    place(`${f.functionName} concurrency, throttles, lag (live)`, { metrics: load });
  }
  if (queues.length > 0) {
    place("Dead-letter queue depth", {
      metrics: queues.map((q) => [
        "AWS/SQS",
        "ApproximateNumberOfMessagesVisible",
        "QueueName",
        q,
        { stat: "Maximum", label: q },
      ]),
    });
  }
  return JSON.stringify({ widgets });
}

/**
 * One CloudWatch dashboard for the site's functions and queues.
 *
 * @example
 * new AwsSiteDashboard("aws-dashboard", { region, dashboardName: "tachyon-prod-us-east-1",
 *   functions: [{ functionName: fn.functionName, budgetMs: 15, provisioned: true, stream: false }] });
 */
export class AwsSiteDashboard extends pulumi.ComponentResource {
  readonly dashboardArn: pulumi.Output<string>;

  constructor(name: string, args: AwsSiteDashboardArgs, opts?: pulumi.ComponentResourceOptions) {
    super(TYPE, name, {}, opts);
    const functions = pulumi
      .all(args.functions.map((f) => pulumi.output(f.functionName)))
      .apply((names) => names.map((functionName, i) => ({ ...args.functions[i], functionName })));
    const queues = pulumi.all(args.deadLetterQueueNames ?? []);
    const dashboard = new cloudwatch.Dashboard(
      `${name}-dashboard`,
      {
        region: args.region,
        dashboardName: args.dashboardName,
        dashboardBody: pulumi
          .all([functions, queues])
          .apply(([f, q]) => dashboardBody(args.region, f, q)),
      },
      { parent: this },
    );
    this.dashboardArn = dashboard.dashboardArn;
    this.registerOutputs({ dashboardArn: this.dashboardArn });
  }
}

const TYPE = "tachyon:observability:AwsSiteDashboard";
