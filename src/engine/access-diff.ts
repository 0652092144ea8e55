// The access diff (DESIGN.md "engine": which principal can now do which sensitive action) and SIM002
// new-sensitive-access. An engine step, not a registered rule: it compares two scans, and rules see one.
//
// What is compared, on the base and on the head of a change:
// - identity: every role, user and group of the scan that the change touches — one of its effective
//   policies (inline, attached, a group's, its boundary), its attachments or its own resource is written in
//   a changed file — asked every sensitive action "on any resource" with its effective policy set, exactly
//   as `simulateAs` asks (DESIGN.md "On `*` means on any resource").
// - trust: every role whose trust policy is written in a changed file: for each principal an Allow of the
//   trust policy names (on either side), may it call `sts:AssumeRole`, `…WithWebIdentity`, `…WithSAML` on the
//   role? The caller's own account is assumed to let it (its identity policies are not in this repository),
//   and the conditions of the Allow statements are left out: the trust diff says *who* can assume the role;
//   how a condition narrows it is what the trust rules (IAM3xx) judge.
// - resource: every resource-based policy (bucket, key, queue, topic… policy) written in a changed file:
//   what an outsider can do through it. Outsiders are "anyone" (a principal of an unrelated account that no
//   policy names) and every account an Allow of the policy names that is not one of the configuration's
//   `accounts`; each is assumed to hold every permission in its own account, so the resource policy
//   decides. Conditions count here (an `aws:PrincipalOrgID` condition keeps an outsider out).
//
// A row of the diff is a change of *whether* the action is allowed: implicit ↔ explicit deny is no change.
// Newly allowed rows become SIM002 findings (one per principal and `sensitive_actions` entry, at the
// deciding statement on the head); newly denied rows are listed, not reported.
//
// Sensitive actions (DESIGN.md "Decisions"): an entry without a wildcard counts as itself, whatever its
// access level; an entry with a wildcard counts only the catalogue's Write, Permissions management and
// Tagging actions it covers (`iam:ListRoles` is not "iam:*").
//
// Cost: policies are compiled once per principal and side; a principal whose effective policies are the
// same on both sides (positions aside) is skipped; only the sensitive actions that some Allow statement of
// either side can name are simulated; and the whole diff stops after MAX_EVALUATIONS simulations, saying so.

import { hasUnresolved } from "../iac/located.js";
import type { ScanResult } from "../iac/scan.js";
import type { PolicySource, Position } from "../iac/types.js";
import { accountOfPrincipal, isServicePrincipal } from "../iam/arn.js";
import type { Catalogue } from "../iam/catalogue.js";
import type { Policy, Statement } from "../iam/model.js";
import { normalizePolicy } from "../iam/normalize.js";
import { fromPlain } from "../iac/located.js";
import { hasWildcard, matchesAction } from "../iam/wildcard.js";
import type { Finding } from "../rules/types.js";
import {
  compilePolicySet,
  evaluate,
  evaluateOnAnyResource,
  type CompiledPolicySet,
  type Decision,
  type DecisionValue,
  type MatchedStatement,
  type PolicySet,
} from "../simulator/index.js";
import { effectiveSeverity, type Config } from "./config.js";
import { fingerprint } from "./fingerprint.js";
import { interpolate } from "./interpolate.js";
import { policyKey } from "./model.js";
import { effectivePoliciesOfEvery, type EffectivePolicies } from "./principals.js";

export const SIM002 = {
  id: "SIM002",
  name: "new-sensitive-access",
  severity: "warning",
  summary: "After the change, a principal can perform a sensitive action (`sensitive_actions`) that it could not perform before.",
  messages: {
    identity: "{{principal}} can now perform {{actions}} ({{before}} → allowed), allowed by {{deciding}}",
    trust: "{{principal}} can now assume {{target}} with {{actions}} ({{before}} → allowed), allowed by {{deciding}}",
    resource: "{{principal}} can now perform {{actions}} through {{target}} ({{before}} → allowed), allowed by {{deciding}}",
  },
} as const;

/** Simulations one diff may run; beyond, the diff stops and says so (a bound on the review's time). */
export const MAX_EVALUATIONS = 250_000;

/** How many actions a message names before it says "and N more". */
const ACTIONS_IN_MESSAGE = 5;

export type AccessKind = "identity" | "resource" | "trust";

/** A decision, or `absent`: the principal (role, resource policy) does not exist on that side. */
export type AccessDecision = DecisionValue | "absent";

