// `scan --format text`: like a compiler — per file, each finding with its line of source and a caret under
// the offending token, then the files that could not be read, then totals.

import { describeDecision, describeDeciding, groupAccessChanges, summarizeActions, type AccessChange } from "../engine/access-diff.js";
import type { ReviewResult } from "../engine/review.js";
import type { ScanReview } from "../engine/review-scan.js";
import type { Position } from "../iac/types.js";
import type { Finding } from "../rules/types.js";

const SEVERITY_ORDER = { error: 0, warning: 1, notice: 2 } as const;

export function renderText(review: ScanReview): string {
  return [...textReportParts(review)].join("");
}

/**
 * The text report in parts that join to `renderText`: one per file, then the totals. The command line writes
 * them as they come; a report on a large repository is megabytes.
 */
export function* textReportParts(review: ScanReview): Generator<string> {
  const active = review.findings.filter((f) => !f.suppressed);
  const byFile = new Map<string, (Finding | string)[]>();
  const add = (path: string, entry: Finding | string) => {
    const entries = byFile.get(path);
    if (entries) entries.push(entry);
    else byFile.set(path, [entry]);
  };

  for (const finding of active) add(finding.at.path, finding);
  // A policy that does not parse is also an IAM001 finding: show it once, as the finding.
  const reported = new Set(review.findings.map((f) => `${f.at.path}:${f.at.startLine}`));
  for (const error of review.scan.errors.filter((e) => !(e.policy && reported.has(`${e.path}:${e.line}`)))) {
    add(error.path, `  ${error.line}${error.column ? `:${error.column}` : ""}  cannot read: ${error.message}`);
  }
  for (const problem of review.configProblems) add(problem.path, `  ${problem.line}  configuration: ${problem.message}`);

  for (const path of [...byFile.keys()].sort()) {
    const sourceLines = linesOf(review.files.get(path));
    const lines = byFile.get(path)!.flatMap((entry) => (typeof entry === "string" ? [entry] : renderFinding(entry, sourceLines)));
    yield `${[path, ...lines, ""].join("\n")}\n`;
  }
  yield `${summaryLine(review, active)}\n`;
}

/** A file's lines, split once for all of its findings. */
function linesOf(text: string | undefined): string[] | undefined {
  return text?.split("\n");
}

function renderFinding(finding: Finding, sourceLines: string[] | undefined): string[] {
  const { at } = finding;
  const where = `${at.startLine}:${at.startColumn ?? 1}`;
  const head = `  ${where}  ${finding.severity}  ${finding.ruleId} ${finding.name}  ${finding.message}`;
  return [head, ...excerpt(at, sourceLines)];
}

/** The source line of a position and a caret line under the span it names. */
export function excerpt(at: Position, sourceLines: string[] | undefined): string[] {
  const line = sourceLines?.[at.startLine - 1];
  if (line === undefined) return [];
  const gutter = String(at.startLine).padStart(6);
  const shown = line.replace(/\t/g, " ").trimEnd();
  const start = Math.max((at.startColumn ?? firstNonBlank(shown)) - 1, 0);
  const end = at.endLine === at.startLine && at.endColumn !== undefined ? at.endColumn - 1 : shown.length;
  const width = Math.max(Math.min(end, shown.length) - start, 1);
  return [`${gutter} | ${shown}`, `${" ".repeat(6)} | ${" ".repeat(start)}${"^".repeat(width)}`];
}

function firstNonBlank(line: string): number {
  const index = line.search(/\S/);
  return index === -1 ? 1 : index + 1;
}

