// Pure builders: a review result in, GitHub payloads out (check-run output and annotations, review comments,
// the review body). No I/O here, so every byte GitHub receives can be asserted in a unit test.

import { createHash } from "node:crypto";
import type { NewSuppression, ReviewResult } from "../engine/review.js";
import type { Config } from "../engine/config.js";
import { escapeMarkdown, GITHUB_TEXT_LIMIT, renderMarkdown } from "../reporters/markdown.js";
import type { Finding } from "../rules/types.js";
import { anchorRange, type CommentableLines } from "./diff-lines.js";
import { fingerprintMarker, reviewMarker } from "./publish/markers.js";

export const CHECK_RUN_NAME = "iam-review";
/** GitHub accepts at most 50 annotations per check-run request. */
export const ANNOTATIONS_PER_REQUEST = 50;
/** Inline comments per review (DESIGN.md; more trips GitHub's abuse detection). */
export const MAX_INLINE_COMMENTS = 30;
/**
 * Annotations per check run (10 requests). A change can have thousands of findings — a hostile one on
 * purpose — and every batch is a write that counts against GitHub's rate limits; the most severe are kept.
 */
export const MAX_ANNOTATIONS = 500;
/** GitHub's limit on a comment or review body. */
export const BODY_LIMIT = 65_536;

/** The check run's one button (≤ 20 characters label and identifier, ≤ 40 description). */
export const RERUN_ACTION = {
  label: "Re-run simulation",
  description: "Review and simulate this commit again",
  identifier: "rerun",
} as const;

export type AnnotationLevel = "notice" | "warning" | "failure";

export interface Annotation {
  path: string;
  start_line: number;
  end_line: number;
  start_column?: number;
  end_column?: number;
  annotation_level: AnnotationLevel;
  title?: string;
  message: string;
}

export interface CheckRunOutput {
  title: string;
  summary: string;
  text?: string;
}

const LEVEL: Record<Finding["severity"], AnnotationLevel> = { error: "failure", warning: "warning", notice: "notice" };
const ICON: Record<Finding["severity"], string> = { error: "🔴", warning: "🟠", notice: "🔵" };
const RANK: Record<Finding["severity"], number> = { error: 0, warning: 2, notice: 3 };

/** A file of the change the review could not look at, and why (too large, binary, unreadable). */
export interface SkippedFile {
  path: string;
  reason: string;
}

export interface OutputOptions {
  docsBaseUrl: string;
  skipped?: readonly SkippedFile[];
  /** Annotate configuration problems only when the file is in this repository (not the org's `.github`). */
  configInRepository?: boolean;
}

export function checkRunOutput(result: ReviewResult, options: OutputOptions): CheckRunOutput {
  const skipped = options.skipped ?? [];
  const sections: string[] = [];
  if (skipped.length > 0) sections.push(["### Files not analysed", ...skipped.map((s) => `- \`${s.path}\`: ${escapeMarkdown(s.reason)}`)].join("\n"));
  const annotations = allAnnotations(result, options).length;
  if (annotations > MAX_ANNOTATIONS) {
    sections.push(`### Annotations\n${annotations} annotations; the ${MAX_ANNOTATIONS} most severe are shown (at most ${MAX_ANNOTATIONS} per check run).`);
  }
  const text = sections.length === 0 ? undefined : limit(sections.join("\n\n"), GITHUB_TEXT_LIMIT);
  return {
    title: limit(result.summary, 255),
    summary: renderMarkdown(result, { docsBaseUrl: options.docsBaseUrl }),
    ...(text === undefined ? {} : { text }),
  };
}

/**
 * Every active finding of the head, every unreadable changed file and every configuration problem — at most
 * MAX_ANNOTATIONS, the most severe first, each group in path and line order.
 */
export function annotationsFor(result: ReviewResult, options: Pick<OutputOptions, "configInRepository"> = {}): Annotation[] {
  const annotations = allAnnotations(result, options);
  if (annotations.length <= MAX_ANNOTATIONS) return annotations;
  const order: Record<AnnotationLevel, number> = { failure: 0, warning: 1, notice: 2 };
  return [...annotations].sort((a, b) => order[a.annotation_level] - order[b.annotation_level]).slice(0, MAX_ANNOTATIONS);
}

