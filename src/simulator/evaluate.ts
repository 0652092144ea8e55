// AWS's policy evaluation logic for one request (IAM User Guide › Policy evaluation logic; › How AWS
// enforcement code logic evaluates requests to allow or deny access; › Policy evaluation for requests within
// a single account; › Cross-account policy evaluation logic):
//
// 1. An explicit Deny in any applicable policy (identity, resource, boundary, session, SCP) denies.
// 2. SCPs, when they apply: at least one must allow.
// 3. Within one account the identity side (identity policies ∩ permissions boundary ∩ session policy) or the
//    resource-based policy may allow; how far a resource-policy Allow reaches depends on how it names the
//    caller (see principals.ts): a session or user named directly is allowed outright; a role named by its
//    role ARN still needs the boundary and session policy to allow; an account (`:root`) delegates to the
//    identity side. Role trust policies and KMS key policies must allow even within the account
//    (`resourcePolicyMustAllow`).
// 4. Across accounts both the identity side and the resource-based policy must allow.
// 5. The root user is allowed by default in its own account (SCPs and explicit denies still apply).
//
// Statements that depend on unresolved IaC values are MAYBE. The decision reported is the one the resolved
// statements give; the MAYBE statements are listed in `undecided` when treating them as applying could
// change it. Allows and Denies act monotonically, so two extra decisions (every MAYBE Allow applies / every
// MAYBE Deny applies) bound every possibility.

import { isAccountId, parseArn } from "../iam/arn.js";
import { hasUnresolved } from "../iac/located.js";
import { evaluateCondition } from "./conditions.js";
import { prepareContext } from "./context.js";
import {
  compileLayer,
  matchElement,
  SlotTable,
  type CompiledLayer,
  type CompiledStatement,
  type PreparedRequest,
} from "./compile.js";
import { explainDecision } from "./explain.js";
import { replaceMarkers } from "./markers.js";
import {
  deriveCaller,
  GRANT_DIRECT,
  GRANT_NONE,
  GRANT_ROLE,
  identityLinks,
  isIamCaller,
  type Caller,
  type Grant,
} from "./principals.js";
import { MAYBE, NO, YES, type Tri } from "./tristate.js";
import type { Decision, DecisionValue, EvaluateOptions, EvaluationRequest, MatchedStatement, PolicySet } from "./types.js";
import { BoundedCache } from "../iam/bounded-cache.js";

/** What one layer's statements said about the request. */
export class LayerTally {
  allowYes: CompiledStatement[] = [];
  allowMaybe: CompiledStatement[] = [];
  denyYes: CompiledStatement[] = [];
  denyMaybe: CompiledStatement[] = [];
  /** Statements whose action, resource and principal matched but a condition was false. */
  conditionMisses: { statement: CompiledStatement; conditionIndex: number }[] = [];
  /** Resource layer: the strongest grant among Allows that apply, and among those that may apply. */
  grantYes: Grant = GRANT_NONE;
  grantMaybe: Grant = GRANT_NONE;
  constructor(readonly compiled: CompiledLayer) {}
}

export interface Tallies {
  identity?: LayerTally;
  resource?: LayerTally;
  boundary?: LayerTally;
  session?: LayerTally;
  scp?: LayerTally;
}

export type Reason =
  | "explicit-deny"
  | "scp-no-allow"
  | "root-user"
  | "identity-allows"
  | "resource-names-caller"
  | "resource-names-role"
  | "both-allow"
  | "service-resource-allows"
  | "no-allow"
  | "boundary-no-allow"
  | "session-no-allow"
  | "resource-must-allow"
  | "cross-account-no-resource-allow"
  | "cross-account-no-identity-allow"
  | "service-no-resource-allow";

export interface Verdict {
  decision: DecisionValue;
  reason: Reason;
}

export interface RequestFacts {
  caller: Caller;
  sameAccount: boolean;
  principalAccount?: string;
  resourceAccount?: string;
  resourceAccountSource: "request" | "resource ARN" | "principal" | "unknown";
  resourcePolicyMustAllow: boolean;
  mustAllowSource?: "request" | "trust policy" | "KMS key";
  scpsApply: boolean;
}

type Scenario = "resolved" | "maybe-allows" | "maybe-denies";

function allows(tally: LayerTally | undefined, scenario: Scenario): boolean {
  if (!tally) return false;
  return tally.allowYes.length > 0 || (scenario === "maybe-allows" && tally.allowMaybe.length > 0);
}

function denies(tally: LayerTally | undefined, scenario: Scenario): boolean {
  if (!tally) return false;
  return tally.denyYes.length > 0 || (scenario === "maybe-denies" && tally.denyMaybe.length > 0);
}

