// Corpus scan: iam-review over the whole shared corpus (wall time, peak memory, files and policies per
// second), and side by side in the same run, iam-review and cfn-lint on the CloudFormation part of it.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { spawnSync } from "node:child_process";
import { measure, type Measurement } from "./measure.js";

export interface CorpusBenchResult {
  files: number;
  policies: number;
  findings: number;
  /** Median of the runs, and the peak memory of that run. */
  seconds: number;
  peakMegabytes: number;
  runs: number;
  cloudFormation?: { files: number; ours: number; cfnLint: number; cfnLintVersion: string; ratio: number; runs: number };
}

/** Runs a command `runs` times; the run with the median wall time (both tools get the same treatment). */
function medianRun(command: string[], runs: number, cwd: string): Measurement {
  const measured = Array.from({ length: runs }, () => measure(command, { cwd })).sort((a, b) => a.seconds - b.seconds);
  return measured[Math.floor(measured.length / 2)];
}

/** The built command line; tests pass a tsx command instead so they need no build. */
export const BUILT_CLI = ["node", "bin/iam-review.js"];

export function benchCorpus(repo: string, corpus: string, options: { smoke: boolean; cli?: string[] }): CorpusBenchResult {
  const CLI = options.cli ?? BUILT_CLI;
  const index: { path: string; kind: string }[] = JSON.parse(readFileSync(join(corpus, "index.json"), "utf8"));
  const target = options.smoke ? join(corpus, "policies/aws-samples__service-control-policy-examples") : corpus;
  // A 2-core machine's timings vary by about 10 % from run to run: the median of three is reported.
  const runs = options.smoke ? 1 : 3;
  const scan = medianRun([...CLI, "scan", target, "--format", "json", "--fail-on", "never"], runs, repo);
  const output = JSON.parse(scan.stdout) as { policies: unknown[]; findings: unknown[] };
  const result: CorpusBenchResult = {
    files: options.smoke ? index.filter((e) => e.path.startsWith("policies/aws-samples__service-control")).length : index.length,
    policies: output.policies.length,
    findings: output.findings.length,
    seconds: scan.seconds,
    peakMegabytes: scan.peakMegabytes,
    runs,
  };
  const cfnLintVersion = spawnSync("cfn-lint", ["--version"], { encoding: "utf8" });
  if (cfnLintVersion.status !== 0) return result;
  const templates = index
    .filter((e) => ["cloudformation-yaml", "cloudformation-json", "sam"].includes(e.kind))
    .map((e) => join(corpus, e.path))
    .filter((path) => existsSync(path))
    .slice(0, options.smoke ? 5 : undefined);
  const ours = medianRun([...CLI, "scan", ...templates, "--format", "json", "--fail-on", "never"], runs, repo);
  const cfnLint = medianRun(["cfn-lint", "--format", "json", "--", ...templates], runs, repo);
  result.cloudFormation = {
    files: templates.length,
    ours: ours.seconds,
    cfnLint: cfnLint.seconds,
    cfnLintVersion: cfnLintVersion.stdout.trim(),
    ratio: cfnLint.seconds / ours.seconds,
    runs,
  };
  return result;
}
