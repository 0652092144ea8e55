// SIM001 simulation-assertion: the `simulate:` assertions of the repository configuration, checked with the
// policies of a scan. An engine step, not a registered rule: its input is the configuration, not the IaC,
// and its findings point into the configuration file. See docs/rules/SIM001.md.
//
// Each assertion is asked for every action × resource it lists (`*`: "on any resource", DESIGN.md
// "Decisions") with `simulateAs`, so it gets the answer `iam-review simulate --iac . --as ADDRESS` gives.
// - the answer contradicts `expect` → an error at the assertion's line, with the deciding statement;
// - the answer depends on values not known statically → a notice (DESIGN.md "Undecided": never "passed");
// - the principal is not in the scanned files, or the question cannot be asked → an error: an assertion
//   that cannot be checked does not hold.
// The review checks the head (what decides the check) and the base (so that an assertion that already failed
// before the change is `unchanged`, not `new` — and still fails the check).

import type { ScanResult } from "../iac/scan.js";
import type { Position } from "../iac/types.js";
import type { Catalogue } from "../iam/catalogue.js";
import type { Finding } from "../rules/types.js";
import { CONFIG_PATH, effectiveSeverity, type Config, type SimulationAssertion } from "./config.js";
import { fingerprint } from "./fingerprint.js";
import { interpolate } from "./interpolate.js";
import { PrincipalAddressError, simulateAs, SimulationQuestionError, type SimulationAnswer, type SimulationMatch } from "./simulate.js";

export const SIM001 = {
  id: "SIM001",
  name: "simulation-assertion",
  severity: "error",
  summary: "An assertion under `simulate:` in the configuration does not hold after the change (an undecided one is a notice).",
  messages: {
    fails: 'assertion "{{name}}": {{action}} on {{resource}} as {{principal}}: expected {{expected}}, got {{decision}} {{by}}',
    undecided:
      'assertion "{{name}}": {{action}} on {{resource}} as {{principal}} cannot be decided: {{decision}} from what is known, but {{undecided}}',
    unknownPrincipal: 'assertion "{{name}}" cannot hold: {{problem}}',
    invalidQuestion: 'assertion "{{name}}" cannot be checked: {{problem}}',
  },
} as const;

export type AssertionOutcome = "holds" | keyof typeof SIM001.messages;

/** The message ids of SIM001 findings that make the check fail (an undecided assertion is a notice). */
export const FAILING_ASSERTION = new Set<string>(["fails", "unknownPrincipal", "invalidQuestion"]);

export interface AssertionResult {
  assertion: SimulationAssertion;
  action: string;
  resource: string;
  outcome: AssertionOutcome;
  answer?: SimulationAnswer;
}

export interface AssertionCheck {
  results: AssertionResult[];
  /** SIM001 findings (none when `rules: { SIM001: off }`). */
  findings: Finding[];
}

export interface AssertionOptions {
  catalogue: Catalogue;
  /** Where the configuration was read from, for the findings' position. */
  configPath?: string;
}

/** Checks every assertion of `config.simulate` against the policies of `scan`. */
export async function checkAssertions(scan: ScanResult, config: Config, options: AssertionOptions): Promise<AssertionCheck> {
  const configured = effectiveSeverity(config, SIM001.id, SIM001.severity);
  // "On any resource" needs the actions' resource types.
  await options.catalogue.load(config.simulate.flatMap((assertion) => assertion.actions));
  const results: AssertionResult[] = [];
  const findings: Finding[] = [];
  for (const assertion of config.simulate) {
    const at = assertionPosition(assertion, options.configPath ?? CONFIG_PATH);
    for (const action of assertion.actions) {
      for (const resource of assertion.resources.length > 0 ? assertion.resources : ["*"]) {
        const result = checkOne(scan, assertion, action, resource, options.catalogue);
        results.push(result.result);
        if (result.result.outcome === "holds" || configured === "off") continue;
        // An undecided assertion is a notice whatever SIM001's severity (DESIGN.md "Undecided").
        const severity = result.result.outcome === "undecided" ? "notice" : configured;
        const data = { name: assertion.name, action, resource, principal: assertion.principal, expected: assertion.expect, ...result.data };
        findings.push({
          ruleId: SIM001.id,
          name: SIM001.name,
          severity,
          messageId: result.result.outcome,
          data,
          message: interpolate(SIM001.messages[result.result.outcome], data),
          at,
          resource: assertion.principal,
          fingerprint: fingerprint(SIM001.id, assertion.principal, [assertion.name, action, resource, assertion.expect, result.result.outcome]),
        });
      }
    }
  }
  return { results, findings };
}

function checkOne(
  scan: ScanResult,
  assertion: SimulationAssertion,
  action: string,
  resource: string,
  catalogue: Catalogue,
): { result: AssertionResult; data: Record<string, string> } {
  const base = { assertion, action, resource };
  let answer: SimulationAnswer;
  try {
    answer = simulateAs(scan, { address: assertion.principal, action, resource, context: assertion.context }, { catalogue });
  } catch (error) {
    if (error instanceof PrincipalAddressError) return { result: { ...base, outcome: "unknownPrincipal" }, data: { problem: error.message } };
    if (error instanceof SimulationQuestionError) return { result: { ...base, outcome: "invalidQuestion" }, data: { problem: error.message } };
    throw error;
  }
  const allowed = answer.decision === "allowed";
  const holds = allowed === (assertion.expect === "allowed");
  // An explicit deny stands whatever is unknown; any other answer could change.
  const undecided = answer.decision !== "explicitDeny" && (answer.undecided?.length ?? 0) > 0;
  if (undecided) {
    return { result: { ...base, outcome: "undecided", answer }, data: { decision: answer.decision, undecided: (answer.undecided ?? []).join("; ") } };
  }
  if (holds) return { result: { ...base, outcome: "holds", answer }, data: {} };
  return { result: { ...base, outcome: "fails", answer }, data: { decision: answer.decision, by: decidedBy(answer) } };
}

/** `by aws_iam_role_policy.dev#policy "Admin" at main.tf:12`, or why nothing decided. */
function decidedBy(answer: SimulationAnswer): string {
  const deciding = answer.matched.filter((match) => (answer.decision === "explicitDeny" ? match.effect === "Deny" : match.effect === "Allow"));
  if (deciding.length === 0) return "(no statement allows it)";
  const [first, ...others] = deciding;
  const more = others.length > 0 ? ` and ${others.length} more ${others.length === 1 ? "statement" : "statements"}` : "";
  return `by ${describeMatch(first)}${more}`;
}

function describeMatch(match: SimulationMatch): string {
  const sid = match.sid !== undefined ? ` "${match.sid}"` : "";
  const place = match.path !== undefined ? `${match.path}:${match.line ?? 1}` : undefined;
  const where = place !== undefined && !match.policy.endsWith(` at ${place}`) ? ` at ${place}` : "";
  return `${match.policy}${sid}${where}`;
}

function assertionPosition(assertion: SimulationAssertion, path: string): Position {
  const line = assertion.line ?? 1;
  return { path, startLine: line, endLine: line };
}