function summaryLine(review: ScanReview, active: Finding[]): string {
  const counts = { error: 0, warning: 0, notice: 0 };
  for (const finding of active) counts[finding.severity]++;
  const suppressed = review.findings.length - active.length;
  const parts = (Object.keys(counts) as (keyof typeof counts)[])
    .sort((a, b) => SEVERITY_ORDER[a] - SEVERITY_ORDER[b])
    .map((severity) => `${counts[severity]} ${severity}${counts[severity] === 1 ? "" : "s"}`);
  const policies = review.scan.policies.length;
  return (
    `${review.scan.files.length} files, ${policies} ${policies === 1 ? "policy" : "policies"}: ${parts.join(", ")}` +
    (suppressed > 0 ? `, ${suppressed} suppressed` : "") +
    (review.scan.errors.length > 0 ? `; ${review.scan.errors.length} could not be read` : "")
  );
}

/** `diff --format text`: the verdict, the new findings with their source, then what was fixed or left as it was. */
export function renderReviewText(result: ReviewResult): string {
  const out = [`${result.conclusion.toUpperCase()}: ${result.summary}`, ""];
  const active = result.findings.filter((f) => !f.suppressed);
  const fresh = active.filter((f) => f.status === "new");
  for (const [path, findings] of groupByPath(fresh)) {
    const sourceLines = linesOf(result.head.files.get(path));
    out.push(path, ...findings.flatMap((f) => renderFinding(f, sourceLines)), "");
  }
  out.push(...accessLines(result.accessDiff ?? []));
  for (const problem of result.configProblems) out.push(`${problem.path}:${problem.line}  configuration: ${problem.message}`);
  for (const notice of result.notices ?? []) out.push(`notice: ${notice}`);
  for (const error of result.head.scan.errors.filter((e) => result.reviewedFiles.includes(e.path))) {
    out.push(`${error.path}:${error.line}  cannot read: ${error.message}`);
  }
  for (const entry of result.newSuppressions) {
    const { suppression } = entry;
    out.push(
      `${suppression.at.path}:${suppression.at.startLine}  this change suppresses ${suppression.ruleIds.join(", ")}: ` +
        `${suppression.reason ?? "no reason given"} (${entry.findings.length} silenced)`,
    );
  }
  const fixed = result.findings.filter((f) => f.status === "fixed");
  for (const finding of fixed) out.push(`fixed  ${finding.at.path}:${finding.at.startLine}  ${finding.ruleId} ${finding.message}`);
  const unchanged = active.filter((f) => f.status === "unchanged").length;
  const suppressed = result.findings.filter((f) => f.suppressed && f.status !== "fixed").length;
  out.push(`${fresh.length} new, ${unchanged} unchanged, ${fixed.length} fixed, ${suppressed} suppressed`);
  return `${out.join("\n")}\n`;
}

/** Lines of the access diff shown before the totals; `diff --format json` has every row. */
const MAX_ACCESS_LINES = 20;

/** `  aws_iam_role.ci  iam:PassRole: denied (no Allow) → allowed  (aws_iam_role_policy.ci#policy … at main.tf:14)` */
function accessLines(changes: AccessChange[]): string[] {
  if (changes.length === 0) return [];
  const groups = groupAccessChanges(changes);
  const lines = groups.slice(0, MAX_ACCESS_LINES).map((group) => {
    const target = group.target !== undefined ? ` ${group.kind === "trust" ? "on" : "through"} ${group.target}` : "";
    const deciding = group.deciding ? `  (${group.deciding.side === "base" ? "before: " : ""}${describeDeciding(group.deciding)})` : "";
    const undecided = group.undecided ? " (undecided)" : "";
    return `  ${group.principal}  ${summarizeActions(group.changes)}${target}: ${describeDecision(group.before)} → ${describeDecision(group.after)}${undecided}${deciding}`;
  });
  const hidden = groups.length - lines.length;
  if (hidden > 0) lines.push(`  … and ${hidden} more (iam-review diff --format json lists every change)`);
  return [`Access changes (${changes.length}):`, ...lines, ""];
}

function groupByPath(findings: Finding[]): Map<string, Finding[]> {
  const groups = new Map<string, Finding[]>();
  for (const finding of findings) {
    const group = groups.get(finding.at.path);
    if (group) group.push(finding);
    else groups.set(finding.at.path, [finding]);
  }
  return groups;
}
