// SIM003 simulator-disagreement: an engine step, not a registered rule. Rules run synchronously over the
// review model and never reach the network; this step runs after linting, asks AWS's policy simulator
// (src/simulator/aws.ts, injected by the caller) the questions the local evaluator answered, and reports
// each disagreement as a notice finding with both answers. See docs/rules/SIM003.md.
//
// When it runs (DESIGN.md "The AWS cross-check"): only when the operator enabled `aws_simulator`, never
// automatically for a pull request from a fork (a maintainer's `/iam-review simulate` command may), and
// only for questions AWS can answer the same way. Throttling and AWS errors become notices; the review goes on.

import type { ScanResult } from "../iac/scan.js";
import type { Catalogue } from "../iam/catalogue.js";
import { crossCheck, type AwsAnswer, type AwsMatchedStatement, type AwsQuestion, type AwsSimulator, type Disagreement } from "../simulator/aws.js";
import type { Finding } from "../rules/types.js";
import { effectiveSeverity, type Config } from "./config.js";
import { fingerprint } from "./fingerprint.js";
import { interpolate } from "./interpolate.js";
import { simulateAs, type SimulationAnswer, type SimulationMatch, type SimulationQuestion } from "./simulate.js";

export const SIM003 = {
  id: "SIM003",
  name: "simulator-disagreement",
  severity: "notice",
  messages: {
    disagreement:
      "AWS's policy simulator says {{aws}} but iam-review says {{local}} for {{action}} on {{resource}} as {{principal}} " +
      "(AWS matched: {{awsStatements}}; iam-review matched: {{localStatements}})",
  },
} as const;

export interface CrossCheckOptions {
  /** `aws_simulator.enabled` of the configuration. */
  enabled: boolean;
  /** The AWS backend (`createAwsSimulator({ region: config.aws_simulator.region })`), created by the caller. */
  simulator?: AwsSimulator;
  /** `review`: run automatically on a pull request; `command`: a maintainer asked (`/iam-review simulate`). */
  trigger: "review" | "command";
  /** True when the pull request's head is in a fork. */
  fromFork: boolean;
  /** With the actions' services loaded: questions "on any resource" of actions that only accept `*` can be compared. */
  catalogue?: Catalogue;
  /** For a configured SIM003 severity (or `off`). */
  config?: Config;
}

export interface CrossCheckResult {
  /** SIM003 findings, one per disagreement. */
  findings: Finding[];
  /** Why the check did not run, or what went wrong with AWS (throttling, errors): shown, never failing the review. */
  notices: string[];
  /** Questions AWS answered and that were compared. */
  compared: number;
  /** Questions not sent, with the reason (undecided locally, SCPs, trust policies…). */
  skipped: { question: string; reason: string }[];
}

/** The assertions of the configuration (`simulate:`) as questions, one per principal, action and resource. */
export function assertionQuestions(config: Config): SimulationQuestion[] {
  const questions: SimulationQuestion[] = [];
  for (const assertion of config.simulate) {
    for (const action of assertion.actions) {
      for (const resource of assertion.resources.length > 0 ? assertion.resources : ["*"]) {
        questions.push({ address: assertion.principal, action, resource, context: assertion.context });
      }
    }
  }
  return questions;
}

/** Answers the questions locally (simulateAs) and cross-checks them with AWS. */
export async function crossCheckWithAws(scan: ScanResult, questions: readonly SimulationQuestion[], options: CrossCheckOptions): Promise<CrossCheckResult> {
  const gate = gateNotice(options);
  if (gate !== undefined) return { findings: [], notices: gate ? [gate] : [], compared: 0, skipped: [] };
  const answers: SimulationAnswer[] = [];
  const skipped: CrossCheckResult["skipped"] = [];
  for (const question of questions) {
    try {
      answers.push(simulateAs(scan, question, { ...(options.catalogue ? { catalogue: options.catalogue } : {}) }));
    } catch (error) {
      // An assertion naming an unknown principal is SIM001's to report; here it is just not compared.
      skipped.push({ question: describeQuestion(question.action, question.resource, question.address), reason: (error as Error).message });
    }
  }
  const result = await crossCheckAnswers(answers, options);
  return { ...result, skipped: [...skipped, ...result.skipped] };
}

