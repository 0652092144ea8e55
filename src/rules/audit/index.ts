// IAM6xx: audit ("CloudTrail in all regions with alerts").
import type { Rule } from "../types.js";

export const auditRules: readonly Rule[] = [];
