// The review of a change: both sides of the changed files (and what they need) are scanned and linted, each
// finding is marked new / unchanged / fixed by its line-independent fingerprint, suppressions the change adds
// are surfaced, and the check conclusion is decided — here, so that the App and the CLI agree.

import { posix } from "node:path";
import type { ScanResult, SourceFile } from "../iac/scan.js";
import { isCandidatePath, scanSources } from "../iac/scan.js";
import type { SourceReader } from "../iac/types.js";
import type { Catalogue } from "../iam/catalogue.js";
import { matchesAction } from "../iam/wildcard.js";
import { normalizePolicy } from "../iam/normalize.js";
import type { AwsSimulator } from "../simulator/aws.js";
import type { Finding, Rule } from "../rules/types.js";
import { computeAccessDiff, type AccessChange } from "./access-diff.js";
import { checkAssertions, FAILING_ASSERTION, SIM001 } from "./assertions.js";
import { assertionQuestions, crossCheckWithAws } from "./aws-cross-check.js";
import { CONFIG_PATH, pathMatcher, scpMatcher, type Config, type ConfigProblem, type FailOn } from "./config.js";
import { reviewScan, type ScanReview } from "./review-scan.js";
import { findSecrets, maskInPlace } from "./secrets.js";
import { suppresses, type Suppression } from "./suppressions.js";

/** GitHub lists at most 3,000 files of a pull request. */
export const MAX_CHANGED_FILES = 3000;

export interface ChangedFile {
  path: string;
  /** Set for renames: the path on the base side. */
  previousPath?: string;
  status: "added" | "modified" | "removed" | "renamed" | "copied" | "changed" | "unchanged";
}

export interface ChangeSet {
  base: ReadonlyMap<string, string>;
  head: ReadonlyMap<string, string>;
  changed: ChangedFile[];
  /** True when the pull request has more changed files than could be listed. */
  truncated?: boolean;
  /** Reads a file outside the maps (a `file()` target), where the source can do so synchronously. */
  readBase?: (path: string) => string | undefined;
  readHead?: (path: string) => string | undefined;
}

export type Conclusion = "success" | "failure" | "neutral";

export interface NewSuppression {
  suppression: Suppression;
  /** The findings it silences on the head. */
  findings: Finding[];
}

/** Who may assume which role, as the trust policies of the reviewed files write it. */
export interface TrustEdge {
  role: string;
  principal: string;
  principalType: string;
  status: "new" | "unchanged" | "removed";
}

export interface ReviewResult {
  /** Head findings (new or unchanged) and base findings the change removed (fixed). */
  findings: Finding[];
  head: ScanReview;
  base: ScanReview;
  /** Suppressions the change adds or rewrites, with what they silence. */
  newSuppressions: NewSuppression[];
  /** Trust relationships of the roles whose trust policy the change touches. */
  trust: TrustEdge[];
  /**
   * What the change does to who can do which sensitive action (src/engine/access-diff.ts): the rows whose
   * answer (allowed or not) differs between base and head. Newly allowed sensitive rows are also SIM002 findings.
   * Always set by reviewChange; optional so that results built elsewhere (tests, fakes) stay valid.
   */
  accessDiff?: AccessChange[];
  /** What the reader should know that is no finding: the AWS cross-check did not run, the access diff was cut short. */
  notices?: string[];
  configProblems: ConfigProblem[];
  /** Changed IaC files (head paths) the review looked at. */
  reviewedFiles: string[];
  conclusion: Conclusion;
  /** One line saying why the conclusion is what it is. */
  summary: string;
}

export interface ReviewOptions {
  config: Config;
  configProblems?: ConfigProblem[];
  catalogue: Catalogue;
  rules: readonly Rule[];
  /** Where the configuration was read from (SIM001 findings point there); default `.github/iam-review.yml`. */
  configPath?: string;
  /**
   * AWS's policy simulator, for the SIM003 cross-check when `aws_simulator.enabled` (the App creates it with
   * `createAwsSimulator`; tests inject a fake). Without it an enabled cross-check only says it did not run.
   */
  awsSimulator?: AwsSimulator;
  /** True when the pull request's head is in a fork: the AWS cross-check never runs automatically then. */
  fromFork?: boolean;
}

/** The checks the engine produces itself, outside the rule registry (docs/rules/SIM00x.md). */
export { ENGINE_CHECK_IDS } from "./engine-checks.js";

/**
 * Which files a review needs (DESIGN.md "What the App scans"): the changed IaC files and every IaC file in
 * their directories (a Terraform module is its directory; a template is its file).
 */