/** The statement that decided a row: on the head for what is allowed or explicitly denied now, else on the base. */
export interface DecidingStatement {
  effect: "Allow" | "Deny";
  /** The policy's name: `aws_iam_role_policy.ci#policy`, `AWS managed: AdministratorAccess via attachment at main.tf:12`. */
  policy: string;
  sid?: string;
  path?: string;
  line?: number;
  side: "base" | "head";
}

export interface AccessChange {
  kind: AccessKind;
  /**
   * Who: identity — the principal's address (`aws_iam_role.ci`); trust — the caller as the trust policy names
   * it (`AWS: arn:aws:iam::444455556666:root`, `Service: ec2.amazonaws.com`); resource — `anyone` or
   * `account 444455556666`.
   */
  principal: string;
  /** trust: the role's address; resource: the policy (`aws_s3_bucket_policy.logs#policy`). */
  target?: string;
  /** The concrete action. */
  action: string;
  /**
   * The `sensitive_actions` entry that makes the action sensitive (`iam:*`, `s3:GetObject`). Absent on trust
   * rows for an assume action the configuration does not count as sensitive: listed, never reported.
   */
  sensitive?: string;
  before: AccessDecision;
  after: AccessDecision;
  deciding?: DecidingStatement;
  /** Sides whose answer depends on values not known statically (the decision shown is that of the known parts). */
  undecided?: ("before" | "after")[];
  /** Trust rows: the deciding Allow has conditions, which the trust diff leaves out (who, not under what condition). */
  conditional?: true;
}

export interface AccessDiffResult {
  changes: AccessChange[];
  /** SIM002, one per principal (and target) and `sensitive_actions` entry that gained access. */
  findings: Finding[];
  /** What the diff could not do (the work bound was reached). */
  notes: string[];
  /** Simulations run: what the bound counts. */
  evaluations: number;
}

export interface SensitiveAction {
  /** A concrete action in the catalogue's spelling (`iam:PassRole`), or as written when the catalogue does not know it. */
  action: string;
  /** The `sensitive_actions` entry it comes from. */
  sensitive: string;
}

const WRITE_LEVELS = new Set(["Write", "Permissions management", "Tagging"]);

/**
 * The concrete actions a `sensitive_actions` list stands for (DESIGN.md "Sensitive actions"). Each action is
 * attributed to the most specific entry: an entry that names it beats a wildcard that covers it.
 */
export async function expandSensitiveActions(entries: readonly string[], catalogue: Catalogue): Promise<SensitiveAction[]> {
  await catalogue.load(entries);
  const byAction = new Map<string, SensitiveAction>();
  const named = entries.filter((entry) => !hasWildcard(entry));
  const patterns = entries.filter((entry) => hasWildcard(entry));
  for (const entry of named) {
    const action = catalogue.actionDetails(entry)?.action ?? entry;
    if (!byAction.has(action.toLowerCase())) byAction.set(action.toLowerCase(), { action, sensitive: entry });
  }
  for (const entry of patterns) {
    for (const details of catalogue.actionsMatching(entry)) {
      if (!WRITE_LEVELS.has(details.accessLevel)) continue;
      const key = details.action.toLowerCase();
      if (!byAction.has(key)) byAction.set(key, { action: details.action, sensitive: entry });
    }
  }
  return [...byAction.values()];
}

export interface AccessDiffInput {
  base: ScanResult;
  head: ScanResult;
  /** Paths of the changed files on either side (a rename's old and new path). */
  changedPaths: ReadonlySet<string>;
  config: Config;
  catalogue: Catalogue;
}

export async function computeAccessDiff(input: AccessDiffInput): Promise<AccessDiffResult> {
  const sensitive = await expandSensitiveActions(input.config.sensitive_actions, input.catalogue);
  const diff = new DiffRun(input, sensitive);
  diff.identities();
  diff.trusts();
  diff.resourcePolicies();
  const changes = diff.changes.sort(compareChanges);
  const severity = effectiveSeverity(input.config, SIM002.id, SIM002.severity);
  const findings = severity === "off" ? [] : sim002Findings(changes, severity);
  return { changes, findings, notes: diff.notes, evaluations: diff.evaluations };
}

// ------------------------------------------------------------------------------------------------ the run

