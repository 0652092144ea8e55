// What the least-privilege (IAM1xx) and MFA (IAM2xx) rules share: which documents they judge, who holds
// each document, and the simulator questions they ask. Not a rule itself.
//
// RULES.md "Each rule knows which policy kinds it judges": identity policies only — never SCPs, permissions
// boundaries, trust or resource policies. Two families of documents are judged:
// - documents written in the change (inline and customer managed identity policies, standalone policy files);
//   wording rules (IAM103, IAM104, IAM107, IAM108, IAM201, IAM202) judge only these;
// - AWS managed policies attached in the change, with their real documents; the rules about what a principal
//   can do (IAM101, IAM102, IAM105, IAM106, IAM203) judge these too and report at the attachment line.
// A written policy attached to a role is reported at its statement, an AWS managed one at its attachment, so
// one problem is reported once.
//
// "Decide by simulation": a statement grants an action when the simulator, on any resource, allows the action
// through that statement (the statement's own Allow plus every Deny that applies to whoever holds it, capped by
// the holder's permissions boundary). A Deny, a condition that restricts who or where, or an unresolved value
// that could change the answer therefore never yields a finding.

import { fromPlain } from "../../iac/located.js";
import type { Located, PolicyAttachment, PolicySource, Position } from "../../iac/types.js";
import type { Catalogue } from "../../iam/catalogue.js";
import { managedPolicyOfAttachment, type ManagedPolicy } from "../../iam/managed-policies.js";
import type { Policy, Statement } from "../../iam/model.js";
import { normalizePolicy } from "../../iam/normalize.js";
import { isEveryActionPattern, matchesAction } from "../../iam/wildcard.js";
import { DEFAULT_SENSITIVE_ACTIONS } from "../../engine/config.js";
import { statementIdentity } from "../../engine/fingerprint.js";
import { statementKey, type AnalyzedPolicy, type ReviewModel } from "../../engine/model.js";
import { awsManagedPolicyLabel, effectivePoliciesOfEvery, type EffectivePolicies, type ScanPrincipal } from "../../engine/principals.js";
import {
  compilePolicySet,
  evaluateOnAnyResource,
  formatToPattern,
  patternCovers,
  SlotTable,
  type CompiledPolicySet,
  type ContextValue,
  type Decision,
  type PolicySet,
} from "../../simulator/index.js";
import { isAllStars } from "../../simulator/patterns.js";
import { splitArnFields } from "../../iam/arn.js";
import { BoundedCache } from "../../iam/bounded-cache.js";

// Rules run synchronously, and the review loads only the services its written documents name. The escalation
// paths, the probes and the default sensitive actions name services that an attached AWS managed policy may
// be the only one to grant: every rule built on this analysis declares them (`meta.catalogue`), and the
// engine loads them before rules run.
export const ANALYSIS_CATALOGUE: readonly string[] = [
  ...DEFAULT_SENSITIVE_ACTIONS,
  "sts:*",
  "s3:*",
  "ec2:*",
  "lambda:*",
  "cloudformation:*",
  "glue:*",
  "ecs:*",
  "codebuild:*",
  "sagemaker:*",
  "datapipeline:*",
  "ssm:*",
  "apprunner:*",
  "ec2-instance-connect:*",
];

/**
 * The context of a typical signed-in request. MFA and transport encryption do not restrict *who* or *where*
 * (full admin behind MFA is still full admin); every other key is absent, so a condition on a source IP, a
 * VPC, an organisation, a principal or resource tag, a region or a calling service makes a statement not apply.
 */
export const TYPICAL_REQUEST_CONTEXT: Readonly<Record<string, ContextValue>> = {
  "aws:MultiFactorAuthPresent": "true",
  "aws:MultiFactorAuthAge": "300",
  "aws:SecureTransport": "true",
};

/** Someone holding the judged policies: its identity policies and the boundary that caps them. */
export interface Holder {
  address: string;
  principal: ScanPrincipal;
  effective: EffectivePolicies;
  identity: Policy[];
  boundary?: Policy;
}

