// `iam-review simulate`: would this request be allowed? DESIGN.md "Command line" is the contract:
//
//   iam-review simulate --action ACTION [--resource ARN] [--principal ARN]
//       [--policy FILE]... [--resource-policy FILE] [--boundary FILE] [--scp FILE]... [--session-policy FILE]
//       [--context KEY=VALUE]... [--resource-account ACCOUNT] [--batch FILE] [--iac PATH --as ADDRESS]
//       [--format text|json]
//
// Exit codes: 0 allowed, 1 denied (either kind), 2 usage error, 3 undecided. `--batch` answers one question
// per JSON line and prints one JSON line per question, in order; a line that cannot be read gets an
// `{"error": …}` line and the exit code is 2 once all lines are done (0 when every line was answered —
// the decisions themselves do not set the exit code of a batch).
//
// Only the files named on the command line are read (and, for `--iac PATH`, the IaC files below PATH).

import { existsSync, readFileSync, statSync } from "node:fs";
import { relative, resolve } from "node:path";
import { parseArgs } from "node:util";
import { findSecrets, maskSecrets } from "../engine/secrets.js";
import {
  actionProblem,
  PrincipalAddressError,
  simulateAs,
  simulatePolicies,
  SimulationQuestionError,
  type PolicyQuestion,
  type SimulationMatch,
  type SimulationResult,
} from "../engine/simulate.js";
import { decodeSource, sizeError } from "../iac/decode.js";
import { parseLocatedJson } from "../iac/json.js";
import { getEntry } from "../iac/located.js";
import { scanSources, type ScanResult } from "../iac/scan.js";
import type { LocatedValue, PolicyKind } from "../iac/types.js";
import { isAccountId } from "../iam/arn.js";
import { catalogue } from "../iam/catalogue.js";
import type { Policy } from "../iam/model.js";
import { normalizePolicy } from "../iam/normalize.js";
import type { ContextValue, PolicySet } from "../simulator/index.js";
import type { CliIo } from "./main.js";
import { loadRoot, toPosix } from "./read-files.js";

export const SIMULATE_EXIT = { allowed: 0, denied: 1, usage: 2, undecided: 3 } as const;

export const SIMULATE_USAGE = `Usage:
  iam-review simulate --action ACTION [--resource ARN] [--principal ARN]
      [--policy FILE]... [--resource-policy FILE] [--boundary FILE] [--scp FILE]... [--session-policy FILE]
      [--context KEY=VALUE]... [--resource-account ACCOUNT] [--iac PATH --as ADDRESS] [--format text|json]
  iam-review simulate --batch FILE

Answers whether a request would be allowed, following AWS's policy evaluation logic, and explains why.
Policy files are JSON policy documents. --resource defaults to "*": "on any resource" of the action.
--iac PATH --as ADDRESS uses the policies the IaC below PATH gives ADDRESS (aws_iam_role.dev,
modules/ci:aws_iam_role.this, a CloudFormation logical id or FILE:LogicalId): inline, attached customer and
AWS managed policies, a user's groups', its permissions boundary, and for sts:AssumeRole* on a role of the
IaC that role's trust policy. --policy and --scp add to them; --resource-policy, --boundary and
--session-policy replace the IaC's. A repeated --context KEY makes a multivalued key.
--batch FILE: JSON Lines, one {"policies": {"identity": [...], "resource"?, "boundary"?, "scps"?: [...],
"session"?}, "request": {"action", "resource"?, "principal"?, "context"?, "resourceAccount"?}} per line;
prints one {"decision", "matched", "undecided"?} line per line, in order (blank lines are skipped), or
{"error"} for a line that cannot be read.

Exit codes: 0 allowed; 1 denied; 2 usage error (a batch: some line could not be read); 3 undecided (the
answer depends on values not known statically).
`;

class SimulateUsageError extends Error {}

const QUESTION_FLAGS = [
  "action",
  "resource",
  "principal",
  "policy",
  "resource-policy",
  "boundary",
  "scp",
  "session-policy",
  "context",
  "resource-account",
  "iac",
  "as",
] as const;

