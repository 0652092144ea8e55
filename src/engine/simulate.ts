// "Would this be allowed?" — the one entry point behind `iam-review simulate` and the App's
// `/iam-review simulate ACTION [on RESOURCE] [as ADDRESS] [with KEY=VALUE ...]` command.
//
//   const answer = simulateAs(scan, { address: "aws_iam_role.dev", action: "iam:CreateUser" }, { catalogue });
//   answer.decision     // "allowed" | "explicitDeny" | "implicitDeny"
//   answer.matched      // the deciding statements, each with policy name, Sid, file and line, and origin
//   answer.undecided    // present when unresolved values could change the decision (exit code 3)
//   answer.explanation  // sentences for a comment or the terminal
//
// `simulateAs` throws PrincipalAddressError (unknown or ambiguous address) and SimulationQuestionError (an
// action that is not `service:Action`); both messages are meant for the user. It is synchronous: load the
// action's service first (`await catalogue.load([action])`) so that "on any resource" knows the action's
// resource types; without the catalogue any resource a statement names counts.
//
// DESIGN.md "Decisions": a resource of `*` (or none) means "on any resource" (evaluateOnAnyResource);
// the resource account defaults to the resource ARN's, else the principal's; unresolved values give the
// decision of the resolved parts plus an `undecided` list.

import type { ScanResult } from "../iac/scan.js";
import type { Catalogue } from "../iam/catalogue.js";
import type { Policy } from "../iam/model.js";
import { accountOfPrincipal, parseArn } from "../iam/arn.js";
import {
  deriveCaller,
  evaluate,
  evaluateOnAnyResource,
  type ContextValue,
  type DecisionValue,
  type EvaluationRequest,
  type Layer,
  type PolicySet,
} from "../simulator/index.js";
import {
  describeOrigin,
  effectivePolicies,
  listPrincipals,
  resolvePrincipal,
  PrincipalAddressError,
  type EffectivePolicies,
  type EffectivePolicy,
  type EffectivePolicyOptions,
  type EffectivePolicyOrigin,
  type ScanPrincipal,
} from "./principals.js";

/** A question about policies, whoever holds them. */
export interface PolicyQuestion {
  /** `service:Action`, no wildcards. */
  action: string;
  /** An ARN; `*` or undefined: "on any resource". */
  resource?: string;
  /** Who makes the request (an ARN, an account id, a service principal); matters for resource and trust policies. */
  principal?: string;
  principalAccount?: string;
  /** A value per key; an array for a multivalued key. */
  context?: Record<string, ContextValue>;
  resourceAccount?: string;
}

/** A question about a principal of the scanned IaC. */
export interface SimulationQuestion extends PolicyQuestion {
  /** `aws_iam_role.dev`, `modules/ci:aws_iam_role.this`, `DevRole`, `stack.yaml:DevRole`. */
  address: string;
  /**
   * Policies given besides the IaC (the CLI's `--policy`, `--scp`…): `identity` and `scps` are added; a
   * `resource`, `boundary` or `session` replaces the IaC one.
   */
  extra?: Partial<PolicySet>;
}

export interface SimulationMatch {
  effect: "Allow" | "Deny";
  /** The policy's name: `aws_iam_role_policy.x#policy`, `AWS managed: AdministratorAccess via attachment at main.tf:12`, a file. */
  policy: string;
  sid?: string;
  path?: string;
  line?: number;
  layer: Layer;
  /** Where the policy comes from, for policies of the IaC. */
  origin?: EffectivePolicyOrigin;
  /** The group through which a user holds the policy. */
  viaGroup?: string;
}

export interface SimulationResult {
  decision: DecisionValue;
  matched: SimulationMatch[];
  /** What could change the decision: statements, documents or attachments not known statically. */
  undecided?: string[];
  explanation: string[];
  /** True when the resource was `*` (or not given) and the answer is about "some resource". */
  onAnyResource: boolean;
  /** The request as evaluated. */
  request: EvaluationRequest;
  /** The policies evaluated. */
  policies: PolicySet;
}

