// The pull-request review: one per analysed head SHA, event COMMENT (the check run is the gate, never the
// review), only comments GitHub has not seen yet, and only while the analysed SHA is still the head. Comments
// whose finding is gone are resolved (or minimised as outdated); nothing is ever deleted.

import type { AppIdentity, GitHub } from "../client.js";
import { httpStatus, writeOnce } from "../client.js";
import { reviewBody, type CommentPlan, type PlannedComment } from "../payloads.js";
import { fingerprintOf, hasReviewMarker, isOurs } from "./markers.js";

/** Threads resolved per run (DESIGN.md "Writes per review"); the rest wait for the next run. */
export const MAX_RESOLVED_PER_RUN = 20;

export interface ReviewTarget {
  owner: string;
  repo: string;
  pullNumber: number;
  headSha: string;
}

export interface ExistingComment {
  id: number;
  nodeId: string;
  fingerprint: string;
}

export interface PublishOutcome {
  status: "posted" | "nothing-to-post" | "already-posted" | "stale";
  posted: number;
  rejected: PlannedComment[];
  resolved: number;
}

type ReviewCommentData = {
  id: number;
  node_id: string;
  body: string;
  user: { login: string; type: string } | null;
};

/** Our earlier inline comments on the pull request, by the fingerprint in their marker. */
export async function existingComments(gh: GitHub, target: ReviewTarget, identity: AppIdentity): Promise<ExistingComment[]> {
  const comments: ReviewCommentData[] = await gh.paginate(gh.rest.pulls.listReviewComments, {
    owner: target.owner,
    repo: target.repo,
    pull_number: target.pullNumber,
    per_page: 100,
  });
  const ours: ExistingComment[] = [];
  for (const comment of comments) {
    const fingerprint = fingerprintOf(comment.body);
    if (fingerprint && isOurs(comment, identity)) ours.push({ id: comment.id, nodeId: comment.node_id, fingerprint });
  }
  return ours;
}

export interface PublishInput {
  identity: AppIdentity;
  plan: CommentPlan;
  /** One line for the review body. */
  summary: string;
  /** Our comments whose finding is no longer on the head. */
  stale: readonly ExistingComment[];
}

export async function publishReview(gh: GitHub, target: ReviewTarget, input: PublishInput): Promise<PublishOutcome> {
  const outcome: PublishOutcome = { status: "nothing-to-post", posted: 0, rejected: [], resolved: 0 };
  if (input.plan.comments.length === 0 && input.plan.overflow.length === 0 && input.stale.length === 0) return outcome;
  // A newer push makes this analysis stale: its lines may not exist in the new diff.
  const { data: pull } = await gh.rest.pulls.get({ owner: target.owner, repo: target.repo, pull_number: target.pullNumber });
  if (pull.head.sha !== target.headSha) return { ...outcome, status: "stale" };

  if (input.plan.comments.length > 0 || input.plan.overflow.length > 0) {
    if (await reviewPosted(gh, target, input.identity)) {
      outcome.status = "already-posted";
    } else {
      Object.assign(outcome, await createReview(gh, target, input), { status: "posted" });
    }
  }
  outcome.resolved = await resolveStale(gh, target, input.stale);
  return outcome;
}

/** Whether our review of this head SHA is on the pull request (its marker, in a review this App wrote). */
async function reviewPosted(gh: GitHub, target: ReviewTarget, identity: AppIdentity): Promise<true | undefined> {
  const reviews: { body: string | null; user: { login: string; type: string } | null }[] = await gh.paginate(gh.rest.pulls.listReviews, {
    owner: target.owner,
    repo: target.repo,
    pull_number: target.pullNumber,
    per_page: 100,
  });
  return reviews.some((r) => isOurs(r, identity) && hasReviewMarker(r.body, target.headSha)) || undefined;
}

