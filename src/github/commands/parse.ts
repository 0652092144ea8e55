// The comment commands, a strict single-line grammar (DESIGN.md "GitHub behaviour"):
//   /iam-review rerun
//   /iam-review help
//   /iam-review simulate ACTION [on RESOURCE] [as ADDRESS] [with KEY=VALUE ...]
// Words are split on whitespace and nothing else: there is no quoting, and nothing here ever reaches a shell.

import type { ContextValue } from "../../simulator/index.js";

export const COMMAND_PREFIX = "/iam-review";
const MAX_LENGTH = 1000;

export interface SimulateRequest {
  action: string;
  resource?: string;
  /** An IaC address (`aws_iam_role.dev`) or CloudFormation logical id whose policies make the request. */
  principal?: string;
  context: Record<string, ContextValue>;
}

export type Command = { kind: "rerun" } | { kind: "help" } | { kind: "simulate"; request: SimulateRequest };

export type Parsed =
  /** Not addressed to us: ignored without a word. */
  | { kind: "none" }
  | { kind: "command"; command: Command }
  /** Addressed to us but malformed: answered with the reason. */
  | { kind: "invalid"; reason: string };

const ACTION = /^[A-Za-z0-9-]+:[A-Za-z0-9*?]+$/;
const CONTEXT_KEY = /^[A-Za-z0-9][A-Za-z0-9:_./-]*$/;
const KEYWORDS = new Set(["on", "as", "with"]);

export function parseCommand(body: string | null | undefined): Parsed {
  const text = (body ?? "").trim().replace(/^`([^`]*)`$/, "$1").trim();
  const [first, ...rest] = text.split(/\r?\n/);
  const words = first.trim().split(/\s+/);
  if (words[0].toLowerCase() !== COMMAND_PREFIX) return { kind: "none" };
  if (rest.some((line) => line.trim() !== "")) return invalid("a command must be the only line of its comment");
  if (first.length > MAX_LENGTH) return invalid(`a command is at most ${MAX_LENGTH} characters long`);
  const [name, ...args] = words.slice(1);
  switch (name?.toLowerCase()) {
    case undefined:
    case "help":
      return args.length === 0 ? command({ kind: "help" }) : invalid("`help` takes no arguments");
    case "rerun":
      return args.length === 0 ? command({ kind: "rerun" }) : invalid("`rerun` takes no arguments");
    case "simulate":
      return parseSimulate(args);
    default:
      return invalid(`unknown command \`${sanitise(name)}\` (commands: rerun, simulate, help)`);
  }
}

function parseSimulate(args: string[]): Parsed {
  const [action, ...rest] = args;
  if (action === undefined) return invalid("`simulate` needs an action, e.g. `/iam-review simulate s3:GetObject on arn:aws:s3:::bucket/key`");
  if (!ACTION.test(action)) return invalid(`\`${sanitise(action)}\` is not an action (service:Action, e.g. s3:GetObject)`);
  const request: SimulateRequest = { action, context: {} };
  const seen = new Set<string>();
  for (let i = 0; i < rest.length; ) {
    const keyword = rest[i].toLowerCase();
    if (!KEYWORDS.has(keyword)) return invalid(`unexpected \`${sanitise(rest[i])}\` (expected on, as or with)`);
    if (seen.has(keyword)) return invalid(`\`${keyword}\` is given twice`);
    seen.add(keyword);
    i++;
    if (keyword === "with") {
      const start = i;
      for (; i < rest.length && !KEYWORDS.has(rest[i].toLowerCase()); i++) {
        const pair = parsePair(rest[i]);
        if ("reason" in pair) return invalid(pair.reason);
        const previous = request.context[pair.key];
        request.context[pair.key] = previous === undefined ? pair.value : [...(Array.isArray(previous) ? previous : [previous]), pair.value];
      }
      if (i === start) return invalid("`with` needs at least one KEY=VALUE");
      continue;
    }
    const value = rest[i];
    if (value === undefined || KEYWORDS.has(value.toLowerCase())) return invalid(`\`${keyword}\` needs a value`);
    if (/[`"']/.test(value)) return invalid("quotes are not supported: a value is one word");
    if (keyword === "on") request.resource = value;
    else request.principal = value;
    i++;
  }
  return command({ kind: "simulate", request });
}

function parsePair(word: string): { key: string; value: string } | { reason: string } {
  const equals = word.indexOf("=");
  if (equals <= 0 || equals === word.length - 1) return { reason: `\`${sanitise(word)}\` is not KEY=VALUE` };
  const key = word.slice(0, equals);
  const value = word.slice(equals + 1);
  if (!CONTEXT_KEY.test(key)) return { reason: `\`${sanitise(key)}\` is not a condition key (e.g. aws:SourceIp)` };
  if (/[`"']/.test(value)) return { reason: "quotes are not supported: a value is one word" };
  return { key, value };
}

/** User text echoed in a reply: short, and unable to break out of the code span it is shown in. */
function sanitise(word: string): string {
  return word.replace(/`/g, "'").slice(0, 80);
}

function command(value: Command): Parsed {
  return { kind: "command", command: value };
}

function invalid(reason: string): Parsed {
  return { kind: "invalid", reason };
}