/** The decision from the layer tallies, under one assumption about the MAYBE statements. */
export function decide(tallies: Tallies, facts: RequestFacts, scenario: Scenario): Verdict {
  if (
    denies(tallies.identity, scenario) ||
    denies(tallies.resource, scenario) ||
    denies(tallies.boundary, scenario) ||
    denies(tallies.session, scenario) ||
    denies(tallies.scp, scenario)
  ) {
    return { decision: "explicitDeny", reason: "explicit-deny" };
  }
  if (facts.scpsApply && !allows(tallies.scp, scenario)) return { decision: "implicitDeny", reason: "scp-no-allow" };

  const resource = tallies.resource;
  let grant: Grant = resource ? resource.grantYes : GRANT_NONE;
  if (resource && scenario === "maybe-allows" && resource.grantMaybe > grant) grant = resource.grantMaybe;

  if (!isIamCaller(facts.caller)) {
    // A service or federated identity provider has no identity policies: only the resource policy can allow.
    return grant === GRANT_NONE
      ? { decision: "implicitDeny", reason: "service-no-resource-allow" }
      : { decision: "allowed", reason: "service-resource-allows" };
  }

  const isRoot = facts.caller.kind === "root";
  const boundaryAllows = !tallies.boundary || allows(tallies.boundary, scenario);
  const sessionAllows = !tallies.session || allows(tallies.session, scenario);
  const identityAllows = isRoot || allows(tallies.identity, scenario);
  const identitySide = identityAllows && boundaryAllows && sessionAllows;
  const identityShortfall: Reason = !identityAllows ? "no-allow" : !boundaryAllows ? "boundary-no-allow" : "session-no-allow";

  if (!facts.sameAccount) {
    if (!identitySide) return { decision: "implicitDeny", reason: identityShortfall === "no-allow" ? "cross-account-no-identity-allow" : identityShortfall };
    if (grant === GRANT_NONE) return { decision: "implicitDeny", reason: "cross-account-no-resource-allow" };
    return { decision: "allowed", reason: "both-allow" };
  }

  if (grant === GRANT_DIRECT) return { decision: "allowed", reason: "resource-names-caller" };
  if (grant === GRANT_ROLE && boundaryAllows && sessionAllows) return { decision: "allowed", reason: "resource-names-role" };
  if (facts.resourcePolicyMustAllow) {
    if (grant === GRANT_NONE) return { decision: "implicitDeny", reason: "resource-must-allow" };
    if (identitySide) return { decision: "allowed", reason: "both-allow" };
    return { decision: "implicitDeny", reason: identityShortfall };
  }
  if (identitySide) return { decision: "allowed", reason: isRoot ? "root-user" : "identity-allows" };
  return { decision: "implicitDeny", reason: identityShortfall };
}

// ---------------------------------------------------------------------------------------------------

const LINKS_BY_KIND = new Map<Caller["kind"], ReturnType<typeof identityLinks>>();

/** Per-statement scratch results, reused to keep the inner loop free of allocations. */
export interface StatementScratch {
  grant: Grant;
  failedCondition: number;
}

function matchPrincipalElement(item: CompiledStatement, request: PreparedRequest, scratch: StatementScratch): Tri {
  const element = item.principals;
  if (!element) return YES;
  const caller = request.caller;
  if (!element.negated) {
    let result: Tri = NO;
    let yesGrant: Grant = GRANT_NONE;
    let maybeGrant: Grant = GRANT_NONE;
    for (const matcher of element.matchers) {
      const outcome = matcher(caller);
      if (outcome.result === YES) {
        result = YES;
        if (outcome.grant > yesGrant) yesGrant = outcome.grant;
      } else if (outcome.result === MAYBE) {
        if (result === NO) result = MAYBE;
        if (outcome.grant > maybeGrant) maybeGrant = outcome.grant;
      }
    }
    if (result === NO && element.unresolved !== undefined) {
      result = MAYBE;
      maybeGrant = GRANT_DIRECT;
    }
    scratch.grant = result === YES ? yesGrant : maybeGrant;
    return result;
  }
  // NotPrincipal: "everyone except". With a Deny it always denies a principal that has a permissions
  // boundary, whatever it lists (IAM User Guide › NotPrincipal, › Permissions boundaries).
  scratch.grant = GRANT_DIRECT;
  if (item.effect === "Deny" && request.hasBoundary && isIamCaller(caller)) return YES;
  let links = LINKS_BY_KIND.get(caller.kind);
  if (!links) LINKS_BY_KIND.set(caller.kind, (links = identityLinks(caller)));
  let excluded: Tri = YES;
  for (const link of links) {
    let named: Tri = NO;
    for (const matcher of element.linkMatchers) {
      const outcome = matcher(caller, link);
      if (outcome === YES) {
        named = YES;
        break;
      }
      if (outcome === MAYBE) named = MAYBE;
    }
    if (named === NO && element.unresolved !== undefined) named = MAYBE;
    if (named === NO) {
      excluded = NO;
      break;
    }
    if (named === MAYBE) excluded = MAYBE;
  }
  return excluded === YES ? NO : excluded === NO ? YES : MAYBE;
}

