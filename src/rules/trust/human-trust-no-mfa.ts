/**
 * IAM303 human-trust-no-mfa. A role that an account (`111122223333`, `arn:aws:iam::111122223333:root`) or an
 * IAM user may assume is a role for people; without `aws:MultiFactorAuthPresent` in the trust, a leaked access
 * key is enough to assume it. Decided by simulation: a user of the trusted account asks for `sts:AssumeRole`
 * (1) with long-term access keys, where the request carries no MFA key at all (IAM User Guide › AWS global
 * condition context keys › aws:MultiFactorAuthPresent), and (2) with temporary credentials obtained without
 * MFA, where the key is `false`. If either is allowed, the trust does not require MFA. `Bool … true`,
 * `NumericLessThan aws:MultiFactorAuthAge`, or a Deny with `BoolIfExists … false` require it;
 * `BoolIfExists … true` in the Allow does not (case 1 passes it: the bypass IAM202 describes for identity
 * policies), and for that the fix is mechanical: `Bool`.
 *
 * Service and federated principals are not people with MFA devices, and `*` is IAM301's. When `accounts` is
 * configured, a literal account outside it is a third party (IAM302's: an external id, not MFA, protects it).
 */

import { allowingStatements, askProbe, compileForProbes, OWN_ACCOUNT, PROBE_NAME, withOwnEnvironment } from "../../engine/probes.js";
import type { ReviewModel } from "../../engine/model.js";
import type { ConditionClause, PrincipalValue, Statement } from "../../iam/model.js";
import type { CompiledPolicySet } from "../../simulator/index.js";
import { defineRule, type Fix } from "../types.js";
import { statementContext } from "../validity/support.js";
import { allowStatements, awsPrincipals, clausesOn, displayValue, formOf, isAccountOrUser, principalAccount, trustPolicies } from "./support.js";

const LONG_TERM_KEYS = { "aws:SecureTransport": "true" };
const NO_MFA_SESSION = { "aws:SecureTransport": "true", "aws:MultiFactorAuthPresent": "false" };

/** The person who would assume the role: the user named, or a user of the account named. */
function humanCaller(principal: PrincipalValue, account: string): string {
  return formOf(principal) === "iam-user" ? withOwnEnvironment(principal.value) : `arn:aws:iam::${account}:user/${PROBE_NAME}`;
}

function allows(compiled: CompiledPolicySet, caller: string, context: Record<string, string>, statement: Statement): boolean {
  const decision = askProbe(compiled, "sts:AssumeRole", { principal: caller, context });
  return decision.undecided === undefined && allowingStatements(decision).includes(statement.index);
}

/** `BoolIfExists` → `Bool` on the operator's line, when the operator holds only aws:MultiFactorAuthPresent. */
function boolFix(model: ReviewModel, statement: Statement): Fix | undefined {
  const clause = clausesOn(statement, "aws:MultiFactorAuthPresent").find((candidate) => candidate.operator === "BoolIfExists");
  if (!clause) return undefined;
  const sameOperator = statement.conditions.filter((other: ConditionClause) => other.operator === clause.operator && other.operatorAt.startLine === clause.operatorAt.startLine);
  if (sameOperator.length !== 1) return undefined;
  const at = clause.operatorAt;
  const line = model.files.get(at.path)?.split("\n")[at.startLine - 1];
  if (line === undefined || line.split("BoolIfExists").length !== 2) return undefined;
  return { at: { path: at.path, startLine: at.startLine, endLine: at.startLine }, replacement: line.replace("BoolIfExists", "Bool").replace(/\r$/, "") };
}

export default defineRule({
  meta: {
    id: "IAM303",
    name: "human-trust-no-mfa",
    severity: "warning",
    summary: "A trust policy lets account or user principals assume the role without requiring MFA.",
    fixable: true,
    messages: {
      noMfa:
        "`{{principal}}` can assume this role without MFA: the trust does not require `aws:MultiFactorAuthPresent`, so a leaked access key is enough. " +
        "Add `\"Condition\": {\"Bool\": {\"aws:MultiFactorAuthPresent\": \"true\"}}` to this statement.",
      ifExists:
        "`{{principal}}` can assume this role with long-term access keys and no MFA: `BoolIfExists` is true when the request carries no MFA key at all, which is the case for access keys. Use `Bool`.",
    },
  },
  check(context) {
    const { model } = context;
    const ownAccounts = new Set(model.config.accounts);
    for (const analyzed of trustPolicies(model)) {
      const compiled = compileForProbes(analyzed.policy);
      for (const statement of allowStatements(analyzed)) {
        for (const principal of awsPrincipals(analyzed, statement)) {
          if (!isAccountOrUser(formOf(principal))) continue;
          const account = principalAccount(principal);
          if (account.kind === "unknown") continue;
          if (account.kind === "literal" && ownAccounts.size > 0 && !ownAccounts.has(account.account)) continue;
          const caller = humanCaller(principal, account.kind === "own" ? OWN_ACCOUNT : account.account);
          const withKeys = allows(compiled, caller, LONG_TERM_KEYS, statement);
          const withSession = allows(compiled, caller, NO_MFA_SESSION, statement);
          if (!withKeys && !withSession) continue;
          const where = statementContext(analyzed, statement);
          const fix = withKeys && !withSession ? boolFix(model, statement) : undefined;
          context.report({
            messageId: withKeys && !withSession ? "ifExists" : "noMfa",
            data: { principal: displayValue(principal.value) },
            at: principal.at,
            resource: where.resource,
            statement: where.statement,
            identity: [where.statementIdentity, principal.value],
            ...(fix ? { fix } : {}),
          });
        }
      }
    }
  },
});