/** Cross-checks answers already computed (the App's `/iam-review simulate` command has one). */
export async function crossCheckAnswers(answers: readonly SimulationAnswer[], options: CrossCheckOptions): Promise<CrossCheckResult> {
  const gate = gateNotice(options);
  if (gate !== undefined) return { findings: [], notices: gate ? [gate] : [], compared: 0, skipped: [] };
  const simulator = options.simulator!;
  const skipped: CrossCheckResult["skipped"] = [];
  const asked: { answer: SimulationAnswer; question: AwsQuestion }[] = [];
  for (const answer of answers) {
    const reason = notComparable(answer, options.catalogue);
    if (reason) skipped.push({ question: describeAnswer(answer), reason });
    else asked.push({ answer, question: { request: answer.request, policies: answer.policies } });
  }
  const replies: AwsAnswer[] = asked.length > 0 ? await simulator.simulate(asked.map((entry) => entry.question)) : [];
  const findings: Finding[] = [];
  const notices = new Set<string>();
  let compared = 0;
  const severity = options.config ? effectiveSeverity(options.config, SIM003.id, SIM003.severity) : SIM003.severity;
  replies.forEach((reply, position) => {
    const { answer } = asked[position];
    if (reply.status === "failed") notices.add(reply.notice);
    else if (reply.status === "skipped") skipped.push({ question: describeAnswer(answer), reason: reply.reason });
    else {
      compared++;
      const disagreement = crossCheck(answer, reply);
      if (disagreement && severity !== "off") findings.push(disagreementFinding(answer, disagreement, severity));
    }
  });
  return { findings, notices: [...notices], compared, skipped };
}

/** Undefined: go ahead. A string: do not run, and say why (empty: say nothing — the check is simply off). */
function gateNotice(options: CrossCheckOptions): string | undefined {
  if (!options.enabled) return "";
  if (!options.simulator) return "aws_simulator is enabled but no AWS backend is configured; the AWS cross-check did not run";
  if (options.fromFork && options.trigger === "review") {
    return "the AWS cross-check does not run automatically for a pull request from a fork; a maintainer can ask with `/iam-review simulate`";
  }
  return undefined;
}

/** Why a local answer cannot be compared with AWS's, or undefined. */
function notComparable(answer: SimulationAnswer, catalogue: Catalogue | undefined): string | undefined {
  if (answer.undecided && answer.undecided.length > 0) return "the local answer is undecided (values not known statically)";
  if (!answer.onAnyResource) return undefined;
  // "On *" is answered symbolically (some resource of the action); AWS evaluates the literal "*". They ask
  // the same question only for actions that accept nothing but "*".
  const action = answer.request.action;
  const service = action.slice(0, action.indexOf(":"));
  const types = catalogue && catalogue.isLoaded(service) ? catalogue.resourceTypesOf(action) : undefined;
  if (types && types.length === 0) return undefined;
  return "questions on any resource are answered symbolically; AWS's simulator evaluates a literal resource";
}

function disagreementFinding(answer: SimulationAnswer, disagreement: Disagreement<SimulationMatch>, severity: Finding["severity"]): Finding {
  const address = answer.principal.address;
  const resource = answer.onAnyResource ? "*" : answer.request.resource;
  const data = {
    aws: disagreement.aws,
    local: disagreement.local,
    action: answer.request.action,
    resource,
    principal: address,
    awsStatements: disagreement.awsMatched.length > 0 ? disagreement.awsMatched.map(describeAwsStatement).join(", ") : "none",
    localStatements: answer.matched.length > 0 ? answer.matched.map(describeLocalStatement).join(", ") : "none",
  };
  return {
    ruleId: SIM003.id,
    name: SIM003.name,
    severity,
    messageId: "disagreement",
    data,
    message: interpolate(SIM003.messages.disagreement, data),
    // The statement AWS says decided, where it is written; else the principal.
    at: disagreement.at ?? answer.principal.at,
    resource: address,
    fingerprint: fingerprint(SIM003.id, address, ["disagreement", answer.request.action, resource, disagreement.local, disagreement.aws]),
  };
}

function describeAwsStatement(statement: AwsMatchedStatement): string {
  const name = statement.policy ?? statement.sourcePolicyId ?? "a policy";
  const which = statement.sid !== undefined ? ` statement "${statement.sid}"` : statement.index !== undefined ? ` statement #${statement.index}` : "";
  const where = statement.at ? ` (${statement.at.path}:${statement.at.startLine})` : "";
  return `${name}${which}${where}`;
}

function describeLocalStatement(match: SimulationMatch): string {
  const which = match.sid !== undefined ? ` statement "${match.sid}"` : "";
  const where = match.path !== undefined ? ` (${match.path}:${match.line ?? 1})` : "";
  return `${match.policy}${which}${where}`;
}

function describeAnswer(answer: SimulationAnswer): string {
  return describeQuestion(answer.request.action, answer.onAnyResource ? undefined : answer.request.resource, answer.principal.address);
}

function describeQuestion(action: string, resource: string | undefined, address: string): string {
  return `${action} on ${resource ?? "*"} as ${address}`;
}
