/**
 * IAM106 passrole-unrestricted. `iam:PassRole` on every role (`*`, `role/*`) without an
 * `iam:PassedToService` condition lets the holder hand any role of the account — an administrator role
 * included — to any service that runs code (EC2, Lambda, ECS, CloudFormation…), and act with that role's
 * permissions. A rule about what a principal can do: AWS managed policies attached in the change count too.
 *
 * Decided by simulation: `iam:PassRole` must be allowed on some role through the statement in a request that
 * carries no `iam:PassedToService` — so `StringEquals iam:PassedToService` restricts, `StringEqualsIfExists`
 * does not, a Deny counts, and an unresolved condition value is not a finding.
 */

import type { Statement } from "../../iam/model.js";
import { defineRule } from "../types.js";
import {
  actionEntryFor,
  analyze,
  anyAccountOrRegion,
  coversEveryArn,
  documentLabel,
  holderPhrase,
  isAllow,
  reportAt,
  statementGrants,
  statementIdentityOf,
  statementKeyOf,
} from "./analysis.js";
import { ANALYSIS_CATALOGUE } from "./analysis.js";

const PASS_ROLE = "iam:PassRole";
/** `arn:aws:iam::123456789012:role/*`, `arn:aws:iam::*:role*`, `arn:aws:iam::${account}:*`. */
const EVERY_ROLE = /^arn:[^:]*:iam::[^:]*:(role\/?)?\*+$/;

export function namesEveryRole(statement: Statement): boolean {
  if (statement.notResources) return !statement.notResources.some((item) => coversEveryArn(item.value));
  return (statement.resources ?? []).some((item) => {
    const pattern = anyAccountOrRegion(item.value);
    return coversEveryArn(pattern) || EVERY_ROLE.test(pattern);
  });
}

export default defineRule({
  meta: {
    id: "IAM106",
    name: "passrole-unrestricted",
    severity: "error",
    summary: "iam:PassRole is allowed on every role without an iam:PassedToService condition.",
    catalogue: ANALYSIS_CATALOGUE,
    messages: {
      statement:
        "`{{action}}` lets whoever holds this statement{{holder}} pass any role of the account to any service: the simulator allows `iam:PassRole` on any role when the request names no service. Restrict it: list the role ARNs in `Resource` and add `\"Condition\": {\"StringEquals\": {\"iam:PassedToService\": \"<service>.amazonaws.com\"}}`.",
      managed:
        "The {{policy}} attached here lets {{principal}} pass any role of the account to any service: the simulator allows `iam:PassRole` on any role when the request names no service. Attach a policy that names the roles and the `iam:PassedToService` service instead.",
    },
  },
  check(context) {
    const analysis = analyze(context.model);
    for (const document of analysis.held) {
      for (const statement of document.policy.statements) {
        if (!isAllow(statement)) continue;
        const entry = actionEntryFor(statement, PASS_ROLE);
        if (!entry || !namesEveryRole(statement)) continue;
        // No `iam:PassedToService` in the request: a condition that requires it does not hold.
        const answer = statementGrants(analysis, document, statement, PASS_ROLE);
        if (!answer) continue;
        const common = {
          resource: document.resource,
          statement: statementKeyOf(document, statement),
          identity: [statementIdentityOf(document, statement)],
        };
        if (document.managed) {
          const principal = document.holders.map((holder) => holder.address).join(", ") || "its principal";
          context.report({ messageId: "managed", data: { policy: documentLabel(document), principal }, at: reportAt(document, undefined), ...common });
          break; // an AWS managed policy is one line, its attachment: one finding
        } else {
          context.report({ messageId: "statement", data: { action: entry.value, holder: holderPhrase(answer) }, at: entry.at, ...common });
        }
      }
    }
  },
});