/** One side of one question: the compiled policies and what about them is not known statically. */
interface SideState {
  compiled: CompiledPolicySet;
  policies: PolicySet;
  /** Identity-side documents or attachments not known statically: any non-deny answer is undecided. */
  unknownIdentity: boolean;
  /** A boundary not known statically: an `allowed` answer is undecided. */
  unknownBoundary: boolean;
  /** Position-free content, to skip principals the change does not really alter. */
  signature: string;
}

interface SideAnswer {
  decision: AccessDecision;
  matched: MatchedStatement[];
  undecided: boolean;
}

const ABSENT: SideAnswer = { decision: "absent", matched: [], undecided: false };
const ASSUME_ACTIONS = ["sts:AssumeRole", "sts:AssumeRoleWithWebIdentity", "sts:AssumeRoleWithSAML"] as const;
/** The position of a document that is written nowhere (the assumed permissions below). */
const NOWHERE: Position = { path: "", startLine: 0, endLine: 0 };
/** Stands for "the principal's own account lets it": the permissions outside this repository. */
const CALLER_OWN_PERMISSIONS = grantEverything();
/** The account of the roles and resources of the repository when the configuration names none. */
const PLACEHOLDER_OWN_ACCOUNT = "000000000000";
/** An unrelated account: "anyone" that no policy names individually. */
const PLACEHOLDER_OUTSIDE_ACCOUNT = "999999999999";

class DiffRun {
  readonly changes: AccessChange[] = [];
  readonly notes: string[] = [];
  evaluations = 0;
  private stopped = false;
  /** Which sensitive actions (by index) an action pattern covers: patterns repeat across statements and principals. */
  private readonly coverage = new Map<string, number[]>();
  private readonly bySensitiveService = new Map<string, number[]>();
  private readonly effective: { base: Map<string, EffectivePolicies>; head: Map<string, EffectivePolicies> };
  private readonly ownAccount: string;
  private readonly outsideAccount: string;

  constructor(
    private readonly input: AccessDiffInput,
    private readonly sensitive: readonly SensitiveAction[],
  ) {
    sensitive.forEach((entry, index) => {
      const service = entry.action.slice(0, entry.action.indexOf(":")).toLowerCase();
      this.bySensitiveService.set(service, [...(this.bySensitiveService.get(service) ?? []), index]);
    });
    this.effective = { base: effectiveOfAll(input.base), head: effectiveOfAll(input.head) };
    const accounts = input.config.accounts;
    this.ownAccount = accounts[0] ?? PLACEHOLDER_OWN_ACCOUNT;
    this.outsideAccount = PLACEHOLDER_OUTSIDE_ACCOUNT;
  }

  // -------------------------------------------------------------------------------------------- identity

  identities(): void {
    const touched = new Set<string>();
    for (const side of ["base", "head"] as const) {
      for (const [address, effective] of this.effective[side]) if (touches(effective, this.scanOf(side), this.input.changedPaths)) touched.add(address);
    }
    for (const address of [...touched].sort()) {
      const before = this.effective.base.get(address);
      const after = this.effective.head.get(address);
      const baseSide = before ? identitySide(before) : undefined;
      const headSide = after ? identitySide(after) : undefined;
      if (baseSide && headSide && baseSide.signature === headSide.signature) continue;
      const candidates = this.candidates([...(before ? grantingStatements(before) : []), ...(after ? grantingStatements(after) : [])]);
      for (const index of candidates) {
        const { action, sensitive } = this.sensitive[index];
        const base = baseSide ? this.answerOnAnyResource(baseSide, action) : ABSENT;
        const head = headSide ? this.answerOnAnyResource(headSide, action) : ABSENT;
        this.record({ kind: "identity", principal: address, action, sensitive }, base, head);
        if (this.stopped) return;
      }
    }
  }

  // ----------------------------------------------------------------------------------------------- trust