/** Does the statement apply to the request? Writes the grant and a failing condition into `scratch`. */
export function statementApplies(
  item: CompiledStatement,
  request: PreparedRequest,
  scratch: StatementScratch,
  skipResources = false,
): Tri {
  scratch.grant = GRANT_NONE;
  scratch.failedCondition = -1;
  if (item.invalidReason !== undefined || !item.actions) return NO;
  let result = matchElement(item.actions, request);
  if (result === NO) return NO;
  if (item.resources && !skipResources) {
    const outcome = matchElement(item.resources, request);
    if (outcome === NO) return NO;
    if (outcome === MAYBE) result = MAYBE;
  }
  if (item.principals) {
    const outcome = matchPrincipalElement(item, request, scratch);
    if (outcome === NO) return NO;
    if (outcome === MAYBE) result = MAYBE;
  }
  const conditions = item.conditions;
  for (let index = 0; index < conditions.length; index++) {
    const outcome = evaluateCondition(conditions[index], request.context);
    if (outcome === NO) {
      scratch.failedCondition = index;
      return NO;
    }
    if (outcome === MAYBE) result = MAYBE;
  }
  if (item.conditionsUnresolved !== undefined || item.onlyIf !== undefined) return MAYBE;
  return result;
}

function tallyStatement(tally: LayerTally, item: CompiledStatement, request: PreparedRequest, scratch: StatementScratch, explain: boolean): void {
  const outcome = statementApplies(item, request, scratch);
  if (outcome === NO) {
    if (explain && scratch.failedCondition >= 0) tally.conditionMisses.push({ statement: item, conditionIndex: scratch.failedCondition });
    return;
  }
  const grant = tally.compiled.layer === "resource" ? scratch.grant : GRANT_NONE;
  if (item.effect === "unresolved") {
    // The Effect itself is unknown: the statement may allow or deny.
    tally.allowMaybe.push(item);
    tally.denyMaybe.push(item);
    if (grant > tally.grantMaybe) tally.grantMaybe = grant;
    return;
  }
  if (item.effect === "Deny") {
    (outcome === YES ? tally.denyYes : tally.denyMaybe).push(item);
    return;
  }
  if (outcome === YES) {
    tally.allowYes.push(item);
    if (grant > tally.grantYes) tally.grantYes = grant;
  } else {
    tally.allowMaybe.push(item);
    if (grant > tally.grantMaybe) tally.grantMaybe = grant;
  }
}

function tallyLayer(compiled: CompiledLayer, request: PreparedRequest, scratch: StatementScratch, explain: boolean): LayerTally {
  const tally = new LayerTally(compiled);
  const bucket = compiled.byService.get(request.serviceLower);
  if (bucket) for (const item of bucket) tallyStatement(tally, item, request, scratch, explain);
  for (const item of compiled.anyService) tallyStatement(tally, item, request, scratch, explain);
  return tally;
}

// ---------------------------------------------------------------------------------------------------

const CALLER_CACHE_LIMIT = 1_000;

/** The last evaluation's epoch (PreparedRequest.epoch): counted across all sets, as sets may share slots. */
let lastEpoch = 0;

/** A PolicySet compiled once; `evaluate` is the fast path for many requests against the same policies. */
export class CompiledPolicySet {
  readonly identity: CompiledLayer;
  readonly resource?: CompiledLayer;
  readonly boundary?: CompiledLayer;
  readonly session?: CompiledLayer;
  readonly scps?: CompiledLayer;
  /** Made on the first request that needs it: most sets answer requests of one caller (see lastCaller). */
  private callers?: BoundedCache<string, Caller>;
  private readonly scratch: StatementScratch = { grant: GRANT_NONE, failedCondition: -1 };