export interface SimulationAnswer extends SimulationResult {
  principal: ScanPrincipal;
  effective: EffectivePolicies;
}

export interface SimulateOptions extends EffectivePolicyOptions {
  /** The action catalogue with the action's service loaded: "on any resource" then knows the resource types. */
  catalogue?: Catalogue;
}

/** A question that cannot be asked as written. */
export class SimulationQuestionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "SimulationQuestionError";
  }
}

export { PrincipalAddressError };

const ACTION = /^[A-Za-z0-9-]+:[A-Za-z0-9]+$/;
const ASSUME_ROLE = /^sts:AssumeRole(WithSAML|WithWebIdentity)?$/i;

/** Why `action` cannot be simulated, or undefined when it can (AWS evaluates concrete actions only). */
export function actionProblem(action: string): string | undefined {
  if (ACTION.test(action)) return undefined;
  if (/[*?]/.test(action)) return `${action}: name one action, not a pattern (the simulator answers for a concrete request)`;
  return `${action} is not an action (service:Action, e.g. s3:GetObject)`;
}

export interface PolicySimulationOptions extends SimulateOptions {
  /** Where each policy (by name) comes from, copied onto the matches. */
  origins?: ReadonlyMap<string, { origin: EffectivePolicyOrigin; viaGroup?: string }>;
  /** The resource-based policy must allow even within one account (a role's trust policy). */
  resourcePolicyMustAllow?: boolean;
}

/** Simulates one question against a policy set (the CLI's policy files, a `--batch` line, simulateAs). */
export function simulatePolicies(policies: PolicySet, question: PolicyQuestion, options: PolicySimulationOptions = {}): SimulationResult {
  const problem = actionProblem(question.action);
  if (problem) throw new SimulationQuestionError(problem);
  const onAnyResource = question.resource === undefined || question.resource.trim() === "*";
  const request: EvaluationRequest = { action: question.action, resource: onAnyResource ? "*" : question.resource!.trim() };
  if (question.principal !== undefined) request.principal = question.principal;
  if (question.principalAccount !== undefined) request.principalAccount = question.principalAccount;
  if (question.context !== undefined) request.context = question.context;
  if (question.resourceAccount !== undefined) request.resourceAccount = question.resourceAccount;
  if (options.resourcePolicyMustAllow !== undefined) request.resourcePolicyMustAllow = options.resourcePolicyMustAllow;

  const decision = onAnyResource
    ? evaluateOnAnyResource(request.action, policies, { ...request, ...anyResourceFormats(options.catalogue, request.action) })
    : evaluate(request, policies);

  const matched = decision.matched.map((statement) => {
    const match: SimulationMatch = { effect: statement.effect, policy: statement.policy, layer: statement.layer };
    if (statement.sid !== undefined) match.sid = statement.sid;
    if (statement.at) {
      match.path = statement.at.path;
      match.line = statement.at.startLine;
    }
    const known = options.origins?.get(statement.policy);
    if (known) {
      match.origin = known.origin;
      if (known.viaGroup !== undefined) match.viaGroup = known.viaGroup;
    }
    return match;
  });
  const result: SimulationResult = { decision: decision.decision, matched, explanation: [...decision.explanation], onAnyResource, request, policies };
  const undecided = [...(decision.undecided ?? [])];
  // The simulator reads statements only: a document (or statement list) not known statically is undecided here.
  if (decision.decision !== "explicitDeny") {
    for (const policy of allPolicies(policies)) {
      const unknownPart = unknownDocumentPart(policy);
      if (!unknownPart) continue;
      undecided.push(unknownPart);
      result.explanation.push(`Undecided: ${unknownPart}; the decision above leaves it out.`);
    }
  }
  if (undecided.length > 0) result.undecided = undecided;
  return result;
}

