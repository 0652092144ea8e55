// The Probot application: it only wires events to handlers. Everything it does goes through src/github's
// handlers (thin) and the Probot-free review and publishing code below them. Around every handler: a
// redelivery of a delivery already handled is dropped, and the event's Octokit gets iam-review's transport
// policy (timeouts, retried reads, rate-limit waits, no blind retry of writes; client.ts).

import type { ApplicationFunction, Context } from "probot";
import { API_VERSION, makeResilient, type Resilience } from "./client.js";
import { simulateWithEngine } from "./commands/engine-simulate.js";
import type { SimulateCommand } from "./commands/simulate.js";
import { onIssueComment } from "./handlers/commands.js";
import { onMergeGroup, onPullRequest, PULL_REQUEST_EVENTS } from "./handlers/pull-request.js";
import { onCheckRun, onCheckSuite } from "./handlers/rerun.js";
import { RecentDeliveries } from "./queue.js";
import { createRunner } from "./runner.js";

export const DEFAULT_DOCS_URL = "https://github.com/iam-review/iam-review/blob/main/docs/rules";

export interface AppOptions {
  /** Where rule pages live (`<url>/IAM101.md`). Default: IAM_REVIEW_DOCS_URL, else the project's docs. */
  docsBaseUrl?: string;
  /** Answers `/iam-review simulate`. Default: the engine's simulateAs on the pull request's head. */
  simulate?: SimulateCommand;
  /** This App's id, to ignore its own comments. Default: APP_ID. */
  appId?: number;
  /** Timeouts, retries and rate-limit waits (client.ts DEFAULT_RESILIENCE); tests shorten them. */
  resilience?: Partial<Resilience>;
  /** How long a delivery id is remembered to drop its redeliveries. Default: 10 minutes. */
  deliveryTtlMs?: number;
}

export { API_VERSION };

export function createApp(options: AppOptions = {}): ApplicationFunction {
  return (app) => {
    const runner = createRunner({ docsBaseUrl: options.docsBaseUrl ?? process.env.IAM_REVIEW_DOCS_URL ?? DEFAULT_DOCS_URL });
    const appId = options.appId ?? (process.env.APP_ID ? Number(process.env.APP_ID) : undefined);
    const simulate = options.simulate ?? simulateWithEngine;
    const deliveries = new RecentDeliveries(options.deliveryTtlMs);

    const guarded =
      <C extends Context>(handler: (context: C) => Promise<void>) =>
      async (context: C): Promise<void> => {
        if (!deliveries.claim(context.id)) {
          context.log.info(`iam-review: delivery ${context.id} was already received: ignored`);
          return;
        }
        makeResilient(context.octokit, options.resilience);
        try {
          await handler(context);
        } catch (error) {
          deliveries.release(context.id);
          throw error;
        }
      };

    app.on([...PULL_REQUEST_EVENTS], guarded((context) => onPullRequest(context, runner)));
    app.on("merge_group.checks_requested", guarded((context) => onMergeGroup(context, runner)));
    app.on(["check_run.rerequested", "check_run.requested_action"], guarded((context) => onCheckRun(context, runner)));
    app.on("check_suite.rerequested", guarded((context) => onCheckSuite(context, runner)));
    app.on("issue_comment.created", guarded((context) => onIssueComment(context, { runner, simulate, appId })));
  };
}

export default createApp();
