// Re-runs requested from the Checks UI: check_run.rerequested, the check run's "Re-run simulation" button
// (check_run.requested_action) and check_suite.rerequested. The pull request is found through the run's
// external_id, because `pull_requests` is empty for pull requests from forks.

import type { Context } from "probot";
import type { GitHub } from "../client.js";
import { CHECK_RUN_NAME, RERUN_ACTION } from "../payloads.js";
import type { ReviewRequest } from "../review-job.js";
import type { Runner } from "../runner.js";

export async function onCheckRun(context: Context<"check_run.rerequested" | "check_run.requested_action">, runner: Runner): Promise<void> {
  const { payload } = context;
  const run = payload.check_run;
  if (run.name !== CHECK_RUN_NAME) return;
  if (payload.action === "requested_action" && payload.requested_action?.identifier !== RERUN_ACTION.identifier) return;
  const repo = { owner: payload.repository.owner.login, repo: payload.repository.name };
  const request = await requestFor(context.octokit, repo, run.head_sha, run.external_id, run.pull_requests.map((p) => p.number));
  if (!request) {
    context.log.warn(`iam-review: cannot tell which pull request check run ${run.id} belongs to: not re-run`);
    return;
  }
  await runner.review(context.octokit, request, context.log);
}

export async function onCheckSuite(context: Context<"check_suite.rerequested">, runner: Runner): Promise<void> {
  const { payload } = context;
  const suite = payload.check_suite;
  const repo = { owner: payload.repository.owner.login, repo: payload.repository.name };
  let externalId: string | null = null;
  if (suite.pull_requests.length === 0) {
    // A fork's suite lists no pull request: our earlier run in the suite knows it.
    const { data } = await context.octokit.rest.checks.listForSuite({ ...repo, check_suite_id: suite.id, check_name: CHECK_RUN_NAME });
    externalId = data.check_runs[0]?.external_id ?? null;
  }
  const request = await requestFor(context.octokit, repo, suite.head_sha, externalId, suite.pull_requests.map((p) => p.number));
  if (!request) {
    context.log.warn(`iam-review: cannot tell which pull request check suite ${suite.id} belongs to: not re-run`);
    return;
  }
  await runner.review(context.octokit, request, context.log);
}

async function requestFor(
  gh: GitHub,
  repo: { owner: string; repo: string },
  headSha: string,
  externalId: string | null,
  pullNumbers: number[],
): Promise<ReviewRequest | undefined> {
  const mergeGroup = /^merge_group:([0-9a-f]{40})$/.exec(externalId ?? "");
  if (mergeGroup) return { kind: "merge_group", ...repo, headSha, baseSha: mergeGroup[1] };
  const number = /^\d+$/.test(externalId ?? "") ? Number(externalId) : pullNumbers[0];
  if (number === undefined) return undefined;
  const { data: pull } = await gh.rest.pulls.get({ ...repo, pull_number: number });
  // The commit asked for is reviewed; if it is no longer the head, its review is not posted (stale).
  return {
    kind: "pull_request",
    ...repo,
    pullNumber: number,
    headSha,
    baseSha: pull.base.sha,
    changedFiles: pull.changed_files,
    // A deleted fork has no head repository: it is a fork all the same.
    fromFork: pull.head?.repo?.full_name !== `${repo.owner}/${repo.repo}`,
  };
}
