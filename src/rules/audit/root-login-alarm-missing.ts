/**
 * IAM605 root-login-alarm-missing (notice). The root user bypasses every IAM policy; its use should be rare
 * and noticed at once. CIS AWS Foundations (4.3, "Ensure usage of the root account is monitored") asks for a
 * CloudWatch Logs metric filter on the trail's log group matching root activity —
 * `{ $.userIdentity.type = "Root" && $.userIdentity.invokedBy NOT EXISTS && $.eventType != "AwsServiceEvent" }`
 * — and an alarm on the filter's metric.
 *
 * A cross-resource rule over every file of the scan (a trail in `trail.tf`, the filter in `alarms.tf` is
 * fine). It fires on a trail that sends to CloudWatch Logs when:
 * - the trail's log group is itself defined in the scan (`aws_cloudwatch_log_group` / `AWS::Logs::LogGroup`,
 *   referenced or named in the ARN) — DESIGN.md: "IAM605 fires only when the trail and the missing filter are
 *   both in scope": when the log group lives elsewhere, so do its filters, and silence is the honest answer;
 * - and no metric filter in the scan matches root usage with an alarm on its metric (namespace and name).
 * Patterns are recognised with the CIS variations: spaces, quoted or bare `Root`, `=` or `==`, other `&&`
 * parts. A pattern, metric name or namespace that is not known statically may match: unknown is not a
 * violation, so it satisfies the rule.
 */

import { getEntry, hasUnresolved } from "../../iac/located.js";
import type { IacResource, LocatedValue } from "../../iac/types.js";
import type { ReviewModel } from "../../engine/model.js";
import { defineRule } from "../types.js";
import { describeValue, isCloudFormation, isWritten, nestedObject, resourcesOfType } from "../credentials/settings.js";
import { trails, trailSetting } from "./trails.js";

/** `$.userIdentity.type = "Root"` (not `!=`), with or without spaces and quotes. */
const ROOT_USAGE = /\$\.userIdentity\.type\s*={1,2}\s*(?:"Root"|'Root'|Root\b)/;

interface Metric {
  name: LocatedValue | undefined;
  namespace: LocatedValue | undefined;
}

interface MetricFilter {
  address: string;
  pattern: LocatedValue | undefined;
  metrics: Metric[];
}

export default defineRule({
  meta: {
    id: "IAM605",
    name: "root-login-alarm-missing",
    severity: "notice",
    summary: "A trail sends to CloudWatch Logs, but no metric filter and alarm watch for root-user activity.",
    messages: {
      noFilter:
        '`{{resource}}` sends its events to CloudWatch Logs, but no metric filter matches root-user activity (`$.userIdentity.type = "Root"`): a root login would go unnoticed. Add a metric filter on the trail\'s log group with the CIS pattern and a CloudWatch alarm on its metric.',
      noAlarm:
        "`{{resource}}` sends its events to CloudWatch Logs and `{{filter}}` counts root-user activity as `{{metric}}`, but no alarm watches that metric: a root login would be counted and go unnoticed. Add a CloudWatch alarm on `{{metric}}` (threshold 1, notifying someone).",
    },
  },
  check(context) {
    const { model } = context;
    const candidates = trails(model).filter((trail) => isWritten(trailSetting(trail, "cloudWatchLogs")) && logGroupInScope(model, trail));
    if (candidates.length === 0) return;
    const rootFilters = metricFilters(model).filter((filter) => mayMatchRootUsage(filter.pattern));
    const alarms = alarmMetrics(model);
    const alarmed = rootFilters.find((filter) => filter.metrics.some((metric) => alarms.some((alarm) => sameMetric(metric, alarm))));
    if (alarmed) return;
    for (const trail of candidates) {
      const destination = trailSetting(trail, "cloudWatchLogs");
      const at = destination ? { ...destination.at, endLine: destination.at.startLine } : trail.at;
      const [filter] = rootFilters;
      if (filter) {
        const metric = filter.metrics[0];
        context.report({
          messageId: "noAlarm",
          data: { resource: trail.address, filter: filter.address, metric: metric ? `${describeValue(metric.namespace)}/${describeValue(metric.name)}` : "?" },
          at,
          resource: trail.address,
          identity: ["no-alarm"],
        });
      } else {
        context.report({ messageId: "noFilter", data: { resource: trail.address }, at, resource: trail.address, identity: ["no-filter"] });
      }
    }
  },
});