  /** `slots`: a table shared with other sets compiled from the same documents (see SlotTable). */
  constructor(readonly policies: PolicySet, slots = new SlotTable()) {
    const ordinal = { next: 0 };
    this.identity = compileLayer({ layer: "identity", policies: policies.identity }, slots, ordinal);
    if (policies.resource) this.resource = compileLayer({ layer: "resource", policies: [policies.resource] }, slots, ordinal);
    if (policies.boundary) this.boundary = compileLayer({ layer: "boundary", policies: [policies.boundary] }, slots, ordinal);
    if (policies.session) this.session = compileLayer({ layer: "session", policies: [policies.session] }, slots, ordinal);
    if (policies.scps && policies.scps.length > 0) this.scps = compileLayer({ layer: "scp", policies: policies.scps }, slots, ordinal);
  }

  private lastCaller?: { principal?: string; account?: string; issuer?: string; caller: Caller };

  private callerOf(request: EvaluationRequest): Caller {
    // Batches usually repeat one principal: compare with the previous one before building a cache key.
    const last = this.lastCaller;
    if (last && last.principal === request.principal && last.account === request.principalAccount && last.issuer === request.sessionIssuer) {
      return last.caller;
    }
    // The first caller needs no table; a second one starts it (and the two alternate in many batches).
    const caller = last === undefined ? deriveCaller(request) : this.cachedCaller(request, last);
    this.lastCaller = { principal: request.principal, account: request.principalAccount, issuer: request.sessionIssuer, caller };
    return caller;
  }

  private cachedCaller(request: EvaluationRequest, last: NonNullable<CompiledPolicySet["lastCaller"]>): Caller {
    const keyOf = (principal?: string, account?: string, issuer?: string) => `${principal ?? ""}\u0000${account ?? ""}\u0000${issuer ?? ""}`;
    if (!this.callers) {
      this.callers = new BoundedCache<string, Caller>(CALLER_CACHE_LIMIT);
      this.callers.keep(keyOf(last.principal, last.account, last.issuer), last.caller);
    }
    return this.callers.get(keyOf(request.principal, request.principalAccount, request.sessionIssuer), () => deriveCaller(request));
  }

  /** Prepares the request-wide facts: caller, context, accounts. */
  prepare(request: EvaluationRequest): { prepared: PreparedRequest; facts: RequestFacts } {
    const caller = this.callerOf(request);
    const actionLower = request.action.toLowerCase();
    const colon = actionLower.indexOf(":");
    const resource = request.resource;
    const prepared: PreparedRequest = {
      epoch: ++lastEpoch,
      action: request.action,
      actionLower,
      serviceLower: colon < 0 ? actionLower : actionLower.slice(0, colon),
      resource,
      resourceApproximation: hasUnresolved(resource) ? replaceMarkers(resource, "*") : undefined,
      caller,
      context: prepareContext(request.context, caller),
      hasBoundary: this.boundary !== undefined,
    };
    return { prepared, facts: this.facts(request, caller) };
  }

  private facts(request: EvaluationRequest, caller: Caller): RequestFacts {
    const principalAccount = caller.account;
    const resourceArn = request.resource === "*" ? undefined : parseArn(request.resource);
    let resourceAccount: string | undefined;
    let resourceAccountSource: RequestFacts["resourceAccountSource"] = "unknown";
    if (request.resourceAccount) {
      resourceAccount = request.resourceAccount;
      resourceAccountSource = "request";
    } else {
      const fromArn = resourceArn?.account;
      if (fromArn && isAccountId(fromArn)) {
        resourceAccount = fromArn;
        resourceAccountSource = "resource ARN";
      } else if (principalAccount) {
        resourceAccount = principalAccount;
        resourceAccountSource = "principal";
      }
    }
    const sameAccount = resourceAccount === undefined || principalAccount === undefined || resourceAccount === principalAccount;
    let mustAllow = false;
    let mustAllowSource: RequestFacts["mustAllowSource"];
    if (request.resourcePolicyMustAllow !== undefined) {
      mustAllow = request.resourcePolicyMustAllow;
      mustAllowSource = mustAllow ? "request" : undefined;
    } else if (this.policies.resource?.kind === "trust") {
      mustAllow = true;
      mustAllowSource = "trust policy";
    } else if (resourceArn?.service === "kms") {
      mustAllow = true;
      mustAllowSource = "KMS key";
    }
    return {
      caller,
      sameAccount,
      principalAccount,
      resourceAccount,
      resourceAccountSource,
      resourcePolicyMustAllow: mustAllow,
      mustAllowSource,
      scpsApply: this.scps !== undefined && isIamCaller(caller),
    };
  }

