// The check-run summary (and `diff --format markdown`): verdict first, then counts, access changes, findings
// by file, suppressions, and the trust relationships the change touches as a Mermaid diagram. It stays under
// GitHub's 65,535-character limit by summarising whole sections, never by cutting one in half.

import {
  describeDecision,
  describeDeciding,
  groupAccessChanges,
  summarizeActions,
  type AccessChange,
  type AccessChangeGroup,
} from "../engine/access-diff.js";
import type { ReviewResult, TrustEdge } from "../engine/review.js";
import type { ScanReview } from "../engine/review-scan.js";
import type { Finding } from "../rules/types.js";

export const GITHUB_TEXT_LIMIT = 65_535;

export interface MarkdownOptions {
  /** `<base>/<ID>.md` links each rule id to its page. */
  docsBaseUrl: string;
  maxLength?: number;
}

const VERDICT = {
  success: "✅ **iam-review passed**",
  neutral: "⚠️ **iam-review: nothing new blocks this change**",
  failure: "❌ **iam-review failed**",
} as const;

const SEVERITY_ICON = { error: "🔴", warning: "🟠", notice: "🔵" } as const;
const SEVERITIES = ["error", "warning", "notice"] as const;

/** Access-diff lines shown in full detail; the rest are counted, never cut mid-table. */
const MAX_ACCESS_ROWS = 60;
/** `sensitive_actions` entries (or actions) a table cell names before "and N more". */
const ACTIONS_IN_CELL = 8;

/** Levels of detail, most detailed first: the first that fits the limit is used. */
type Detail = "full" | "new-only" | "counts-only";

export function renderMarkdown(result: ReviewResult, options: MarkdownOptions): string {
  const limit = options.maxLength ?? GITHUB_TEXT_LIMIT;
  for (const detail of ["full", "new-only", "counts-only"] as const) {
    const text = compose(result, options, detail);
    if (text.length <= limit) return text;
  }
  const verdict = `${VERDICT[result.conclusion]}: ${result.summary}\n`;
  return verdict.length <= limit ? verdict : verdict.slice(0, limit);
}

function compose(result: ReviewResult, options: MarkdownOptions, detail: Detail): string {
  const sections = [
    `${VERDICT[result.conclusion]}: ${escapeMarkdown(result.summary)}`,
    countsTable(result.findings),
    accessSection(result.accessDiff ?? [], detail),
    configSection(result),
    noticesSection(result.notices ?? []),
    unreadableSection(result),
    findingsSection(result.findings, options, detail),
    newSuppressionsSection(result, detail),
    suppressedSection(result.findings, options, detail),
    trustSection(result.trust, detail),
    detail === "full" ? "" : "_Some details were left out to stay within GitHub's size limit; run `iam-review diff` locally for all of them._",
  ];
  return `${sections.filter((s) => s !== "").join("\n\n")}\n`;
}

function countsTable(findings: Finding[]): string {
  const active = findings.filter((f) => !f.suppressed);
  if (active.length === 0) return "";
  const count = (severity: string, status: string) =>
    active.filter((f) => f.severity === severity && (f.status ?? "new") === status).length;
  const rows = SEVERITIES.map(
    (severity) => `| ${SEVERITY_ICON[severity]} ${severity} | ${count(severity, "new")} | ${count(severity, "unchanged")} | ${count(severity, "fixed")} |`,
  );
  return ["| severity | new | unchanged | fixed |", "|---|---:|---:|---:|", ...rows].join("\n");
}

/**
 * Who can newly do (or no longer do) which sensitive action: a before → after table, one line per principal,
 * `sensitive_actions` entry and deciding statement. Less detail: only what is newly allowed; least: counts.
 */
function accessSection(changes: AccessChange[], detail: Detail): string {
  if (changes.length === 0) return "";
  const groups = groupAccessChanges(changes);
  const granted = groups.filter((group) => group.after === "allowed");
  const counts = accessCounts(changes);
  if (detail === "counts-only") return ["### Access changes", counts].join("\n");
  const shown = (detail === "full" ? groups : granted).slice(0, MAX_ACCESS_ROWS);
  const rows = shown.map(accessRow);
  const hidden = groups.length - shown.length;
  const more = hidden > 0 ? [`_${hidden} more ${hidden === 1 ? "line" : "lines"} not shown; \`iam-review diff --format json\` lists every change (\`accessDiff\`)._`] : [];
  if (rows.length === 0) return ["### Access changes", counts, ...more].join("\n");
  return [
    "### Access changes",
    counts,
    "",
    "| who | action | before | after | deciding statement |",
    "|---|---|---|---|---|",
    ...rows,
    ...(more.length > 0 ? ["", ...more] : []),
  ].join("\n");
}