/** The trail's log group is defined in the scan: referenced by address / logical id, or named in the ARN. */
function logGroupInScope(model: ReviewModel, trail: IacResource): boolean {
  const destination = trailSetting(trail, "cloudWatchLogs");
  const text = destination?.kind === "unresolved" ? `<unresolved:${destination.expr}>` : destination?.kind === "string" ? destination.value : "";
  return resourcesOfType(model, "aws_cloudwatch_log_group", "AWS::Logs::LogGroup").some((group) => {
    const cloudFormation = isCloudFormation(group);
    const address = group.address.slice(group.address.lastIndexOf(":") + 1);
    const referenced = cloudFormation
      ? new RegExp(`<unresolved:!(?:Ref|GetAtt) ${escape(address)}(?:[.>])`).test(text)
      : new RegExp(`${escape(address)}[.\\[]`).test(text);
    const name = getEntry(group.attributes, cloudFormation ? "LogGroupName" : "name");
    const named = name?.kind === "string" && !hasUnresolved(name.value) && text.includes(`:log-group:${name.value}`);
    return referenced || named;
  });
}

function metricFilters(model: ReviewModel): MetricFilter[] {
  return ofType(model, "aws_cloudwatch_log_metric_filter", "AWS::Logs::MetricFilter").map((filter) => {
    // Properties that are an `Fn::If` as a whole: the pattern and metric are unknown, so they may match.
    if (filter.attributes.kind !== "object") return { address: filter.address, pattern: filter.attributes, metrics: [{ name: filter.attributes, namespace: filter.attributes }] };
    if (isCloudFormation(filter)) {
      const transformations = getEntry(filter.attributes, "MetricTransformations");
      return {
        address: filter.address,
        pattern: getEntry(filter.attributes, "FilterPattern"),
        metrics: objects(transformations).map((t) => ({ name: getEntry(t, "MetricName"), namespace: getEntry(t, "MetricNamespace") })),
      };
    }
    return {
      address: filter.address,
      pattern: getEntry(filter.attributes, "pattern"),
      metrics: objects(getEntry(filter.attributes, "metric_transformation")).map((t) => ({ name: getEntry(t, "name"), namespace: getEntry(t, "namespace") })),
    };
  });
}

/** Every metric an alarm watches: its own metric, or each metric of a metric-math alarm. */
function alarmMetrics(model: ReviewModel): Metric[] {
  return ofType(model, "aws_cloudwatch_metric_alarm", "AWS::CloudWatch::Alarm").flatMap((alarm) => {
    const attributes = alarm.attributes;
    if (attributes.kind !== "object") return [{ name: attributes, namespace: attributes }];
    if (isCloudFormation(alarm)) {
      const own = { name: getEntry(attributes, "MetricName"), namespace: getEntry(attributes, "Namespace") };
      const queried = objects(getEntry(attributes, "Metrics")).map((query) => {
        const metric = nestedObject(nestedObject(query, "MetricStat"), "Metric");
        return { name: metric && getEntry(metric, "MetricName"), namespace: metric && getEntry(metric, "Namespace") };
      });
      return [own, ...queried];
    }
    const own = { name: getEntry(attributes, "metric_name"), namespace: getEntry(attributes, "namespace") };
    const queried = objects(getEntry(attributes, "metric_query")).map((query) => {
      const metric = nestedObject(query, "metric");
      return { name: metric && getEntry(metric, "metric_name"), namespace: metric && getEntry(metric, "namespace") };
    });
    return [own, ...queried];
  });
}

/** Every resource of these types, also those whose settings are not known statically (unlike `resourcesOfType`). */
function ofType(model: ReviewModel, ...types: string[]): IacResource[] {
  return model.scan.resources.filter((resource) => types.includes(resource.type));
}

function mayMatchRootUsage(pattern: LocatedValue | undefined): boolean {
  if (!pattern) return false;
  if (pattern.kind === "unresolved" || pattern.kind === "choice") return true;
  if (pattern.kind !== "string") return false;
  return ROOT_USAGE.test(pattern.value.replace(/<unresolved:[^>]*>/g, "")) || (hasUnresolved(pattern.value) && !pattern.value.includes("$.userIdentity.type"));
}

function sameMetric(filter: Metric, alarm: Metric): boolean {
  return mayEqual(filter.name, alarm.name) && mayEqual(filter.namespace, alarm.namespace);
}

/** Two written values that are equal, or that cannot be compared because one is not known statically. */
function mayEqual(a: LocatedValue | undefined, b: LocatedValue | undefined): boolean {
  if (!a || !b) return false;
  if (a.kind === "string" && b.kind === "string" && !hasUnresolved(a.value) && !hasUnresolved(b.value)) return a.value === b.value;
  if (a.kind === "string" && b.kind === "string" && a.value === b.value) return true;
  return isUnknown(a) || isUnknown(b);
}

function isUnknown(value: LocatedValue): boolean {
  return value.kind === "unresolved" || value.kind === "choice" || (value.kind === "string" && hasUnresolved(value.value));
}

function objects(value: LocatedValue | undefined): LocatedValue[] {
  if (!value) return [];
  if (value.kind === "array") return value.items.filter((item) => item.kind === "object");
  return value.kind === "object" ? [value] : [];
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
