// The `iam-review` check run: created at once as in_progress, and always completed — with the review's
// conclusion, or with `failure` and the reason. Annotations go 50 per request; the completing request
// carries the last batch, so the run turns green or red only once everything is on it.
// Every write here may be answered with a 5xx after it happened; before it is made again, GitHub is asked
// whether it did (client.ts `writeOnce`): no second run for one review, no annotation twice.

import type { Conclusion } from "../../engine/review.js";
import { RateLimitedError, resilience, sleep, writeOnce, type AppIdentity, type GitHub } from "../client.js";
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
  const create = async () =>
    (
      await gh.rest.checks.create({
        owner: target.owner,
        repo: target.repo,
        name: CHECK_RUN_NAME,
        head_sha: target.headSha,
        status: "in_progress",
        external_id: target.externalId,
      })
    ).data;
  // A run of ours for this commit and pull request that nobody completed yet is the one just created (or one
  // a crash left behind): completing it is right either way.
  const findOpen = async () => {
    const { data: found } = await gh.rest.checks.listForRef({
      owner: target.owner,
      repo: target.repo,
      ref: target.headSha,
      check_name: CHECK_RUN_NAME,
      filter: "latest",
      per_page: 100,
    });
    return found.check_runs.find((run) => run.status !== "completed" && run.external_id === target.externalId);
  };
  const data = await patiently(gh, () => writeOnce(create, findOpen));
  const app = data.app;
  return {
    owner: target.owner,
    repo: target.repo,
    checkRunId: data.id,
    identity: { ...(app?.id ? { appId: app.id } : {}), ...(app?.slug ? { botLogin: `${app.slug}[bot]` } : {}) },
  };
}

/** What a check-run update sends besides the run's address. */
type UpdateBody = Omit<NonNullable<Parameters<GitHub["rest"]["checks"]["update"]>[0]>, "owner" | "repo" | "check_run_id">;

export async function completeCheckRun(
  gh: GitHub,
  run: CheckRunRef,
  outcome: { conclusion: Conclusion | "cancelled"; output: CheckRunOutput; annotations?: readonly Annotation[] },
): Promise<void> {
  const batches = chunk(outcome.annotations ?? [], ANNOTATIONS_PER_REQUEST);
  const last = batches.pop();
  const ref = { owner: run.owner, repo: run.repo, check_run_id: run.checkRunId };
  const current = async () => (await gh.rest.checks.get(ref)).data;
  const update = async (body: UpdateBody) => {
    await gh.rest.checks.update({ ...ref, ...body });
    return true as const;
  };
  // Each write is looked for before it is repeated: annotations are appended by every update (the run's
  // annotation count tells whether a batch arrived), the completion shows in the run's status.
  let sent = 0;
  for (const annotations of batches) {
    sent += annotations.length;
    const expected = sent;
    const arrived = async () => (await current()).output.annotations_count >= expected || undefined;
    // Title and summary are replaced by each update, so they are sent every time.
    await patiently(gh, () => writeOnce(() => update({ output: { ...outcome.output, annotations } }), arrived));
  }
  const completed = async () => (await current()).status === "completed" || undefined;
  const completion = {
    status: "completed" as const,
    conclusion: outcome.conclusion,
    output: { ...outcome.output, ...(last ? { annotations: last } : {}) },
    actions: [{ ...RERUN_ACTION }],
  };
  await patiently(gh, () => writeOnce(() => update(completion), completed));
}

/**
 * A required check without a completed run blocks the pull request for good, so the run's writes wait out a
 * rate limit longer than other requests do (up to `completionWaitSeconds` in total), not only a minute.
 */
async function patiently<T>(gh: GitHub, write: () => Promise<T>): Promise<T> {
  const policy = resilience(gh);
  let waited = 0;
  for (;;) {
    try {
      return await write();
    } catch (error) {
      if (!(error instanceof RateLimitedError) || waited + error.waitSeconds > policy.completionWaitSeconds) throw error;
      waited += error.waitSeconds;
      await sleep(error.waitSeconds * policy.secondMs);
    }
  }
}

/** An internal error still ends the run: a required check must never hang in_progress. */
export function failCheckRun(gh: GitHub, run: CheckRunRef, reason: string): Promise<void> {
  return completeCheckRun(gh, run, { conclusion: "failure", output: internalErrorOutput(reason) });
}

/** A run replaced by a newer request before it started: cancelled (never a pass it did not earn). */
export function cancelCheckRun(gh: GitHub, run: CheckRunRef): Promise<void> {
  return completeCheckRun(gh, run, { conclusion: "cancelled", output: supersededOutput() });
}