export interface JudgedDocument {
  policy: Policy;
  /** The review model's entry for a document written in the change (or a SAM policy template). */
  written?: AnalyzedPolicy;
  /** An AWS managed policy attached in the change. */
  managed?: { policy: ManagedPolicy; attachment: PolicyAttachment };
  /** Findings' resource: the policy's own resource, or the resource that makes the attachment. */
  resource: string;
  /** Who holds the document in the scanned files; empty: judged on its own. */
  holders: Holder[];
}

export interface Analysis {
  model: ReviewModel;
  catalogue: Catalogue;
  /** Identity documents written in the change (SAM policy templates excluded: their wording is AWS's). */
  written: JudgedDocument[];
  /** Written documents, SAM policy templates and attached AWS managed policies: what principals hold. */
  held: JudgedDocument[];
  /** Every principal of the scan with its identity policies. */
  holders: Holder[];
  /** A document written in the change and not held by any principal of the scan, judged as if one held it. */
  loneDocuments: JudgedDocument[];
  /** The policy sets the rules simulate, compiled once per review (see singleAllowSet, holderPolicySet). */
  compiled: Map<string, CompiledPolicySet>;
  /**
   * The pattern matchers of those sets: the same documents are compiled for each principal that holds them
   * and for each of their statements (an AWS managed policy's thousand actions, many times over).
   */
  slots: SlotTable;
  /**
   * What statementGrants already asked of a compiled set, by action: IAM101, IAM102, IAM103, IAM106, IAM107
   * and IAM108 ask about the same statements, often the same actions.
   */
  grantDecisions: Map<CompiledPolicySet, Map<string, Decision | null>>;
  /** Catalogue look-ups by action and by pattern, once per review (the catalogue does not change while rules run). */
  resourceFormatsOf: Map<string, string[] | undefined>;
  actionsCoveredBy: Map<string, readonly CoveredAction[] | undefined>;
}

/** A catalogue action as the rules read it. */
export interface CoveredAction {
  action: string;
  accessLevel: string;
  supportsResourceLevelPermissions: boolean;
}

const analyses = new WeakMap<ReviewModel, Analysis>();

/** The analysis of one review, built once and shared by every rule of the two families. */
export function analyze(model: ReviewModel): Analysis {
  let analysis = analyses.get(model);
  if (!analysis) {
    analysis = buildAnalysis(model);
    analyses.set(model, analysis);
  }
  return analysis;
}