/**
 * Simulates a request made with the policies the scanned IaC gives the principal at `question.address`:
 * identity policies (inline, attached customer and AWS managed, a user's groups'), its permissions boundary,
 * and for `sts:AssumeRole*` on a role of the scan that role's trust policy as the resource-based policy.
 */
export function simulateAs(scan: ScanResult, question: SimulationQuestion, options: SimulateOptions = {}): SimulationAnswer {
  const problem = actionProblem(question.action);
  if (problem) throw new SimulationQuestionError(problem);
  const effective = effectivePolicies(scan, question.address, options);
  const origins = new Map<string, { origin: EffectivePolicyOrigin; viaGroup?: string }>();
  const remember = (entry: EffectivePolicy | undefined) => {
    if (entry) origins.set(entry.policy.name, { origin: entry.origin, ...(entry.viaGroup !== undefined ? { viaGroup: entry.viaGroup } : {}) });
  };
  effective.identity.forEach(remember);
  remember(effective.boundary);

  const extra = question.extra ?? {};
  const policies: PolicySet = { identity: [...effective.identity.map((entry) => entry.policy), ...(extra.identity ?? [])] };
  const boundary = extra.boundary ?? effective.boundary?.policy;
  if (boundary) policies.boundary = boundary;
  if (extra.scps && extra.scps.length > 0) policies.scps = extra.scps;
  if (extra.session) policies.session = extra.session;

  const notes: string[] = [];
  const pending: string[] = [];
  let resource = question.resource;
  let mustAllow: boolean | undefined;
  const target = ASSUME_ROLE.test(question.action) ? assumedRole(scan, question) : undefined;
  if (extra.resource) {
    policies.resource = extra.resource;
  } else if (target) {
    resource = target.arn;
    mustAllow = true;
    const trust = target.role.address === effective.principal.address ? effective.trust : effectivePolicies(scan, target.role.address, options).trust;
    if (trust) {
      policies.resource = trust.policy;
      remember(trust);
      notes.push(`The trust policy of ${target.role.address} (${describeOrigin(trust.origin)}) is the resource-based policy of ${question.action} on ${target.arn}.`);
    } else {
      pending.push(`the trust policy of ${target.role.address} is not in the scanned files`);
    }
  }

  const result = simulatePolicies(policies, { ...question, ...(resource !== undefined ? { resource } : {}) }, {
    ...options,
    origins,
    ...(mustAllow !== undefined ? { resourcePolicyMustAllow: mustAllow } : {}),
  });

  // What the IaC attaches but cannot be known statically could add a Deny (or a boundary) or an Allow —
  // except for a service or identity-provider caller, which has no identity-based policies at all.
  const callerKind = deriveCaller({ principal: question.principal }).kind;
  const iamCaller = callerKind !== "service" && callerKind !== "federated-provider";
  if (result.decision !== "explicitDeny") {
    for (const item of effective.unknown) {
      const relevant =
        (item.layer === "identity" && iamCaller) ||
        (item.layer === "boundary" && iamCaller && result.decision === "allowed") ||
        (item.layer === "trust" && target !== undefined);
      if (relevant) pending.push(`${item.what} (${item.at.path}:${item.at.startLine})`);
    }
  }
  if (pending.length > 0) {
    result.undecided = [...(result.undecided ?? []), ...pending];
    for (const item of pending) result.explanation.push(`Undecided: ${item}; the decision above leaves it out.`);
  }
  result.explanation.push(...notes, ...policiesConsidered(effective, extra));
  return { ...result, principal: effective.principal, effective };
}

/** Every role, user and group address of a scan (SAM functions included), for commands that list them. */
export function principalAddresses(scan: ScanResult): string[] {
  return listPrincipals(scan).map((principal) => principal.address);
}

function anyResourceFormats(catalogue: Catalogue | undefined, action: string): { resourceFormatsOf?: () => string[] } {
  const formats = resourceFormats(catalogue, action);
  return formats === undefined ? {} : { resourceFormatsOf: () => formats };
}

