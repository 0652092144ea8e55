// Starts reviews: the check run is created at once (so the required check shows up immediately), then the
// review waits its turn in the per-pull-request queue. Shared by every trigger.

import type { GitHub } from "./client.js";
import { describeError } from "./client.js";
import { cancelCheckRun } from "./publish/check-run.js";
import { KeyedQueue } from "./queue.js";
import { runReview, startCheckRun, type Log, type ReviewOutcome, type ReviewRequest } from "./review-job.js";

export type RunOutcome = ReviewOutcome | { status: "superseded" };

export interface Runner {
  review(gh: GitHub, request: ReviewRequest, log: Log): Promise<RunOutcome>;
}

export function createRunner(options: { docsBaseUrl: string }): Runner {
  const queue = new KeyedQueue();
  return {
    async review(gh, request, log) {
      const run = await startCheckRun(gh, request);
      let outcome: RunOutcome = { status: "superseded" };
      // Pushes to one pull request coalesce; each merge group head needs its own result, so never.
      const key =
        request.kind === "pull_request"
          ? `${request.owner}/${request.repo}#${request.pullNumber}`
          : `${request.owner}/${request.repo}@${request.headSha}`;
      await queue.enqueue(key, {
        run: async () => {
          outcome = await runReview(gh, request, run, { docsBaseUrl: options.docsBaseUrl, log });
        },
        superseded: async () => {
          try {
            await cancelCheckRun(gh, run);
          } catch (error) {
            log.error(`iam-review: could not complete superseded check run ${run.checkRunId}: ${describeError(error)}`);
          }
        },
      });
      return outcome;
    },
  };
}
