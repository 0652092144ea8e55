// What the MFA rules (IAM201, IAM202) share: finding a condition on `aws:MultiFactorAuthPresent`, simulating a
// request without the key and one with `false`, and the one-line operator swap a GitHub suggestion carries.
// Not a rule itself.

import type { Position } from "../../iac/types.js";
import type { ConditionClause, Policy, Statement } from "../../iam/model.js";
import { matchesAction } from "../../iam/wildcard.js";
import { evaluateOnAnyResource, type DecisionValue } from "../../simulator/index.js";
import type { ReviewModel } from "../../engine/model.js";
import type { Fix, RuleContext } from "../types.js";
import {
  actionsCovered,
  analyze,
  formatsOption,
  isEveryAction,
  resolvedActions,
  statementIdentityOf,
  statementKeyOf,
  type Analysis,
} from "../least-privilege/analysis.js";

export const MFA_KEY = "aws:multifactorauthpresent";

/** The clauses of the statement that test `aws:MultiFactorAuthPresent` with `operator` and `value`. */
export function mfaClauses(statement: Statement, operator: string, value: string): ConditionClause[] {
  return statement.conditions.filter(
    (clause) =>
      clause.operator.toLowerCase() === operator.toLowerCase() &&
      clause.key.toLowerCase() === MFA_KEY &&
      clause.valuesUnresolved === undefined &&
      clause.values.some((item) => item.value.toLowerCase() === value),
  );
}

const PROBES = ["iam:CreateUser", "s3:DeleteBucket", "ec2:TerminateInstances", "kms:ScheduleKeyDeletion", "sts:AssumeRole"];

/** A concrete action the statement applies to, for the simulation shown in the message. */
export function exampleAction(analysis: Analysis, statement: Statement): string | undefined {
  if (statement.notActions) {
    return PROBES.find((probe) => !statement.notActions!.some((item) => matchesAction(item.value, probe)));
  }
  for (const entry of resolvedActions(statement)) {
    if (isEveryAction(entry.value)) return PROBES[0];
    if (!/[*?]/.test(entry.value)) return entry.value;
    const covered = actionsCovered(analysis, entry.value);
    if (covered && covered.length > 0) return covered[0].action;
  }
  return undefined;
}

export interface MfaOutcomes {
  action: string;
  withoutKey: DecisionValue;
  withFalse: DecisionValue;
}

/**
 * The simulator's answers for `action` on any resource — for an Allow, that statement alone; for a Deny, the
 * policy's Denies against an Allow of everything — once without `aws:MultiFactorAuthPresent` in the request
 * (access keys), once with `false`.
 */
export function mfaOutcomes(analysis: Analysis, policy: Policy, statement: Statement, action: string): MfaOutcomes {
  // A Deny is judged with the policy's other Denies (a `Null` Deny may already catch the absent key); an Allow alone.
  const alone: Policy = {
    ...policy,
    statements: statement.effect.value === "Deny" ? policy.statements.filter((other) => other.effect.value === "Deny") : [statement],
  };
  const identity = statement.effect.value === "Deny" ? [allowEverything(policy), alone] : [alone];
  const ask = (context: Record<string, string>) =>
    evaluateOnAnyResource(action, { identity }, { context, ...formatsOption(analysis, action), explain: false }).decision;
  return { action, withoutKey: ask({}), withFalse: ask({ "aws:MultiFactorAuthPresent": "false" }) };
}

function allowEverything(like: Policy): Policy {
  const at = like.at;
  const star = { value: "*", at };
  return {
    kind: "identity",
    name: "(every action allowed, to see what the Deny removes)",
    version: { value: "2012-10-17", at },
    statements: [{ index: 0, effect: { value: "Allow", at }, actions: [star], resources: [star], conditions: [], unresolved: {}, at }],
    at,
  };
}

export function describeDecision(decision: DecisionValue): string {
  return decision === "allowed" ? "allowed" : decision === "explicitDeny" ? "explicitly denied" : "not allowed";
}

/**
 * The whole line of the operator with `from` replaced by `to` — a GitHub suggestion replaces whole lines.
 * Only when the operator block tests nothing else (changing it would change the other keys' meaning) and the
 * line holds the operator exactly once as a word (`"Bool": {`, `Bool:`, `test = "Bool"`, `Bool = {`).
 */
export function operatorSwapFix(model: ReviewModel, statement: Statement, clause: ConditionClause, from: string, to: string): Fix | undefined {
  const sameBlock = statement.conditions.filter(
    (other) => other.operator === clause.operator && other.operatorAt.startLine === clause.operatorAt.startLine && other.operatorAt.path === clause.operatorAt.path,
  );
  if (sameBlock.length !== 1) return undefined;
  const at: Position = clause.operatorAt;
  const text = model.files.get(at.path);
  if (text === undefined) return undefined;
  const line = text.split(/\r?\n/)[at.startLine - 1];
  if (line === undefined) return undefined;
  const word = new RegExp(`(?<![A-Za-z0-9:])${from}(?![A-Za-z0-9])`, "g");
  const occurrences = [...line.matchAll(word)];
  if (occurrences.length !== 1) return undefined;
  const index = occurrences[0].index;
  return {
    at: { path: at.path, startLine: at.startLine, endLine: at.startLine },
    replacement: `${line.slice(0, index)}${to}${line.slice(index + from.length)}`,
  };
}

/**
 * IAM201 and IAM202: statements of one effect whose MFA clause uses `operator` with `value`, reported (with
 * the operator swapped to `replacement` as a one-click fix) when the simulated outcomes say it matters.
 */
export function checkMfaOperator<MessageId extends string>(
  context: RuleContext<MessageId>,
  rule: {
    effect: "Allow" | "Deny";
    operator: string;
    value: string;
    replacement: string;
    messageId: MessageId;
    matters: (outcomes: MfaOutcomes) => boolean;
  },
): void {
  const analysis = analyze(context.model);
  for (const document of analysis.written) {
    for (const statement of document.policy.statements) {
      if (statement.effect.value !== rule.effect) continue;
      for (const clause of mfaClauses(statement, rule.operator, rule.value)) {
        const action = exampleAction(analysis, statement);
        if (!action) continue;
        const outcomes = mfaOutcomes(analysis, document.policy, statement, action);
        if (!rule.matters(outcomes)) continue;
        const fix = operatorSwapFix(context.model, statement, clause, clause.operator, rule.replacement);
        context.report({
          messageId: rule.messageId,
          data: { action, withoutKey: describeDecision(outcomes.withoutKey), withFalse: describeDecision(outcomes.withFalse) },
          at: clause.operatorAt,
          resource: document.resource,
          statement: statementKeyOf(document, statement),
          identity: [statementIdentityOf(document, statement)],
          ...(fix ? { fix } : {}),
        });
      }
    }
  }
}