export async function simulateCommand(args: string[], io: CliIo): Promise<number> {
  try {
    return await run(args, io);
  } catch (error) {
    if (error instanceof SimulateUsageError || error instanceof PrincipalAddressError || error instanceof SimulationQuestionError || isParseArgsError(error)) {
      io.stderr(`iam-review simulate: ${(error as Error).message}\n\n${SIMULATE_USAGE}`);
      return SIMULATE_EXIT.usage;
    }
    throw error;
  }
}

function isParseArgsError(error: unknown): boolean {
  return error instanceof TypeError && "code" in error && String(error.code).startsWith("ERR_PARSE_ARGS");
}

async function run(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      action: { type: "string" },
      resource: { type: "string" },
      principal: { type: "string" },
      policy: { type: "string", multiple: true },
      "resource-policy": { type: "string" },
      boundary: { type: "string" },
      scp: { type: "string", multiple: true },
      "session-policy": { type: "string" },
      context: { type: "string", multiple: true },
      "resource-account": { type: "string" },
      batch: { type: "string" },
      iac: { type: "string" },
      as: { type: "string" },
      format: { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help) {
    await io.stdout(SIMULATE_USAGE);
    return SIMULATE_EXIT.allowed;
  }
  if (positionals.length > 0) throw new SimulateUsageError(`unexpected argument '${positionals[0]}'`);
  const reader = new NamedFiles(io.cwd);

  if (values.batch !== undefined) {
    const combined = QUESTION_FLAGS.filter((flag) => values[flag] !== undefined);
    if (combined.length > 0) throw new SimulateUsageError(`--batch takes every question from its file; drop --${combined.join(", --")}`);
    if (values.format !== undefined && values.format !== "json") throw new SimulateUsageError("--batch prints JSON Lines (--format json)");
    return runBatch(values.batch, reader, io);
  }

  const format = values.format ?? "text";
  if (format !== "text" && format !== "json") throw new SimulateUsageError(`unknown format '${format}' (text or json)`);
  if (values.action === undefined) throw new SimulateUsageError("simulate needs --action ACTION (or --batch FILE)");
  const problem = actionProblem(values.action);
  if (problem) throw new SimulateUsageError(problem);
  if ((values.iac === undefined) !== (values.as === undefined)) throw new SimulateUsageError("--iac PATH and --as ADDRESS go together");
  const resourceAccount = values["resource-account"];
  if (resourceAccount !== undefined && !isAccountId(resourceAccount)) throw new SimulateUsageError(`--resource-account takes a 12-digit account id, not '${resourceAccount}'`);

  const given: Partial<PolicySet> = {};
  const identity = (values.policy ?? []).map((file) => reader.policy(file, "identity", io));
  if (identity.length > 0) given.identity = identity;
  if (values["resource-policy"] !== undefined) given.resource = reader.policy(values["resource-policy"], "resource", io);
  if (values.boundary !== undefined) given.boundary = reader.policy(values.boundary, "boundary", io);
  const scps = (values.scp ?? []).map((file) => reader.policy(file, "scp", io));
  if (scps.length > 0) given.scps = scps;
  if (values["session-policy"] !== undefined) given.session = reader.policy(values["session-policy"], "session", io);

  const question: PolicyQuestion = { action: values.action };
  if (values.resource !== undefined) question.resource = values.resource;
  if (values.principal !== undefined) question.principal = values.principal;
  if (values.context !== undefined) question.context = parseContext(values.context);
  if (resourceAccount !== undefined) question.resourceAccount = resourceAccount;

  await catalogue.load([values.action]);
  let result: SimulationResult;
  let subject: string | undefined;
  if (values.iac !== undefined && values.as !== undefined) {
    const scan = await reader.scan(values.iac, io);
    const answer = simulateAs(scan, { ...question, address: values.as, extra: given }, { catalogue });
    subject = answer.principal.address;
    result = answer;
  } else {
    if (given.identity === undefined && given.resource === undefined) {
      throw new SimulateUsageError("no policies: give --policy FILE, --resource-policy FILE, or --iac PATH --as ADDRESS");
    }
    result = simulatePolicies({ identity: [], ...given }, question, { catalogue });
  }
  const output = format === "json" ? `${JSON.stringify(answerJson(result), null, 2)}\n` : renderAnswer(result, subject);
  await io.stdout(reader.mask(output));
  if (result.undecided && result.undecided.length > 0) return SIMULATE_EXIT.undecided;
  return result.decision === "allowed" ? SIMULATE_EXIT.allowed : SIMULATE_EXIT.denied;
}