  trusts(): void {
    const roles = new Set<string>();
    for (const side of ["base", "head"] as const) {
      for (const [address, effective] of this.effective[side]) {
        const origin = effective.trust?.origin;
        if (origin?.kind === "scan" && this.input.changedPaths.has(origin.path)) roles.add(address);
      }
    }
    const assume = ASSUME_ACTIONS.map((action) => ({ action, sensitive: this.sensitiveEntry(action)?.sensitive }));
    for (const role of [...roles].sort()) {
      const before = this.effective.base.get(role)?.trust?.policy;
      const after = this.effective.head.get(role)?.trust?.policy;
      if (before && after && signatureOf([before]) === signatureOf([after])) continue;
      const baseSide = before ? this.resourceSide(withoutAllowConditions(before)) : undefined;
      const headSide = after ? this.resourceSide(withoutAllowConditions(after)) : undefined;
      const callers = namedCallers([before, after]);
      const roleArn = `arn:aws:iam::${this.ownAccount}:role/${roleName(this.effective.head.get(role) ?? this.effective.base.get(role))}`;
      for (const caller of callers) {
        if (caller.request === undefined) continue;
        for (const { action, sensitive } of assume) {
          const ask = (side: SideState | undefined): SideAnswer =>
            side ? this.answerFor(side, action, { resource: roleArn, principal: caller.request!, resourcePolicyMustAllow: true }) : ABSENT;
          const what = { kind: "trust" as const, principal: caller.label, target: role, action, ...(sensitive !== undefined ? { sensitive } : {}) };
          this.record(what, ask(baseSide), ask(headSide), "resource", { base: before, head: after });
          if (this.stopped) return;
        }
      }
    }
  }

  // ------------------------------------------------------------------------------------------- resources

  resourcePolicies(): void {
    const bySide = { base: resourceSources(this.input.base), head: resourceSources(this.input.head) };
    const keys = new Set<string>();
    for (const side of ["base", "head"] as const) {
      for (const [key, source] of bySide[side]) if (this.input.changedPaths.has(source.at.path)) keys.add(key);
    }
    for (const key of [...keys].sort()) {
      const before = bySide.base.get(key);
      const after = bySide.head.get(key);
      const beforePolicy = before ? normalizedResourcePolicy(before) : undefined;
      const afterPolicy = after ? normalizedResourcePolicy(after) : undefined;
      if (beforePolicy && afterPolicy && signatureOf([beforePolicy]) === signatureOf([afterPolicy])) continue;
      const baseSide = beforePolicy ? this.resourceSide(beforePolicy) : undefined;
      const headSide = afterPolicy ? this.resourceSide(afterPolicy) : undefined;
      const statements = [...(beforePolicy?.statements ?? []), ...(afterPolicy?.statements ?? [])].filter(mayAllow);
      const candidates = this.candidates(statements);
      for (const outsider of this.outsiders([beforePolicy, afterPolicy])) {
        for (const index of candidates) {
          const { action, sensitive } = this.sensitive[index];
          const ask = (side: SideState | undefined): SideAnswer =>
            side ? this.answerOnAnyResource(side, action, { principal: outsider.account, resourceAccount: this.ownAccount }) : ABSENT;
          this.record({ kind: "resource", principal: outsider.label, target: key, action, sensitive }, ask(baseSide), ask(headSide), "resource");
          if (this.stopped) return;
        }
      }
    }
  }

  /** "anyone", and each account an Allow names that is not one of the organisation's. */
  private outsiders(policies: (Policy | undefined)[]): { label: string; account: string }[] {
    const own = new Set(this.input.config.accounts);
    const accounts = new Set<string>();
    for (const policy of policies) {
      for (const statement of policy?.statements ?? []) {
        if (!mayAllow(statement)) continue;
        for (const principal of statement.principals ?? []) {
          if (principal.type !== "AWS" || hasUnresolved(principal.value)) continue;
          const account = accountOfPrincipal(principal.value);
          if (account && !own.has(account) && account !== this.ownAccount) accounts.add(account);
        }
      }
    }
    return [{ label: "anyone", account: this.outsideAccount }, ...[...accounts].sort().map((account) => ({ label: `account ${account}`, account }))];
  }

  // ------------------------------------------------------------------------------------------- machinery

  private scanOf(side: "base" | "head"): ScanResult {
    return side === "base" ? this.input.base : this.input.head;
  }

  private resourceSide(policy: Policy): SideState {
    const policies: PolicySet = { identity: [CALLER_OWN_PERMISSIONS], resource: policy };
    return { compiled: compilePolicySet(policies), policies, unknownIdentity: unknownDocument(policy), unknownBoundary: false, signature: "" };
  }

  private sensitiveEntry(action: string): SensitiveAction | undefined {
    const wanted = action.toLowerCase();
    return this.sensitive.find((entry) => entry.action.toLowerCase() === wanted);
  }

