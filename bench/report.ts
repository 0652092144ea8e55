// The benchmark report: runs every benchmark and renders BENCHMARKS.md (numbers, machine, date, command) and
// the scaling plot. bench/run.ts is the command; tests import the pure parts.
import { createHash } from "node:crypto";
import { execSync } from "node:child_process";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { cpus, totalmem } from "node:os";
import { join } from "node:path";
import { BUILT_CLI, benchCorpus, type CorpusBenchResult } from "./corpus.js";
import { lineChart } from "./plot.js";
import { benchPrReview, callKind, median, type PrReviewResult } from "./pr-review.js";
import { benchScaling, benchStartup, type ScalingPoint } from "./scaling.js";
import { benchSimulator, type SimulatorBenchResult } from "./simulator.js";

const repo = join(import.meta.dirname, "..");
const corpus = join(repo, "../shared/corpus");

/** A hash of the benchmark code: BENCHMARKS.md records it, and a test says when the numbers are stale. */
export function benchSourceHash(): string {
  const hash = createHash("sha256");
  for (const file of readdirSync(join(repo, "bench")).filter((f) => f.endsWith(".ts")).sort()) {
    hash.update(file).update(readFileSync(join(repo, "bench", file)));
  }
  return hash.digest("hex").slice(0, 16);
}

export function scalingChart(points: ScalingPoint[]): string {
  const series = (name: ScalingPoint["series"], color: string) => ({
    name: `${name} (seconds)`,
    color,
    points: points.filter((p) => p.series === name).map((p) => ({ x: p.policies, y: p.seconds })),
  });
  return lineChart({
    title: "iam-review scan time by number of policies",
    xLabel: "policies in one file",
    yLabel: "seconds (whole CLI run)",
    series: [series("terraform lines", "#1f77b4"), series("cloudformation policies", "#d62728")],
  });
}

function machine(): string {
  const cpu = cpus()[0]?.model ?? "unknown CPU";
  return `${cpus().length} × ${cpu}, ${(totalmem() / 1024 ** 3).toFixed(0)} GiB, Node ${process.version}, ${process.platform}`;
}

function corpusSection(result: CorpusBenchResult): string[] {
  const lines = [
    "## Corpus scan",
    "",
    `\`iam-review scan ../shared/corpus --format json\` (the whole pipeline: extraction, rules, output) in a child process; the median of ${result.runs} runs (by wall time), with that run's peak memory (target: under 200 MB).`,
    "",
    "| files | policies | findings | wall time (s) | peak memory (MB) | files/s | policies/s |",
    "|---:|---:|---:|---:|---:|---:|---:|",
    `| ${result.files} | ${result.policies} | ${result.findings} | ${result.seconds.toFixed(2)} | ${result.peakMegabytes.toFixed(0)} | ${(result.files / result.seconds).toFixed(0)} | ${(result.policies / result.seconds).toFixed(0)} |`,
    "",
  ];
  if (result.cloudFormation) {
    const c = result.cloudFormation;
    lines.push(
      `CloudFormation part (${c.files} templates, given as ${c.files} paths), same machine, median of ${c.runs} runs each: iam-review ${c.ours.toFixed(2)} s, ${c.cfnLintVersion} ${c.cfnLint.toFixed(2)} s: **${c.ratio.toFixed(1)}× faster** (target ≥ 20×).`,
      "",
    );
  }
  return lines;
}

function simulatorSection(results: SimulatorBenchResult[]): string[] {
  return [
    "## Simulator throughput",
    "",
    "Evaluations per second of a compiled policy set (policies with conditions, rotating requests; target ≥ 100,000/s on 10 statements).",
    "",
    "| benchmark | statements | evaluations/s |",
    "|---|---:|---:|",
    ...results.map((r) => `| ${r.name} | ${r.statements} | ${Math.round(r.evaluationsPerSecond).toLocaleString("en-US")} |`),
    "",
  ];
}

function scalingSection(points: ScalingPoint[], startupSeconds: number): string[] {
  return [
    "## Scaling",
    "",
    `One file of growing size scanned by the CLI in a child process (time includes start-up: \`iam-review --version\` takes ${startupSeconds.toFixed(2)} s). Terraform files stop at`,
    "the 1 MB limit for `.tf` files; the CloudFormation series reaches about 100,000 lines (12 per policy).",
    "",
    "![scan time by number of policies](docs/benchmarks-scaling.svg)",
    "",
    "| series | size | policies | wall time (s) | peak memory (MB) |",
    "|---|---:|---:|---:|---:|",
    ...points.map((p) => `| ${p.series} | ${p.size} | ${p.policies} | ${p.seconds.toFixed(2)} | ${p.peakMegabytes.toFixed(0)} |`),
    "",
  ];
}

