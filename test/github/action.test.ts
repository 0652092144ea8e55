// The GitHub Action's entry point, run as a runner runs it: a child process with the environment variables
// GitHub Actions sets (GITHUB_EVENT_PATH, GITHUB_REPOSITORY, GITHUB_API_URL, GITHUB_STEP_SUMMARY, GITHUB_OUTPUT,
// RUNNER_TEMP, ...) against the fake GitHub on 127.0.0.1. The variants (a fork's read-only token, a
// docs-only change, a wrong trigger) call the same function in-process.

import { spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import { runAction } from "../../src/github/action/run.js";
import { escapeCommand } from "../../src/github/action/workflow.js";
import { fixturePr, type FakePr } from "./helpers/fake-pr.js";
import { startFakeGitHub, type FakeGitHub } from "./helpers/fake-github.js";
import { example } from "./helpers/probot.js";

const root = join(import.meta.dirname, "../..");
const fixtureDir = join(root, "test/fixtures/prs");
const require = createRequire(import.meta.url);
const Ajv = require("ajv-draft-04") as typeof import("ajv-draft-04").default;
const sarifSchema = JSON.parse(readFileSync(require.resolve("@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json"), "utf8"));
const validateSarif = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false, logger: false }).compile(sarifSchema);

const badPolicy = fixturePr("new-finding", { number: 2 });
const docsOnly = fixturePr("docs-only", { number: 3, headSha: "d".repeat(40), baseSha: "c".repeat(40), mergeBase: "e".repeat(40) });
const forked = fixturePr("new-finding", { number: 4, headSha: "f".repeat(40) });

let github: FakeGitHub;
let readOnly: { url: string; close(): Promise<void> };
let broken: { url: string; close(): Promise<void> };
let dir: string;

