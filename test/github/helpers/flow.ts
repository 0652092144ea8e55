// Interceptors for the writes (and the reads around them) of one review, capturing every body.

import type nock from "nock";
import { capture } from "./probot.js";
import type { FakePr } from "./fake-pr.js";

export const CHECK_RUN_ID = 77;
export const BOT = { login: "iam-review[bot]", type: "Bot" };

export interface Captured {
  created: any[];
  updated: any[];
  reviews: any[];
  comments: any[];
  graphql: any[];
  replies: any[];
  reactions: any[];
}

export function captured(): Captured {
  return { created: [], updated: [], reviews: [], comments: [], graphql: [], replies: [], reactions: [] };
}

export function repoPath(pr: Pick<FakePr, "owner" | "repo">, rest: string): string {
  return `/repos/${pr.owner}/${pr.repo}${rest}`;
}

export function mockCheckRun(scope: nock.Scope, pr: Pick<FakePr, "owner" | "repo">, out: Captured, options: { updates?: number; id?: number } = {}): void {
  const id = options.id ?? CHECK_RUN_ID;
  scope
    .post(repoPath(pr, "/check-runs"), capture(out.created))
    .matchHeader("x-github-api-version", "2022-11-28")
    .reply(201, { id, app: { id: 123, slug: "iam-review" } });
  scope
    .patch(repoPath(pr, `/check-runs/${id}`), capture(out.updated))
    .times(options.updates ?? 1)
    .reply(200, { id });
}

export interface ExistingReviewComment {
  id: number;
  body: string;
  user?: { login: string; type: string };
}

/** The reads before the review and the review itself. `post: false`: nothing is expected to be posted. */
export function mockPublish(
  scope: nock.Scope,
  pr: FakePr,
  out: Captured,
  options: { existing?: ExistingReviewComment[]; headNow?: string; post?: boolean; headCheck?: boolean; reviews?: any[] } = {},
): void {
  const existing = (options.existing ?? []).map((c) => ({ node_id: `RC_${c.id}`, user: BOT, ...c }));
  scope.get(repoPath(pr, `/pulls/${pr.number}/comments`)).query({ per_page: 100 }).reply(200, existing);
  if (options.headCheck ?? options.post ?? true) {
    scope.get(repoPath(pr, `/pulls/${pr.number}`)).reply(200, { number: pr.number, head: { sha: options.headNow ?? pr.headSha }, base: { sha: pr.baseSha } });
  }
  if (options.post ?? true) {
    scope.get(repoPath(pr, `/pulls/${pr.number}/reviews`)).query({ per_page: 100 }).reply(200, options.reviews ?? []);
    scope.post(repoPath(pr, `/pulls/${pr.number}/reviews`), capture(out.reviews)).reply(200, { id: 1 });
  }
}
