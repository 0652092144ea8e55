// The explanation of a decision, as PR comments and `/iam-review simulate` show it: the verdict, the rule of
// AWS's evaluation logic that decided it, the deciding statements (policy, Sid or index, file and line), and
// for conditions which key made a statement apply or not and why. Built only when asked for, after the
// decision, so the evaluation itself stays cheap.

import type { Position } from "../iac/types.js";
import type { CompiledCondition } from "./conditions.js";
import { evaluateCondition } from "./conditions.js";
import type { RequestContext } from "./context.js";
import type { CompiledStatement, PreparedRequest } from "./compile.js";
import type { LayerTally, RequestFacts, Tallies, Verdict } from "./evaluate.js";
import { markerExpressions } from "./markers.js";
import { MAYBE, YES, type Tri } from "./tristate.js";
import { displayPattern, parseTemplate, renderTemplate } from "./variables.js";

export interface ExplanationInput {
  verdict: Verdict;
  tallies: Tallies;
  facts: RequestFacts;
  prepared: PreparedRequest;
  deciding: CompiledStatement[];
  undecided: CompiledStatement[];
}

function where(at: Position | undefined): string {
  return at ? `, ${at.path}:${at.startLine}` : "";
}

/** `aws_iam_policy.guard statement "DenyNoMFA" (#1, main.tf:12)` */
export function describeStatement(item: CompiledStatement): string {
  const sid = item.statement.sid?.value;
  const name = sid ? `statement "${sid}" (#${item.statement.index}${where(item.statement.at)})` : `statement #${item.statement.index} (${item.statement.at.path}:${item.statement.at.startLine})`;
  return `${item.policy.name} ${name}`;
}

const LAYER_NOUN: Record<string, string> = {
  identity: "identity-based policy",
  resource: "resource-based policy",
  boundary: "permissions boundary",
  session: "session policy",
  scp: "service control policy",
};

function quote(values: readonly string[]): string {
  if (values.length === 1) return `"${values[0]}"`;
  return `[${values.map((value) => `"${value}"`).join(", ")}]`;
}

function truth(outcome: Tri): string {
  return outcome === YES ? "true" : outcome === MAYBE ? "undecided" : "false";
}

/** The policy values of a condition, with policy variables shown as the request resolves them. */
function policyValuesText(condition: CompiledCondition, context: RequestContext): string {
  const written = condition.clause.values.map((value) => value.value);
  if (!condition.usesVariables) return quote(written);
  const rendered = written.map((value) => {
    const template = parseTemplate(value);
    if (!template) return value;
    const text = renderTemplate(template, context, false);
    return text === undefined ? `${value} (a variable is missing from the request, so it matches nothing)` : `${value} = ${text}`;
  });
  return quote(rendered.map(displayPattern));
}

/** One sentence about one condition clause, without the trailing "and the Deny does (not) apply". */
export function describeCondition(condition: CompiledCondition, context: RequestContext): { text: string; outcome: Tri } {
  const outcome = evaluateCondition(condition, context);
  const { operator, key } = condition.clause;
  const info = condition.operator.info;
  if (!info) return { text: `"${operator}" is not a condition operator AWS knows, so the condition is false`, outcome };
  const entry = context.get(condition.keyLower);
  const present = entry !== undefined && entry.values.length > 0;
  if (condition.unresolved !== undefined && (present || info.family === "Null")) {
    return {
      text: `${operator} on ${key} compares with values that are not known statically (${markerText(condition.unresolved)}), so it cannot be decided`,
      outcome,
    };
  }
  if (info.family === "Null") {
    return {
      text: `${key} is ${present ? "present in" : "absent from"} the request, so Null ${quote(condition.clause.values.map((value) => value.value))} is ${truth(outcome)}`,
      outcome,
    };
  }
  if (!present) {
    const set = condition.operator.setOperator;
    let why = "";
    if (condition.operator.ifExists) why = " (…IfExists is true when the key is missing)";
    else if (set === "ForAllValues") why = " (ForAllValues is true when the key is missing or empty)";
    else if (set === "ForAnyValue") why = " (ForAnyValue needs at least one value)";
    else if (info.negated) why = " (a negated operator is true when the key is missing)";
    return { text: `${key} is absent from the request, so ${operator} is ${truth(outcome)}${why}`, outcome };
  }
  const derived = entry.derived ? " (derived from the principal)" : "";
  return {
    text: `${key} is ${quote(entry.values)}${derived}, so ${operator} ${policyValuesText(condition, context)} is ${truth(outcome)}`,
    outcome,
  };
}