// ------------------------------------------------------------------------------------------------ input

/** Reads only the files the user named; remembers their texts so secrets in them are masked in the output. */
class NamedFiles {
  private readonly texts: string[] = [];

  constructor(private readonly cwd: string) {}

  text(file: string, flag: string): { path: string; text: string } {
    const absolute = resolve(this.cwd, file);
    if (!existsSync(absolute) || !statSync(absolute).isFile()) throw new SimulateUsageError(`${flag} ${file}: not found`);
    const path = toPosix(relative(this.cwd, absolute)) || file;
    const tooLarge = sizeError(path, statSync(absolute).size);
    if (tooLarge) throw new SimulateUsageError(`${flag} ${file}: ${tooLarge.message}`);
    const decoded = decodeSource(path, readFileSync(absolute));
    if ("error" in decoded) throw new SimulateUsageError(`${flag} ${file}: ${decoded.error.message}`);
    this.texts.push(decoded.text);
    return { path, text: decoded.text };
  }

  /** A JSON policy document file, normalised; a file that is not a readable document is a usage error. */
  policy(file: string, kind: PolicyKind, io: CliIo): Policy {
    const flag = FLAG_OF_KIND[kind];
    const { path, text } = this.text(file, flag);
    const parsed = parseLocatedJson(text, { path, line: 1, column: 1 });
    if (!parsed.ok) throw new SimulateUsageError(`${flag} ${path}:${parsed.line}:${parsed.column}: ${parsed.message}`);
    return documentPolicy(parsed.value, kind, path, (problem) => io.stderr(`iam-review simulate: warning: ${problem}\n`));
  }

  async scan(path: string, io: CliIo): Promise<ScanResult> {
    const absolute = resolve(this.cwd, path);
    if (!existsSync(absolute)) throw new SimulateUsageError(`--iac ${path}: not found`);
    const loaded = loadRoot(absolute);
    const prefix = toPosix(relative(this.cwd, loaded.root));
    const reader = {
      read: (target: string) => {
        const text = loaded.reader.read(target);
        if (text !== undefined) this.texts.push(text);
        return text;
      },
    };
    for (const source of loaded.sources) if ("text" in source) this.texts.push(source.text);
    const scan = await scanSources(loaded.sources, reader, { pathPrefix: prefix });
    if (scan.files.length === 0) throw new SimulateUsageError(`--iac ${path}: no Terraform or CloudFormation files`);
    // A file that cannot be read may hold policies of the principal: say so, the answer may be incomplete.
    for (const error of scan.errors) io.stderr(`iam-review simulate: warning: ${error.path}:${error.line}: ${error.message}\n`);
    return scan;
  }

  /** The output with every secret found in the files read masked (DESIGN.md "Secrets"). */
  mask(output: string): string {
    const known = new Set<string>();
    for (const text of this.texts) for (const secret of findSecrets(text)) known.add(secret.value);
    return known.size === 0 ? output : maskSecrets(output, known);
  }
}

const FLAG_OF_KIND: Record<PolicyKind, string> = {
  identity: "--policy",
  resource: "--resource-policy",
  trust: "--resource-policy",
  boundary: "--boundary",
  scp: "--scp",
  session: "--session-policy",
};

const TRUST_ACTION = /^sts:(AssumeRole|AssumeRoleWith\w+|TagSession|SetSourceIdentity|SetContext)$/i;

/** Normalises a document; a resource policy whose statements only allow assuming a role is a trust policy. */
function documentPolicy(document: LocatedValue, kind: PolicyKind, name: string, warn: (problem: string) => void): Policy {
  let { policy, problems } = normalizePolicy({ kind, name, document, at: document.at });
  if (kind === "resource" && policy.statements.length > 0 && policy.statements.every((statement) => (statement.actions ?? []).length > 0 && (statement.actions ?? []).every((action) => TRUST_ACTION.test(action.value)))) {
    ({ policy, problems } = normalizePolicy({ kind: "trust", name, document, at: document.at }));
  }
  for (const problem of problems) warn(`${problem.at.path}:${problem.at.startLine}: ${problem.message}`);
  return policy;
}