function buildAnalysis(model: ReviewModel): Analysis {
  const bySource = new Map<PolicySource, AnalyzedPolicy>();
  for (const analyzed of model.policies) bySource.set(analyzed.source, analyzed);
  const policyOf = (source: PolicySource) => bySource.get(source)?.policy;

  const holders: Holder[] = [];
  for (const effective of effectivePoliciesOfEvery(model.scan, { policyOf })) {
    const principal = effective.principal;
    const holder: Holder = { address: principal.address, principal, effective, identity: effective.identity.map((entry) => entry.policy) };
    if (effective.boundary) holder.boundary = effective.boundary.policy;
    holders.push(holder);
  }
  const holdersOf = new Map<Policy, Holder[]>();
  // AWS managed policies are found by their label (each principal normalises its own copy).
  const holdersByPolicyName = new Map<string, Holder[]>();
  for (const holder of holders) {
    for (const policy of holder.identity) {
      appendTo(holdersOf, policy, holder);
      const named = holdersByPolicyName.get(policy.name);
      if (named?.at(-1) !== holder) appendTo(holdersByPolicyName, policy.name, holder);
    }
  }

  const held: JudgedDocument[] = [];
  const written: JudgedDocument[] = [];
  const loneDocuments: JudgedDocument[] = [];
  // A customer managed policy that the scan uses only as a permissions boundary limits; it grants nothing.
  const boundaryPolicies = new Set(model.scan.attachments.filter((attachment) => attachment.boundary).map((attachment) => attachment.policyResource));
  for (const analyzed of model.policies) {
    if (analyzed.source.kind !== "identity" || analyzed.source.document.kind === "unresolved") continue;
    const documentHolders = holdersOf.get(analyzed.policy) ?? [];
    if (documentHolders.length === 0 && boundaryPolicies.has(analyzed.source.resource)) continue;
    const document: JudgedDocument = {
      policy: analyzed.policy,
      written: analyzed,
      resource: analyzed.source.resource,
      holders: documentHolders,
    };
    held.push(document);
    if (analyzed.source.origin !== "sam-template") written.push(document);
    if (document.holders.length === 0) loneDocuments.push(document);
  }

  for (const attachment of model.scan.attachments) {
    if (attachment.boundary || attachment.policyArn.kind !== "string") continue;
    const managed = managedPolicyOfAttachment(attachment.policyArn.value, attachment.byName);
    if (!managed) continue;
    const label = awsManagedPolicyLabel(managed.name, attachment.at);
    const attachmentHolders = holdersByPolicyName.get(label) ?? [];
    // The principal's own copy, so that its policy set and this document are the same object.
    const policy = attachmentHolders[0]?.identity.find((candidate) => candidate.name === label) ?? normalizeManaged(managed, attachment, label);
    held.push({ policy, managed: { policy: managed, attachment }, resource: attachment.resource, holders: attachmentHolders });
  }
  return {
    model,
    catalogue: model.catalogue,
    written,
    held,
    holders,
    loneDocuments,
    compiled: new Map(),
    slots: new SlotTable(),
    grantDecisions: new Map(),
    resourceFormatsOf: new Map(),
    actionsCoveredBy: new Map(),
  };
}

function appendTo<Key, Item>(map: Map<Key, Item[]>, key: Key, item: Item): void {
  const list = map.get(key);
  if (list) list.push(item);
  else map.set(key, [item]);
}

function normalizeManaged(managed: ManagedPolicy, attachment: PolicyAttachment, label: string): Policy {
  return normalizePolicy({ kind: "identity", name: label, document: fromPlain(managed.document, attachment.at), at: attachment.at }).policy;
}

// ------------------------------------------------------------------------------------------ where and what

/** The statement key a finding carries: an AWS managed policy is one line, its attachment. */
export function statementKeyOf(document: JudgedDocument, statement: Statement): string {
  if (document.written) return statementKey(document.written, statement.index);
  const { attachment } = document.managed!;
  return `${attachment.resource}#${attachment.via}`;
}

/** What makes the statement this statement, for fingerprints. */
export function statementIdentityOf(document: JudgedDocument, statement: Statement): string {
  if (document.written) return statementIdentity(statement);
  return `aws-managed:${document.managed!.policy.name}`;
}

/** Where to report something about a statement element: the element when written, else the attachment. */
export function reportAt(document: JudgedDocument, written: Position | undefined): Position {
  if (document.managed) return document.managed.attachment.at;
  return written ?? document.policy.at;
}

/** `AWS managed policy AdministratorAccess` or `aws_iam_policy.admin`, for messages. */
export function documentLabel(document: JudgedDocument): string {
  return document.managed ? `AWS managed policy ${document.managed.policy.name}` : document.resource;
}

export function isAllow(statement: Statement): boolean {
  return statement.effect.value === "Allow";
}

export function isDeny(statement: Statement): boolean {
  return statement.effect.value === "Deny";
}

// ------------------------------------------------------------------------------------------ resources

/** A Resource pattern that matches every ARN (`*`, `arn:*`, `arn:*:*:*:*:*`). */
export function coversEveryArn(pattern: string): boolean {
  return isAllStars(pattern) || patternCovers(pattern, "arn:*:*:*:*:*");
}

/**
 * Does the statement name every resource the action can take — `*`, or a pattern covering every resource of
 * one of the action's resource types (`arn:aws:s3:::*\/*` for `s3:GetObject`)? NotResource counts as "everything else".
 * An action without resource types takes only `*`.
 */
