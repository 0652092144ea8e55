// The `iam-review` check run: created at once as in_progress, and always completed — with the review's
// conclusion, or with `failure` and the reason. Annotations go 50 per request; the completing request
// carries the last batch, so the run turns green or red only once everything is on it.

import type { Conclusion } from "../../engine/review.js";
import type { AppIdentity, GitHub } from "../client.js";
import {
  ANNOTATIONS_PER_REQUEST,
  CHECK_RUN_NAME,
  chunk,
  internalErrorOutput,
  RERUN_ACTION,
  supersededOutput,
  type Annotation,
  type CheckRunOutput,
} from "../payloads.js";

export interface CheckRunRef {
  owner: string;
  repo: string;
  checkRunId: number;
}

export interface CreatedCheckRun extends CheckRunRef {
  /** The App that owns the run, as GitHub reports it: how our own comments are recognised. */
  identity: AppIdentity;
}

export async function createCheckRun(
  gh: GitHub,
  target: { owner: string; repo: string; headSha: string; externalId: string },
): Promise<CreatedCheckRun> {
  const { data } = await gh.rest.checks.create({
    owner: target.owner,
    repo: target.repo,
    name: CHECK_RUN_NAME,
    head_sha: target.headSha,
    status: "in_progress",
    external_id: target.externalId,
  });
  const app = data.app;
  return {
    owner: target.owner,
    repo: target.repo,
    checkRunId: data.id,
    identity: { ...(app?.id ? { appId: app.id } : {}), ...(app?.slug ? { botLogin: `${app.slug}[bot]` } : {}) },
  };
}

export async function completeCheckRun(
  gh: GitHub,
  run: CheckRunRef,
  outcome: { conclusion: Conclusion | "cancelled"; output: CheckRunOutput; annotations?: readonly Annotation[] },
): Promise<void> {
  const batches = chunk(outcome.annotations ?? [], ANNOTATIONS_PER_REQUEST);
  const last = batches.pop();
  // Annotations are appended by each update; title and summary are replaced, so they are sent every time.
  for (const annotations of batches) {
    await gh.rest.checks.update({ owner: run.owner, repo: run.repo, check_run_id: run.checkRunId, output: { ...outcome.output, annotations } });
  }
  await gh.rest.checks.update({
    owner: run.owner,
    repo: run.repo,
    check_run_id: run.checkRunId,
    status: "completed",
    conclusion: outcome.conclusion,
    output: { ...outcome.output, ...(last ? { annotations: last } : {}) },
    actions: [{ ...RERUN_ACTION }],
  });
}

/** An internal error still ends the run: a required check must never hang in_progress. */
export function failCheckRun(gh: GitHub, run: CheckRunRef, reason: string): Promise<void> {
  return completeCheckRun(gh, run, { conclusion: "failure", output: internalErrorOutput(reason) });
}

/** A run replaced by a newer request before it started: cancelled (never a pass it did not earn). */
export function cancelCheckRun(gh: GitHub, run: CheckRunRef): Promise<void> {
  return completeCheckRun(gh, run, { conclusion: "cancelled", output: supersededOutput() });
}
