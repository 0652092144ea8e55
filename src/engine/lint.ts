// Runs the rules over a review model and turns what they report into findings: severity from the
// configuration, message from the template, a line-independent fingerprint, suppressions applied, and the
// "one problem, one finding" principle of RULES.md.

import type { Position } from "../iac/types.js";
import type { Finding, Report, Rule } from "../rules/types.js";
import { effectiveSeverity, type Severity } from "./config.js";
import { fingerprint } from "./fingerprint.js";
import { interpolate } from "./interpolate.js";
import type { ReviewModel } from "./model.js";
import { suppresses } from "./suppressions.js";

export function runRules(model: ReviewModel, rules: readonly Rule[]): Finding[] {
  const findings: Finding[] = [];
  for (const rule of rules) {
    if (effectiveSeverity(model.config, rule.meta.id, rule.meta.severity) === "off") continue;
    rule.check({
      model,
      report: (problem) => {
        // A configured severity wins over the one a rule gives a particular finding (Report.severity).
        const severity = effectiveSeverity(model.config, rule.meta.id, problem.severity ?? rule.meta.severity);
        if (severity !== "off") findings.push(toFinding(rule, severity, problem));
      },
    });
  }
  const kept = dropSuperseded(findings, rules);
  applySuppressions(kept, model);
  kept.sort(compareFindings);
  numberRepeatedFingerprints(kept);
  return kept;
}

function toFinding(rule: Rule, severity: Severity, problem: Report<string>): Finding {
  const { meta } = rule;
  const template = meta.messages[problem.messageId];
  if (template === undefined) throw new Error(`${meta.id} reported an unknown message id '${problem.messageId}'`);
  if (problem.fix && !meta.fixable) throw new Error(`${meta.id} reported a fix but is not declared fixable`);
  const data = problem.data ?? {};
  const finding: Finding = {
    ruleId: meta.id,
    name: meta.name,
    severity,
    messageId: problem.messageId,
    data,
    message: interpolate(template, data),
    at: problem.at,
    fingerprint: fingerprint(meta.id, problem.resource, [problem.messageId, ...problem.identity]),
  };
  if (problem.resource !== undefined) finding.resource = problem.resource;
  if (problem.statement !== undefined) finding.statement = problem.statement;
  if (problem.fix) finding.fix = problem.fix;
  return finding;
}

/** RULES.md "One problem, one finding": on the same statement the more specific rule's finding wins. */
function dropSuperseded(findings: Finding[], rules: readonly Rule[]): Finding[] {
  const supersededBy = new Map<string, string[]>();
  for (const rule of rules) {
    for (const weaker of rule.meta.supersedes ?? []) {
      supersededBy.set(weaker, [...(supersededBy.get(weaker) ?? []), rule.meta.id]);
    }
  }
  const present = new Set(findings.filter((f) => f.statement).map((f) => `${f.ruleId}\u0000${f.statement}`));
  return findings.filter((finding) => {
    if (!finding.statement) return true;
    const stronger = supersededBy.get(finding.ruleId) ?? [];
    return !stronger.some((id) => present.has(`${id}\u0000${finding.statement}`));
  });
}

function applySuppressions(findings: Finding[], model: ReviewModel): void {
  for (const finding of findings) {
    const suppression = model.suppressions.find((s) => suppresses(s, finding.ruleId, finding.at, finding.resource));
    if (suppression) finding.suppressed = { ...(suppression.reason ? { reason: suppression.reason } : {}), at: suppression.at };
  }
}

// DESIGN.md: identical fingerprints in one file get an occurrence index, so two identical problems stay two.
// The findings come sorted (compareFindings), which decides which one is the first.
function numberRepeatedFingerprints(findings: Finding[]): void {
  const seen = new Map<string, number>();
  for (const finding of findings) {
    const key = `${finding.at.path}\u0000${finding.fingerprint}`;
    const count = seen.get(key) ?? 0;
    seen.set(key, count + 1);
    if (count > 0) finding.fingerprint = `${finding.fingerprint}-${count}`;
  }
}

export function compareFindings(a: Finding, b: Finding): number {
  return comparePositions(a.at, b.at) || a.ruleId.localeCompare(b.ruleId) || a.message.localeCompare(b.message);
}

function comparePositions(a: Position, b: Position): number {
  return (
    a.path.localeCompare(b.path) ||
    a.startLine - b.startLine ||
    (a.startColumn ?? 0) - (b.startColumn ?? 0)
  );
}
