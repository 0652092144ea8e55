// The GitHub Action: the App's review of one pull request, run inside the pull request's own workflow with
// the workflow's token instead of an App installation. It goes through the same code as the App
// (review-job.ts: configuration at the base, fetch, engine, check run, review with markers), so a team that
// cannot host the App gets the same check run and review; on top of that it writes a SARIF log for code
// scanning, the Markdown report to the job summary, and step outputs.
//
// Exit codes: 0 the review finished and did not fail (or `fail-job: false`); 1 the conclusion is `failure`
// or the review could not be finished; 2 the job is set up wrongly (trigger, token, event file).

import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { Octokit } from "@octokit/rest";
import type { Conclusion, ReviewResult } from "../../engine/review.js";
import { escapeMarkdown } from "../../reporters/markdown.js";
import { renderSarif } from "../../reporters/sarif.js";
import { rules } from "../../rules/index.js";
import { API_VERSION } from "../app.js";
import { describeError, httpStatus, type GitHub } from "../client.js";
import { checkRunOutput, CHECK_RUN_NAME } from "../payloads.js";
import type { CreatedCheckRun } from "../publish/check-run.js";
import { analyse, runReview, startCheckRun, type ReviewDeps } from "../review-job.js";
import { ActionSetupError, NothingToReview, readSettings, type ActionSettings } from "./settings.js";
import { appendSummary, workflowCommand, workflowLog, writeOutputs, type ActionIo } from "./workflow.js";

export const ACTION_EXIT = { ok: 0, failed: 1, setup: 2 } as const;

const stdoutIo: ActionIo = { stdout: (text) => void process.stdout.write(text) };

interface PackageInfo {
  version: string;
  homepage: string;
}

function packageInfo(): PackageInfo {
  // src/github/action/ and lib/github/action/ are both three levels below the package root.
  const pkg = JSON.parse(readFileSync(new URL("../../../package.json", import.meta.url), "utf8")) as Partial<PackageInfo>;
  return { version: pkg.version ?? "0.0.0", homepage: pkg.homepage ?? "https://github.com/iam-review/iam-review" };
}

/** A plain @octokit/rest client with the workflow's token, pinned to the API version the App is written against. */
export function actionOctokit(settings: Pick<ActionSettings, "token" | "apiUrl">, version: string, io: ActionIo = stdoutIo): GitHub {
  const quiet = () => {};
  const octokit = new Octokit({
    auth: settings.token,
    baseUrl: settings.apiUrl,
    userAgent: `iam-review-action/${version}`,
    // Octokit logs every non-2xx answer as an error, expected ones too (no configuration file is a 404). The
    // review code reports every failure that matters itself; deprecations still show as warnings.
    log: { debug: quiet, info: quiet, warn: (message: string) => io.stdout(workflowCommand("warning", message)), error: quiet },
  });
  octokit.hook.before("request", (options) => {
    options.headers["x-github-api-version"] = API_VERSION;
  });
  return octokit;
}

export async function runAction(env: NodeJS.ProcessEnv, io: ActionIo = stdoutIo): Promise<number> {
  let settings: ActionSettings;
  try {
    settings = readSettings(env);
  } catch (error) {
    if (error instanceof NothingToReview) {
      io.stdout(`iam-review: ${error.message}\n`);
      return ACTION_EXIT.ok;
    }
    if (error instanceof ActionSetupError) {
      io.stdout(workflowCommand("error", `iam-review: ${error.message}`));
      return ACTION_EXIT.setup;
    }
    throw error;
  }
  const pkg = packageInfo();
  const gh = actionOctokit(settings, pkg.version, io);
  const deps: ReviewDeps = { docsBaseUrl: settings.docsBaseUrl, log: workflowLog(io) };
  const { request } = settings;
  const where = request.kind === "pull_request" ? `#${request.pullNumber}` : `the merge group ${request.headSha.slice(0, 7)}`;

  let run: CreatedCheckRun | undefined;
  try {
    run = await startCheckRun(gh, request);
  } catch (error) {
    // The workflow token of a pull request from a fork is read-only (and a job may restrict `checks`): review
    // all the same, and report through what a read-only job still has: its summary, SARIF and exit code.
    if (httpStatus(error) !== 403) return failed(io, settings, `could not create the ${CHECK_RUN_NAME} check run: ${describeError(error)}`);
    io.stdout(
      workflowCommand(
        "warning",
        `iam-review: this job's token cannot create check runs (${describeError(error)}). ${
          settings.fromFork ? "Pull requests from forks get a read-only token under `pull_request`. " : ""
        }The review is in the job summary, the SARIF file and the job's result; no check run or review comment was posted.`,
      ),
    );
  }

  let result: ReviewResult;
  if (run) {
    const outcome = await runReview(gh, request, run, deps);
    if (outcome.status === "failed" || !outcome.result) return failed(io, settings, outcome.error ?? "the review did not finish", true);
    result = outcome.result;
    if (outcome.review?.status === "stale") io.stdout(`iam-review: ${request.headSha} is no longer the head of ${where}: the check run is complete, no review was posted\n`);
  } else {
    try {
      ({ result } = await analyse(gh, request));
    } catch (error) {
      return failed(io, settings, describeError(error));
    }
  }

  mkdirSync(dirname(settings.sarifFile), { recursive: true });
  const sarif = renderSarif(result.findings, rules, { toolVersion: pkg.version, informationUri: pkg.homepage, docsBaseUrl: settings.docsBaseUrl });
  writeFileSync(settings.sarifFile, `${JSON.stringify(sarif, null, 2)}\n`);
  const output = checkRunOutput(result, { docsBaseUrl: settings.docsBaseUrl });
  appendSummary(settings.summaryFile, [output.summary, "", footer(run !== undefined, where)].join("\n"));
  const newFindings = result.findings.filter((f) => f.status === "new" && !f.suppressed).length;
  writeOutputs(settings.outputFile, {
    conclusion: result.conclusion,
    "sarif-file": settings.sarifFile,
    "new-findings": String(newFindings),
    published: String(run !== undefined),
  });
  io.stdout(`iam-review: ${result.summary} (conclusion: ${result.conclusion}; SARIF: ${settings.sarifFile})\n`);
  return exitCode(result.conclusion, settings.failJob);
}

function exitCode(conclusion: Conclusion, failJob: boolean): number {
  return conclusion === "failure" && failJob ? ACTION_EXIT.failed : ACTION_EXIT.ok;
}

function footer(published: boolean, where: string): string {
  return published
    ? `<sub>Also posted as the \`${CHECK_RUN_NAME}\` check run of ${where} (and a review when there is something to comment on).</sub>`
    : `<sub>Not posted on ${where}: this job's token is read-only. This summary, the SARIF file and the job's result are the review.</sub>`;
}

/** The review could not be finished: say why everywhere the job reports, and fail the job. */
function failed(io: ActionIo, settings: ActionSettings, reason: string, checkRunCompleted = false): number {
  io.stdout(workflowCommand("error", `iam-review could not review this change: ${reason}`));
  // Not the App's wording: here there is no `/iam-review rerun` to comment, the job is what is re-run.
  appendSummary(
    settings.summaryFile,
    [
      `❌ **iam-review could not review this change**: ${escapeMarkdown(reason)}`,
      "",
      `This is a problem on iam-review's side, not a finding.${checkRunCompleted ? " The check run says so too." : ""} Re-run this job to try again.`,
    ].join("\n"),
  );
  writeOutputs(settings.outputFile, { conclusion: "failure", "sarif-file": "", "new-findings": "", published: String(checkRunCompleted) });
  return ACTION_EXIT.failed;
}
