import { existsSync, readFileSync } from "node:fs";
import { relative } from "node:path";
import { parseArgs } from "node:util";
import { scanSources, type ScanResult } from "../iac/scan.js";
import { renderJson } from "../reporters/json.js";
import { renderText } from "../reporters/text.js";
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
  iam-review scan [PATH ...] [--format text|json] [--fail-on error|warning|notice|never]
  iam-review --version
  iam-review --help

Scans Terraform, CloudFormation, SAM, Terraform plan JSON and policy JSON files for AWS IAM policies.
PATH is a file or a directory (default: the current directory).
`;

class UsageError extends Error {}

export async function runCli(argv: string[], io: CliIo): Promise<number> {
  try {
    const [command, ...rest] = argv;
    if (command === "--version" || command === "-v") {
      io.stdout(`${versionText()}\n`);
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
      "fail-on": { type: "string", default: "error" },
    },
  });
  const format = values.format;
  if (format !== "text" && format !== "json") throw new UsageError(`unknown format '${format}' (text or json)`);
  if (!["error", "warning", "notice", "never"].includes(values["fail-on"])) {
    throw new UsageError(`--fail-on takes error, warning, notice or never`);
  }
  const paths = positionals.length > 0 ? positionals : ["."];
  const missing = paths.filter((path) => !existsSync(path));
  if (missing.length === paths.length) throw new UsageError(`no readable input: ${missing.join(", ")} not found`);

  const merged: ScanResult = { policies: [], attachments: [], resources: [], errors: [], files: [] };
  for (const path of missing) merged.errors.push({ path, line: 0, message: "not found" });
  for (const path of paths.filter((p) => existsSync(p))) {
    const loaded = loadRoot(path);
    const result = rebasePaths(await scanSources(loaded.sources, loaded.reader), toPosix(relative(io.cwd, loaded.root)));
    merged.policies.push(...result.policies);
    merged.attachments.push(...result.attachments);
    merged.resources.push(...result.resources);
    merged.errors.push(...result.errors);
    merged.files.push(...result.files);
  }
  io.stdout(format === "json" ? renderJson(merged) : renderText(merged));
  return EXIT.ok;
}

function versionText(): string {
  const pkg = readPackageJson();
  return `iam-review ${pkg.version ?? "unknown"}`;
}

function readPackageJson(): { version?: string } {
  const url = new URL("../../package.json", import.meta.url);
  try {
    return JSON.parse(readFileSync(url, "utf8")) as { version?: string };
  } catch {
    return {};
  }
}