export function onEveryResource(analysis: Analysis, statement: Statement, action: string | undefined): boolean {
  if (statement.notResources) return !statement.notResources.some((item) => coversEveryArn(item.value));
  const patterns = (statement.resources ?? []).map((item) => anyAccountOrRegion(item.value));
  if (patterns.some(coversEveryArn)) return true;
  if (action === undefined) return false;
  const formats = resourceFormats(analysis, action);
  if (!formats || formats.length === 0) return false;
  // Every resource of one of its types (`arn:aws:s3:::*\/*`: every object) is "every resource" for the risk.
  return formats.some((format) => patterns.some((pattern) => patternCovers(pattern, formatToPattern(format))));
}

const WHOLE_MARKER = /^<unresolved:[^>]*>$/;

/**
 * `arn:aws:secretsmanager:${var.region}:${local.account}:secret:*` names every secret of one account: a
 * partition, region or account field that is wholly unresolved does not narrow which resources of that
 * account are named, so it reads as `*` here. A marker in the resource part (`${var.bucket}`) does narrow.
 */
export function anyAccountOrRegion(pattern: string): string {
  if (!pattern.includes("<unresolved:")) return pattern;
  const fields = splitArnFields(pattern);
  if (fields.length !== 6 || fields[0] !== "arn") return pattern;
  for (const index of [1, 3, 4]) if (WHOLE_MARKER.test(fields[index])) fields[index] = "*";
  return fields.join(":");
}

/** The catalogue's ARN formats of an action, or undefined when its service is not loaded. */
export function resourceFormats(analysis: Analysis, action: string): string[] | undefined {
  const known = analysis.resourceFormatsOf;
  if (known.has(action)) return known.get(action);
  const service = action.slice(0, action.indexOf(":"));
  const formats = analysis.catalogue.isLoaded(service) ? analysis.catalogue.resourceTypesOf(action)?.map((type) => type.arnFormat) : undefined;
  known.set(action, formats);
  return formats;
}

/** The catalogue's actions a pattern covers, or undefined when its service is not loaded. */
export function actionsCovered(analysis: Analysis, pattern: string): readonly CoveredAction[] | undefined {
  const known = analysis.actionsCoveredBy;
  if (known.has(pattern)) return known.get(pattern);
  const covered = catalogueActionsCovered(analysis.catalogue, pattern);
  known.set(pattern, covered);
  return covered;
}

function catalogueActionsCovered(catalogue: Catalogue, pattern: string): readonly CoveredAction[] | undefined {
  const colon = pattern.indexOf(":");
  const service = colon < 0 ? "" : pattern.slice(0, colon);
  if (service === "" || /[*?]/.test(service)) {
    // The review loads the services the documents' patterns touch (not every service for a bare `*`).
    return catalogue.isLoadedFor(pattern) ? catalogue.actionsMatching(pattern) : undefined;
  }
  if (!catalogue.isKnownService(service)) return [];
  if (!catalogue.isLoaded(service)) return undefined;
  // A pattern without wildcards covers at most the one action of that name (both compare case-insensitively):
  // a look-up, where matching would test every action of the service.
  if (!/[*?]/.test(pattern) && !pattern.includes("<unresolved:")) {
    const action = catalogue.actionDetails(pattern);
    return action ? [action] : [];
  }
  return catalogue.actionsMatching(pattern);
}

/** The statement's resolved Action entries (unresolved ones are never judged). */
export function resolvedActions(statement: Statement): { value: string; at: Position }[] {
  return (statement.actions ?? []).filter((item) => !item.value.includes("<unresolved:"));
}

/** Does an Action list entry cover every action (`*`, `*:*`)? */
export const isEveryAction = isEveryActionPattern;

/** Statements with more Action entries than this are indexed by service; shorter ones are read in full. */
const INDEXED_ENTRIES = 16;

/** A long statement's resolved Action entries by lower-case service prefix ("" for a wildcard service part). */
const entriesByService = new WeakMap<Statement, Map<string, Located<string>[]>>();