function markerText(text: string): string {
  const expressions = markerExpressions(text);
  return expressions.length > 0 ? expressions.join(", ") : text;
}

function accountsText(facts: RequestFacts): string {
  return `principal account ${facts.principalAccount ?? "unknown"}, resource account ${facts.resourceAccount ?? "unknown"} (from the ${facts.resourceAccountSource})`;
}

function policyNames(tally: LayerTally | undefined): string {
  if (!tally || tally.compiled.policies.length === 0) return "";
  return tally.compiled.policies.map((policy) => policy.name).join(", ");
}

export function reasonSentence(input: Pick<ExplanationInput, "verdict" | "tallies" | "facts">): string {
  const { verdict, tallies, facts } = input;
  const resourceName = policyNames(tallies.resource);
  const mustAllow = facts.mustAllowSource === "KMS key" ? "A KMS key policy" : facts.mustAllowSource === "trust policy" ? "A role trust policy" : "The resource-based policy";
  switch (verdict.reason) {
    case "explicit-deny":
      return "An explicit Deny in any policy overrides every Allow.";
    case "scp-no-allow":
      return `No service control policy (${policyNames(tallies.scp)}) allows it; SCPs cap what the account's principals can do, so one of them must allow.`;
    case "root-user":
      return "The root user may do anything in its own account unless a policy explicitly denies it.";
    case "identity-allows": {
      const caps = [tallies.boundary ? "the permissions boundary" : "", tallies.session ? "the session policy" : ""].filter(Boolean);
      return `An identity-based policy allows it${caps.length > 0 ? `, and ${caps.join(" and ")} allow${caps.length === 1 ? "s" : ""} it too` : ""}.`;
    }
    case "resource-names-caller":
      return `The resource-based policy ${resourceName} names this principal itself; within one account that is enough on its own (identity-based policies, permissions boundaries and session policies do not limit it).`;
    case "resource-names-role":
      return `The resource-based policy ${resourceName} names the role behind the session; within one account no identity-based Allow is needed, but the permissions boundary and session policy still apply, and they allow it.`;
    case "both-allow":
      return facts.sameAccount
        ? `${mustAllow} must allow even within one account; ${resourceName} allows it (through the account, so the identity side must allow too), and the identity side does.`
        : `This is a cross-account request (${accountsText(facts)}): the principal's identity side and the resource-based policy ${resourceName} both allow it.`;
    case "service-resource-allows":
      return `A ${facts.caller.kind === "service" ? "service principal" : "federated identity provider"} has no identity-based policies; the resource-based policy ${resourceName} allows it.`;
    case "no-allow":
      return tallies.resource
        ? `No identity-based policy allows it, and the resource-based policy ${resourceName} does not allow this principal either.`
        : "No identity-based policy allows it.";
    case "boundary-no-allow":
      return `The permissions boundary ${policyNames(tallies.boundary)} does not allow it; a boundary caps what identity-based policies can grant.`;
    case "session-no-allow":
      return `The session policy ${policyNames(tallies.session)} does not allow it; a session policy caps what the role or user's identity-based policies can grant.`;
    case "resource-must-allow":
      return tallies.resource
        ? `${mustAllow} must allow even within one account, and ${resourceName} does not allow this principal.`
        : `${mustAllow} must allow even within one account, and none was given.`;
    case "cross-account-no-resource-allow":
      return tallies.resource
        ? `This is a cross-account request (${accountsText(facts)}): the resource-based policy must allow it too, and ${resourceName} does not allow this principal.`
        : `This is a cross-account request (${accountsText(facts)}): a resource-based policy must allow it too, and none was given.`;
    case "cross-account-no-identity-allow":
      return `This is a cross-account request (${accountsText(facts)}): the principal's own identity-based policies must allow it too, and none does.`;
    case "service-no-resource-allow":
      return `Only a resource-based policy can allow a ${facts.caller.kind === "service" ? "service principal" : "federated identity provider"}, and ${tallies.resource ? `${resourceName} does not` : "none was given"}.`;
  }
}