  /** The sensitive actions (by index) that some of these Allow statements may grant. */
  private candidates(statements: readonly Statement[]): number[] {
    const found = new Set<number>();
    const all = () => this.sensitive.forEach((_, index) => found.add(index));
    for (const statement of statements) {
      // NotAction, or an action list not known statically, may grant anything.
      if (statement.notActions !== undefined || "Action" in statement.unresolved || "NotAction" in statement.unresolved) {
        all();
        break;
      }
      for (const pattern of statement.actions ?? []) {
        if (hasUnresolved(pattern.value)) {
          all();
          break;
        }
        for (const index of this.covered(pattern.value)) found.add(index);
      }
      if (found.size === this.sensitive.length) break;
    }
    return [...found].sort((a, b) => a - b);
  }

  private covered(pattern: string): number[] {
    const key = pattern.toLowerCase();
    let indexes = this.coverage.get(key);
    if (!indexes) {
      const colon = key.indexOf(":");
      const service = colon < 0 ? key : key.slice(0, colon);
      const pool = hasWildcard(service) ? this.sensitive.map((_, index) => index) : (this.bySensitiveService.get(service) ?? []);
      indexes = pool.filter((index) => matchesAction(pattern, this.sensitive[index].action));
      this.coverage.set(key, indexes);
    }
    return indexes;
  }

  private answerOnAnyResource(side: SideState, action: string, request: { principal?: string; resourceAccount?: string } = {}): SideAnswer {
    if (!this.spend()) return ABSENT;
    const formats = this.formatsOf(action);
    const decision = evaluateOnAnyResource(action, side.compiled, {
      explain: false,
      ...request,
      ...(formats !== undefined ? { resourceFormatsOf: () => formats } : {}),
    });
    return sideAnswer(side, decision);
  }

  private answerFor(side: SideState, action: string, request: { resource: string; principal: string; resourcePolicyMustAllow: boolean }): SideAnswer {
    if (!this.spend()) return ABSENT;
    const decision = evaluate({ action, ...request, resourceAccount: this.ownAccount }, side.compiled, { explain: false });
    return sideAnswer(side, decision);
  }

  private readonly formats = new Map<string, string[] | undefined>();

  private formatsOf(action: string): string[] | undefined {
    if (!this.formats.has(action)) this.formats.set(action, resourceFormats(this.input.catalogue, action));
    return this.formats.get(action);
  }

  private spend(): boolean {
    if (this.stopped) return false;
    if (this.evaluations >= MAX_EVALUATIONS) {
      this.stopped = true;
      this.notes.push(`The access diff stopped after ${MAX_EVALUATIONS.toLocaleString("en")} simulations; the changes after that point are not listed.`);
      return false;
    }
    this.evaluations++;
    return true;
  }

  /** Adds the row when whether the action is allowed differs between the sides. */
  private record(
    what: Pick<AccessChange, "kind" | "principal" | "target" | "action" | "sensitive">,
    base: SideAnswer,
    head: SideAnswer,
    decidingLayer?: "resource",
    /** The trust policies as written (with their conditions), to tell whether the deciding Allow had any. */
    written?: { base: Policy | undefined; head: Policy | undefined },
  ): void {
    if (this.stopped) return;
    const allowedBefore = base.decision === "allowed";
    const allowedAfter = head.decision === "allowed";
    if (allowedBefore === allowedAfter) return;
    const change: AccessChange = { ...what, before: base.decision, after: head.decision };
    if (what.target === undefined) delete change.target;
    // What is allowed or explicitly denied now is decided on the head; what was lost, by the base's Allow.
    const decidingSide = allowedAfter || head.decision === "explicitDeny" ? "head" : "base";
    const matched = (decidingSide === "head" ? head : base).matched.filter((statement) => !decidingLayer || statement.layer === decidingLayer);
    if (matched[0]) {
      change.deciding = decidingStatement(matched[0], decidingSide);
      const statement = written?.[decidingSide]?.statements[matched[0].index];
      if (matched[0].effect === "Allow" && statement && statement.conditions.length > 0) change.conditional = true;
    }
    const undecided: ("before" | "after")[] = [];
    if (base.undecided) undecided.push("before");
    if (head.undecided) undecided.push("after");
    if (undecided.length > 0) change.undecided = undecided;
    this.changes.push(change);
  }
}

// ------------------------------------------------------------------------------------------------ helpers

/** The effective policies of every principal of a scan, by address. */
function effectiveOfAll(scan: ScanResult): Map<string, EffectivePolicies> {
  const all = new Map<string, EffectivePolicies>();
  for (const effective of effectivePoliciesOfEvery(scan)) all.set(effective.principal.address, effective);
  return all;
}