function allAnnotations(result: ReviewResult, options: Pick<OutputOptions, "configInRepository">): Annotation[] {
  const annotations: Annotation[] = [];
  const active = result.findings.filter((f) => f.status !== "fixed" && !f.suppressed);
  for (const finding of sortFindings(active)) {
    const { at } = finding;
    const singleLine = at.startLine === at.endLine && at.startColumn !== undefined && at.endColumn !== undefined;
    annotations.push({
      path: at.path,
      start_line: at.startLine,
      end_line: Math.max(at.endLine, at.startLine),
      ...(singleLine ? { start_column: at.startColumn, end_column: at.endColumn } : {}),
      annotation_level: LEVEL[finding.severity],
      title: limit(`${finding.ruleId} ${finding.name}${finding.status === "unchanged" ? " (already on the base branch)" : ""}`, 255),
      message: limit(finding.message, 60_000),
    });
  }
  for (const error of result.head.scan.errors) {
    if (error.policy || !result.reviewedFiles.includes(error.path)) continue;
    annotations.push({
      path: error.path,
      start_line: error.line,
      end_line: error.line,
      annotation_level: "warning",
      title: "iam-review could not read this file",
      message: limit(error.message, 60_000),
    });
  }
  if (options.configInRepository) {
    for (const problem of result.configProblems) {
      annotations.push({
        path: problem.path,
        start_line: problem.line,
        end_line: problem.line,
        annotation_level: "warning",
        title: "Invalid iam-review configuration: the default applies",
        message: limit(problem.message, 60_000),
      });
    }
  }
  return annotations;
}

export function chunk<T>(items: readonly T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let i = 0; i < items.length; i += size) chunks.push(items.slice(i, i + size));
  return chunks;
}

export function internalErrorOutput(reason: string): CheckRunOutput {
  return {
    title: "iam-review could not finish this review",
    summary: limit(
      [
        `❌ **iam-review could not review this change**: ${escapeMarkdown(reason)}`,
        "",
        "This is a problem on iam-review's side, not a finding. Comment `/iam-review rerun` on the pull request to try again.",
      ].join("\n"),
      GITHUB_TEXT_LIMIT,
    ),
  };
}

export function supersededOutput(): CheckRunOutput {
  return {
    title: "Superseded by a newer review",
    summary: "A newer review of this pull request was requested before this one started, so this one did not run. If this commit is still the head of the pull request, comment `/iam-review rerun`.",
  };
}

// ------------------------------------------------------------------------------------------ review comments

export interface PlannedComment {
  fingerprint: string;
  path: string;
  line: number;
  startLine?: number;
  body: string;
  /** One line for the review body when the comment cannot be posted inline. */
  headline: string;
}

export interface CommentPlan {
  /** The comments to post, in priority order, at most MAX_INLINE_COMMENTS. */
  comments: PlannedComment[];
  /** Commentable, but over the per-review limit. */
  overflow: PlannedComment[];
}

export interface CommentOptions {
  docsBaseUrl: string;
  commentOn: Config["comment_on"];
  /** Fingerprints that already have a comment of ours: never repeated. */
  alreadyPosted?: ReadonlySet<string>;
}

/** The inline comments a result deserves, anchored only where the diff allows it. */
export function planComments(result: ReviewResult, lines: CommentableLines, options: CommentOptions): CommentPlan {
  if (options.commentOn === "none") return { comments: [], overflow: [] };
  const posted = options.alreadyPosted ?? new Set<string>();
  const candidates: { rank: number; comment: PlannedComment }[] = [];
  const wanted = result.findings.filter(
    (f) => !f.suppressed && (f.status === "new" || (options.commentOn === "all" && f.status === "unchanged")),
  );
  for (const finding of sortFindings(wanted)) {
    if (posted.has(finding.fingerprint)) continue;
    const comment = findingComment(finding, lines, options.docsBaseUrl);
    if (comment) candidates.push({ rank: RANK[finding.severity], comment });
  }
  for (const entry of result.newSuppressions) {
    const comment = suppressionComment(entry, lines);
    if (comment && !posted.has(comment.fingerprint)) candidates.push({ rank: 1, comment });
  }
  // Stable sort: within a rank the findings keep their path/line order.
  const ordered = candidates.sort((a, b) => a.rank - b.rank).map((c) => c.comment);
  return { comments: ordered.slice(0, MAX_INLINE_COMMENTS), overflow: ordered.slice(MAX_INLINE_COMMENTS) };
}

