// Replies and reactions on the pull request's conversation (answers to /iam-review commands).

import { writeOnce, type AppIdentity, type GitHub } from "../client.js";
import { BODY_LIMIT } from "../payloads.js";
import { isOurs } from "./markers.js";

export type Reaction = "eyes" | "rocket" | "confused";

/** GitHub keeps one reaction per user and content: repeating it is harmless, so it needs no look first. */
export async function react(gh: GitHub, target: { owner: string; repo: string; commentId: number }, content: Reaction): Promise<void> {
  await gh.rest.reactions.createForIssueComment({ owner: target.owner, repo: target.repo, comment_id: target.commentId, content });
}

export interface ReplyOnce {
  /** Who we are: only our own comments count as the reply already made. */
  identity: AppIdentity;
  /** When the command was written: the reply, if it was made, is newer. */
  since: string;
}

/**
 * Posts `body` on the conversation. With `once`, a reply whose answer was lost (a 5xx) is looked for — the
 * same text, by this App, since the command — before it is posted again.
 */
export async function reply(gh: GitHub, target: { owner: string; repo: string; issueNumber: number }, body: string, once?: ReplyOnce): Promise<void> {
  const text = body.length < BODY_LIMIT ? body : `${body.slice(0, BODY_LIMIT - 40)}\n\n…(cut to fit GitHub's limit)`;
  const post = async () => {
    await gh.rest.issues.createComment({ owner: target.owner, repo: target.repo, issue_number: target.issueNumber, body: text });
    return true as const;
  };
  if (!once) {
    await post();
    return;
  }
  await writeOnce(post, async () => {
    const comments: { body?: string; user: { login: string; type: string } | null; performed_via_github_app?: { id?: number } | null }[] =
      await gh.paginate(gh.rest.issues.listComments, { owner: target.owner, repo: target.repo, issue_number: target.issueNumber, since: once.since, per_page: 100 });
    return comments.some((c) => c.body === text && isOurs(c, once.identity)) || undefined;
  });
}
