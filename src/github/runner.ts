// Starts reviews: the check run is created at once (so the required check shows up immediately), then the
// review waits its turn in the per-pull-request queue. Shared by every trigger.

import type { GitHub } from "./client.js";
import { describeError } from "./client.js";
import { cancelCheckRun } from "./publish/check-run.js";
import { KeyedQueue, type QueuedJob } from "./queue.js";
import { runReview, startCheckRun, type Log, type ReviewOutcome, type ReviewRequest } from "./review-job.js";

export type RunOutcome = ReviewOutcome | { status: "superseded" };

export interface Runner {
  review(gh: GitHub, request: ReviewRequest, log: Log): Promise<RunOutcome>;
}

export function createRunner(options: { docsBaseUrl: string }): Runner {
  const queue = new KeyedQueue();
  /** The head SHA of the request queued last, per key. */
  const newest = new Map<string, string>();
  const enqueue = (key: string, headSha: string, job: QueuedJob) => {
    newest.set(key, headSha);
    return queue.enqueue(key, job);
  };
  return {
    async review(gh, request, log) {
      const run = await startCheckRun(gh, request);
      let outcome: RunOutcome = { status: "superseded" };
      // Pushes to one pull request coalesce; each merge group head needs its own result, so never.
      const key =
        request.kind === "pull_request"
          ? `${request.owner}/${request.repo}#${request.pullNumber}`
          : `${request.owner}/${request.repo}@${request.headSha}`;
      const job: QueuedJob = {
        run: async () => {
          outcome = await runReview(gh, request, run, { docsBaseUrl: options.docsBaseUrl, log });
        },
        superseded: async () => {
          // Deliveries can arrive out of order: the request that displaced this one may be for an older push.
          // If this one is still the pull request's head it goes back in line, displacing the older one.
          if (newest.get(key) !== request.headSha && (await isCurrentHead(gh, request, log))) return enqueue(key, request.headSha, job);
          try {
            await cancelCheckRun(gh, run);
          } catch (error) {
            log.error(`iam-review: could not complete superseded check run ${run.checkRunId}: ${describeError(error)}`);
          }
        },
      };
      await enqueue(key, request.headSha, job);
      if (!queue.busy(key)) newest.delete(key);
      return outcome;
    },
  };
}

async function isCurrentHead(gh: GitHub, request: ReviewRequest, log: Log): Promise<boolean> {
  if (request.kind !== "pull_request") return false;
  try {
    const { data } = await gh.rest.pulls.get({ owner: request.owner, repo: request.repo, pull_number: request.pullNumber });
    return data.head.sha === request.headSha;
  } catch (error) {
    // Unknown: the newer request stands, as it would without the check.
    log.warn(`iam-review: could not read the head of #${request.pullNumber}: ${describeError(error)}`);
    return false;
  }
}
