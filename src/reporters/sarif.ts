// SARIF 2.1.0 for GitHub code scanning: only the rules that matched, results in a stable order, fingerprints
// that survive unrelated edits (partialFingerprints), and suppressed findings marked as suppressed in source.

import type { Log, ReportingDescriptor, Result } from "sarif";
import { ENGINE_CHECKS } from "../engine/engine-checks.js";
import type { Finding, Rule } from "../rules/types.js";

export interface SarifOptions {
  toolVersion: string;
  /** Where the rule pages live; `<base>/<ID>.md` is each rule's help. */
  docsBaseUrl: string;
  informationUri: string;
}

const LEVEL = { error: "error", warning: "warning", notice: "note" } as const;
const BASELINE = { new: "new", unchanged: "unchanged", fixed: "absent" } as const;

export function renderSarif(findings: readonly Finding[], rules: readonly Rule[], options: SarifOptions): Log {
  // A SARIF log describes the code as it is: findings the change fixed are not results of it.
  const present = findings.filter((f) => f.status !== "fixed").sort(compareForSarif);
  const matchedIds = [...new Set(present.map((f) => f.ruleId))].sort();
  const descriptors: ReportingDescriptor[] = matchedIds.map((id) => describeRule(id, rules, options));
  const results: Result[] = present.map((finding) => ({
    ruleId: finding.ruleId,
    ruleIndex: matchedIds.indexOf(finding.ruleId),
    level: LEVEL[finding.severity],
    message: { text: finding.message },
    locations: [
      {
        physicalLocation: {
          artifactLocation: { uri: encodeURI(finding.at.path), uriBaseId: "%SRCROOT%" },
          region: region(finding),
        },
      },
    ],
    partialFingerprints: { "iamReviewFingerprint/v1": finding.fingerprint },
    ...(finding.resource ? { properties: { resource: finding.resource } } : {}),
    ...(finding.status ? { baselineState: BASELINE[finding.status] } : {}),
    ...(finding.suppressed
      ? { suppressions: [{ kind: "inSource" as const, ...(finding.suppressed.reason ? { justification: finding.suppressed.reason } : {}) }] }
      : {}),
  }));
  return {
    version: "2.1.0",
    $schema: "https://json.schemastore.org/sarif-2.1.0.json",
    runs: [
      {
        tool: {
          driver: {
            name: "iam-review",
            informationUri: options.informationUri,
            version: options.toolVersion,
            semanticVersion: options.toolVersion,
            rules: descriptors,
          },
        },
        originalUriBaseIds: { "%SRCROOT%": { uri: "file:///" } },
        results,
        columnKind: "unicodeCodePoints",
      },
    ],
  };
}

function describeRule(id: string, rules: readonly Rule[], options: SarifOptions): ReportingDescriptor {
  // A registry rule, or one of the checks the engine makes itself (SIM001–SIM003).
  const meta = rules.find((r) => r.meta.id === id)?.meta ?? ENGINE_CHECKS.find((check) => check.id === id);
  const helpUri = `${options.docsBaseUrl.replace(/\/$/, "")}/${id}.md`;
  if (!meta) return { id, helpUri };
  return {
    id,
    name: meta.name,
    shortDescription: { text: meta.summary },
    helpUri,
    help: { text: `${meta.summary} See ${helpUri}` },
    defaultConfiguration: { level: LEVEL[meta.severity] },
  };
}

function region(finding: Finding) {
  const { at } = finding;
  return {
    startLine: Math.max(at.startLine, 1),
    endLine: Math.max(at.endLine, at.startLine, 1),
    ...(at.startColumn !== undefined ? { startColumn: at.startColumn } : {}),
    ...(at.endColumn !== undefined && at.endLine === at.startLine && at.startColumn !== undefined && at.endColumn > at.startColumn
      ? { endColumn: at.endColumn }
      : {}),
  };
}

function compareForSarif(a: Finding, b: Finding): number {
  return (
    a.at.path.localeCompare(b.at.path) ||
    a.at.startLine - b.at.startLine ||
    (a.at.startColumn ?? 0) - (b.at.startColumn ?? 0) ||
    a.ruleId.localeCompare(b.ruleId) ||
    a.fingerprint.localeCompare(b.fingerprint)
  );
}