/**
 * The principal's policies, attachments or own resource are written in a changed file. (A principal that is
 * touched but whose effective policies read the same on both sides is then skipped: nothing it can do changed.)
 */
function touches(effective: EffectivePolicies, scan: ScanResult, changedPaths: ReadonlySet<string>): boolean {
  const paths: string[] = [effective.principal.at.path];
  const originPath = (entry: EffectivePolicies["identity"][number] | undefined) =>
    entry === undefined ? undefined : entry.origin.kind === "scan" ? entry.origin.path : entry.origin.via.path;
  for (const entry of [...effective.identity, effective.boundary, effective.trust]) {
    const path = originPath(entry);
    if (path !== undefined) paths.push(path);
  }
  for (const item of effective.unknown) paths.push(item.at.path);
  for (const group of effective.groups) paths.push(group.at.path);
  if (paths.some((path) => changedPaths.has(path))) return true;
  // Attachments and memberships written in a changed file (a membership adds the group's policies).
  const address = effective.principal.address;
  return scan.attachments.some((attachment) => attachment.principal === address && changedPaths.has(attachment.at.path)) ||
    scan.resources.some((resource) => /membership|UserToGroupAddition/i.test(resource.type) && changedPaths.has(resource.at.path));
}

function identitySide(effective: EffectivePolicies): SideState {
  const policies: PolicySet = { identity: effective.identity.map((entry) => entry.policy) };
  if (effective.boundary) policies.boundary = effective.boundary.policy;
  const documents = [...policies.identity, ...(policies.boundary ? [policies.boundary] : [])];
  const unknownIdentity = effective.unknown.some((item) => item.layer === "identity") || documents.some(unknownDocument);
  const unknownBoundary = effective.unknown.some((item) => item.layer === "boundary");
  const unknownText = effective.unknown.filter((item) => item.layer !== "trust").map((item) => `${item.layer}:${item.what}`);
  return {
    compiled: compilePolicySet(policies),
    policies,
    unknownIdentity,
    unknownBoundary,
    signature: JSON.stringify([signatureOf(policies.identity), policies.boundary ? signatureOf([policies.boundary]) : "", unknownText.sort()]),
  };
}

/** The statements of a principal's identity policies that may allow something. */
function grantingStatements(effective: EffectivePolicies): Statement[] {
  return effective.identity.flatMap((entry) => entry.policy.statements.filter(mayAllow));
}

function mayAllow(statement: Statement): boolean {
  return statement.effect.value !== "Deny";
}

function unknownDocument(policy: Policy): boolean {
  return policy.unresolved !== undefined || (policy.unresolvedStatements?.length ?? 0) > 0;
}

const signatures = new WeakMap<Policy, string>();

/** What the documents say, without where they say it (positions, and names that carry positions). */
function signatureOf(policies: readonly Policy[]): string {
  return policies
    .map((policy) => {
      let signature = signatures.get(policy);
      if (signature === undefined) {
        const content = { kind: policy.kind, statements: policy.statements, unresolved: policy.unresolved, unresolvedStatements: policy.unresolvedStatements };
        signature = JSON.stringify(content, (key, value: unknown) => (key === "at" ? undefined : value));
        signatures.set(policy, signature);
      }
      return signature;
    })
    .sort()
    .join("\n");
}

/** The trust policy with its Allow statements unconditional: the trust diff is about who, not under what condition. */
function withoutAllowConditions(policy: Policy): Policy {
  return { ...policy, statements: policy.statements.map((statement) => (mayAllow(statement) ? { ...statement, conditions: [] } : statement)) };
}

/** Every principal an Allow of the trust policies names, as a label and as the caller of a request. */
function namedCallers(policies: (Policy | undefined)[]): { label: string; request?: string }[] {
  const callers = new Map<string, string | undefined>();
  for (const policy of policies) {
    for (const statement of policy?.statements ?? []) {
      if (!mayAllow(statement)) continue;
      for (const principal of statement.principals ?? []) {
        const { type, value } = principal;
        if (type === "CanonicalUser") continue;
        if (value === "*") callers.set("anyone (*)", PLACEHOLDER_OUTSIDE_ACCOUNT);
        // A principal not known statically cannot be asked about; the trust rules report it.
        else if (!hasUnresolved(value)) callers.set(`${type}: ${value}`, value);
      }
    }
  }
  return [...callers].map(([label, request]) => ({ label, ...(request !== undefined ? { request } : {}) }));
}

function roleName(effective: EffectivePolicies | undefined): string {
  return effective?.principal.name ?? "role";
}