function findingComment(finding: Finding, lines: CommentableLines, docsBaseUrl: string): PlannedComment | undefined {
  const { at, fix } = finding;
  // A suggestion replaces exactly the commented lines, so it is only offered when its lines are the anchor.
  const fixAnchor = fix && fix.at.path === at.path ? anchorRange(lines, at.path, fix.at.startLine, fix.at.endLine) : undefined;
  const anchor = fixAnchor ?? anchorRange(lines, at.path, at.startLine, at.endLine) ?? anchorRange(lines, at.path, at.startLine, at.startLine);
  if (!anchor) return undefined;
  const docs = `${docsBaseUrl.replace(/\/$/, "")}/${finding.ruleId}.md`;
  const parts = [
    `${ICON[finding.severity]} **${finding.ruleId} ${finding.name}** (${finding.severity})`,
    escapeMarkdown(finding.message),
  ];
  if (fixAnchor && fix) parts.push(suggestionBlock(fix.replacement));
  parts.push(`[About ${finding.ruleId}](${docs})`);
  return {
    fingerprint: finding.fingerprint,
    path: at.path,
    ...anchor,
    body: withMarker(parts.join("\n\n"), finding.fingerprint),
    headline: `\`${at.path}\` line ${at.startLine}: ${finding.ruleId} ${escapeMarkdown(finding.message)}`,
  };
}

/** A fence longer than any backtick run in the replacement, so the replacement cannot close it. */
function suggestionBlock(replacement: string): string {
  const longest = Math.max(2, ...[...replacement.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = "`".repeat(longest + 1);
  const body = replacement.endsWith("\n") ? replacement : `${replacement}\n`;
  return `${fence}suggestion\n${body}${fence}`;
}

/** A suppression is known by what it silences and why, not by its line. */
export function suppressionFingerprint(entry: NewSuppression): string {
  const { suppression, findings } = entry;
  const identity = [suppression.ruleIds.join(","), suppression.reason ?? "", ...findings.map((f) => f.fingerprint).sort()];
  return `sup-${createHash("sha256").update(identity.join("\u0000")).digest("hex").slice(0, 32)}`;
}

function suppressionComment(entry: NewSuppression, lines: CommentableLines): PlannedComment | undefined {
  const { suppression, findings } = entry;
  const anchor = anchorRange(lines, suppression.at.path, suppression.at.startLine, suppression.at.startLine);
  if (!anchor) return undefined;
  const fingerprint = suppressionFingerprint(entry);
  const reason = suppression.reason ? `: ${escapeMarkdown(suppression.reason)}` : " without giving a reason";
  const silenced =
    findings.length === 0
      ? "It silences no finding at the moment."
      : `It silences ${findings.length === 1 ? "this finding" : `these ${findings.length} findings`}:\n${findings
          .map((f) => `- ${ICON[f.severity]} ${f.ruleId} line ${f.at.startLine}: ${escapeMarkdown(f.message)}`)
          .join("\n")}`;
  return {
    fingerprint,
    path: suppression.at.path,
    ...anchor,
    body: withMarker(`🔕 **This change suppresses ${suppression.ruleIds.join(", ")}**${reason}.\n\n${silenced}`, fingerprint),
    headline: `\`${suppression.at.path}\` line ${suppression.at.startLine}: this change suppresses ${suppression.ruleIds.join(", ")}`,
  };
}

export interface ReviewBodyInput {
  headSha: string;
  summary: string;
  posted: number;
  overflow: readonly PlannedComment[];
  /** Comments GitHub refused (422) after our own validation accepted them. */
  rejected: readonly PlannedComment[];
}

export function reviewBody(input: ReviewBodyInput): string {
  const head = [
    reviewMarker(input.headSha),
    `**iam-review**: ${escapeMarkdown(input.summary)} ${input.posted === 1 ? "1 inline comment" : `${input.posted} inline comments`}; the full report is in the \`${CHECK_RUN_NAME}\` check run.`,
  ].join("\n");
  const sections: string[] = [];
  if (input.rejected.length > 0) {
    sections.push(["**GitHub did not accept these comments on their lines, so they are listed here:**", ...input.rejected.map((c) => `- ${c.headline}`)].join("\n"));
  }
  if (input.overflow.length > 0) {
    sections.push(
      [`**Not commented inline (at most ${MAX_INLINE_COMMENTS} comments per review):**`, ...input.overflow.map((c) => `- ${c.headline}`)].join("\n"),
    );
  }
  return limit([head, ...sections].join("\n\n"), BODY_LIMIT - 1);
}

/** The marker goes last and is never cut off by the size limit. */
function withMarker(content: string, fingerprint: string): string {
  return `${limit(content, BODY_LIMIT - 200)}\n${fingerprintMarker(fingerprint)}`;
}

function sortFindings(findings: readonly Finding[]): Finding[] {
  return [...findings].sort((a, b) => a.at.path.localeCompare(b.at.path) || a.at.startLine - b.at.startLine || a.ruleId.localeCompare(b.ruleId));
}

function limit(text: string, max: number): string {
  if (text.length <= max) return text;
  const note = "\n\n…(cut to fit GitHub's size limit)";
  return text.slice(0, Math.max(0, max - note.length)) + note;
}
