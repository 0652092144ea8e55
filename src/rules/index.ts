// The explicit registry of rules: a rule exists for the engine only when it is listed here.
import type { Rule } from "./types.js";

export const rules: readonly Rule[] = [];

export function ruleById(id: string): Rule | undefined {
  return rules.find((rule) => rule.meta.id === id);
}