/** DESIGN.md "Performance budgets": check create, the annotation batches (the last one completes the run), one review. */
export function writeBudget(annotations: number): number {
  return 2 + Math.ceil(annotations / 50) + 1;
}

export function prReviewSection(results: PrReviewResult[]): string[] {
  const ms = (values: number[]) => `${median(values).toFixed(0)} (${Math.min(...values).toFixed(0)}–${Math.max(...values).toFixed(0)})`;
  const lines = [
    "## PR review",
    "",
    "The App as deployed (Probot, `createApp`) reviews a pull request of N changed Terraform files (ten per module",
    "directory; two in three files add a finding) against the end-to-end test's fake GitHub on 127.0.0.1, behind a",
    "proxy that paginates the file list as GitHub does. Octokit's throttling and retries are off (Probot 14 needs the",
    "function form of `ProbotOctokit.defaults` for that), so the times are our own work plus local HTTP; the",
    "installation token is cached by a warm-up review, as it is in a running App. Times: median (min–max) over the",
    "runs, from the signed webhook to the answer of the request that completes the check run, and to the end of",
    "the handler (review posted). Budget: under 300 ms to the completed check run for 20 files.",
    "",
    "With throttling on, as in production, Probot spaces writes at least 1 s apart (3 s before a review), so a",
    "review's writes, not these milliseconds, are what a reviewer waits for: they stay constant in the number of",
    "files except for the annotation batches (50 a request).",
    "",
    "| changed files | annotations | runs | webhook → check run completed (ms) | webhook → review posted (ms) | reads | writes | write budget (2 + ⌈a/50⌉ + 1) |",
    "|---:|---:|---:|---:|---:|---:|---:|---:|",
    ...results.map(
      (r) => `| ${r.files} | ${r.annotations} | ${r.runs} | ${ms(r.checkRunMs)} | ${ms(r.reviewMs)} | ${r.reads} | ${r.writes} | ${writeBudget(r.annotations)} |`,
    ),
    "",
  ];
  for (const r of results) {
    lines.push(
      `### ${r.files} changed file${r.files === 1 ? "" : "s"}: API calls of one review`,
      "",
      "| call | kind | count |",
      "|---|---|---:|",
      ...Object.entries(r.calls).map(([route, count]) => `| \`${route}\` | ${callKind(route)} | ${count} |`),
      `| **total** | ${r.reads} reads, ${r.writes} writes${r.auth > 0 ? `, ${r.auth} token` : ""} | ${r.reads + r.writes + r.auth} |`,
      "",
    );
  }
  const [first, , last] = results;
  if (first && last) {
    lines.push(
      `From ${first.files} to ${last.files} changed files: ${(median(last.checkRunMs) / median(first.checkRunMs)).toFixed(1)}× the time to the completed check run, ` +
        `${(last.reads / first.reads).toFixed(1)}× the reads, ${(last.writes / first.writes).toFixed(2)}× the writes (${first.writes} → ${last.writes}: the extra ones are annotation batches).`,
      "",
    );
  }
  return lines;
}

export async function runBenchmarks(smoke: boolean): Promise<void> {
  execSync("node scripts/ensure-build.mjs", { cwd: repo, stdio: "inherit" });
  const simulator = await benchSimulator({ smoke });
  const prReview = await benchPrReview({ smoke });
  const corpusResult = benchCorpus(repo, corpus, { smoke });
  // Rounded once, so the table and the plot say exactly the same thing (a test re-draws the plot from the table).
  const scaling = benchScaling(repo, { smoke }).map((p) => ({
    ...p,
    seconds: Number(p.seconds.toFixed(2)),
    peakMegabytes: Math.round(p.peakMegabytes),
  }));
  const document = [
    "# Benchmarks",
    "",
    `Measured ${new Date().toISOString().slice(0, 10)} on ${machine()}.`,
    "Command: `npm run bench` (writes this file and docs/benchmarks-scaling.svg).",
    `Benchmark code: ${benchSourceHash()} (a test flags this file as stale when bench/ changes).`,
    "",
    ...corpusSection(corpusResult),
    ...simulatorSection(simulator),
    ...scalingSection(scaling, benchStartup(repo, BUILT_CLI)),
    ...prReviewSection(prReview),
  ].join("\n");
  if (smoke) {
    process.stdout.write(document);
    return;
  }
  writeFileSync(join(repo, "BENCHMARKS.md"), document);
  writeFileSync(join(repo, "docs/benchmarks-scaling.svg"), scalingChart(scaling));
  process.stdout.write(document);
}
