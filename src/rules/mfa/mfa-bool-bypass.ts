/**
 * IAM201 mfa-bool-bypass. The usual "deny unless MFA" statement written with `Bool`: a request signed with
 * long-term access keys carries no `aws:MultiFactorAuthPresent` at all, `Bool` is then false, and the Deny
 * does not apply — exactly the requests it was meant to stop. `BoolIfExists` makes it apply when the key is
 * absent. The simulator shows both requests; the fix is a one-line suggestion.
 *
 * MFA rules judge identity policies written in the change (not SCPs, boundaries, trust or resource policies).
 */

import { defineRule } from "../types.js";
import { checkMfaOperator } from "./support.js";
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
    checkMfaOperator(context, {
      effect: "Deny",
      operator: "Bool",
      value: "false",
      replacement: "BoolIfExists",
      messageId: "bypass",
      // Another condition of the statement may already make it apply without the key: then no bypass.
      matters: (outcomes) => outcomes.withoutKey !== "explicitDeny",
    });
  },
});
