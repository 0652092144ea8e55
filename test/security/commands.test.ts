// Who may command the App: write, maintain or admin on the repository, by the collaborator-permission API —
// never by author_association, which a commenter's payload carries but which says nothing about rights on
// this repository. Bots and the App itself are not listened to at all.

import nock from "nock";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { fixturePr } from "../github/helpers/fake-pr.js";
import { captured, repoPath } from "../github/helpers/flow.js";
import { APP_ID, capture, example, github, testProbot } from "../github/helpers/probot.js";

const pr = fixturePr("new-finding");
const COMMENT_ID = 4242;

function command(login: string, overrides: { senderType?: string; viaApp?: number; association?: string } = {}): any {
  const payload = example("issue_comment", "created");
  payload.issue.number = pr.number;
  payload.issue.state = "open";
  payload.issue.pull_request = { url: "", html_url: "", diff_url: "", patch_url: "", merged_at: null };
  payload.comment.id = COMMENT_ID;
  payload.comment.body = "/iam-review help";
  payload.comment.user.login = login;
  payload.comment.user.type = overrides.senderType ?? "User";
  payload.comment.author_association = overrides.association ?? "CONTRIBUTOR";
  payload.comment.performed_via_github_app = overrides.viaApp === undefined ? null : { id: overrides.viaApp, slug: "app", name: "app" };
  payload.sender.login = login;
  payload.sender.type = overrides.senderType ?? "User";
  return payload;
}

beforeEach(() => nock.disableNetConnect());
afterEach(() => {
  nock.cleanAll();
  nock.enableNetConnect();
});

let delivery = 0;

describe("command authorisation", () => {
  // What GitHub's API answers for each repository role: `permission` folds maintain into write and triage
  // into read; `role_name` names the role.
  it.each([
    ["read", { permission: "read", role_name: "read" }, false],
    ["triage", { permission: "read", role_name: "triage" }, false],
    ["write", { permission: "write", role_name: "write" }, true],
    ["maintain", { permission: "write", role_name: "maintain" }, true],
    ["admin", { permission: "admin", role_name: "admin" }, true],
    ["none", { permission: "none", role_name: "none" }, false],
  ])("%s (GitHub answers %o)", async (role, answer, allowed) => {
    const probot = await testProbot();
    const out = captured();
    const scope = github();
    scope.post(repoPath(pr, `/issues/comments/${COMMENT_ID}/reactions`), capture(out.reactions)).times(2).reply(201, {});
    scope.get(repoPath(pr, `/collaborators/${role}-user/permission`)).reply(200, { ...answer, user: { login: `${role}-user` } });
    scope.post(repoPath(pr, `/issues/${pr.number}/comments`), capture(out.replies)).reply(201, { id: 1 });
    // An OWNER author_association does not count: only the permission API does.
    await probot.receive({ id: `auth-${++delivery}`, name: "issue_comment", payload: command(`${role}-user`, { association: "OWNER" }) });
    expect(scope.pendingMocks()).toEqual([]);
    expect(out.reactions.map((r) => r.content)).toEqual(["eyes", allowed ? "rocket" : "confused"]);
    if (allowed) expect(out.replies[0].body).toContain("**iam-review commands**");
    else expect(out.replies[0].body).toBe(`🔒 @${role}-user, iam-review commands can only be run by users with write, maintain or admin permission on this repository.`);
  });

  it("not a collaborator at all (404): refused", async () => {
    const probot = await testProbot();
    const out = captured();
    const scope = github();
    scope.post(repoPath(pr, `/issues/comments/${COMMENT_ID}/reactions`), capture(out.reactions)).times(2).reply(201, {});
    scope.get(repoPath(pr, "/collaborators/stranger/permission")).reply(404, { message: "Not Found" });
    scope.post(repoPath(pr, `/issues/${pr.number}/comments`), capture(out.replies)).reply(201, { id: 1 });
    await probot.receive({ id: `auth-${++delivery}`, name: "issue_comment", payload: command("stranger") });
    expect(scope.pendingMocks()).toEqual([]);
    expect(out.reactions.map((r) => r.content)).toEqual(["eyes", "confused"]);
    expect(out.replies[0].body).toContain("can only be run by users with write, maintain or admin permission");
  });

  it.each([
    ["a bot account", command("dependabot[bot]", { senderType: "Bot" })],
    ["the App itself (performed_via_github_app)", command("iam-review[bot]", { viaApp: APP_ID })],
    ["the App's own comment, whatever its author looks like", command("someone", { viaApp: APP_ID })],
  ])("%s: ignored — no reaction, no permission lookup, no reply", async (_, payload) => {
    const probot = await testProbot();
    // disableNetConnect and no interceptor: any request would fail the receive.
    await probot.receive({ id: `auth-${++delivery}`, name: "issue_comment", payload });
    expect(nock.pendingMocks()).toEqual([]);
  });
});
