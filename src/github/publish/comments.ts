// Replies and reactions on the pull request's conversation (answers to /iam-review commands).

import type { GitHub } from "../client.js";
import { BODY_LIMIT } from "../payloads.js";

export type Reaction = "eyes" | "rocket" | "confused";

export async function react(gh: GitHub, target: { owner: string; repo: string; commentId: number }, content: Reaction): Promise<void> {
  await gh.rest.reactions.createForIssueComment({ owner: target.owner, repo: target.repo, comment_id: target.commentId, content });
}

export async function reply(gh: GitHub, target: { owner: string; repo: string; issueNumber: number }, body: string): Promise<void> {
  const text = body.length < BODY_LIMIT ? body : `${body.slice(0, BODY_LIMIT - 40)}\n\n…(cut to fit GitHub's limit)`;
  await gh.rest.issues.createComment({ owner: target.owner, repo: target.repo, issue_number: target.issueNumber, body: text });
}