function accessCounts(changes: AccessChange[]): string {
  const granted = changes.filter((change) => change.after === "allowed").length;
  const revoked = changes.length - granted;
  const principals = new Set(changes.map((change) => `${change.principal}\u0000${change.target ?? ""}`)).size;
  const actions = (count: number) => `${count} ${count === 1 ? "action" : "actions"}`;
  return `${actions(granted)} newly allowed, ${actions(revoked)} newly denied, for ${principals} ${principals === 1 ? "principal" : "principals"}.`;
}

function accessRow(group: AccessChangeGroup): string {
  const who = `\`${escapeMarkdown(group.principal)}\``;
  const on = group.target !== undefined ? ` ${group.kind === "trust" ? "on" : "through"} \`${escapeMarkdown(group.target)}\`` : "";
  const action = `${escapeMarkdown(summarizeActions(group.changes, ACTIONS_IN_CELL))}${on}`;
  const undecided = group.undecided ? " (undecided)" : "";
  const after = group.after === "allowed" ? `**${describeDecision(group.after)}**` : describeDecision(group.after);
  const deciding = group.deciding
    ? `${escapeMarkdown(describeDeciding(group.deciding))}${group.changes[0].conditional ? " when its conditions hold" : ""}${group.deciding.side === "base" ? " (before the change)" : ""}`
    : "—";
  return `| ${who} | ${action} | ${describeDecision(group.before)} | ${after}${undecided} | ${deciding} |`;
}

function noticesSection(notices: string[]): string {
  if (notices.length === 0) return "";
  return ["### Notices", ...notices.map((notice) => `- ${escapeMarkdown(notice)}`)].join("\n");
}

function configSection(result: ReviewResult): string {
  if (result.configProblems.length === 0) return "";
  const lines = result.configProblems.map((p) => `- \`${p.path}\` line ${p.line}: ${escapeMarkdown(p.message)}`);
  return ["### Configuration problems", "The review used the defaults for these settings:", ...lines].join("\n");
}

function unreadableSection(result: ReviewResult): string {
  const errors = result.head.scan.errors.filter((e) => result.reviewedFiles.includes(e.path));
  if (errors.length === 0) return "";
  return ["### Files that could not be read", ...errors.map((e) => `- \`${e.path}\` line ${e.line}: ${escapeMarkdown(e.message)}`)].join("\n");
}

function findingsSection(findings: Finding[], options: MarkdownOptions, detail: Detail): string {
  const shown = findings.filter((f) => !f.suppressed && (detail === "full" || f.status === "new"));
  if (shown.length === 0 || detail === "counts-only") return perFileCounts(findings, detail);
  const byFile = groupByFile(shown);
  const parts = ["### Findings"];
  for (const [path, list] of byFile) {
    parts.push(`#### \`${path}\``);
    parts.push(...list.map((f) => findingLine(f, options)));
  }
  return parts.join("\n");
}

function perFileCounts(findings: Finding[], detail: Detail): string {
  if (detail !== "counts-only") return "";
  const active = findings.filter((f) => !f.suppressed && f.status === "new");
  if (active.length === 0) return "";
  const rows = [...groupByFile(active)].map(([path, list]) => `| \`${path}\` | ${list.length} |`);
  return ["### New findings by file", "| file | new findings |", "|---|---:|", ...rows].join("\n");
}

function findingLine(finding: Finding, options: MarkdownOptions): string {
  // A scan has no base to compare with: its findings carry no status, and no label.
  const status = finding.status === undefined ? "" : finding.status !== "new" ? ` _(${finding.status})_` : " **(new)**";
  const rule = `[${finding.ruleId}](${options.docsBaseUrl.replace(/\/$/, "")}/${finding.ruleId}.md) ${finding.name}`;
  return `- ${SEVERITY_ICON[finding.severity]} line ${finding.at.startLine}: ${rule}${status} — ${escapeMarkdown(finding.message)}`;
}

function newSuppressionsSection(result: ReviewResult, detail: Detail): string {
  if (result.newSuppressions.length === 0) return "";
  const lines = result.newSuppressions.map((entry) => {
    const { suppression } = entry;
    const reason = suppression.reason ? `: ${escapeMarkdown(suppression.reason)}` : " without a reason";
    const silenced = detail === "counts-only" ? "" : ` (silences ${entry.findings.length} ${entry.findings.length === 1 ? "finding" : "findings"})`;
    return `- \`${suppression.at.path}\` line ${suppression.at.startLine}: this change suppresses ${suppression.ruleIds.join(", ")}${reason}${silenced}`;
  });
  return ["### Suppressions added by this change", ...lines].join("\n");
}