export function reviewScope(changed: readonly ChangedFile[], filesOf: (dir: string) => readonly string[]): string[] {
  const scope = new Set<string>();
  for (const file of changed) {
    for (const path of [file.path, file.previousPath].filter((p): p is string => p !== undefined)) {
      if (!isCandidatePath(path)) continue;
      scope.add(path);
      if (path.endsWith(".tf")) {
        for (const sibling of filesOf(directoryOf(path))) if (sibling.endsWith(".tf")) scope.add(sibling);
      }
    }
  }
  return [...scope].sort();
}

function directoryOf(path: string): string {
  const dir = posix.dirname(path);
  return dir === "." ? "" : dir;
}

export async function reviewChange(change: ChangeSet, options: ReviewOptions): Promise<ReviewResult> {
  const inScope = pathMatcher(options.config);
  const reviewable = (path: string | undefined) => path !== undefined && isCandidatePath(path) && inScope(path);
  const changedIac = change.changed.filter((file) => reviewable(file.path) || reviewable(file.previousPath));
  const configProblems = options.configProblems ?? [];
  const [base, head] = await Promise.all([
    reviewSide(change.base, change.readBase, options),
    reviewSide(change.head, change.readHead, options),
  ]);
  const changedPaths = new Set(change.changed.flatMap((f) => [f.path, f.previousPath ?? f.path]));
  const simulated = await simulationFindings(base.review.scan, head.review.scan, changedPaths, changedIac.length > 0, options);
  // Suppressions written in the head apply to SIM002 as to any finding at a statement.
  for (const finding of simulated.headFindings) {
    const suppression = head.suppressions.find((s) => suppresses(s, finding.ruleId, finding.at, finding.resource));
    if (suppression) finding.suppressed = { ...(suppression.reason ? { reason: suppression.reason } : {}), at: suppression.at };
  }
  // Messages quote policy names, Sids and configuration values: the same masking pass as the scan's.
  maskInPlace({ simulated, notices: simulated.notices }, new Set([...base.secrets, ...head.secrets]));
  const findings = [
    ...compareFindings(base.findings, head.findings),
    ...compareFindings(simulated.baseAssertions, simulated.headAssertions),
    ...simulated.headFindings.map((f) => ({ ...f, status: "new" as const })),
  ];
  const newSuppressions = findNewSuppressions(
    base.suppressions,
    head.suppressions,
    [...head.review.findings, ...simulated.headFindings],
    options.config,
  );
  applySuppressionPolicy(findings, newSuppressions, options.config);
  const reviewedFiles = changedIac.filter((file) => file.status !== "removed").map((file) => file.path);
  const { conclusion, summary } = decideConclusion({
    changedIac: changedIac.length,
    findings,
    failOn: options.config.fail_on,
    unreadable: head.review.scan.errors.filter((error) => reviewedFiles.includes(error.path) && !error.policy),
    truncated: change.truncated === true,
    addedSuppressions: newSuppressions.length,
  });
  return {
    findings,
    head: head.review,
    base: base.review,
    newSuppressions,
    trust: trustDiff(base.review.scan, head.review.scan, changedPaths),
    accessDiff: simulated.accessDiff,
    notices: simulated.notices,
    configProblems,
    reviewedFiles,
    conclusion,
    summary,
  };
}

interface SimulationFindings {
  /** SIM001 on each side, compared like rule findings (an assertion failing before and after is `unchanged`). */
  baseAssertions: Finding[];
  headAssertions: Finding[];
  /** SIM002 and SIM003: about the change itself, always new. */
  headFindings: Finding[];
  accessDiff: AccessChange[];
  notices: string[];
}

/** The engine's own checks: the configuration's assertions, the access diff, and the AWS cross-check. */
async function simulationFindings(
  base: ScanResult,
  head: ScanResult,
  changedPaths: ReadonlySet<string>,
  anyIacChanged: boolean,
  options: ReviewOptions,
): Promise<SimulationFindings> {
  const { config, catalogue } = options;
  const none: SimulationFindings = { baseAssertions: [], headAssertions: [], headFindings: [], accessDiff: [], notices: [] };
  // No IaC changed: the check succeeds without a review (DESIGN.md "Check conclusion"), so nothing to simulate.
  if (!anyIacChanged) return none;
  const assertionOptions = { catalogue, configPath: options.configPath ?? CONFIG_PATH };
  const [baseAssertions, headAssertions, access] = await Promise.all([
    checkAssertions(base, config, assertionOptions),
    checkAssertions(head, config, assertionOptions),
    computeAccessDiff({ base, head, changedPaths, config, catalogue }),
  ]);
  const notices = [...access.notes];
  const headFindings = [...access.findings];
  if (config.aws_simulator.enabled) {
    const crossCheck = await crossCheckWithAws(head, assertionQuestions(config), {
      enabled: true,
      ...(options.awsSimulator ? { simulator: options.awsSimulator } : {}),
      trigger: "review",
      fromFork: options.fromFork === true,
      catalogue,
      config,
    });
    headFindings.push(...crossCheck.findings);
    notices.push(...crossCheck.notices);
  }
  return {
    baseAssertions: baseAssertions.findings,
    headAssertions: headAssertions.findings,
    headFindings,
    accessDiff: access.changes,
    notices,
  };
}

