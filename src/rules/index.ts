// The explicit registry of rules: a rule exists for the engine only when it is listed in its area's index.
import { ENGINE_CHECK_IDS } from "../engine/engine-checks.js";
import { auditRules } from "./audit/index.js";
import { credentialRules } from "./credentials/index.js";
import { hygieneRules } from "./hygiene/index.js";
import { leastPrivilegeRules } from "./least-privilege/index.js";
import { mfaRules } from "./mfa/index.js";
import { resourcePolicyRules } from "./resource-policies/index.js";
import { simulationRules } from "./simulation/index.js";
import { trustRules } from "./trust/index.js";
import type { Rule } from "./types.js";
import { validityRules } from "./validity/index.js";

export const rules: readonly Rule[] = [
  ...validityRules,
  ...leastPrivilegeRules,
  ...mfaRules,
  ...trustRules,
  ...resourcePolicyRules,
  ...credentialRules,
  ...auditRules,
  ...hygieneRules,
  ...simulationRules,
];

export function ruleById(id: string): Rule | undefined {
  return rules.find((rule) => rule.meta.id === id);
}

/** Every id a configuration may name (`rules: { … }`): the registry's rules and the engine's own checks. */
export function configurableRuleIds(): ReadonlySet<string> {
  return new Set([...rules.map((rule) => rule.meta.id), ...ENGINE_CHECK_IDS]);
}
