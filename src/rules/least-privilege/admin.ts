// "Full administrator" as IAM101 decides it, shared with the rules that step aside for it (IAM105: a full
// administrator trivially holds every escalation path). Not a rule itself.

import type { Statement } from "../../iam/model.js";
import { matchesAction } from "../../iam/wildcard.js";
import { isAllow, isEveryAction, onEveryResource, resolvedActions, statementGrants, type Analysis, type GrantAnswer, type JudgedDocument } from "./analysis.js";

/**
 * Actions a full administrator can perform and a narrower grant usually cannot: taking over IAM, assuming
 * roles, destroying data and compute, keys. An Allow that grants all of them on any resource — `*`, `*:*`, or
 * a NotAction that leaves them in — through the simulator is full admin.
 */
export const ADMIN_PROBES = [
  "iam:AttachRolePolicy",
  "iam:CreateUser",
  "iam:PutUserPolicy",
  "sts:AssumeRole",
  "s3:DeleteBucket",
  "ec2:RunInstances",
  "kms:ScheduleKeyDeletion",
] as const;

// IAM101 and IAM105 both ask: the answers are kept for the review's analysis.
const fullAdminAnswers = new WeakMap<Analysis, Map<Statement, Map<JudgedDocument, GrantAnswer | null>>>();

/** The answer for the last probe when the statement makes its holder a full administrator, else undefined. */
export function fullAdminGrant(analysis: Analysis, document: JudgedDocument, statement: Statement): GrantAnswer | undefined {
  let byStatement = fullAdminAnswers.get(analysis);
  if (!byStatement) fullAdminAnswers.set(analysis, (byStatement = new Map()));
  let byDocument = byStatement.get(statement);
  if (!byDocument) byStatement.set(statement, (byDocument = new Map()));
  const known = byDocument.get(document);
  if (known !== undefined) return known ?? undefined;
  const answer = computeFullAdmin(analysis, document, statement);
  byDocument.set(document, answer ?? null);
  return answer;
}

function computeFullAdmin(analysis: Analysis, document: JudgedDocument, statement: Statement): GrantAnswer | undefined {
  if (!isAllow(statement)) return undefined;
  const everyAction = resolvedActions(statement).some((item) => isEveryAction(item.value));
  const notAction = statement.notActions !== undefined && statement.unresolved["NotAction"] === undefined;
  if (!everyAction && !notAction) return undefined;
  if (notAction && ADMIN_PROBES.some((probe) => statement.notActions!.some((item) => matchesAction(item.value, probe)))) return undefined;
  if (!onEveryResource(analysis, statement, undefined)) return undefined;
  let last: GrantAnswer | undefined;
  for (const probe of ADMIN_PROBES) {
    last = statementGrants(analysis, document, statement, probe);
    if (!last) return undefined;
  }
  return last;
}

/** The full-admin statements of a document. */
export function fullAdminStatements(analysis: Analysis, document: JudgedDocument): Statement[] {
  return document.policy.statements.filter((statement) => fullAdminGrant(analysis, document, statement) !== undefined);
}
