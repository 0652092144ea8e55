/**
 * IAM301 trust-any-principal. A trust policy that lets `*` (`"Principal": "*"` or `{"AWS": "*"}`) assume the
 * role hands the role to every AWS account in the world, unless a condition says who (`aws:PrincipalOrgID`,
 * `aws:PrincipalAccount`, `aws:PrincipalArn`, `sts:ExternalId`…). Whether a condition really restricts is
 * decided by the simulator with outsider probes (src/engine/probes.ts): a principal of an unrelated account,
 * once without any of those keys and once with its own values for them, so `StringLike aws:PrincipalArn "*"`
 * restricts nothing while `StringEquals aws:PrincipalOrgID o-…` does. A Deny never fires; a wildcard Allow that
 * only an unresolved statement might stop is a notice.
 */

import { outsiderExposures, isWildcardPrincipal, compileForProbes } from "../../engine/probes.js";
import { defineRule } from "../types.js";
import { listForMessage, statementContext } from "../validity/support.js";
import { trustPolicies } from "./support.js";

export default defineRule({
  meta: {
    id: "IAM301",
    name: "trust-any-principal",
    severity: "error",
    summary: "A trust policy lets any principal (*) assume the role without a condition that restricts who.",
    messages: {
      anyPrincipal:
        "Any AWS principal, in any account, is allowed {{actions}} on this role: the trust names `*` and no condition limits who. " +
        "Name the trusted accounts or roles, or add a condition such as `aws:PrincipalOrgID` or `sts:ExternalId`.",
      undecided:
        "The trust names `*` for {{actions}}; only statements that depend on unresolved values might limit who, so whether any principal can assume the role could not be decided.",
    },
  },
  check(context) {
    for (const analyzed of trustPolicies(context.model)) {
      const compiled = compileForProbes(analyzed.policy);
      for (const exposure of outsiderExposures(analyzed.policy, compiled)) {
        const { statement } = exposure;
        const where = statementContext(analyzed, statement);
        const principal = statement.principals?.find(isWildcardPrincipal);
        const at = principal?.at ?? statement.notPrincipals?.[0]?.at ?? statement.at;
        context.report({
          messageId: exposure.undecided ? "undecided" : "anyPrincipal",
          data: { actions: listForMessage(exposure.actions) },
          ...(exposure.undecided ? { severity: "notice" as const } : {}),
          at,
          resource: where.resource,
          statement: where.statement,
          identity: [where.statementIdentity, exposure.undecided ? "undecided" : "any-principal"],
        });
      }
    }
  },
});
