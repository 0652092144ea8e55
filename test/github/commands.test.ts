// `/iam-review …` comments: real issue_comment.created payloads made into pull-request comments, authorised
// with the collaborator-permission API, acknowledged and answered; bots and non-commands are ignored.

import nock from "nock";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { fixturePr, mockReads, type FakePr } from "./helpers/fake-pr.js";
import { captured, mockCheckRun, mockPublish, repoPath, type Captured } from "./helpers/flow.js";
import { capture, example, github, testProbot } from "./helpers/probot.js";
import type { SimulateCommand } from "../../src/github/commands/simulate.js";

const COMMENT_ID = 492700400;

function commentPayload(body: string, pr: FakePr): any {
  const payload = example("issue_comment", "created");
  payload.issue.number = pr.number;
  payload.issue.pull_request = {
    url: `https://api.github.com/repos/${pr.owner}/${pr.repo}/pulls/${pr.number}`,
    html_url: `https://github.com/${pr.owner}/${pr.repo}/pull/${pr.number}`,
    diff_url: `https://github.com/${pr.owner}/${pr.repo}/pull/${pr.number}.diff`,
    patch_url: `https://github.com/${pr.owner}/${pr.repo}/pull/${pr.number}.patch`,
    merged_at: null,
  };
  payload.comment.body = body;
  return payload;
}

function mockCommand(scope: nock.Scope, pr: FakePr, out: Captured, permission: { permission: string; role_name: string } | 404, reactions: string[]): void {
  for (const _ of reactions) scope.post(repoPath(pr, `/issues/comments/${COMMENT_ID}/reactions`), capture(out.reactions)).reply(201, {});
  const path = repoPath(pr, "/collaborators/Codertocat/permission");
  if (permission === 404) scope.get(path).reply(404, { message: "Not Found" });
  else scope.get(path).reply(200, { ...permission, user: { login: "Codertocat" } });
}

function mockReply(scope: nock.Scope, pr: FakePr, out: Captured): void {
  scope.post(repoPath(pr, `/issues/${pr.number}/comments`), capture(out.replies)).reply(201, { id: 1 });
}

function mockPull(scope: nock.Scope, pr: FakePr): void {
  scope.get(repoPath(pr, `/pulls/${pr.number}`)).reply(200, { number: pr.number, head: { sha: pr.headSha }, base: { sha: pr.baseSha }, changed_files: 1 });
}

const WRITE = { permission: "write", role_name: "write" };

beforeEach(() => nock.disableNetConnect());
afterEach(() => {
  nock.cleanAll();
  nock.enableNetConnect();
});

