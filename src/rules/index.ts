// The explicit registry of rules: a rule exists for the engine only when it is listed here.
import type { Rule } from "./types.js";
import policySyntax from "./validity/policy-syntax.js";
import policyVersion from "./validity/policy-version.js";
import unknownAction from "./validity/unknown-action.js";
import unknownService from "./validity/unknown-service.js";
import conditionOperator from "./validity/condition-operator.js";
import conditionValue from "./validity/condition-value.js";
import resourceMismatch from "./validity/resource-mismatch.js";
import invalidArn from "./validity/invalid-arn.js";
import duplicateSid from "./validity/duplicate-sid.js";
import redundantAction from "./validity/redundant-action.js";
import policySize from "./validity/policy-size.js";

export const rules: readonly Rule[] = [
  policySyntax,
  policyVersion,
  unknownAction,
  unknownService,
  conditionOperator,
  conditionValue,
  resourceMismatch,
  invalidArn,
  duplicateSid,
  redundantAction,
  policySize,
];

export function ruleById(id: string): Rule | undefined {
  return rules.find((rule) => rule.meta.id === id);
}