/** `--context KEY=VALUE`…: a key given twice holds both values. */
function parseContext(entries: string[]): Record<string, ContextValue> {
  const context: Record<string, ContextValue> = {};
  for (const entry of entries) {
    const equals = entry.indexOf("=");
    if (equals <= 0) throw new SimulateUsageError(`--context takes KEY=VALUE, not '${entry}'`);
    const key = entry.slice(0, equals);
    const value = entry.slice(equals + 1);
    const previous = context[key];
    context[key] = previous === undefined ? value : [...(Array.isArray(previous) ? previous : [previous]), value];
  }
  return context;
}

// ------------------------------------------------------------------------------------------------ batch

async function runBatch(file: string, reader: NamedFiles, io: CliIo): Promise<number> {
  const { path, text } = reader.text(file, "--batch");
  const entries = text
    .split(/\r?\n/)
    .map((line, index) => ({ line, number: index + 1 }))
    .filter(({ line }) => line.trim() !== "")
    .map(({ line, number }): BatchEntry => {
      try {
        return { number, ...readBatchLine(line, path, number) };
      } catch (error) {
        if (!(error instanceof BatchLineError)) throw error;
        return { number, error: error.message };
      }
    });
  await catalogue.load(entries.flatMap((entry) => ("question" in entry ? [entry.question.action] : [])));
  let unanswered = 0;
  const out = entries.map((entry) => {
    if ("error" in entry) {
      unanswered++;
      return JSON.stringify({ error: `${path}:${entry.number}: ${entry.error}` });
    }
    return JSON.stringify(answerJson(simulatePolicies(entry.policies, entry.question, { catalogue })));
  });
  await io.stdout(reader.mask(out.length > 0 ? `${out.join("\n")}\n` : ""));
  return unanswered > 0 ? SIMULATE_EXIT.usage : SIMULATE_EXIT.allowed;
}

type BatchEntry = { number: number; policies: PolicySet; question: PolicyQuestion } | { number: number; error: string };

class BatchLineError extends Error {}

/** One line of a batch: `{"policies": {...}, "request": {...}}`; throws BatchLineError when it cannot be read. */
function readBatchLine(line: string, path: string, number: number): { policies: PolicySet; question: PolicyQuestion } {
  const parsed = parseLocatedJson(line, { path, line: number, column: 1 });
  if (!parsed.ok) throw new BatchLineError(parsed.message);
  const root = parsed.value;
  const policiesValue = objectEntry(root, "policies");
  const requestValue = objectEntry(root, "request");
  const document = (value: LocatedValue, part: string, kind: PolicyKind) => {
    if (value.kind !== "object") throw new BatchLineError(`${part} is not a policy document (an object)`);
    return documentPolicy(value, kind, `${path}:${number} ${part}`, () => undefined);
  };
  const identityValue = getEntry(policiesValue, "identity");
  if (identityValue?.kind !== "array") throw new BatchLineError("policies.identity must be a list of policy documents");
  const policies: PolicySet = { identity: identityValue.items.map((item, index) => document(item, `identity[${index}]`, "identity")) };
  const resource = getEntry(policiesValue, "resource");
  if (resource) policies.resource = document(resource, "resource", "resource");
  const boundary = getEntry(policiesValue, "boundary");
  if (boundary) policies.boundary = document(boundary, "boundary", "boundary");
  const session = getEntry(policiesValue, "session");
  if (session) policies.session = document(session, "session", "session");
  const scps = getEntry(policiesValue, "scps");
  if (scps) {
    if (scps.kind !== "array") throw new BatchLineError("policies.scps must be a list of policy documents");
    policies.scps = scps.items.map((item, index) => document(item, `scps[${index}]`, "scp"));
  }

  const action = stringEntry(requestValue, "action", true)!;
  const problem = actionProblem(action);
  if (problem) throw new BatchLineError(problem);
  const question: PolicyQuestion = { action };
  const resourceArn = stringEntry(requestValue, "resource");
  if (resourceArn !== undefined) question.resource = resourceArn;
  const principal = stringEntry(requestValue, "principal");
  if (principal !== undefined) question.principal = principal;
  const resourceAccount = stringEntry(requestValue, "resourceAccount");
  if (resourceAccount !== undefined) {
    if (!isAccountId(resourceAccount)) throw new BatchLineError("request.resourceAccount must be a 12-digit account id");
    question.resourceAccount = resourceAccount;
  }
  const context = getEntry(requestValue, "context");
  if (context) question.context = batchContext(context);
  return { policies, question };
}