/** The first Action entry of the statement that covers the action: first where it is written. */
export function actionEntryFor(statement: Statement, action: string): Located<string> | undefined {
  const actions = statement.actions ?? [];
  if (actions.length <= INDEXED_ENTRIES) {
    const service = actionService(action);
    let best: Located<string> | undefined;
    for (const item of actions) if (namesService(item.value, service)) best = firstOf(best, item, action);
    for (const item of actions) if (wildcardService(item.value)) best = firstOf(best, item, action);
    return best;
  }
  // AWS's own documents list thousands of actions in one statement: look only at the action's service
  // and at patterns whose service part has a wildcard (kept under "").
  let byService = entriesByService.get(statement);
  if (!byService) {
    byService = new Map();
    for (const item of resolvedActions(statement)) {
      const service = wildcardService(item.value) ? "" : item.value.slice(0, item.value.indexOf(":")).toLowerCase();
      const list = byService.get(service);
      if (list) list.push(item);
      else byService.set(service, [item]);
    }
    entriesByService.set(statement, byService);
  }
  let best: Located<string> | undefined;
  for (const item of byService.get(actionService(action)) ?? []) best = firstOf(best, item, action);
  for (const item of byService.get("") ?? []) best = firstOf(best, item, action);
  return best;
}

const COLON = 0x3a;
const STAR = 0x2a;
const QUESTION = 0x3f;

/** No colon, or a wildcard before it: the entry may name any service. */
function wildcardService(pattern: string): boolean {
  for (let index = 0; index < pattern.length; index++) {
    const code = pattern.charCodeAt(index);
    if (code === COLON) return false;
    if (code === STAR || code === QUESTION) return true;
  }
  return true;
}

/** Whether the pattern's service part is `service` (lower case), in any case: without making strings. */
function namesService(pattern: string, service: string): boolean {
  if (pattern.length <= service.length || pattern.charCodeAt(service.length) !== COLON) return false;
  for (let index = 0; index < service.length; index++) {
    const code = pattern.charCodeAt(index);
    // Service prefixes are ASCII: A-Z folds to a-z by one bit.
    if ((code >= 0x41 && code <= 0x5a ? code | 0x20 : code) !== service.charCodeAt(index)) return false;
  }
  return true;
}

/**
 * `item` when it covers the action and is written before `best` (by line, then column). On the same place
 * (an AWS managed policy's entries all sit at its attachment) the entry considered first stays: callers
 * consider the entries naming the action's service, then those with a wildcard service, each in written order.
 */
function firstOf(best: Located<string> | undefined, item: Located<string>, action: string): Located<string> | undefined {
  if (best && !writtenBefore(item.at, best.at)) return best;
  return !item.value.includes("<unresolved:") && matchesAction(item.value, action) ? item : best;
}

function writtenBefore(a: Position, b: Position): boolean {
  return a.startLine - b.startLine < 0 || (a.startLine === b.startLine && (a.startColumn ?? 0) < (b.startColumn ?? 0));
}

// ------------------------------------------------------------------------------------------ simulation

export interface GrantAnswer {
  decision: Decision;
  /** The holder for whom the statement grants it (undefined: the document judged on its own). */
  holder?: Holder;
}

/**
 * Does this statement of the document grant `action` on some resource, for some holder of the document?
 * The policy set is the statement itself, every Deny the holder's identity policies carry, and the holder's
 * boundary. Returns the first allowing answer, or undefined (not allowed, or undecided for every holder).
 */
export function statementGrants(
  analysis: Analysis,
  document: JudgedDocument,
  statement: Statement,
  action: string,
  context: Readonly<Record<string, ContextValue>> = TYPICAL_REQUEST_CONTEXT,
): GrantAnswer | undefined {
  const holders: (Holder | undefined)[] = document.holders.length > 0 ? document.holders : [undefined];
  for (const holder of holders) {
    const compiled = singleAllowSet(analysis, document, statementWithNamedResources(statement), holder);
    const decision = context === TYPICAL_REQUEST_CONTEXT ? typicalGrantDecision(analysis, compiled, action) : allowedOnAnyResource(analysis, compiled, action, context);
    if (decision) return holder ? { decision, holder } : { decision };
  }
  return undefined;
}

