// Helpers the trust-policy rules (IAM3xx) share: which documents they judge, and what a principal of a trust
// policy is. Not a rule itself.

import type { AnalyzedPolicy, ReviewModel } from "../../engine/model.js";
import { isOwnAccountExpression, OWN_ACCOUNT, withOwnEnvironment } from "../../engine/probes.js";
import { getEntry, hasUnresolved } from "../../iac/located.js";
import type { LocatedValue, Position } from "../../iac/types.js";
import { accountOfPrincipal, principalForm, type PrincipalForm } from "../../iam/arn.js";
import type { PrincipalValue, Statement } from "../../iam/model.js";
import { judgeablePolicies } from "../validity/support.js";

/** Role trust policies whose content is known at least in part ("unknown is not a violation"). */
export function trustPolicies(model: ReviewModel): AnalyzedPolicy[] {
  return judgeablePolicies(model).filter((analyzed) => analyzed.source.kind === "trust");
}

/** Allow statements: a Deny never lets anybody in (RULES.md "Deny is not Allow"). */
export function allowStatements(analyzed: AnalyzedPolicy): Statement[] {
  return analyzed.policy.statements.filter((statement) => statement.effect.value === "Allow");
}

/** Whose account a principal belongs to: a literal account, the template's own account, or not known. */
export type PrincipalAccount = { kind: "literal"; account: string } | { kind: "own" } | { kind: "unknown" };

/**
 * The account of an AWS principal (`111122223333`, `arn:aws:iam::111122223333:role/x`), with the template's own
 * account expression (`${AWS::AccountId}`, `data.aws_caller_identity.current.account_id`) recognised.
 */
export function principalAccount(principal: PrincipalValue): PrincipalAccount {
  const resolved = withOwnEnvironment(principal.value);
  const account = accountOfPrincipal(resolved);
  if (account === undefined || hasUnresolved(account)) return { kind: "unknown" };
  if (account === OWN_ACCOUNT) return { kind: "own" };
  return { kind: "literal", account };
}

/** The form of a principal, reading the template's own account expression as an account. */
export function formOf(principal: PrincipalValue): PrincipalForm | undefined {
  return principalForm(principal.type, withOwnEnvironment(principal.value));
}

/** Every AWS principal named through a role or user of its account: an account, its root, a user. */
export function isAccountOrUser(form: PrincipalForm | undefined): boolean {
  return form === "account-id" || form === "account-root" || form === "iam-user";
}

/** The condition clauses of a statement on one key (keys compare case-insensitively). */
export function clausesOn(statement: Statement, key: string): Statement["conditions"] {
  const lowered = key.toLowerCase();
  return statement.conditions.filter((clause) => clause.key.toLowerCase() === lowered);
}

/**
 * Where an element of a statement is written in the located document (`["Principal", "Federated"]`), for
 * elements the normalised model keeps no position of (a whole `Federated = aws_iam_openid_connect_provider.x.arn`
 * is an unresolved element, not a principal value). Falls back to the statement.
 */
export function elementPosition(analyzed: AnalyzedPolicy, statement: Statement, path: string[]): Position {
  const list = getEntry(analyzed.source.document, "Statement", true);
  const item = list?.kind === "array" ? list.items[statement.index] : list;
  let node: LocatedValue | undefined = item;
  for (const key of path) node = node ? getEntry(node, key, true) : undefined;
  return node?.at ?? statement.at;
}

/** A value for messages: `<unresolved:var.x>` shown as `${var.x}`. */
export function displayValue(text: string): string {
  return text.replace(/<unresolved:([^>]*)>/g, (_marker, expr: string) => `\${${expr}}`);
}

/**
 * The AWS principals of a statement, including a whole element that is the template's own account
 * (`AWS: !Ref AWS::AccountId`), which the normalised model keeps as an unknown element without a value.
 */
export function awsPrincipals(analyzed: AnalyzedPolicy, statement: Statement): PrincipalValue[] {
  const principals = (statement.principals ?? []).filter((principal) => principal.type === "AWS");
  const whole = statement.unresolved["Principal.AWS"];
  if (whole !== undefined && isOwnAccountExpression(whole)) {
    principals.push({ type: "AWS", value: `<unresolved:${whole}>`, at: elementPosition(analyzed, statement, ["Principal", "AWS"]) });
  }
  return principals;
}
