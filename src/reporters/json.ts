// `scan --format json`, as DESIGN.md "Command line" fixes it: one object with findings, policies and errors.

import type { ScanReview } from "../engine/review-scan.js";
import { toPlain } from "../iac/located.js";
import type { Finding } from "../rules/types.js";

export function findingJson(finding: Finding): Record<string, unknown> {
  return {
    ruleId: finding.ruleId,
    name: finding.name,
    severity: finding.severity,
    path: finding.at.path,
    startLine: finding.at.startLine,
    endLine: finding.at.endLine,
    ...(finding.at.startColumn !== undefined ? { startColumn: finding.at.startColumn } : {}),
    ...(finding.at.endColumn !== undefined ? { endColumn: finding.at.endColumn } : {}),
    ...(finding.resource !== undefined ? { resource: finding.resource } : {}),
    message: finding.message,
    fingerprint: finding.fingerprint,
    ...(finding.status ? { status: finding.status } : {}),
    ...(finding.fix ? { fix: { startLine: finding.fix.at.startLine, endLine: finding.fix.at.endLine, replacement: finding.fix.replacement } } : {}),
    ...(finding.suppressed ? { suppressed: { reason: finding.suppressed.reason ?? null, line: finding.suppressed.at.startLine } } : {}),
  };
}

/**
 * The JSON report as a value, for `JSON.stringify`. Each policy document is converted to plain JSON while it is
 * written (`toJSON`), not all of them up front: a large repository's documents would otherwise all be held
 * twice while the text is produced.
 */
export function jsonReport(review: ScanReview): Record<string, unknown> {
  return {
    version: 1,
    findings: review.findings.map(findingJson),
    policies: review.scan.policies.map((policy) => ({
      path: policy.at.path,
      resource: policy.resource,
      resourceType: policy.resourceType,
      property: policy.property,
      kind: policy.kind,
      startLine: policy.at.startLine,
      endLine: policy.at.endLine,
      attachedTo: policy.attachedTo,
      document: { toJSON: () => toPlain(policy.document) },
    })),
    errors: [
      ...review.scan.errors.map((error) => ({
        path: error.path,
        line: error.line,
        ...(error.resource ? { resource: error.resource } : {}),
        message: error.message,
      })),
      ...review.configProblems.map((problem) => ({ path: problem.path, line: problem.line, message: `configuration: ${problem.message}` })),
    ],
  };
}

export function renderJson(review: ScanReview): string {
  return `${JSON.stringify(jsonReport(review), null, 2)}\n`;
}