function objectEntry(value: LocatedValue, key: string): LocatedValue {
  if (value.kind !== "object") throw new BatchLineError("a line must be a JSON object with policies and request");
  const entry = getEntry(value, key);
  if (entry === undefined) throw new BatchLineError(`missing "${key}"`);
  if (entry.kind !== "object") throw new BatchLineError(`"${key}" must be an object`);
  return entry;
}

function stringEntry(value: LocatedValue, key: string, required = false): string | undefined {
  const entry = getEntry(value, key);
  if (entry === undefined) {
    if (required) throw new BatchLineError(`missing request.${key}`);
    return undefined;
  }
  if (entry.kind !== "string") throw new BatchLineError(`request.${key} must be a string`);
  return entry.value;
}

/** Context values are strings or lists of strings (DESIGN.md "CLI details"). */
function batchContext(value: LocatedValue): Record<string, ContextValue> {
  if (value.kind !== "object") throw new BatchLineError("request.context must be an object");
  const context: Record<string, ContextValue> = {};
  for (const entry of value.entries) {
    if (entry.value.kind === "string") context[entry.key] = entry.value.value;
    else if (entry.value.kind === "array" && entry.value.items.every((item) => item.kind === "string")) {
      context[entry.key] = entry.value.items.map((item) => (item.kind === "string" ? item.value : ""));
    } else throw new BatchLineError(`request.context.${entry.key} must be a string or a list of strings`);
  }
  return context;
}

// ------------------------------------------------------------------------------------------------ output

/** DESIGN.md `simulate --format json`: `{decision, matched: [{effect, sid?, policy, path?, line?}], undecided?}`. */
function answerJson(result: SimulationResult): { decision: string; matched: MatchedJson[]; undecided?: string[] } {
  const json: { decision: string; matched: MatchedJson[]; undecided?: string[] } = {
    decision: result.decision,
    matched: result.matched.map(matchedJson),
  };
  if (result.undecided && result.undecided.length > 0) json.undecided = result.undecided;
  return json;
}

interface MatchedJson {
  effect: "Allow" | "Deny";
  sid?: string;
  policy: string;
  path?: string;
  line?: number;
}

function matchedJson(match: SimulationMatch): MatchedJson {
  // Key order as DESIGN.md shows it: effect, sid, policy, path, line.
  const json: MatchedJson = { effect: match.effect, ...(match.sid !== undefined ? { sid: match.sid } : {}), policy: match.policy };
  if (match.path !== undefined) json.path = match.path;
  if (match.line !== undefined) json.line = match.line;
  return json;
}

const DECISION_TEXT = { allowed: "ALLOWED", explicitDeny: "DENIED (explicit deny)", implicitDeny: "DENIED (implicit deny)" } as const;

function renderAnswer(result: SimulationResult, subject: string | undefined): string {
  const on = result.onAnyResource ? "on any resource" : `on ${result.request.resource}`;
  const as = subject ? ` as ${subject}` : "";
  const undecided = result.undecided && result.undecided.length > 0;
  const lines = [`${DECISION_TEXT[result.decision]}${undecided ? ", undecided" : ""}: ${result.request.action} ${on}${as}`];
  if (result.matched.length > 0) {
    lines.push("", "Deciding statements:");
    for (const match of result.matched) {
      const where = match.path !== undefined ? `  ${match.path}:${match.line ?? 1}` : "";
      const sid = match.sid !== undefined ? ` "${match.sid}"` : "";
      lines.push(`  ${match.effect.padEnd(5)} ${match.policy}${sid}${where}`);
    }
  }
  if (undecided) {
    lines.push("", "Undecided — these could change the answer:");
    for (const item of result.undecided ?? []) lines.push(`  - ${item}`);
  }
  lines.push("", "Why:");
  for (const sentence of result.explanation) lines.push(`  ${sentence}`);
  return `${lines.join("\n")}\n`;
}