/** The fake GitHub behind a filter: `refuse` answers a request itself (status and message), else it is passed on. */
async function filteredGitHub(target: string, refuse: (method: string, url: string) => [number, string] | undefined): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk: Buffer) => (body += chunk.toString()));
    req.on("end", () => {
      const refused = refuse(req.method ?? "GET", req.url ?? "/");
      if (refused) {
        res.writeHead(refused[0], { "content-type": "application/json" });
        return void res.end(JSON.stringify({ message: refused[1] }));
      }
      const forwarded = { method: req.method, headers: { accept: req.headers.accept ?? "*/*", "content-type": "application/json" }, ...(body ? { body } : {}) };
      void fetch(`${target}${req.url}`, forwarded).then(async (upstream) => {
        res.writeHead(upstream.status, { "content-type": upstream.headers.get("content-type") ?? "application/json" });
        res.end(Buffer.from(await upstream.arrayBuffer()));
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

function pullRequestEvent(pr: FakePr, options: { fork?: boolean; action?: string } = {}): any {
  const payload = example("pull_request", options.action ?? "opened");
  payload.action = options.action ?? "opened";
  payload.number = pr.number;
  payload.pull_request.number = pr.number;
  payload.pull_request.head.sha = pr.headSha;
  payload.pull_request.base.sha = pr.baseSha;
  payload.pull_request.base.repo.full_name = `${pr.owner}/${pr.repo}`;
  payload.pull_request.head.repo.full_name = options.fork ? `a-contributor/${pr.repo}` : `${pr.owner}/${pr.repo}`;
  // An Actions event carries no installation: the Action authenticates with the workflow's token.
  delete payload.installation;
  return payload;
}

/** The environment a runner gives a step of a `pull_request` job, plus what action.yml passes as inputs. */
function actionsEnv(name: string, event: unknown, apiUrl: string, extra: Record<string, string> = {}): Record<string, string> {
  const job = mkdtempSync(join(dir, `${name}-`));
  const eventPath = join(job, "event.json");
  writeFileSync(eventPath, JSON.stringify(event));
  const temp = join(job, "runner-temp");
  const workspace = join(job, "workspace");
  mkdirSync(temp);
  mkdirSync(workspace);
  writeFileSync(join(job, "summary.md"), "");
  writeFileSync(join(job, "output.txt"), "");
  return {
    CI: "true",
    GITHUB_ACTIONS: "true",
    GITHUB_EVENT_NAME: "pull_request",
    GITHUB_EVENT_PATH: eventPath,
    GITHUB_REPOSITORY: "Codertocat/Hello-World",
    GITHUB_REPOSITORY_OWNER: "Codertocat",
    GITHUB_API_URL: `${apiUrl}/api/v3`,
    GITHUB_SERVER_URL: apiUrl,
    GITHUB_GRAPHQL_URL: `${apiUrl}/api/graphql`,
    GITHUB_WORKSPACE: workspace,
    GITHUB_STEP_SUMMARY: join(job, "summary.md"),
    GITHUB_OUTPUT: join(job, "output.txt"),
    GITHUB_RUN_ID: "1658821493",
    GITHUB_SHA: "0".repeat(40),
    GITHUB_REF: "refs/pull/2/merge",
    RUNNER_TEMP: temp,
    RUNNER_OS: "Linux",
    GITHUB_TOKEN: "ghs_workflowtoken",
    IAM_REVIEW_FAIL_JOB: "true",
    IAM_REVIEW_SARIF_FILE: "",
    ...extra,
  };
}

function outputs(env: Record<string, string>): Record<string, string> {
  return Object.fromEntries(
    readFileSync(env.GITHUB_OUTPUT, "utf8")
      .split("\n")
      .filter((line) => line.includes("="))
      .map((line) => [line.slice(0, line.indexOf("=")), line.slice(line.indexOf("=") + 1)]),
  );
}

async function runInProcess(env: Record<string, string>): Promise<{ code: number; stdout: string }> {
  let stdout = "";
  const code = await runAction(env, { stdout: (text) => (stdout += text) });
  return { code, stdout };
}

beforeAll(async () => {
  github = await startFakeGitHub({ pulls: [badPolicy, docsOnly, forked], permissions: {} });
  // A fork's pull_request token: reads answered, every write refused as GitHub refuses it.
  readOnly = await filteredGitHub(github.url, (method) => (method === "GET" ? undefined : [403, "Resource not accessible by integration"]));
  // GitHub failing in the middle of a review (the file list), after the check run was created.
  broken = await filteredGitHub(github.url, (method, url) => (method === "GET" && /\/pulls\/\d+\/files/.test(url) ? [502, "Bad Gateway"] : undefined));
  dir = mkdtempSync(join(tmpdir(), "iam-review-action-"));
});

afterAll(async () => {
  await readOnly?.close();
  await broken?.close();
  await github?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe("the Action's entry point in a pull_request job", () => {
  let env: Record<string, string>;
  const child = { status: null as number | null, stdout: "", stderr: "" };

  beforeAll(async () => {
    env = actionsEnv("bad-policy", pullRequestEvent(badPolicy), github.url);
    // As action.yml runs it (`node lib/github/action/main.js`), through tsx so the test needs no build.
    // Asynchronously: the fake GitHub answers from this process.
    const process_ = spawn(process.execPath, ["--import", "tsx", "src/github/action/main.ts"], {
      cwd: root,
      env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    process_.stdout.on("data", (chunk: Buffer) => (child.stdout += chunk.toString()));
    process_.stderr.on("data", (chunk: Buffer) => (child.stderr += chunk.toString()));
    child.status = await new Promise<number | null>((resolve) => process_.once("exit", resolve));
  }, 60_000);

  it("completes the check run with the App's conclusion, summary and annotations, and fails the job", () => {
    expect(child.stderr).toBe("");
    expect(child.status).toBe(1);
    expect(github.posted.checkRuns).toHaveLength(1);
    const run = github.posted.checkRuns[0];
    expect(run.create).toMatchObject({ name: "iam-review", head_sha: badPolicy.headSha, status: "in_progress", external_id: "2" });
    expect(run.updates).toHaveLength(1);
    expect(run.updates[0]).toMatchObject({
      status: "completed",
      conclusion: "failure",
      output: {
        title: "1 new finding at or above error.",
        summary: readFileSync(join(fixtureDir, "new-finding/expected/summary.md"), "utf8"),
        annotations: [{ path: "infra/iam.tf", start_line: 9, annotation_level: "failure", title: "IAM003 unknown-action" }],
      },
    });
  });

  it("posts the same review as the App: event COMMENT, one inline comment on the diff line, with markers", () => {
    expect(github.posted.reviews).toHaveLength(1);
    expect(github.posted.reviews[0].body).toMatchObject({
      event: "COMMENT",
      commit_id: badPolicy.headSha,
      body: expect.stringContaining(`<!-- iam-review:review head=${badPolicy.headSha} -->`),
    });
    expect(github.posted.reviewComments.map((c) => [c.path, c.line])).toEqual([["infra/iam.tf", 9]]);
    expect(github.posted.reviewComments[0].body).toMatch(/<!-- iam-review:fp=[0-9a-f]+ -->$/);
    expect(github.posted.rejected).toEqual([]);
    expect(github.posted.unexpected).toEqual([]);
  });

  it("writes a valid SARIF log to RUNNER_TEMP with the finding", () => {
    const path = join(env.RUNNER_TEMP, "iam-review.sarif");
    const sarif = JSON.parse(readFileSync(path, "utf8"));
    expect(validateSarif(sarif)).toBe(true);
    // The engine's SARIF for this change (the fixture was rendered with placeholder tool metadata).
    expect(sarif.runs[0].results).toEqual(JSON.parse(readFileSync(join(fixtureDir, "new-finding/expected/results.sarif"), "utf8")).runs[0].results);
    expect(sarif.runs[0].tool.driver).toMatchObject({ name: "iam-review", version: "0.1.0" });
    expect(sarif.runs[0].results.map((r: any) => [r.ruleId, r.locations[0].physicalLocation.artifactLocation.uri, r.baselineState])).toEqual([
      ["IAM003", "infra/iam.tf", "new"],
    ]);
  });

  it("appends the check run's Markdown summary to the job summary and sets the outputs", () => {
    const summary = readFileSync(env.GITHUB_STEP_SUMMARY, "utf8");
    expect(summary.startsWith(github.posted.checkRuns[0].updates[0].output.summary)).toBe(true);
    expect(summary).toContain("Also posted as the `iam-review` check run of #2");
    expect(outputs(env)).toEqual({
      conclusion: "failure",
      "sarif-file": join(env.RUNNER_TEMP, "iam-review.sarif"),
      "new-findings": "1",
      published: "true",
    });
    expect(child.stdout).toContain("iam-review: 1 new finding at or above error. (conclusion: failure;");
  });

  it("a second run on the same head (a re-run of the job) completes a new check run and repeats no review or comment", async () => {
    const again = actionsEnv("bad-policy-again", pullRequestEvent(badPolicy, { action: "synchronize" }), github.url);
    const { code } = await runInProcess(again);
    expect(code).toBe(1);
    expect(github.posted.checkRuns.map((r) => r.updates.at(-1)?.conclusion)).toEqual(["failure", "failure"]);
    expect(github.posted.reviews).toHaveLength(1);
    expect(github.posted.reviewComments).toHaveLength(1);
  });
});

describe("the Action's other situations", () => {
  let checkRunsBefore: number;
  beforeEach(() => {
    checkRunsBefore = github.posted.checkRuns.length;
  });

  it("a pull request from a fork (read-only token): no check run or review, but SARIF, job summary, outputs and a failing job", async () => {
    const env = actionsEnv("fork", pullRequestEvent(forked, { fork: true }), readOnly.url, { IAM_REVIEW_SARIF_FILE: "reports/iam.sarif" });
    const reviewsBefore = github.posted.reviews.length;
    const { code, stdout } = await runInProcess(env);
    expect(code).toBe(1);
    expect(github.posted.checkRuns).toHaveLength(checkRunsBefore);
    expect(github.posted.reviews).toHaveLength(reviewsBefore);
    expect(stdout).toContain("::warning::iam-review: this job's token cannot create check runs (GitHub answered 403: Resource not accessible by integration). Pull requests from forks get a read-only token");
    const sarifPath = join(env.GITHUB_WORKSPACE, "reports/iam.sarif");
    expect(JSON.parse(readFileSync(sarifPath, "utf8")).runs[0].results.map((r: any) => r.ruleId)).toEqual(["IAM003"]);
    const summary = readFileSync(env.GITHUB_STEP_SUMMARY, "utf8");
    expect(summary.startsWith(readFileSync(join(fixtureDir, "new-finding/expected/summary.md"), "utf8"))).toBe(true);
    expect(summary).toContain("this job's token is read-only");
    expect(outputs(env)).toEqual({ conclusion: "failure", "sarif-file": sarifPath, "new-findings": "1", published: "false" });
  });

  it("GitHub failing during the review: the check run completed with failure, the reason in the job summary, exit 1", async () => {
    const env = actionsEnv("broken", pullRequestEvent(badPolicy, { action: "synchronize" }), broken.url, { IAM_REVIEW_FAIL_JOB: "false" });
    const { code, stdout } = await runInProcess(env);
    expect(code).toBe(1);
    const run = github.posted.checkRuns.at(-1);
    expect(github.posted.checkRuns).toHaveLength(checkRunsBefore + 1);
    expect(run?.updates.at(-1)).toMatchObject({ status: "completed", conclusion: "failure", output: { title: "iam-review could not finish this review" } });
    expect(stdout).toContain("::error::iam-review could not review this change: GitHub answered 502: Bad Gateway");
    const summary = readFileSync(env.GITHUB_STEP_SUMMARY, "utf8");
    expect(summary).toContain("❌ **iam-review could not review this change**: GitHub answered 502: Bad Gateway");
    expect(summary).toContain("The check run says so too. Re-run this job to try again.");
    expect(outputs(env)).toEqual({ conclusion: "failure", "sarif-file": "", "new-findings": "", published: "true" });
    expect(existsSync(join(env.RUNNER_TEMP, "iam-review.sarif"))).toBe(false);
  });

  it("fail-job: false keeps the job green on a failing conclusion (the check run still fails)", async () => {
    const env = actionsEnv("no-fail", pullRequestEvent(badPolicy, { action: "reopened" }), github.url, { IAM_REVIEW_FAIL_JOB: "false" });
    const { code } = await runInProcess(env);
    expect(code).toBe(0);
    expect(github.posted.checkRuns.at(-1)?.updates.at(-1)?.conclusion).toBe("failure");
    expect(outputs(env).conclusion).toBe("failure");
  });

  it("a docs-only pull request: a successful check run, no review, an empty SARIF log, exit 0", async () => {
    const env = actionsEnv("docs-only", pullRequestEvent(docsOnly), github.url);
    const reviewsBefore = github.posted.reviews.length;
    const { code } = await runInProcess(env);
    expect(code).toBe(0);
    expect(github.posted.checkRuns.at(-1)?.updates.at(-1)).toMatchObject({ conclusion: "success" });
    expect(github.posted.reviews).toHaveLength(reviewsBefore);
    expect(JSON.parse(readFileSync(join(env.RUNNER_TEMP, "iam-review.sarif"), "utf8")).runs[0].results).toEqual([]);
    expect(outputs(env)).toMatchObject({ conclusion: "success", "new-findings": "0", published: "true" });
  });

  it("a merge_group job: the check run on the queue's commit, no review", async () => {
    const event = { action: "checks_requested", merge_group: { head_sha: badPolicy.headSha, base_sha: badPolicy.baseSha }, repository: example("pull_request", "opened").repository };
    const env = actionsEnv("merge-group", event, github.url, { GITHUB_EVENT_NAME: "merge_group" });
    const reviewsBefore = github.posted.reviews.length;
    const { code } = await runInProcess(env);
    expect(code).toBe(1);
    expect(github.posted.checkRuns.at(-1)).toMatchObject({ create: { head_sha: badPolicy.headSha, external_id: `merge_group:${badPolicy.baseSha}` } });
    expect(github.posted.checkRuns.at(-1)?.updates.at(-1)).toMatchObject({ conclusion: "failure" });
    expect(github.posted.reviews).toHaveLength(reviewsBefore);
  });

  it("a closed pull request: nothing to review, exit 0, nothing posted or written", async () => {
    const env = actionsEnv("closed", pullRequestEvent(badPolicy, { action: "closed" }), github.url);
    const { code, stdout } = await runInProcess(env);
    expect(code).toBe(0);
    expect(stdout).toContain("the pull request was closed");
    expect(github.posted.checkRuns).toHaveLength(checkRunsBefore);
    expect(existsSync(join(env.RUNNER_TEMP, "iam-review.sarif"))).toBe(false);
  });

  it("a wrong trigger, a missing token or a missing event file: exit 2 with the reason as an error annotation", async () => {
    const push = actionsEnv("push", { ref: "refs/heads/main" }, github.url, { GITHUB_EVENT_NAME: "push" });
    const noToken = actionsEnv("no-token", pullRequestEvent(badPolicy), github.url, { GITHUB_TOKEN: "" });
    const noEvent = actionsEnv("no-event", pullRequestEvent(badPolicy), github.url, { GITHUB_EVENT_PATH: join(dir, "missing.json") });
    const wrongShape = actionsEnv("wrong-shape", { ref: "refs/heads/main" }, github.url);
    const results = await Promise.all([push, noToken, noEvent, wrongShape].map(runInProcess));
    expect(results.map((r) => r.code)).toEqual([2, 2, 2, 2]);
    expect(results[0].stdout).toContain("::error::iam-review: iam-review reviews pull requests: run it on pull_request, pull_request_target, merge_group (this run was triggered by 'push')");
    expect(results[1].stdout).toContain("no token");
    expect(results[2].stdout).toContain("cannot read the event at GITHUB_EVENT_PATH");
    expect(results[3].stdout).toContain("is not a pull request event");
    expect(github.posted.checkRuns).toHaveLength(checkRunsBefore);
  });

  it("workflow command messages stay on one line", () => {
    expect(escapeCommand("50% done\r\nnext")).toBe("50%25 done%0D%0Anext");
  });
});


describe("action.yml", () => {
  const action = parseYaml(readFileSync(join(root, "action.yml"), "utf8"));
  const review = action.runs.steps.find((step: any) => step.id === "review");

  it("is a composite action that builds itself and runs the compiled entry point", () => {
    expect(action.runs.using).toBe("composite");
    expect(review.run).toBe('node "$GITHUB_ACTION_PATH/lib/github/action/main.js"');
    // tsconfig.build.json compiles src/ to lib/: this is the file the step runs.
    expect(existsSync(join(root, "src/github/action/main.ts"))).toBe(true);
    expect(action.runs.steps.some((step: any) => /npm ci .*--include=dev/.test(step.run ?? "") && /npm run build/.test(step.run ?? ""))).toBe(true);
  });

  it("passes every input to the entry point under the name it reads, and exposes the outputs it writes", () => {
    expect(Object.keys(action.inputs).sort()).toEqual(["docs-url", "fail-job", "github-token", "sarif-file"]);
    expect(review.env).toEqual({
      GITHUB_TOKEN: "${{ inputs.github-token }}",
      IAM_REVIEW_SARIF_FILE: "${{ inputs.sarif-file }}",
      IAM_REVIEW_FAIL_JOB: "${{ inputs.fail-job }}",
      IAM_REVIEW_DOCS_URL: "${{ inputs.docs-url }}",
    });
    expect(action.inputs["github-token"].default).toBe("${{ github.token }}");
    expect(Object.fromEntries(Object.entries(action.outputs).map(([name, o]: [string, any]) => [name, o.value]))).toEqual({
      conclusion: "${{ steps.review.outputs.conclusion }}",
      "sarif-file": "${{ steps.review.outputs.sarif-file }}",
      "new-findings": "${{ steps.review.outputs.new-findings }}",
      published: "${{ steps.review.outputs.published }}",
    });
  });
});