  /** Runs every applicable layer. Exposed for evaluateOnAnyResource and tests. */
  tally(prepared: PreparedRequest, facts: RequestFacts, explain: boolean): Tallies {
    const scratch = this.scratch;
    const tallies: Tallies = {};
    const iam = isIamCaller(facts.caller);
    if (iam) {
      tallies.identity = tallyLayer(this.identity, prepared, scratch, explain);
      if (this.boundary) tallies.boundary = tallyLayer(this.boundary, prepared, scratch, explain);
      if (this.session) tallies.session = tallyLayer(this.session, prepared, scratch, explain);
      if (this.scps) tallies.scp = tallyLayer(this.scps, prepared, scratch, explain);
    }
    if (this.resource) tallies.resource = tallyLayer(this.resource, prepared, scratch, explain);
    return tallies;
  }

  evaluate(request: EvaluationRequest, options: EvaluateOptions = {}): Decision {
    const explain = options.explain !== false;
    const { prepared, facts } = this.prepare(request);
    const tallies = this.tally(prepared, facts, explain);
    return buildDecision(tallies, facts, prepared, explain);
  }
}

export function compilePolicySet(policies: PolicySet, slots?: SlotTable): CompiledPolicySet {
  return new CompiledPolicySet(policies, slots);
}

/** Evaluates one request; accepts a compiled set (fast) or plain policies (compiled for this call). */
export function evaluate(request: EvaluationRequest, policies: PolicySet | CompiledPolicySet, options?: EvaluateOptions): Decision {
  const compiled = policies instanceof CompiledPolicySet ? policies : new CompiledPolicySet(policies);
  return compiled.evaluate(request, options);
}

function byOrdinal(left: CompiledStatement, right: CompiledStatement): number {
  return left.ordinal - right.ordinal;
}

export type TallyList = "allowYes" | "allowMaybe" | "denyYes" | "denyMaybe";

/** The statements of one kind across all layers, in policy order. */
export function collect(tallies: Tallies, list: TallyList): CompiledStatement[] {
  const result: CompiledStatement[] = [];
  for (const tally of [tallies.scp, tallies.resource, tallies.boundary, tallies.session, tallies.identity]) {
    if (tally) for (const item of tally[list]) result.push(item);
  }
  if (result.length > 1) result.sort(byOrdinal);
  return result;
}

export function buildDecision(tallies: Tallies, facts: RequestFacts, prepared: PreparedRequest, explain: boolean): Decision {
  const verdict = decide(tallies, facts, "resolved");
  const deciding =
    verdict.decision === "explicitDeny" ? collect(tallies, "denyYes") : collect(tallies, "allowYes");
  const matched: MatchedStatement[] = [];
  for (const item of deciding) matched.push(item.reference);

  let undecidedStatements: CompiledStatement[] | undefined;
  const anyMaybe =
    (tallies.identity?.allowMaybe.length ?? 0) + (tallies.identity?.denyMaybe.length ?? 0) +
    (tallies.resource?.allowMaybe.length ?? 0) + (tallies.resource?.denyMaybe.length ?? 0) +
    (tallies.boundary?.allowMaybe.length ?? 0) + (tallies.boundary?.denyMaybe.length ?? 0) +
    (tallies.session?.allowMaybe.length ?? 0) + (tallies.session?.denyMaybe.length ?? 0) +
    (tallies.scp?.allowMaybe.length ?? 0) + (tallies.scp?.denyMaybe.length ?? 0);
  if (anyMaybe > 0) {
    const withAllows = decide(tallies, facts, "maybe-allows");
    const withDenies = decide(tallies, facts, "maybe-denies");
    const set = new Set<CompiledStatement>();
    if (withAllows.decision !== verdict.decision) for (const item of collect(tallies, "allowMaybe")) set.add(item);
    if (withDenies.decision !== verdict.decision) for (const item of collect(tallies, "denyMaybe")) set.add(item);
    if (set.size > 0) undecidedStatements = [...set].sort(byOrdinal);
  }

  const decision: Decision = { decision: verdict.decision, matched, explanation: [] };
  if (undecidedStatements) decision.undecided = undecidedStatements.map(undecidedLabel);
  if (explain) decision.explanation = explainDecision({ verdict, tallies, facts, prepared, deciding, undecided: undecidedStatements ?? [] });
  return decision;
}

/** `aws_iam_policy.dev statement "ReadLogs" (#0)` — the form listed in `undecided`. */
export function undecidedLabel(item: CompiledStatement): string {
  const sid = item.statement.sid?.value;
  return sid ? `${item.policy.name} statement "${sid}" (#${item.statement.index})` : `${item.policy.name} statement #${item.statement.index}`;
}