function resourceSources(scan: ScanResult): Map<string, PolicySource> {
  const sources = new Map<string, PolicySource>();
  for (const source of scan.policies) {
    if (source.kind !== "resource") continue;
    const key = policyKey(source);
    if (!sources.has(key)) sources.set(key, source);
  }
  return sources;
}

const resourcePolicies = new WeakMap<PolicySource, Policy>();

function normalizedResourcePolicy(source: PolicySource): Policy {
  let policy = resourcePolicies.get(source);
  if (!policy) {
    policy = normalizePolicy({ kind: "resource", name: policyKey(source), document: source.document, at: source.at }).policy;
    resourcePolicies.set(source, policy);
  }
  return policy;
}

/** The ARN formats of the action's resource types, or undefined when the catalogue cannot tell (as simulateAs). */
function resourceFormats(catalogue: Catalogue, action: string): string[] | undefined {
  const service = action.slice(0, action.indexOf(":"));
  if (!catalogue.isLoaded(service)) return undefined;
  return catalogue.resourceTypesOf(action)?.map((type) => type.arnFormat);
}

/** As simulateAs: what is not known statically makes a non-deny answer undecided (a boundary: an allow). */
function sideAnswer(side: SideState, decision: Decision): SideAnswer {
  const value = decision.decision;
  const undecided =
    (decision.undecided?.length ?? 0) > 0 ||
    (value !== "explicitDeny" && side.unknownIdentity) ||
    (value === "allowed" && side.unknownBoundary);
  return { decision: value, matched: decision.matched, undecided };
}

function decidingStatement(statement: MatchedStatement, side: "base" | "head"): DecidingStatement {
  const deciding: DecidingStatement = { effect: statement.effect, policy: statement.policy, side };
  if (statement.sid !== undefined) deciding.sid = statement.sid;
  if (statement.at) {
    deciding.path = statement.at.path;
    deciding.line = statement.at.startLine;
  }
  return deciding;
}

function grantEverything(): Policy {
  const document = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] };
  return normalizePolicy({ kind: "identity", name: "the caller's own permissions (assumed to allow)", document: fromPlain(document, NOWHERE), at: NOWHERE }).policy;
}

const KIND_ORDER: Record<AccessKind, number> = { identity: 0, trust: 1, resource: 2 };

function compareChanges(left: AccessChange, right: AccessChange): number {
  return (
    KIND_ORDER[left.kind] - KIND_ORDER[right.kind] ||
    left.principal.localeCompare(right.principal) ||
    (left.target ?? "").localeCompare(right.target ?? "") ||
    left.action.localeCompare(right.action)
  );
}

/** `aws_iam_role_policy.ci#policy statement "PassRoles" at main.tf:14`; an AWS managed policy's name already says where. */
export function describeDeciding(deciding: DecidingStatement): string {
  const sid = deciding.sid !== undefined ? ` statement "${deciding.sid}"` : "";
  const place = deciding.path !== undefined ? `${deciding.path}:${deciding.line ?? 1}` : undefined;
  const where = place !== undefined && !deciding.policy.endsWith(` at ${place}`) ? ` at ${place}` : "";
  return `${deciding.policy}${sid}${where}`;
}

/** A row that gives access: allowed after, not before. */
export function isNewlyAllowed(change: AccessChange): boolean {
  return change.after === "allowed" && change.before !== "allowed";
}

/** Newly allowed rows that SIM002 reports: sensitive, and not a service assuming a role (roles exist for that). */
function reportable(change: AccessChange): boolean {
  if (!isNewlyAllowed(change) || change.sensitive === undefined || change.deciding?.path === undefined) return false;
  return !(change.kind === "trust" && isServicePrincipal(change.principal.replace(/^Service: /, "")));
}

/**
 * One finding per principal (and target) and deciding statement: an AdministratorAccess attachment is one
 * comment listing what it newly allows, not one per action.
 */
