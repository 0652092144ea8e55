// The checks the engine produces itself, outside the rule registry: they compare two sides of a change
// (SIM002), read the configuration (SIM001) or ask AWS (SIM003), which a rule — one scan in, findings out —
// cannot. They are configured like rules (`rules: { SIM002: off }`), documented under docs/rules/, and listed
// in the rules index next to the registry's rules.

import type { Severity } from "./config.js";
import { SIM002 } from "./access-diff.js";
import { SIM001 } from "./assertions.js";
import { SIM003 } from "./aws-cross-check.js";

export interface EngineCheck {
  id: string;
  name: string;
  severity: Severity;
  /** One line for the rules index. */
  summary: string;
}

export const ENGINE_CHECKS: readonly EngineCheck[] = [
  { id: SIM001.id, name: SIM001.name, severity: SIM001.severity, summary: SIM001.summary },
  { id: SIM002.id, name: SIM002.name, severity: SIM002.severity, summary: SIM002.summary },
  {
    id: SIM003.id,
    name: SIM003.name,
    severity: SIM003.severity,
    summary: "The optional AWS simulator and the local evaluator disagree on a request.",
  },
];

/** Rule ids a configuration may name besides the registry's. */
export const ENGINE_CHECK_IDS: readonly string[] = ENGINE_CHECKS.map((check) => check.id);
