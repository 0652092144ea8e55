// IAM7xx: hygiene ("keep policies small and named by task").
import type { Rule } from "../types.js";
import policyTooBroadScope from "./policy-too-broad-scope.js";
import inlinePolicy from "./inline-policy.js";
import policyMissingDescription from "./policy-missing-description.js";
import suppressionWithoutReason from "./suppression-without-reason.js";

export const hygieneRules: readonly Rule[] = [policyTooBroadScope, inlinePolicy, policyMissingDescription, suppressionWithoutReason];