export function appliesSentence(item: CompiledStatement, context: RequestContext): string {
  const noun = LAYER_NOUN[item.layer];
  const head = `${item.effect === "Deny" ? "Deny" : "Allow"} in ${noun} ${describeStatement(item)} applies`;
  if (item.conditions.length === 0) return `${head}.`;
  const reasons = item.conditions.map((condition) => describeCondition(condition, context).text);
  return `${head}: ${reasons.join("; ")}.`;
}

export function missSentence(item: CompiledStatement, conditionIndex: number, context: RequestContext): string {
  const condition = item.conditions[conditionIndex];
  const { text } = describeCondition(condition, context);
  return `${describeStatement(item)}: ${text} and the ${item.effect === "Deny" ? "Deny" : "Allow"} does not apply.`;
}

export function undecidedSentence(item: CompiledStatement): string {
  const parts: string[] = [];
  const statement = item.statement;
  const unresolved = statement.unresolved ?? {};
  for (const element of Object.keys(unresolved)) parts.push(`${element} (${unresolved[element]})`);
  const scan = (element: string, values: readonly { value: string }[] | undefined): void => {
    const expressions = (values ?? []).flatMap((value) => markerExpressions(value.value));
    if (expressions.length > 0) parts.push(`${element} (${expressions.join(", ")})`);
  };
  scan("Effect", [statement.effect]);
  scan("Action", statement.actions);
  scan("NotAction", statement.notActions);
  scan("Resource", statement.resources);
  scan("NotResource", statement.notResources);
  scan("Principal", statement.principals);
  scan("NotPrincipal", statement.notPrincipals);
  for (const condition of item.conditions) {
    if (condition.unresolved !== undefined) parts.push(`Condition ${condition.clause.key} (${markerText(condition.unresolved)})`);
    else scan(`Condition ${condition.clause.key}`, condition.clause.values);
  }
  if (item.onlyIf) parts.push(`the CloudFormation condition ${item.onlyIf.join(", ")} under which it exists`);
  const what = parts.length > 0 ? parts.join(", ") : "values not known statically";
  const effect = item.effect === "Deny" ? "Deny" : item.effect === "Allow" ? "Allow" : "statement";
  return `Undecided: the ${effect} in ${describeStatement(item)} depends on ${what}; the decision above treats it as not applying.`;
}

export function explainDecision(input: ExplanationInput): string[] {
  const { verdict, prepared, tallies, deciding, undecided } = input;
  const lines: string[] = [];
  const by = prepared.caller.text ? ` by ${prepared.caller.text}` : "";
  const headline =
    verdict.decision === "allowed" ? "is allowed" : verdict.decision === "explicitDeny" ? "is explicitly denied" : "is implicitly denied";
  lines.push(`${prepared.action} on ${prepared.resource}${by} ${headline}.`);
  lines.push(reasonSentence(input));
  for (const item of deciding) lines.push(appliesSentence(item, prepared.context));

  // Statements that matched the action, resource and principal but not their conditions: always for
  // Denies (the classic trap: a Deny that does not apply), and for Allows when nothing allowed.
  const misses: { statement: CompiledStatement; conditionIndex: number }[] = [];
  for (const tally of [tallies.scp, tallies.resource, tallies.boundary, tallies.session, tallies.identity]) {
    if (tally) misses.push(...tally.conditionMisses);
  }
  misses.sort((left, right) => left.statement.ordinal - right.statement.ordinal);
  for (const miss of misses) {
    if (miss.statement.effect === "Deny" || verdict.decision !== "allowed") {
      lines.push(missSentence(miss.statement, miss.conditionIndex, prepared.context));
    }
  }
  for (const item of undecided) lines.push(undecidedSentence(item));
  return lines;
}
