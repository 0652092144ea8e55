/**
 * IAM302 cross-account-no-external-id. A role that another account can assume without `sts:ExternalId` is open
 * to the confused deputy problem (IAM User Guide › The confused deputy problem): a third party that serves many
 * customers assumes roles on their behalf, and any of its other customers can give it this role's ARN. The
 * external id, agreed with the third party, ties each assumption to this customer.
 *
 * "Another account" is a literal account id that is neither in the configuration's `accounts` (the
 * organisation's own accounts: within one organisation there is no third party, and `aws:PrincipalOrgID` says
 * so too) nor the template's own account expression. Unresolved accounts are not judged. Decided by simulation:
 * principals of that account (its root, a user, a role, and the roles an `aws:PrincipalArn` condition names)
 * ask for `sts:AssumeRole` with MFA (MFA does not make a third party less third) and without an external id.
 */

import { allowingStatements, askProbe, compileForProbes, PROBE_NAME, type Probe } from "../../engine/probes.js";
import type { PrincipalValue, Statement } from "../../iam/model.js";
import { defineRule } from "../types.js";
import { statementContext } from "../validity/support.js";
import { allowStatements, clausesOn, formOf, principalAccount, trustPolicies } from "./support.js";

const WITH_MFA = { "aws:SecureTransport": "true", "aws:MultiFactorAuthPresent": "true", "aws:MultiFactorAuthAge": "60" };

/** Principals of the trusted account that may ask: the principal itself, or for an account, some of its principals. */
function callersFor(principal: PrincipalValue, account: string, statement: Statement): string[] {
  const form = formOf(principal);
  if (form !== "account-id" && form !== "account-root") return [principal.value];
  const callers = [`arn:aws:iam::${account}:root`, `arn:aws:iam::${account}:user/${PROBE_NAME}`, `arn:aws:iam::${account}:role/${PROBE_NAME}`];
  // A trust that narrows the account to some roles by aws:PrincipalArn still lets those roles in.
  for (const clause of clausesOn(statement, "aws:PrincipalArn")) {
    for (const { value } of clause.values) {
      if (value.includes(`:${account}:`)) callers.push(value.replace(/[*?]/g, "x"));
    }
  }
  return callers;
}

export default defineRule({
  meta: {
    id: "IAM302",
    name: "cross-account-no-external-id",
    severity: "warning",
    summary: "A trust policy lets a principal of another account assume the role without an sts:ExternalId condition.",
    messages: {
      noExternalId:
        "Account {{account}} (not one of your `accounts`) can assume this role without an `sts:ExternalId` condition: " +
        "if it is a third party that assumes roles for several customers, any of them can make it use this role. " +
        "Add `\"Condition\": {\"StringEquals\": {\"sts:ExternalId\": \"<id agreed with the third party>\"}}`, or list the account under `accounts` in .github/iam-review.yml if it is yours.",
    },
  },
  check(context) {
    const ownAccounts = new Set(context.model.config.accounts);
    for (const analyzed of trustPolicies(context.model)) {
      const compiled = compileForProbes(analyzed.policy);
      for (const statement of allowStatements(analyzed)) {
        for (const principal of statement.principals ?? []) {
          if (principal.type !== "AWS") continue;
          const account = principalAccount(principal);
          if (account.kind !== "literal" || ownAccounts.has(account.account)) continue;
          const assumes = callersFor(principal, account.account, statement).some((caller) => {
            const probe: Probe = { principal: caller, context: WITH_MFA };
            const decision = askProbe(compiled, "sts:AssumeRole", probe);
            return decision.undecided === undefined && allowingStatements(decision).includes(statement.index);
          });
          if (!assumes) continue;
          const where = statementContext(analyzed, statement);
          context.report({
            messageId: "noExternalId",
            data: { account: account.account, principal: principal.value },
            at: principal.at,
            resource: where.resource,
            statement: where.statement,
            identity: [where.statementIdentity, principal.value],
          });
        }
      }
    }
  },
});