/** The ARN formats of the action's resource types, or undefined when the catalogue cannot tell (no restriction then). */
function resourceFormats(catalogue: Catalogue | undefined, action: string): string[] | undefined {
  const service = action.slice(0, action.indexOf(":"));
  // An unloaded service would throw; an action the catalogue does not know has no types.
  if (!catalogue || !catalogue.isLoaded(service)) return undefined;
  return catalogue.resourceTypesOf(action)?.map((type) => type.arnFormat);
}

function allPolicies(policies: PolicySet): Policy[] {
  const list = [...policies.identity];
  if (policies.resource) list.push(policies.resource);
  if (policies.boundary) list.push(policies.boundary);
  if (policies.session) list.push(policies.session);
  list.push(...(policies.scps ?? []));
  return list;
}

function unknownDocumentPart(policy: Policy): string | undefined {
  if (policy.unresolved !== undefined) return `${policy.name}: the document is not known statically (${policy.unresolved})`;
  const statements = policy.unresolvedStatements ?? [];
  if (statements.length > 0) return `${policy.name}: statements not known statically (${statements.map((item) => item.value).join(", ")})`;
  return undefined;
}

/** The role of the scan that `sts:AssumeRole*` is asked on: by address, or by the role name in its ARN. */
function assumedRole(scan: ScanResult, question: SimulationQuestion): { role: ScanPrincipal; arn: string } | undefined {
  const resource = question.resource?.trim();
  if (resource === undefined || resource === "*") return undefined;
  const principals = listPrincipals(scan);
  if (!resource.startsWith("arn:")) {
    try {
      const role = resolvePrincipal(scan, resource, principals);
      return role.type === "role" ? { role, arn: roleArn(role, question) } : undefined;
    } catch {
      return undefined;
    }
  }
  const arn = parseArn(resource);
  if (!arn || arn.service !== "iam" || !arn.resource.startsWith("role/")) return undefined;
  const name = arn.resource.slice(arn.resource.lastIndexOf("/") + 1);
  const path = arn.resource.slice("role".length, arn.resource.length - name.length);
  const named = principals.filter((principal) => principal.type === "role" && principal.name === name);
  const role = named.find((candidate) => candidate.iamPath === path) ?? named[0];
  return role ? { role, arn: resource } : undefined;
}

/** The ARN of a role of the scan; parts that are not known stay markers, so nothing matches them by accident. */
function roleArn(role: ScanPrincipal, question: PolicyQuestion): string {
  const account =
    question.resourceAccount ?? question.principalAccount ?? (question.principal ? accountOfPrincipal(question.principal) : undefined) ?? "<unresolved:account>";
  const name = role.name ?? `<unresolved:${role.address}.name>`;
  return `arn:aws:iam::${account}:role${role.iamPath}${name}`;
}

function policiesConsidered(effective: EffectivePolicies, extra: Partial<PolicySet>): string[] {
  const { principal } = effective;
  const lines: string[] = [];
  const identity = effective.identity.map((entry) => (entry.viaGroup ? `${describeOrigin(entry.origin)} (via group ${entry.viaGroup})` : describeOrigin(entry.origin)));
  for (const policy of extra.identity ?? []) identity.push(`${policy.name} (given)`);
  lines.push(
    identity.length > 0
      ? `Identity policies of ${principal.address} (${principal.type}): ${identity.join("; ")}.`
      : `${principal.address} (${principal.type}) has no identity policies in the scanned files.`,
  );
  if (extra.boundary) lines.push(`Permissions boundary: ${extra.boundary.name} (given).`);
  else if (effective.boundary) lines.push(`Permissions boundary: ${describeOrigin(effective.boundary.origin)}.`);
  if (effective.groups.length > 0) lines.push(`Groups: ${effective.groups.map((group) => group.address).join(", ")}.`);
  return lines;
}
