// IAM4xx: resource policies ("public by default is a trap").
import type { Rule } from "../types.js";

export const resourcePolicyRules: readonly Rule[] = [];
