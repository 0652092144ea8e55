// The Probot application: it only wires events to handlers. Everything it does goes through src/github's
// handlers (thin) and the Probot-free review and publishing code below them.

import type { ApplicationFunction, ProbotOctokit } from "probot";
import { simulateWithEngine } from "./commands/engine-simulate.js";
import type { SimulateCommand } from "./commands/simulate.js";
import { onIssueComment } from "./handlers/commands.js";
import { onMergeGroup, onPullRequest, PULL_REQUEST_EVENTS } from "./handlers/pull-request.js";
import { onCheckRun, onCheckSuite } from "./handlers/rerun.js";
import { createRunner } from "./runner.js";

export const DEFAULT_DOCS_URL = "https://github.com/iam-review/iam-review/blob/main/docs/rules";

export interface AppOptions {
  /** Where rule pages live (`<url>/IAM101.md`). Default: IAM_REVIEW_DOCS_URL, else the project's docs. */
  docsBaseUrl?: string;
  /** Answers `/iam-review simulate`. Default: the engine's simulateAs on the pull request's head. */
  simulate?: SimulateCommand;
  /** This App's id, to ignore its own comments. Default: APP_ID. */
  appId?: number;
}

/** The REST API version the App is written against, sent explicitly rather than left to GitHub's default. */
export const API_VERSION = "2022-11-28";

function pinApiVersion(octokit: InstanceType<typeof ProbotOctokit>): void {
  octokit.hook.before("request", (options) => {
    options.headers["x-github-api-version"] = API_VERSION;
  });
}

export function createApp(options: AppOptions = {}): ApplicationFunction {
  return (app) => {
    const runner = createRunner({ docsBaseUrl: options.docsBaseUrl ?? process.env.IAM_REVIEW_DOCS_URL ?? DEFAULT_DOCS_URL });
    const appId = options.appId ?? (process.env.APP_ID ? Number(process.env.APP_ID) : undefined);
    const simulate = options.simulate ?? simulateWithEngine;
    app.on([...PULL_REQUEST_EVENTS], (context) => (pinApiVersion(context.octokit), onPullRequest(context, runner)));
    app.on("merge_group.checks_requested", (context) => (pinApiVersion(context.octokit), onMergeGroup(context, runner)));
    app.on(["check_run.rerequested", "check_run.requested_action"], (context) => (pinApiVersion(context.octokit), onCheckRun(context, runner)));
    app.on("check_suite.rerequested", (context) => (pinApiVersion(context.octokit), onCheckSuite(context, runner)));
    app.on("issue_comment.created", (context) => (pinApiVersion(context.octokit), onIssueComment(context, { runner, simulate, appId })));
  };
}

export default createApp();
