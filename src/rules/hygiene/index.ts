// IAM7xx: hygiene ("keep policies small and named by task").
import type { Rule } from "../types.js";

export const hygieneRules: readonly Rule[] = [];
