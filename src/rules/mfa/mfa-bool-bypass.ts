/**
 * IAM201 mfa-bool-bypass. The usual "deny unless MFA" statement written with `Bool`: a request signed with
 * long-term access keys carries no `aws:MultiFactorAuthPresent` at all, `Bool` is then false, and the Deny
 * does not apply — exactly the requests it was meant to stop. `BoolIfExists` makes it apply when the key is
 * absent. The simulator shows both requests; the fix is a one-line suggestion.
 *
 * MFA rules judge identity policies written in the change (not SCPs, boundaries, trust or resource policies).
 */

import { defineRule } from "../types.js";
import { analyze, statementIdentityOf, statementKeyOf } from "../least-privilege/analysis.js";
import { describeDecision, exampleAction, mfaClauses, mfaOutcomes, operatorSwapFix } from "./support.js";
import { ANALYSIS_CATALOGUE } from "../least-privilege/analysis.js";

export default defineRule({
  meta: {
    id: "IAM201",
    name: "mfa-bool-bypass",
    severity: "error",
    summary: "A Deny conditioned on Bool aws:MultiFactorAuthPresent = false does not apply to requests signed with access keys.",
    catalogue: ANALYSIS_CATALOGUE,
    messages: {
      bypass:
        "This Deny uses `Bool` on `aws:MultiFactorAuthPresent`: requests signed with long-term access keys carry no such key, so it does not apply to them. The simulator, for `{{action}}` on any resource: without the key → {{withoutKey}}; with `false` → {{withFalse}}. Use `BoolIfExists`.",
    },
    fixable: true,
  },
  check(context) {
    const analysis = analyze(context.model);
    for (const document of analysis.written) {
      for (const statement of document.policy.statements) {
        if (statement.effect.value !== "Deny") continue;
        for (const clause of mfaClauses(statement, "Bool", "false")) {
          const action = exampleAction(analysis, statement);
          if (!action) continue;
          const outcomes = mfaOutcomes(analysis, document.policy, statement, action);
          // Another condition of the statement may already make it apply without the key: then no bypass.
          if (outcomes.withoutKey === "explicitDeny") continue;
          const fix = operatorSwapFix(context.model, statement, clause, clause.operator, "BoolIfExists");
          context.report({
            messageId: "bypass",
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
  },
});
