// `/iam-review …` comments on pull requests (issue_comment.created). Bots and the App itself are ignored;
// a command is acknowledged with 👀, authorised with the collaborator-permission API (write, maintain or
// admin; never author_association), and finished with 🚀 or 😕 — a refusal always says why.

import type { Context } from "probot";
import { describeError, isNotFound, type GitHub } from "../client.js";
import { parseCommand, type SimulateRequest } from "../commands/parse.js";
import { closedReply, failedReply, helpText, invalidReply, simulateUnavailableReply, unauthorisedReply } from "../commands/replies.js";
import { formatSimulation, type SimulateCommand } from "../commands/simulate.js";
import { react, reply } from "../publish/comments.js";
import { analyse, type ReviewRequest } from "../review-job.js";
import type { Runner } from "../runner.js";

export interface CommandDeps {
  runner: Runner;
  /** Undefined when this build has no simulation to offer: the command says so. */
  simulate?: SimulateCommand;
  appId?: number;
}

export async function onIssueComment(context: Context<"issue_comment.created">, deps: CommandDeps): Promise<void> {
  const { payload } = context;
  const { comment, issue } = payload;
  if (!issue.pull_request) return;
  if (payload.sender.type === "Bot" || comment.user?.type === "Bot") return;
  if (deps.appId !== undefined && comment.performed_via_github_app?.id === deps.appId) return;
  const parsed = parseCommand(comment.body);
  if (parsed.kind === "none") return;

  const gh = context.octokit;
  const repo = { owner: payload.repository.owner.login, repo: payload.repository.name };
  const thread = { ...repo, issueNumber: issue.number };
  const reaction = { ...repo, commentId: comment.id };
  const login = comment.user?.login ?? payload.sender.login;
  // A reply lost in a 5xx is looked for before it is posted again (publish/comments.ts).
  const answer = (body: string) =>
    reply(gh, thread, body, { identity: deps.appId === undefined ? {} : { appId: deps.appId }, since: comment.created_at });
  await react(gh, reaction, "eyes");
  let succeeded = false;
  try {
    if (!(await mayRunCommands(gh, repo, login))) {
      await answer(unauthorisedReply(login));
    } else if (parsed.kind === "invalid") {
      await answer(invalidReply(parsed.reason));
    } else if (issue.state === "closed") {
      await answer(closedReply());
    } else if (parsed.command.kind === "help") {
      await answer(helpText());
      succeeded = true;
    } else if (parsed.command.kind === "rerun") {
      const outcome = await deps.runner.review(gh, await pullRequest(gh, repo, issue.number), context.log);
      succeeded = outcome.status === "completed";
    } else if (!deps.simulate) {
      await answer(simulateUnavailableReply());
    } else {
      succeeded = await simulate(gh, repo, issue.number, parsed.command.request, deps.simulate, payload.repository.html_url, answer);
    }
  } catch (error) {
    context.log.error(`iam-review: command on #${issue.number} failed: ${describeError(error)}`);
    await answer(failedReply("run this command", describeError(error))).catch(() => undefined);
  }
  await react(gh, reaction, succeeded ? "rocket" : "confused");
}

/** write, maintain or admin. `permission` folds maintain into write; `role_name` names it (and custom roles' base). */
async function mayRunCommands(gh: GitHub, repo: { owner: string; repo: string }, username: string): Promise<boolean> {
  try {
    const { data } = await gh.rest.repos.getCollaboratorPermissionLevel({ ...repo, username });
    return ["admin", "write"].includes(data.permission) || ["admin", "maintain", "write"].includes(data.role_name);
  } catch (error) {
    // Not a collaborator at all.
    if (isNotFound(error)) return false;
    throw error;
  }
}

async function pullRequest(gh: GitHub, repo: { owner: string; repo: string }, number: number): Promise<Extract<ReviewRequest, { kind: "pull_request" }>> {
  const { data } = await gh.rest.pulls.get({ ...repo, pull_number: number });
  return {
    kind: "pull_request",
    ...repo,
    pullNumber: number,
    headSha: data.head.sha,
    baseSha: data.base.sha,
    changedFiles: data.changed_files,
    fromFork: data.head?.repo?.full_name !== `${repo.owner}/${repo.repo}`,
  };
}

async function simulate(
  gh: GitHub,
  repo: { owner: string; repo: string },
  number: number,
  request: SimulateRequest,
  run: SimulateCommand,
  repositoryUrl: string,
  answer: (body: string) => Promise<void>,
): Promise<boolean> {
  const target = await pullRequest(gh, repo, number);
  const { result } = await analyse(gh, target);
  let decision;
  try {
    decision = await run(result.head, request);
  } catch (error) {
    // The simulation's own refusals (an unknown or ambiguous address) are the user's to fix.
    await answer(failedReply("simulate that", error instanceof Error ? error.message : String(error)));
    return false;
  }
  await answer(formatSimulation(request, decision, { repositoryUrl, headSha: target.headSha }));
  return true;
}
