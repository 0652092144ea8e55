// What a GitHub Actions job hands the Action: the environment variables the runner sets (GITHUB_EVENT_PATH,
// GITHUB_REPOSITORY, GITHUB_API_URL, GITHUB_STEP_SUMMARY, GITHUB_OUTPUT, RUNNER_TEMP, ...) and the inputs
// action.yml passes as environment variables. Everything is read and checked here, once, before any request.

import { readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { isAbsolute, join, resolve } from "node:path";
import { z } from "zod";
import { DEFAULT_DOCS_URL } from "../app.js";
import type { ReviewRequest } from "../review-job.js";

/** The events the Action reviews. Any other trigger is a workflow mistake and is refused with the reason. */
export const SUPPORTED_EVENTS = ["pull_request", "pull_request_target", "merge_group"] as const;

export interface ActionSettings {
  token: string;
  /** `GITHUB_API_URL`: https://api.github.com, or `https://HOST/api/v3` on GitHub Enterprise Server. */
  apiUrl: string;
  eventName: (typeof SUPPORTED_EVENTS)[number];
  request: ReviewRequest;
  /** Where the SARIF log is written (absolute). */
  sarifFile: string;
  /** `GITHUB_STEP_SUMMARY` and `GITHUB_OUTPUT`: absent when run outside Actions. */
  summaryFile?: string;
  outputFile?: string;
  /** Whether a `failure` conclusion fails the job (exit code 1). */
  failJob: boolean;
  docsBaseUrl: string;
  /** A pull request from a fork: under `pull_request` its token is read-only. */
  fromFork: boolean;
}

/** The job cannot be reviewed as configured (wrong trigger, missing token): the message says how to fix it. */
export class ActionSetupError extends Error {}

/** A pull request that is closed (or another action of the event) needs no review: the reason is logged. */
export class NothingToReview extends Error {}

const repository = z.object({ name: z.string(), owner: z.object({ login: z.string() }), full_name: z.string().optional() });

const pullRequestEvent = z.object({
  action: z.string().optional(),
  pull_request: z.object({
    number: z.number().int(),
    changed_files: z.number().int().optional(),
    head: z.object({ sha: z.string(), repo: z.object({ full_name: z.string() }).nullable().optional() }),
    base: z.object({ sha: z.string(), repo: z.object({ full_name: z.string() }).optional() }),
  }),
  repository,
});

const mergeGroupEvent = z.object({
  merge_group: z.object({ head_sha: z.string(), base_sha: z.string() }),
  repository,
});

export function readSettings(env: NodeJS.ProcessEnv): ActionSettings {
  const eventName = env.GITHUB_EVENT_NAME ?? "";
  if (!isSupported(eventName)) {
    throw new ActionSetupError(
      `iam-review reviews pull requests: run it on ${SUPPORTED_EVENTS.join(", ")} (this run was triggered by '${eventName || "nothing (GITHUB_EVENT_NAME is not set)"}')`,
    );
  }
  const token = env.GITHUB_TOKEN ?? "";
  if (token === "") throw new ActionSetupError("no token: set the input github-token (default: the workflow's github.token)");
  if (!env.GITHUB_EVENT_PATH) throw new ActionSetupError("GITHUB_EVENT_PATH is not set: this entry point runs inside a GitHub Actions job");
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(env.GITHUB_EVENT_PATH, "utf8"));
  } catch (error) {
    throw new ActionSetupError(`cannot read the event at GITHUB_EVENT_PATH: ${error instanceof Error ? error.message : String(error)}`);
  }
  const { request, fromFork } = eventName === "merge_group" ? mergeGroupRequest(raw, env) : pullRequestRequest(raw, env);
  const workspace = env.GITHUB_WORKSPACE ?? process.cwd();
  const sarifInput = env.IAM_REVIEW_SARIF_FILE?.trim();
  const sarifFile = sarifInput ? (isAbsolute(sarifInput) ? sarifInput : resolve(workspace, sarifInput)) : join(env.RUNNER_TEMP ?? tmpdir(), "iam-review.sarif");
  return {
    token,
    apiUrl: (env.GITHUB_API_URL ?? "https://api.github.com").replace(/\/$/, ""),
    eventName,
    request,
    sarifFile,
    ...(env.GITHUB_STEP_SUMMARY ? { summaryFile: env.GITHUB_STEP_SUMMARY } : {}),
    ...(env.GITHUB_OUTPUT ? { outputFile: env.GITHUB_OUTPUT } : {}),
    failJob: parseBoolean(env.IAM_REVIEW_FAIL_JOB, true),
    docsBaseUrl: env.IAM_REVIEW_DOCS_URL?.trim() || DEFAULT_DOCS_URL,
    fromFork,
  };
}

function isSupported(name: string): name is ActionSettings["eventName"] {
  return (SUPPORTED_EVENTS as readonly string[]).includes(name);
}

/** owner/name from GITHUB_REPOSITORY (always set by the runner), else from the event. */
function repoOf(env: NodeJS.ProcessEnv, event: z.infer<typeof repository>): { owner: string; repo: string } {
  const [owner, repo] = (env.GITHUB_REPOSITORY ?? "").split("/");
  return owner && repo ? { owner, repo } : { owner: event.owner.login, repo: event.name };
}

function pullRequestRequest(raw: unknown, env: NodeJS.ProcessEnv): { request: ReviewRequest; fromFork: boolean } {
  const parsed = pullRequestEvent.safeParse(raw);
  if (!parsed.success) throw new ActionSetupError(`the event at GITHUB_EVENT_PATH is not a pull request event: ${parsed.error.issues[0]?.message ?? "unexpected shape"}`);
  const event = parsed.data;
  if (event.action === "closed") throw new NothingToReview("the pull request was closed: nothing to review");
  const pr = event.pull_request;
  const { owner, repo } = repoOf(env, event.repository);
  const headRepo = pr.head.repo?.full_name;
  // A deleted fork has no head repository: it is a fork all the same.
  const fromFork = headRepo === undefined || headRepo !== `${owner}/${repo}`;
  return {
    request: {
      kind: "pull_request",
      owner,
      repo,
      pullNumber: pr.number,
      headSha: pr.head.sha,
      baseSha: pr.base.sha,
      ...(pr.changed_files !== undefined ? { changedFiles: pr.changed_files } : {}),
      fromFork,
    },
    fromFork,
  };
}

function mergeGroupRequest(raw: unknown, env: NodeJS.ProcessEnv): { request: ReviewRequest; fromFork: boolean } {
  const parsed = mergeGroupEvent.safeParse(raw);
  if (!parsed.success) throw new ActionSetupError(`the event at GITHUB_EVENT_PATH is not a merge_group event: ${parsed.error.issues[0]?.message ?? "unexpected shape"}`);
  const { owner, repo } = repoOf(env, parsed.data.repository);
  const group = parsed.data.merge_group;
  return { request: { kind: "merge_group", owner, repo, headSha: group.head_sha, baseSha: group.base_sha }, fromFork: false };
}

function parseBoolean(value: string | undefined, fallback: boolean): boolean {
  const text = value?.trim().toLowerCase();
  if (!text) return fallback;
  if (["true", "yes", "1"].includes(text)) return true;
  if (["false", "no", "0"].includes(text)) return false;
  throw new ActionSetupError(`fail-job is '${value}': use true or false`);
}