/** allowedOnAnyResource in a typical request, asked once per compiled set and action. */
function typicalGrantDecision(analysis: Analysis, compiled: CompiledPolicySet, action: string): Decision | undefined {
  let byAction = analysis.grantDecisions.get(compiled);
  if (!byAction) analysis.grantDecisions.set(compiled, (byAction = new Map()));
  let decision = byAction.get(action);
  if (decision === undefined) {
    decision = allowedOnAnyResource(analysis, compiled, action) ?? null;
    byAction.set(action, decision);
  }
  return decision ?? undefined;
}

const namedResourceViews = new WeakMap<Statement, Statement>();

/**
 * The rules that use statementGrants ask about the action ("does `s3:*` on this bucket grant permissions
 * management?"), not about which resource: an Allow's resource written with a variable
 * (`arn:aws:s3:::${var.bucket}/*`) still names some resource, so its unresolved parts read as a name no
 * other pattern matches by accident. Conditions keep their unresolved values: those may restrict.
 */
function statementWithNamedResources(statement: Statement): Statement {
  if (!(statement.resources ?? []).some((item) => item.value.includes("<unresolved:")) || statement.unresolved["Resource"] !== undefined) return statement;
  let view = namedResourceViews.get(statement);
  if (!view) {
    const resources = statement.resources!.map((item) => ({ ...item, value: anyAccountOrRegion(item.value).replace(/<unresolved:[^>]*>/g, "unresolved-name") }));
    view = { ...statement, resources };
    namedResourceViews.set(statement, view);
  }
  return view;
}

function singleAllowSet(analysis: Analysis, document: JudgedDocument, statement: Statement, holder: Holder | undefined): CompiledPolicySet {
  const key = `${document.policy.name}\u0000${statement.index}\u0000${holder?.address ?? ""}`;
  let compiled = analysis.compiled.get(key);
  if (!compiled) {
    const own: Policy = { ...document.policy, statements: [statement, ...document.policy.statements.filter((other) => other.index !== statement.index && isDeny(other))] };
    const others = (holder?.identity ?? []).filter((policy) => policy !== document.policy).map(denyOnly).filter((policy) => policy.statements.length > 0);
    const set: PolicySet = { identity: [own, ...others] };
    if (holder?.boundary) set.boundary = holder.boundary;
    compiled = compilePolicySet(set, analysis.slots);
    analysis.compiled.set(key, compiled);
  }
  return compiled;
}

function denyOnly(policy: Policy): Policy {
  return { ...policy, statements: policy.statements.filter(isDeny) };
}

/** Everything a holder can do: all of its identity policies, capped by its boundary. */
export function holderPolicySet(analysis: Analysis, holder: Holder): CompiledPolicySet {
  const key = `holder\u0000${holder.address}`;
  let compiled = analysis.compiled.get(key);
  if (!compiled) {
    const set: PolicySet = { identity: holder.identity };
    if (holder.boundary) set.boundary = holder.boundary;
    compiled = compilePolicySet(set, analysis.slots);
    analysis.compiled.set(key, compiled);
  }
  return compiled;
}

/** A document held by nobody in the scan, as if one principal held only it. */
export function lonePolicySet(analysis: Analysis, document: JudgedDocument): CompiledPolicySet {
  const key = `lone\u0000${document.policy.name}`;
  let compiled = analysis.compiled.get(key);
  if (!compiled) {
    compiled = compilePolicySet({ identity: [document.policy] }, analysis.slots);
    analysis.compiled.set(key, compiled);
  }
  return compiled;
}

