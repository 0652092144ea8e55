// The validity rules (IAM0xx): the policy would not do what its author thinks, or would fail to apply.
import type { Rule } from "../types.js";
import policySyntax from "./policy-syntax.js";
import policyVersion from "./policy-version.js";
import unknownAction from "./unknown-action.js";
import unknownService from "./unknown-service.js";
import conditionOperator from "./condition-operator.js";
import conditionValue from "./condition-value.js";
import resourceMismatch from "./resource-mismatch.js";
import invalidArn from "./invalid-arn.js";
import duplicateSid from "./duplicate-sid.js";
import redundantAction from "./redundant-action.js";
import policySize from "./policy-size.js";
import unknownManagedPolicy from "./unknown-managed-policy.js";

export const validityRules: readonly Rule[] = [
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
  unknownManagedPolicy,
];