describe("comment commands", () => {
  it("a read-only user is refused with a reply that says why", async () => {
    const probot = await testProbot();
    const pr = fixturePr("new-finding");
    const out = captured();
    const scope = github();
    mockCommand(scope, pr, out, { permission: "read", role_name: "triage" }, ["eyes", "confused"]);
    mockReply(scope, pr, out);
    await probot.receive({ id: "1", name: "issue_comment", payload: commentPayload("/iam-review rerun", pr) });
    expect(scope.pendingMocks()).toEqual([]);
    expect(out.reactions).toEqual([{ content: "eyes" }, { content: "confused" }]);
    expect(out.replies).toEqual([
      { body: "🔒 @Codertocat, iam-review commands can only be run by users with write, maintain or admin permission on this repository." },
    ]);
  });

  it("someone who is not a collaborator at all is refused too", async () => {
    const probot = await testProbot();
    const pr = fixturePr("new-finding");
    const out = captured();
    const scope = github();
    mockCommand(scope, pr, out, 404, ["eyes", "confused"]);
    mockReply(scope, pr, out);
    await probot.receive({ id: "1", name: "issue_comment", payload: commentPayload("/iam-review help", pr) });
    expect(scope.pendingMocks()).toEqual([]);
    expect(out.replies[0].body).toContain("write, maintain or admin");
  });

  it("bots, the App itself, issues and ordinary comments are ignored without a request", async () => {
    const probot = await testProbot();
    const pr = fixturePr("new-finding");
    const bot = commentPayload("/iam-review rerun", pr);
    bot.sender.type = "Bot";
    await probot.receive({ id: "1", name: "issue_comment", payload: bot });
    const ours = commentPayload("/iam-review rerun", pr);
    ours.comment.performed_via_github_app = { id: 123 };
    await probot.receive({ id: "2", name: "issue_comment", payload: ours });
    const issue = commentPayload("/iam-review rerun", pr);
    delete issue.issue.pull_request;
    await probot.receive({ id: "3", name: "issue_comment", payload: issue });
    await probot.receive({ id: "4", name: "issue_comment", payload: commentPayload("LGTM, and /iam-review rerun later", pr) });
    // nock.disableNetConnect(): any request would have failed the receive.
    expect(nock.pendingMocks()).toEqual([]);
  });

  it("a malformed command from a writer gets the reason and the help", async () => {
    const probot = await testProbot();
    const pr = fixturePr("new-finding");
    const out = captured();
    const scope = github();
    mockCommand(scope, pr, out, WRITE, ["eyes", "confused"]);
    mockReply(scope, pr, out);
    await probot.receive({ id: "1", name: "issue_comment", payload: commentPayload("/iam-review simulate s3:GetObject on", pr) });
    expect(scope.pendingMocks()).toEqual([]);
    expect(out.replies[0].body).toMatch(/^😕 I did not understand that command: `on` needs a value\.\n\n\*\*iam-review commands\*\*/);
  });

  it("help answers with the grammar and a rocket (maintain counts as write)", async () => {
    const probot = await testProbot();
    const pr = fixturePr("new-finding");
    const out = captured();
    const scope = github();
    mockCommand(scope, pr, out, { permission: "write", role_name: "maintain" }, ["eyes", "rocket"]);
    mockReply(scope, pr, out);
    await probot.receive({ id: "1", name: "issue_comment", payload: commentPayload("/iam-review help", pr) });
    expect(scope.pendingMocks()).toEqual([]);
    expect(out.reactions).toEqual([{ content: "eyes" }, { content: "rocket" }]);
    expect(out.replies[0].body).toContain("/iam-review simulate ACTION [on RESOURCE] [as ADDRESS] [with KEY=VALUE ...]");
  });

  it("rerun reviews the pull request's current head again: a new check run, no repeated comment", async () => {
    const probot = await testProbot();
    const pr = fixturePr("new-finding");
    const out = captured();
    const scope = github();
    mockCommand(scope, pr, out, { permission: "admin", role_name: "admin" }, ["eyes", "rocket"]);
    mockPull(scope, pr);
    mockCheckRun(scope, pr, out);
    mockReads(scope, pr);
    mockPublish(scope, pr, out, { post: false, headCheck: false, existing: [{ id: 5, body: "x\n<!-- iam-review:fp=07dfb5515d4e7c185dbc92df2244afd6 -->" }] });
    await probot.receive({ id: "1", name: "issue_comment", payload: commentPayload("  /iam-review RERUN  ", pr) });
    expect(scope.pendingMocks()).toEqual([]);
    expect(out.created).toEqual([{ name: "iam-review", head_sha: pr.headSha, status: "in_progress", external_id: "2" }]);
    expect(out.updated[0]).toMatchObject({ status: "completed", conclusion: "failure" });
    expect(out.reviews).toEqual([]);
    expect(out.reactions).toEqual([{ content: "eyes" }, { content: "rocket" }]);
  });

  it("simulate answers with the decision, the deciding statements linked to their lines, and the explanation", async () => {
    const asked: unknown[] = [];
    const simulate: SimulateCommand = async (head, request) => {
      asked.push({ files: [...head.files.keys()], request });
      return {
        decision: "allowed",
        matched: [{ effect: "Allow", policy: "aws_iam_policy.reader#policy", sid: "ReadReports", path: "infra/iam.tf", line: 6 }],
        explanation: ["Allowed: statement ReadReports of aws_iam_policy.reader#policy allows s3:GetObject."],
        principal: "aws_iam_role.reader",
      };
    };
    const probot = await testProbot({ simulate });
    const pr = fixturePr("new-finding");
    const out = captured();
    const scope = github();
    mockCommand(scope, pr, out, WRITE, ["eyes", "rocket"]);
    mockPull(scope, pr);
    mockReads(scope, pr);
    mockReply(scope, pr, out);
    const body = "/iam-review simulate s3:GetObject on arn:aws:s3:::reports/a.csv as aws_iam_role.reader with aws:SourceIp=10.0.0.1 aws:SourceIp=10.0.0.2";
    await probot.receive({ id: "1", name: "issue_comment", payload: commentPayload(body, pr) });
    expect(scope.pendingMocks()).toEqual([]);
    expect(asked).toEqual([
      {
        files: ["infra/iam.tf"],
        request: {
          action: "s3:GetObject",
          resource: "arn:aws:s3:::reports/a.csv",
          principal: "aws_iam_role.reader",
          context: { "aws:SourceIp": ["10.0.0.1", "10.0.0.2"] },
        },
      },
    ]);
    expect(out.replies).toEqual([
      {
        body: [
          "✅ **Allowed**: `s3:GetObject` on `arn:aws:s3:::reports/a.csv` as `aws_iam_role.reader` with `aws:SourceIp=10.0.0.1,10.0.0.2` (at ec26c3e)",
          "",
          "Deciding statements:",
          `- [Allow \`ReadReports\` in \`aws_iam_policy.reader#policy\`](https://github.com/Codertocat/Hello-World/blob/${pr.headSha}/infra/iam.tf#L6)`,
          "",
          "> Allowed: statement ReadReports of aws_iam_policy.reader#policy allows s3:GetObject.",
          "",
        ].join("\n"),
      },
    ]);
  });

  it("simulate with the engine: a role of the pull request, and an address that is not one", async () => {
    const pr = fixturePr("trust-widened");
    for (const [body, reaction] of [
      ["/iam-review simulate s3:GetObject as DeployRole", "rocket"],
      ["/iam-review simulate s3:GetObject as NoSuchRole", "confused"],
    ]) {
      // A fresh instance: the installation token is cached per instance.
      const probot = await testProbot();
      const out = captured();
      const scope = github();
      mockCommand(scope, pr, out, WRITE, ["eyes", reaction]);
      mockPull(scope, pr);
      mockReads(scope, pr);
      mockReply(scope, pr, out);
      await probot.receive({ id: "1", name: "issue_comment", payload: commentPayload(body, pr) });
      expect(scope.pendingMocks()).toEqual([]);
      if (reaction === "rocket") expect(out.replies[0].body).toMatch(/^🚫 \*\*Denied\*\* \(no statement allows it\): `s3:GetObject` on any resource as `DeployRole`/);
      else expect(out.replies[0].body).toMatch(/^😕 iam-review could not simulate that: /);
    }
  });

  it("a command on a closed pull request is answered, not run", async () => {
    const probot = await testProbot();
    const pr = fixturePr("new-finding");
    const out = captured();
    const scope = github();
    mockCommand(scope, pr, out, WRITE, ["eyes", "confused"]);
    mockReply(scope, pr, out);
    const payload = commentPayload("/iam-review rerun", pr);
    payload.issue.state = "closed";
    await probot.receive({ id: "1", name: "issue_comment", payload });
    expect(scope.pendingMocks()).toEqual([]);
    expect(out.replies[0].body).toContain("closed");
  });
});