/** Is the action allowed on some resource by the set, without anything undecided? */
export function allowedOnAnyResource(
  analysis: Analysis,
  set: CompiledPolicySet,
  action: string,
  context: Readonly<Record<string, ContextValue>> = TYPICAL_REQUEST_CONTEXT,
): Decision | undefined {
  const decision = evaluateOnAnyResource(action, set, { context, ...formatsOption(analysis, action), explain: false });
  return decision.decision === "allowed" && !(decision.undecided && decision.undecided.length > 0) ? decision : undefined;
}

export function formatsOption(analysis: Analysis, action: string): { resourceFormatsOf?: () => string[] } {
  const formats = resourceFormats(analysis, action);
  return formats === undefined ? {} : { resourceFormatsOf: () => formats };
}

/** Lists a few values for a message: `a`, `b`, `c` and 2 more. */
export function listForMessage(values: readonly string[], limit = 3): string {
  const shown = values.slice(0, limit).map((value) => `\`${value}\``);
  const rest = values.length - shown.length;
  return rest > 0 ? `${shown.join(", ")} and ${rest} more` : shown.join(", ");
}

/** `for aws_iam_role.ci` when a holder is known, else empty. */
export function holderPhrase(answer: GrantAnswer | undefined): string {
  return answer?.holder ? ` (held by ${answer.holder.address})` : "";
}

/**
 * The first of the actions the simulator grants. Whether a statement applies rarely depends on the action
 * (a condition or a Deny usually covers all of them), so a handful of samples decides for a long list.
 */
export function firstGranted<Answer>(actions: readonly string[], ask: (action: string) => Answer | undefined, samples = 8): { action: string; answer: Answer } | undefined {
  const step = Math.max(1, Math.floor(actions.length / samples));
  for (let index = 0; index < actions.length; index += step) {
    const answer = ask(actions[index]);
    if (answer !== undefined) return { action: actions[index], answer };
  }
  return undefined;
}

interface AllowIndex {
  notAction: boolean;
  /** Allow Action patterns by lower-case service prefix; patterns whose prefix has a wildcard under "". */
  byService: Map<string, string[]>;
}

const allowIndexes = new WeakMap<Policy, AllowIndex>();

function allowIndex(policy: Policy): AllowIndex {
  let index = allowIndexes.get(policy);
  if (!index) {
    index = { notAction: false, byService: new Map() };
    for (const statement of policy.statements) {
      if (!isAllow(statement)) continue;
      if (statement.notActions !== undefined) index.notAction = true;
      for (const item of statement.actions ?? []) {
        const service = wildcardService(item.value) ? "" : item.value.slice(0, item.value.indexOf(":")).toLowerCase();
        const patterns = index.byService.get(service);
        if (patterns) patterns.push(item.value);
        else index.byService.set(service, [item.value]);
      }
    }
    allowIndexes.set(policy, index);
  }
  return index;
}

/** A cheap test before simulating: does some Allow of the policies name the action (or use NotAction)? */
export function someAllowNames(policies: readonly Policy[], action: string): boolean {
  const service = actionService(action);
  for (const policy of policies) {
    const index = allowIndex(policy);
    if (index.notAction) return true;
    for (const pattern of index.byService.get(service) ?? []) if (matchesAction(pattern, action)) return true;
    for (const pattern of index.byService.get("") ?? []) if (matchesAction(pattern, action)) return true;
  }
  return false;
}

// The rules ask about the same few hundred actions, statement after statement: each one's lower-case
// service prefix is cut once. Bounded, as actions also come from the scanned documents.
const actionServices = new BoundedCache<string, string>(10_000);

function actionService(action: string): string {
  return actionServices.get(action, () => action.slice(0, action.indexOf(":")).toLowerCase());
}

/** The matched Allows, the documents written in the change first (the place a reviewer can edit). */
export function allowsWrittenFirst<Match extends { effect: string; policy: string }>(matched: readonly Match[], documentsByName: ReadonlyMap<string, JudgedDocument>): Match[] {
  const allows = matched.filter((match) => match.effect === "Allow" && documentsByName.has(match.policy));
  return [...allows.filter((match) => documentsByName.get(match.policy)!.written), ...allows.filter((match) => !documentsByName.get(match.policy)!.written)];
}