async function createReview(gh: GitHub, target: ReviewTarget, input: PublishInput): Promise<Pick<PublishOutcome, "posted" | "rejected">> {
  const { comments, overflow } = input.plan;
  const body = (rejected: PlannedComment[], posted: number) =>
    reviewBody({ headSha: target.headSha, summary: input.summary, posted, overflow, rejected });
  // A review lost in a 5xx may still have been created: its marker says so before it is posted again.
  const reviewed = () => reviewPosted(gh, target, input.identity);
  // One COMMENT review on the analysed commit (never APPROVE), written at most once.
  const postReview = (text: string, inline: PlannedComment[]) =>
    writeOnce(async () => {
      await gh.rest.pulls.createReview({
        owner: target.owner,
        repo: target.repo,
        pull_number: target.pullNumber,
        commit_id: target.headSha,
        event: "COMMENT",
        body: text,
        ...(inline.length > 0 ? { comments: inline.map(commentPayload) } : {}),
      });
      return true as const;
    }, reviewed);
  try {
    await postReview(body([], comments.length), comments);
    return { posted: comments.length, rejected: [] };
  } catch (error) {
    if (httpStatus(error) !== 422 || comments.length === 0) throw error;
  }
  // GitHub refuses a whole review for one bad anchor without saying which: post one by one, keep what is
  // accepted, and list the refused ones in the review body instead of losing them.
  const rejected: PlannedComment[] = [];
  let posted = 0;
  for (const comment of comments) {
    try {
      await writeOnce(
        async () => {
          await gh.rest.pulls.createReviewComment({
            owner: target.owner,
            repo: target.repo,
            pull_number: target.pullNumber,
            commit_id: target.headSha,
            ...commentPayload(comment),
          });
          return true as const;
        },
        async () => (await existingComments(gh, target, input.identity)).some((c) => c.fingerprint === comment.fingerprint) || undefined,
      );
      posted++;
    } catch (error) {
      if (httpStatus(error) !== 422) throw error;
      rejected.push(comment);
    }
  }
  await postReview(body(rejected, posted), []);
  return { posted, rejected };
}

export function commentPayload(comment: PlannedComment): {
  path: string;
  body: string;
  line: number;
  side: "RIGHT";
  start_line?: number;
  start_side?: "RIGHT";
} {
  return {
    path: comment.path,
    body: comment.body,
    line: comment.line,
    side: "RIGHT",
    ...(comment.startLine !== undefined ? { start_line: comment.startLine, start_side: "RIGHT" as const } : {}),
  };
}

const THREADS = `query($owner: String!, $repo: String!, $number: Int!, $cursor: String) {
  repository(owner: $owner, name: $repo) {
    pullRequest(number: $number) {
      reviewThreads(first: 100, after: $cursor) {
        pageInfo { hasNextPage endCursor }
        nodes { id isResolved comments(first: 1) { totalCount nodes { databaseId } } }
      }
    }
  }
}`;

interface ThreadsPage {
  repository: {
    pullRequest: {
      reviewThreads: {
        pageInfo: { hasNextPage: boolean; endCursor: string | null };
        nodes: { id: string; isResolved: boolean; comments: { totalCount: number; nodes: { databaseId: number | null }[] } }[];
      };
    } | null;
  } | null;
}

/**
 * Resolves the threads our stale comments started. When resolving is not allowed, a comment nobody replied
 * to is minimised as outdated instead; a thread with a human reply is left as it is.
 */
async function resolveStale(gh: GitHub, target: ReviewTarget, stale: readonly ExistingComment[]): Promise<number> {
  if (stale.length === 0) return 0;
  const staleById = new Map(stale.map((c) => [c.id, c]));
  const open: { threadId: string; comment: ExistingComment; replies: number }[] = [];
  let cursor: string | null = null;
  do {
    const page: ThreadsPage = await gh.graphql<ThreadsPage>(THREADS, { owner: target.owner, repo: target.repo, number: target.pullNumber, cursor });
    const threads = page.repository?.pullRequest?.reviewThreads;
    if (!threads) break;
    for (const thread of threads.nodes) {
      const first = thread.comments.nodes[0]?.databaseId;
      const comment = first === null || first === undefined ? undefined : staleById.get(first);
      if (comment && !thread.isResolved) open.push({ threadId: thread.id, comment, replies: thread.comments.totalCount - 1 });
    }
    cursor = threads.pageInfo.hasNextPage ? threads.pageInfo.endCursor : null;
  } while (cursor);
  let resolved = 0;
  for (const thread of open.slice(0, MAX_RESOLVED_PER_RUN)) {
    try {
      await gh.graphql(`mutation($id: ID!) { resolveReviewThread(input: { threadId: $id }) { thread { id } } }`, { id: thread.threadId });
      resolved++;
    } catch {
      if (thread.replies > 0) continue;
      await gh.graphql(`mutation($id: ID!) { minimizeComment(input: { subjectId: $id, classifier: OUTDATED }) { minimizedComment { isMinimized } } }`, {
        id: thread.comment.nodeId,
      });
      resolved++;
    }
  }
  return resolved;
}