async function reviewSide(
  given: ReadonlyMap<string, string>,
  readMore: ((path: string) => string | undefined) | undefined,
  options: ReviewOptions,
): Promise<{ review: ScanReview; findings: Finding[]; suppressions: Suppression[]; secrets: Set<string> }> {
  const files = new Map(given);
  const inScope = pathMatcher(options.config);
  const sources: SourceFile[] = [...files]
    .filter(([path]) => isCandidatePath(path) && inScope(path))
    .map(([path, text]) => ({ path, text }));
  const reader: SourceReader = {
    read: (path) => {
      if (files.has(path)) return files.get(path);
      const text = readMore?.(path);
      // What file() reads joins the texts the review masks and quotes.
      if (text !== undefined) files.set(path, text);
      return text;
    },
  };
  const scan: ScanResult = await scanSources(sources, reader, { configuredScp: scpMatcher(options.config) });
  const review = await reviewScan({ scan, files, config: options.config, catalogue: options.catalogue, rules: options.rules });
  // The texts before masking (file() targets included): what the engine's own messages must be masked with.
  const secrets = new Set<string>();
  for (const text of files.values()) for (const secret of findSecrets(text)) secrets.add(secret.value);
  return { review, findings: review.findings, suppressions: review.suppressions, secrets };
}

/** new: only on the head; unchanged: on both sides (by fingerprint, wherever the line moved); fixed: only on the base. */
function compareFindings(base: Finding[], head: Finding[]): Finding[] {
  const baseFingerprints = new Set(base.map((f) => f.fingerprint));
  const headFingerprints = new Set(head.map((f) => f.fingerprint));
  return [
    ...head.map((f) => ({ ...f, status: baseFingerprints.has(f.fingerprint) ? ("unchanged" as const) : ("new" as const) })),
    ...base.filter((f) => !headFingerprints.has(f.fingerprint)).map((f) => ({ ...f, status: "fixed" as const })),
  ];
}

function trustEdges(scan: ScanResult, paths: ReadonlySet<string>): Map<string, Omit<TrustEdge, "status">> {
  const edges = new Map<string, Omit<TrustEdge, "status">>();
  for (const source of scan.policies) {
    if (source.kind !== "trust" || !paths.has(source.at.path)) continue;
    const { policy } = normalizePolicy({ kind: source.kind, name: source.resource, document: source.document, at: source.at });
    for (const statement of policy.statements) {
      if (statement.effect.value !== "Allow") continue;
      const assumes = (statement.actions ?? []).some((a) => matchesAction(a.value, "sts:AssumeRole") || /^sts:AssumeRoleWith/i.test(a.value));
      if (!assumes) continue;
      for (const principal of statement.principals ?? []) {
        const edge = { role: source.resource, principal: principal.value, principalType: principal.type };
        edges.set(`${edge.role}\u0000${edge.principalType}\u0000${edge.principal}`, edge);
      }
    }
  }
  return edges;
}

function trustDiff(base: ScanResult, head: ScanResult, changedPaths: ReadonlySet<string>): TrustEdge[] {
  const before = trustEdges(base, changedPaths);
  const after = trustEdges(head, changedPaths);
  return [
    ...[...after].map(([key, edge]) => ({ ...edge, status: before.has(key) ? ("unchanged" as const) : ("new" as const) })),
    ...[...before].filter(([key]) => !after.has(key)).map(([, edge]) => ({ ...edge, status: "removed" as const })),
  ];
}

/** A suppression is known by what it says and where it points, not by its line. */
function suppressionIdentity(suppression: Suppression): string {
  const scope = suppression.scope;
  const target = "resource" in scope ? `resource:${scope.resource}` : `lines:${scope.endLine - scope.startLine}`;
  return [suppression.ruleIds.join(","), suppression.reason ?? "", target].join("|");
}