function sim002Findings(changes: readonly AccessChange[], severity: Finding["severity"]): Finding[] {
  const groups = new Map<string, AccessChange[]>();
  for (const change of changes.filter(reportable)) {
    const key = [change.kind, change.principal, change.target ?? "", describeDeciding(change.deciding!)].join("\u0000");
    const group = groups.get(key);
    if (group) group.push(change);
    else groups.set(key, [change]);
  }
  return [...groups.values()].map((group) => {
    const first = group[0];
    const deciding = first.deciding!;
    const befores = new Set(group.map((change) => change.before));
    const entries = [...new Set(group.map((change) => change.sensitive!))].sort();
    const data = {
      principal: first.principal,
      target: first.target ?? "",
      actions: summarizeActions(group),
      before: befores.size === 1 ? describeDecision(first.before) : "denied",
      deciding: describeDeciding(deciding) + (first.conditional ? " when its conditions hold" : ""),
    };
    const line = deciding.line ?? 1;
    return {
      ruleId: SIM002.id,
      name: SIM002.name,
      severity,
      messageId: first.kind,
      data,
      message: interpolate(SIM002.messages[first.kind], data),
      at: { path: deciding.path!, startLine: line, endLine: line },
      resource: first.kind === "identity" ? first.principal : first.target,
      // Who, through what, and which sensitive entries: no position (a managed policy's name carries one).
      fingerprint: fingerprint(SIM002.id, first.principal, [first.kind, first.target ?? "", deciding.sid ?? "", ...entries]),
    } satisfies Finding;
  });
}

/**
 * What a group of rows is about: `` `iam:PassRole` ``, `` 112 actions of `iam:*` (`iam:AddUserToGroup`, …) ``, or
 * `` 200 sensitive actions: `iam:*` (112), `kms:*` (42), `s3:GetObject`, … and 9 more ``.
 */
export function summarizeActions(changes: readonly AccessChange[], listed = ACTIONS_IN_MESSAGE): string {
  if (changes.length === 1) return `\`${changes[0].action}\``;
  const perEntry = new Map<string, number>();
  for (const change of changes) {
    const entry = change.sensitive ?? change.action;
    perEntry.set(entry, (perEntry.get(entry) ?? 0) + 1);
  }
  const entries = [...perEntry].sort((left, right) => right[1] - left[1] || left[0].localeCompare(right[0]));
  if (entries.length === 1) {
    const shown = changes.slice(0, listed).map((change) => `\`${change.action}\``).join(", ");
    const more = changes.length > listed ? `, and ${changes.length - listed} more` : "";
    return `${changes.length} actions of \`${entries[0][0]}\` (${shown}${more})`;
  }
  const shown = entries.slice(0, listed).map(([entry, count]) => (count > 1 || hasWildcard(entry) ? `\`${entry}\` (${count})` : `\`${entry}\``));
  const more = entries.length > listed ? `, and ${entries.length - listed} more` : "";
  return `${changes.length} sensitive actions: ${shown.join(", ")}${more}`;
}

/** Rows of the access diff that read as one line: same who, before, after and deciding statement. */
export interface AccessChangeGroup {
  kind: AccessKind;
  principal: string;
  target?: string;
  before: AccessDecision;
  after: AccessDecision;
  deciding?: DecidingStatement;
  changes: AccessChange[];
  undecided: boolean;
}

/**
 * The access diff for reading: rows that differ only by action are one group (an AdministratorAccess
 * attachment is one line, not two hundred). Newly allowed groups first, then in the diff's order.
 */
export function groupAccessChanges(changes: readonly AccessChange[]): AccessChangeGroup[] {
  const groups = new Map<string, AccessChangeGroup>();
  for (const change of changes) {
    const key = [
      change.kind,
      change.principal,
      change.target ?? "",
      change.before,
      change.after,
      change.deciding ? `${change.deciding.side}:${describeDeciding(change.deciding)}` : "",
    ].join("\u0000");
    let group = groups.get(key);
    if (!group) {
      group = { kind: change.kind, principal: change.principal, before: change.before, after: change.after, changes: [], undecided: false };
      if (change.target !== undefined) group.target = change.target;
      if (change.deciding) group.deciding = change.deciding;
      groups.set(key, group);
    }
    group.changes.push(change);
    if (change.undecided) group.undecided = true;
  }
  const allowedFirst = (group: AccessChangeGroup) => (group.after === "allowed" ? 0 : 1);
  return [...groups.values()].sort((left, right) => allowedFirst(left) - allowedFirst(right));
}

const DECISION_TEXT: Record<AccessDecision, string> = {
  allowed: "allowed",
  implicitDeny: "denied",
  explicitDeny: "explicitly denied",
  absent: "not defined",
};

/** `allowed`, `denied` (no Allow), `explicitly denied`, `not defined` (the principal or policy does not exist). */
export function describeDecision(decision: AccessDecision): string {
  return DECISION_TEXT[decision];
}
