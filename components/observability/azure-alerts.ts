/**
 * A site's latency and failure alerts on Azure Monitor, all sent to one action group:
 * p99 request duration over the site's Application Insights (a log alert: metric alerts cannot
 * aggregate percentiles), failed requests (metric alert on `requests/failed`), and orders in the
 * Service Bus dead-letter queue (metric alert on `DeadletteredMessages`).
 */
import * as pulumi from "@pulumi/pulumi";
import * as monitor from "@pulumi/azure-native/monitor";

/** Arguments of {@link AzureAlerts}. */
export interface AzureAlertsArgs {
  readonly resourceGroupName: pulumi.Input<string>;
  readonly location: string;
  /** Physical base name of the rules. */
  readonly baseName: string;
  /** The site's Application Insights component. */
  readonly applicationInsightsId: pulumi.Input<string>;
  /** p99 request duration above which the latency alert fires, in milliseconds. */
  readonly p99LatencyMs: number;
  /** Failed requests per 5 minutes above which the failure alert fires. @default 5 */
  readonly failedRequests?: number;
  /** Service Bus namespace and queue watched for dead-lettered orders. */
  readonly deadLetter?: {
    readonly namespaceId: pulumi.Input<string>;
    readonly queueName: string;
  };
  /** E-mail receivers of the action group. @default [] */
  readonly emails?: readonly string[];
  /** Action group short name (at most 12 characters, shown in SMS and e-mail). @default "tachyon" */
  readonly shortName?: string;
  /** @default {} */
  readonly tags?: Record<string, string>;
}

/**
 * Action group plus p99 latency, failure and dead-letter alerts.
 *
 * @example
 * new AzureAlerts("alerts", { resourceGroupName: rg.name, location: "westeurope",
 *   baseName: "tachyon-prod-westeurope", applicationInsightsId: ai.id, p99LatencyMs: 15 });
 */
export class AzureAlerts extends pulumi.ComponentResource {
  /** Resource id of the action group. */
  readonly actionGroupId: pulumi.Output<string>;

  constructor(name: string, args: AzureAlertsArgs, opts?: pulumi.ComponentResourceOptions) {
    super(AZURE_ALERTS_TYPE, name, {}, opts);
    if ((args.shortName ?? "tachyon").length > 12) {
      throw new Error(
        `shortName: Azure allows at most 12 characters, got "${args.shortName}". Use a shorter name.`,
      );
    }
    const parent = { parent: this };
    const tags = args.tags ?? {};
    const group = new monitor.ActionGroup(
      `${name}-actions`,
      {
        resourceGroupName: args.resourceGroupName,
        actionGroupName: `${args.baseName}-oncall`,
        groupShortName: args.shortName ?? "tachyon",
        location: "Global",
        enabled: true,
        emailReceivers: (args.emails ?? []).map((emailAddress, i) => ({
          name: `email-${i}`,
          emailAddress,
          useCommonAlertSchema: true,
        })),
        tags,
      },
      parent,
    );
    new monitor.ScheduledQueryRule(
      `${name}-p99`,
      {
        resourceGroupName: args.resourceGroupName,
        location: args.location,
        ruleName: `${args.baseName}-p99-latency`,
        description: `p99 request duration of a function app above ${args.p99LatencyMs} ms.`,
        kind: "LogAlert",
        scopes: [args.applicationInsightsId],
        severity: 2,
        enabled: true,
        evaluationFrequency: "PT1M",
        windowSize: "PT5M",
        criteria: {
          allOf: [
            {
              query: "requests | summarize p99 = percentile(duration, 99) by cloud_RoleName",
              timeAggregation: "Maximum",
              metricMeasureColumn: "p99",
              operator: "GreaterThan",
              threshold: args.p99LatencyMs,
              dimensions: [{ name: "cloud_RoleName", operator: "Include", values: ["*"] }],
              failingPeriods: { numberOfEvaluationPeriods: 1, minFailingPeriodsToAlert: 1 },
            },
          ],
        },
        actions: { actionGroups: [group.id] },
        tags,
      },
      parent,
    );
    this.metricAlert(name, "failures", args, group.id, {
      scope: args.applicationInsightsId,
      description: "Failed function requests.",
      severity: 1,
      criterion: {
        criterionType: "StaticThresholdCriterion",
        name: "failed-requests",
        metricNamespace: "microsoft.insights/components",
        metricName: "requests/failed",
        operator: "GreaterThan",
        threshold: args.failedRequests ?? 5,
        timeAggregation: "Count",
      },
    });
    if (args.deadLetter) {
      this.metricAlert(name, "dead-letters", args, group.id, {
        scope: args.deadLetter.namespaceId,
        description: `Orders in the dead-letter queue of "${args.deadLetter.queueName}".`,
        severity: 1,
        criterion: {
          criterionType: "StaticThresholdCriterion",
          name: "dead-lettered",
          metricNamespace: "Microsoft.ServiceBus/namespaces",
          metricName: "DeadletteredMessages",
          operator: "GreaterThan",
          threshold: 0,
          timeAggregation: "Maximum",
          dimensions: [
            { name: "EntityName", operator: "Include", values: [args.deadLetter.queueName] },
          ],
        },
      });
    }
    this.actionGroupId = group.id;
    this.registerOutputs({ actionGroupId: this.actionGroupId });
  }

  private metricAlert(
    name: string,
    role: string,
    args: AzureAlertsArgs,
    actionGroupId: pulumi.Output<string>,
    rule: {
      scope: pulumi.Input<string>;
      description: string;
      severity: number;
      criterion: {
        criterionType: "StaticThresholdCriterion";
        name: string;
        metricNamespace: string;
        metricName: string;
        operator: string;
        threshold: number;
        timeAggregation: string;
        dimensions?: { name: string; operator: string; values: string[] }[];
      };
    },
  ): void {
    new monitor.MetricAlert(
      `${name}-${role}`,
      {
        resourceGroupName: args.resourceGroupName,
        location: "global",
        ruleName: `${args.baseName}-${role}`,
        description: rule.description,
        scopes: [rule.scope],
        severity: rule.severity,
        enabled: true,
        evaluationFrequency: "PT1M",
        windowSize: "PT5M",
        autoMitigate: true,
        criteria: {
          odataType: "Microsoft.Azure.Monitor.SingleResourceMultipleMetricCriteria",
          allOf: [rule.criterion],
        },
        actions: [{ actionGroupId }],
        tags: args.tags ?? {},
      },
      { parent: this },
    );
  }
}

/** Type token of {@link AzureAlerts}. */
export const AZURE_ALERTS_TYPE = "tachyon:observability:AzureAlerts";