function findNewSuppressions(
  base: Suppression[],
  head: Suppression[],
  headFindings: Finding[],
  config: Config,
): NewSuppression[] {
  if (config.new_suppressions === "allow") return [];
  const known = new Set(base.map(suppressionIdentity));
  return head
    .filter((suppression) => !known.has(suppressionIdentity(suppression)))
    .map((suppression) => ({
      suppression,
      findings: headFindings.filter(
        (f) => f.suppressed && f.suppressed.at.path === suppression.at.path && f.suppressed.at.startLine === suppression.at.startLine,
      ),
    }));
}

/** `new_suppressions: block` makes a suppression the change adds count as if it were not there. */
function applySuppressionPolicy(findings: Finding[], added: NewSuppression[], config: Config): void {
  if (config.new_suppressions !== "block") return;
  const blocked = new Set(added.flatMap((entry) => entry.findings.map((f) => f.fingerprint)));
  for (const finding of findings) if (finding.status !== "fixed" && blocked.has(finding.fingerprint)) delete finding.suppressed;
}

const SEVERITY_RANK = { error: 3, warning: 2, notice: 1 } as const;

export function atOrAbove(severity: Finding["severity"], failOn: FailOn): boolean {
  return failOn !== "never" && SEVERITY_RANK[severity] >= SEVERITY_RANK[failOn];
}

/** DESIGN.md "Check conclusion". */
export function decideConclusion(input: {
  changedIac: number;
  findings: Finding[];
  failOn: FailOn;
  unreadable: { path: string; line: number; message: string }[];
  truncated: boolean;
  addedSuppressions?: number;
}): { conclusion: Conclusion; summary: string } {
  const decided = conclusionWithoutSuppressions(input);
  const added = input.addedSuppressions ?? 0;
  if (added === 0 || input.changedIac === 0) return decided;
  // Honoured, never silent: the summary says so whatever the conclusion.
  const note = ` This change adds ${added} ${added === 1 ? "suppression" : "suppressions"}: see below.`;
  return { conclusion: decided.conclusion, summary: `${decided.summary}${note}` };
}

function conclusionWithoutSuppressions(input: {
  changedIac: number;
  findings: Finding[];
  failOn: FailOn;
  unreadable: { path: string; line: number; message: string }[];
  truncated: boolean;
}): { conclusion: Conclusion; summary: string } {
  // Unless files were left out: an infrastructure change could hide after the 3,000th file.
  if (input.changedIac === 0 && !input.truncated) return { conclusion: "success", summary: "No infrastructure files changed." };
  const active = input.findings.filter((f) => f.status !== "fixed" && !f.suppressed);
  // A failing assertion fails the check whatever its status and fail_on: an assertion that failed before
  // the change and still fails is still not true (DESIGN.md "Check conclusion").
  const failingAssertions = active.filter(isFailingAssertion);
  const blocking = active.filter((f) => f.status === "new" && atOrAbove(f.severity, input.failOn) && !isFailingAssertion(f));
  if (blocking.length > 0 || failingAssertions.length > 0) {
    const reasons: string[] = [];
    if (blocking.length > 0) reasons.push(`${blocking.length} new ${blocking.length === 1 ? "finding" : "findings"} at or above ${input.failOn}`);
    if (failingAssertions.length > 0) {
      const count = new Set(failingAssertions.map((f) => f.data.name)).size;
      reasons.push(`${count} ${count === 1 ? "simulation assertion does" : "simulation assertions do"} not hold`);
    }
    return { conclusion: "failure", summary: `${reasons.join("; ")}.` };
  }
  if (input.truncated) {
    return { conclusion: "neutral", summary: `More than ${MAX_CHANGED_FILES} files changed: only the first ${MAX_CHANGED_FILES} were reviewed.` };
  }
  if (input.unreadable.length > 0) {
    return { conclusion: "neutral", summary: `${input.unreadable.length} changed ${input.unreadable.length === 1 ? "file" : "files"} could not be read.` };
  }
  if (active.length > 0) {
    return { conclusion: "neutral", summary: `No new finding at or above ${input.failOn}; ${active.length} other ${active.length === 1 ? "finding" : "findings"}.` };
  }
  return { conclusion: "success", summary: "No findings." };
}

/** A SIM001 finding of an assertion that does not hold (not an undecided one, which is a notice). */
export function isFailingAssertion(finding: Finding): boolean {
  return finding.ruleId === SIM001.id && FAILING_ASSERTION.has(finding.messageId);
}
