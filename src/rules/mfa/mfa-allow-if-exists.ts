/**
 * IAM202 mfa-allow-if-exists. An Allow conditioned on `BoolIfExists` `aws:MultiFactorAuthPresent` = `true`
 * reads as "only with MFA" but allows every request that carries no such key — every request signed with
 * long-term access keys — without MFA. `Bool` requires the key to be present and true. The simulator shows
 * both requests; the fix is a one-line suggestion.
 *
 * MFA rules judge identity policies written in the change (not SCPs, boundaries, trust or resource policies).
 */

import { defineRule } from "../types.js";
import { checkMfaOperator } from "./support.js";
import { ANALYSIS_CATALOGUE } from "../least-privilege/analysis.js";

export default defineRule({
  meta: {
    id: "IAM202",
    name: "mfa-allow-if-exists",
    severity: "error",
    summary: "An Allow conditioned on BoolIfExists aws:MultiFactorAuthPresent = true allows requests without MFA.",
    catalogue: ANALYSIS_CATALOGUE,
    messages: {
      ifExists:
        "This Allow uses `BoolIfExists` on `aws:MultiFactorAuthPresent`: a request without the key (long-term access keys) passes without MFA. The simulator, for `{{action}}` on any resource: without the key → {{withoutKey}}; with `false` → {{withFalse}}. Use `Bool` to require MFA.",
    },
    fixable: true,
  },
  check(context) {
    checkMfaOperator(context, {
      effect: "Allow",
      operator: "BoolIfExists",
      value: "true",
      replacement: "Bool",
      messageId: "ifExists",
      // Only a finding when the simulator confirms that a request without the key gets through.
      matters: (outcomes) => outcomes.withoutKey === "allowed",
    });
  },
});
