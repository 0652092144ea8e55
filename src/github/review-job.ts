// One review, end to end, with a plain Octokit and plain data (no Probot context), so the GitHub Action can
// reuse it: read the configuration at the base, fetch the change, run the engine, complete the check run,
// publish the review. Whatever fails, the check run is completed.

import { defaultConfig, type Config, type ConfigProblem } from "../engine/config.js";
import { reviewChange, type ChangeSet, type ReviewOptions, type ReviewResult } from "../engine/review.js";
import { catalogue } from "../iam/catalogue.js";
import { rules } from "../rules/index.js";
import { createAwsSimulator } from "../simulator/aws.js";
import { describeError, type GitHub } from "./client.js";
import { commentableLines } from "./diff-lines.js";
import { fetchCommitRangeChange, fetchPullRequestChange, type FetchedChange, type Side } from "./fetch-change-set.js";
import { loadConfig, type LoadedConfig } from "./load-config.js";
import { annotationsFor, checkRunOutput, planComments, suppressionFingerprint } from "./payloads.js";
import { completeCheckRun, createCheckRun, failCheckRun, type CreatedCheckRun } from "./publish/check-run.js";
import { existingComments, publishReview, type PublishOutcome } from "./publish/review.js";

export interface Log {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export type ReviewRequest =
  | {
      kind: "pull_request";
      owner: string;
      repo: string;
      pullNumber: number;
      headSha: string;
      baseSha: string;
      changedFiles?: number;
      /** The head lives in another repository. Unknown counts as a fork: AWS is then never asked automatically. */
      fromFork?: boolean;
    }
  | { kind: "merge_group"; owner: string; repo: string; headSha: string; baseSha: string };

export interface ReviewDeps {
  docsBaseUrl: string;
  log: Log;
}

export interface ReviewOutcome {
  status: "completed" | "failed";
  result?: ReviewResult;
  review?: PublishOutcome;
  /** Set when the check run was completed with an internal error. */
  error?: string;
}

/** The check run's external_id: the pull request number, or the merge group's base for a re-run. */
export function externalIdOf(request: ReviewRequest): string {
  return request.kind === "pull_request" ? String(request.pullNumber) : `merge_group:${request.baseSha}`;
}

export function startCheckRun(gh: GitHub, request: ReviewRequest): Promise<CreatedCheckRun> {
  return createCheckRun(gh, { owner: request.owner, repo: request.repo, headSha: request.headSha, externalId: externalIdOf(request) });
}

export async function runReview(gh: GitHub, request: ReviewRequest, run: CreatedCheckRun, deps: ReviewDeps): Promise<ReviewOutcome> {
  let result: ReviewResult;
  let fetched: FetchedChange;
  let loaded: LoadedConfig;
  try {
    ({ fetched, loaded, result } = await analyse(gh, request));
    await completeCheckRun(gh, run, {
      conclusion: result.conclusion,
      output: checkRunOutput(result, { docsBaseUrl: deps.docsBaseUrl, skipped: fetched.skipped, configInRepository: loaded.source === "repository" }),
      annotations: annotationsFor(result, { configInRepository: loaded.source === "repository" }),
    });
  } catch (error) {
    const reason = describeError(error);
    deps.log.error(`iam-review: review of ${request.owner}/${request.repo}@${request.headSha} failed: ${reason}`);
    try {
      await failCheckRun(gh, run, reason);
    } catch (failure) {
      // Retried and waited for already (publish/check-run.ts): nothing left to try in this process.
      deps.log.error(
        `iam-review: check run ${run.checkRunId} could not be completed and stays in_progress (${describeError(failure)}): comment /iam-review rerun on the pull request`,
      );
    }
    return { status: "failed", error: reason };
  }
  if (request.kind !== "pull_request") return { status: "completed", result };
  // The gate is decided; the review is information on top of it, so its failure does not change the check.
  const review = await publishFindings(gh, request, run, result, fetched, loaded.config, deps);
  return { status: "completed", result, review };
}

/** Configuration, change and engine: the analysis, without publishing anything. */
export async function analyse(gh: GitHub, request: ReviewRequest): Promise<{ fetched: FetchedChange; loaded: LoadedConfig; result: ReviewResult }> {
  const target = { owner: request.owner, repo: request.repo, headSha: request.headSha, baseSha: request.baseSha };
  const fetched =
    request.kind === "pull_request"
      ? await fetchPullRequestChange(gh, { ...target, pullNumber: request.pullNumber, changedFiles: request.changedFiles })
      : await fetchCommitRangeChange(gh, target);
  const noInput = fetched.change.base.size === 0 && fetched.change.head.size === 0;
  // A change without infrastructure files needs no configuration (and costs no request for it).
  const loaded: LoadedConfig = noInput ? { config: defaultConfig(), problems: [], source: "defaults" } : await loadConfig(gh, target);
  // The optional cross-check with AWS's simulator (DESIGN "The AWS cross-check"): only when the operator
  // enabled it, never automatically for a pull request from a fork; credentials from the default chain.
  const aws = loaded.config.aws_simulator.enabled
    ? { awsSimulator: createAwsSimulator({ region: loaded.config.aws_simulator.region }), fromFork: request.kind === "pull_request" ? request.fromFork !== false : false }
    : {};
  const result = await reviewWithFileTargets(fetched, loaded.config, loaded.problems, aws);
  return { fetched, loaded, result };
}

/** file() and templatefile() targets are known only once the files are parsed: read them, then review again. */
async function reviewWithFileTargets(
  fetched: FetchedChange,
  config: Config,
  configProblems: ConfigProblem[],
  aws: Pick<ReviewOptions, "awsSimulator" | "fromFork">,
): Promise<ReviewResult> {
  const extra: Record<Side, Map<string, string>> = { base: new Map(), head: new Map() };
  const tried: Record<Side, Set<string>> = { base: new Set(), head: new Set() };
  for (let round = 0; ; round++) {
    const missed: Record<Side, Set<string>> = { base: new Set(), head: new Set() };
    const reader = (side: Side) => (path: string) => {
      const text = extra[side].get(path);
      if (text === undefined && !tried[side].has(path)) missed[side].add(path);
      return text;
    };
    const change: ChangeSet = { ...fetched.change, readBase: reader("base"), readHead: reader("head") };
    const result = await reviewChange(change, { config, configProblems, catalogue, rules, ...aws });
    const pending = (["base", "head"] as const).filter((side) => missed[side].size > 0);
    // Targets cannot name further targets, so a second round settles it; the bound is a safety net.
    if (pending.length === 0 || round >= 2) return result;
    await Promise.all(
      pending.map(async (side) => {
        const paths = [...missed[side]];
        for (const path of paths) tried[side].add(path);
        for (const [path, text] of await fetched.readMore(side, paths)) extra[side].set(path, text);
      }),
    );
  }
}

async function publishFindings(
  gh: GitHub,
  request: Extract<ReviewRequest, { kind: "pull_request" }>,
  run: CreatedCheckRun,
  result: ReviewResult,
  fetched: FetchedChange,
  config: Config,
  deps: ReviewDeps,
): Promise<PublishOutcome | undefined> {
  const target = { owner: request.owner, repo: request.repo, pullNumber: request.pullNumber, headSha: request.headSha };
  try {
    const existing = await existingComments(gh, target, run.identity);
    const plan = planComments(result, commentableLines(fetched.patches), {
      docsBaseUrl: deps.docsBaseUrl,
      commentOn: config.comment_on,
      alreadyPosted: new Set(existing.map((c) => c.fingerprint)),
    });
    const current = currentFingerprints(result);
    const stale = existing.filter((c) => !current.has(c.fingerprint));
    const outcome = await publishReview(gh, target, { identity: run.identity, plan, summary: result.summary, stale });
    if (outcome.status === "stale") deps.log.info(`iam-review: ${request.headSha} is no longer the head of #${request.pullNumber}: nothing posted`);
    return outcome;
  } catch (error) {
    deps.log.error(`iam-review: could not publish the review of #${request.pullNumber}: ${describeError(error)}`);
    return undefined;
  }
}

/** What our comments may still be about: active head findings and the suppressions the change adds. */
function currentFingerprints(result: ReviewResult): Set<string> {
  const current = new Set(result.findings.filter((f) => f.status !== "fixed" && !f.suppressed).map((f) => f.fingerprint));
  // Suppression comments are kept while the suppression is new in this pull request.
  for (const entry of result.newSuppressions) current.add(suppressionFingerprint(entry));
  return current;
}
