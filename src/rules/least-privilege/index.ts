// IAM1xx: least privilege ("deny on the scary stuff", "small policies tied to tasks").
import type { Rule } from "../types.js";

export const leastPrivilegeRules: readonly Rule[] = [];
