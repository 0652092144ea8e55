// pull_request.{opened,synchronize,reopened,ready_for_review} and edited-with-a-new-base start a review;
// merge_group.checks_requested reviews the merge queue's commit.

import type { Context } from "probot";
import type { Runner } from "../runner.js";

export const PULL_REQUEST_EVENTS = [
  "pull_request.opened",
  "pull_request.synchronize",
  "pull_request.reopened",
  "pull_request.ready_for_review",
  "pull_request.edited",
] as const;

export async function onPullRequest(context: Context<(typeof PULL_REQUEST_EVENTS)[number]>, runner: Runner): Promise<void> {
  const { payload } = context;
  if (payload.action === "edited" && !("changes" in payload && payload.changes.base)) {
    context.log.debug("pull_request.edited without a base change: the diff is the same, nothing to review");
    return;
  }
  const pr = payload.pull_request;
  await runner.review(
    context.octokit,
    {
      kind: "pull_request",
      owner: payload.repository.owner.login,
      repo: payload.repository.name,
      pullNumber: pr.number,
      headSha: pr.head.sha,
      baseSha: pr.base.sha,
      changedFiles: pr.changed_files,
      fromFork: pr.head?.repo?.full_name !== payload.repository.full_name,
    },
    context.log,
  );
}

export async function onMergeGroup(context: Context<"merge_group.checks_requested">, runner: Runner): Promise<void> {
  const { payload } = context;
  const repository = payload.repository;
  if (!repository) return;
  await runner.review(
    context.octokit,
    {
      kind: "merge_group",
      owner: repository.owner.login,
      repo: repository.name,
      headSha: payload.merge_group.head_sha,
      baseSha: payload.merge_group.base_sha,
    },
    context.log,
  );
}