function suppressedSection(findings: Finding[], options: MarkdownOptions, detail: Detail): string {
  const suppressed = findings.filter((f) => f.suppressed && f.status !== "fixed");
  if (suppressed.length === 0) return "";
  const summary = `<summary>${suppressed.length} suppressed ${suppressed.length === 1 ? "finding" : "findings"}</summary>`;
  if (detail === "counts-only") return `<details>${summary}</details>`;
  const lines = suppressed.map((f) => `- \`${f.at.path}\` ${findingLine(f, options).slice(2)} — reason: ${escapeMarkdown(f.suppressed?.reason ?? "none given")}`);
  return ["<details>", summary, "", ...lines, "", "</details>"].join("\n");
}

function trustSection(edges: TrustEdge[], detail: Detail): string {
  if (edges.length === 0 || detail === "counts-only") return "";
  const ids = new Map<string, string>();
  const node = (label: string) => {
    if (!ids.has(label)) ids.set(label, `n${ids.size}`);
    return ids.get(label) as string;
  };
  const lines = edges.map((edge) => {
    const from = node(`${edge.principalType}: ${edge.principal}`);
    const to = node(edge.role);
    const arrow = edge.status === "new" ? "==>|new|" : edge.status === "removed" ? "-.->|removed|" : "-->";
    return `  ${from} ${arrow} ${to}`;
  });
  const declarations = [...ids].map(([label, id]) => `  ${id}["${mermaidLabel(label)}"]`);
  return ["### Trust relationships this change touches", "```mermaid", "graph LR", ...declarations, ...lines, "```"].join("\n");
}

function groupByFile(findings: Finding[]): Map<string, Finding[]> {
  const groups = new Map<string, Finding[]>();
  for (const finding of [...findings].sort((a, b) => a.at.path.localeCompare(b.at.path) || a.at.startLine - b.at.startLine)) {
    groups.set(finding.at.path, [...(groups.get(finding.at.path) ?? []), finding]);
  }
  return groups;
}

/**
 * Text that quotes policies must not become markup: no HTML, no `|` that breaks a table, no @mention that
 * pings someone, no line break. Our own messages use backticks for code, which stay.
 */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/[\\<>|]/g, (c) => `\\${c}`)
    .replace(/@(?=\w)/g, "@\u200b")
    .replace(/\r?\n/g, " ");
}

function mermaidLabel(text: string): string {
  return text.replace(/"/g, "#quot;").replace(/[<>]/g, (c) => (c === "<" ? "#lt;" : "#gt;"));
}

/**
 * `scan --format markdown`: the findings of a scan (no base to compare with, so no statuses): the verdict for
 * `failOn`, counts by severity, files that could not be read, configuration problems, the findings by file and
 * the suppressed ones collapsed. Summarised by whole sections under the size limit, like the review summary.
 */
export function renderScanMarkdown(review: ScanReview, options: MarkdownOptions & { failing: number; failOn: string }): string {
  const limit = options.maxLength ?? GITHUB_TEXT_LIMIT;
  const active = review.findings.filter((f) => !f.suppressed);
  const verdict =
    options.failing > 0
      ? `${VERDICT.failure}: ${options.failing} ${options.failing === 1 ? "finding" : "findings"} at or above ${options.failOn}.`
      : active.length > 0
        ? `${VERDICT.neutral}: no finding at or above ${options.failOn}; ${active.length} other ${active.length === 1 ? "finding" : "findings"}.`
        : `${VERDICT.success}: no findings in ${review.scan.policies.length} ${review.scan.policies.length === 1 ? "policy" : "policies"}.`;
  const counts =
    active.length === 0
      ? ""
      : ["| severity | findings |", "|---|---:|", ...SEVERITIES.map((severity) => `| ${SEVERITY_ICON[severity]} ${severity} | ${active.filter((f) => f.severity === severity).length} |`)].join("\n");
  const unreadable =
    review.scan.errors.length === 0
      ? ""
      : ["### Files that could not be read", ...review.scan.errors.map((e) => `- \`${e.path}\` line ${e.line}: ${escapeMarkdown(e.message)}`)].join("\n");
  const config =
    review.configProblems.length === 0
      ? ""
      : ["### Configuration problems", ...review.configProblems.map((p) => `- \`${p.path}\` line ${p.line}: ${escapeMarkdown(p.message)}`)].join("\n");
  for (const detail of ["full", "counts-only"] as const) {
    const findings =
      detail === "full"
        ? findingsSection(active, options, "full")
        : active.length === 0
          ? ""
          : ["### Findings by file", "| file | findings |", "|---|---:|", ...[...groupByFile(active)].map(([path, list]) => `| \`${path}\` | ${list.length} |`)].join("\n");
    const sections = [
      verdict,
      counts,
      config,
      unreadable,
      findings,
      suppressedSection(review.findings, options, detail),
      detail === "full" ? "" : "_Some details were left out to stay within GitHub's size limit; use `--format text` or `json` for all of them._",
    ];
    const text = `${sections.filter((section) => section !== "").join("\n\n")}\n`;
    if (text.length <= limit) return text;
  }
  return `${verdict}\n`.slice(0, limit);
}
