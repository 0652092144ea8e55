// The pull_request handler end to end against nock: real webhook payloads, the exact check-run, annotation
// and review payloads, and no request more or less than expected (pendingMocks() empty).

import { readFileSync } from "node:fs";
import { join } from "node:path";
import nock from "nock";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { fixturePr, mockReads, type FakePr } from "./helpers/fake-pr.js";
import { BOT, captured, mockCheckRun, mockPublish, repoPath } from "./helpers/flow.js";
import { capture, example, github, testProbot } from "./helpers/probot.js";

const RERUN = { label: "Re-run simulation", description: "Review and simulate this commit again", identifier: "rerun" };
const FP_TYPO = "07dfb5515d4e7c185dbc92df2244afd6";
const fixtureDir = join(import.meta.dirname, "../fixtures/prs");

function openedPayload(pr: FakePr, action = "opened"): any {
  const payload = example("pull_request", action);
  payload.pull_request.base.sha = pr.baseSha;
  payload.pull_request.head.sha = pr.headSha;
  return payload;
}

beforeEach(() => nock.disableNetConnect());
afterEach(() => {
  nock.cleanAll();
  nock.enableNetConnect();
});

describe("pull_request", () => {
  it("a bad policy: in_progress check, failing completion with the engine's summary and an annotation, one review with an inline comment", async () => {
    const probot = await testProbot();
    const pr = fixturePr("new-finding");
    const out = captured();
    const scope = github();
    mockCheckRun(scope, pr, out);
    mockReads(scope, pr);
    mockPublish(scope, pr, out);
    await probot.receive({ id: "1", name: "pull_request", payload: openedPayload(pr) });
    expect(scope.pendingMocks()).toEqual([]);

    expect(out.created).toEqual([{ name: "iam-review", head_sha: pr.headSha, status: "in_progress", external_id: "2" }]);
    expect(out.updated).toEqual([
      {
        status: "completed",
        conclusion: "failure",
        output: {
          title: "1 new finding at or above error.",
          summary: readFileSync(join(fixtureDir, "new-finding/expected/summary.md"), "utf8"),
          annotations: [
            {
              path: "infra/iam.tf",
              start_line: 9,
              end_line: 9,
              start_column: 19,
              end_column: 33,
              annotation_level: "failure",
              title: "IAM003 unknown-action",
              message: "`s3:GetObjcet` is not an action of Amazon S3; did you mean `s3:GetObject`?",
            },
          ],
        },
        actions: [RERUN],
      },
    ]);
    expect(out.reviews).toEqual([
      {
        commit_id: pr.headSha,
        event: "COMMENT",
        body: `<!-- iam-review:review head=${pr.headSha} -->\n**iam-review**: 1 new finding at or above error. 1 inline comment; the full report is in the \`iam-review\` check run.`,
        comments: [
          {
            path: "infra/iam.tf",
            line: 9,
            side: "RIGHT",
            body: [
              "🔴 **IAM003 unknown-action** (error)",
              "",
              "`s3:GetObjcet` is not an action of Amazon S3; did you mean `s3:GetObject`?",
              "",
              "[About IAM003](https://github.com/iam-review/iam-review/blob/main/docs/rules/IAM003.md)",
              `<!-- iam-review:fp=${FP_TYPO} -->`,
            ].join("\n"),
          },
        ],
      },
    ]);
  });

  it("a docs-only change: success without reading any file, configuration or review", async () => {
    const probot = await testProbot();
    const pr = fixturePr("docs-only");
    const out = captured();
    const scope = github();
    mockCheckRun(scope, pr, out);
    mockReads(scope, pr);
    mockPublish(scope, pr, out, { post: false });
    await probot.receive({ id: "1", name: "pull_request", payload: openedPayload(pr, "synchronize") });
    expect(scope.pendingMocks()).toEqual([]);
    expect(out.updated).toEqual([
      {
        status: "completed",
        conclusion: "success",
        output: { title: "No infrastructure files changed.", summary: "✅ **iam-review passed**: No infrastructure files changed.\n" },
        actions: [RERUN],
      },
    ]);
  });

  it("a re-run: no comment repeated, and the thread of a fixed finding is resolved — only ours", async () => {
    const probot = await testProbot();
    const pr = fixturePr("new-finding");
    const out = captured();
    const scope = github();
    mockCheckRun(scope, pr, out);
    mockReads(scope, pr);
    mockPublish(scope, pr, out, {
      post: false,
      headCheck: true,
      existing: [
        { id: 11, body: `already said\n<!-- iam-review:fp=${FP_TYPO} -->` },
        { id: 12, body: "a finding since fixed\n<!-- iam-review:fp=0123456789abcdef0123456789abcdef -->" },
        // Someone else's comment with our marker: never touched.
        { id: 13, body: "<!-- iam-review:fp=fedcba9876543210fedcba9876543210 -->", user: { login: "mallory", type: "User" } },
      ],
    });
    const threads = {
      data: {
        repository: {
          pullRequest: {
            reviewThreads: {
              pageInfo: { hasNextPage: false, endCursor: null },
              nodes: [
                { id: "T11", isResolved: false, comments: { totalCount: 1, nodes: [{ databaseId: 11 }] } },
                { id: "T12", isResolved: false, comments: { totalCount: 2, nodes: [{ databaseId: 12 }] } },
                { id: "T13", isResolved: false, comments: { totalCount: 1, nodes: [{ databaseId: 13 }] } },
              ],
            },
          },
        },
      },
    };
    scope.post("/graphql", capture(out.graphql)).reply(200, threads);
    scope.post("/graphql", capture(out.graphql)).reply(200, { data: { resolveReviewThread: { thread: { id: "T12" } } } });
    await probot.receive({ id: "2", name: "pull_request", payload: openedPayload(pr, "synchronize") });
    expect(scope.pendingMocks()).toEqual([]);
    expect(out.reviews).toEqual([]);
    expect(out.graphql).toHaveLength(2);
    expect(out.graphql[0].variables).toEqual({ owner: "Codertocat", repo: "Hello-World", number: 2, cursor: null });
    expect(out.graphql[1].query).toContain("resolveReviewThread");
    expect(out.graphql[1].variables).toEqual({ id: "T12" });
  });

  it("a thread GitHub does not let us resolve is minimised as outdated when nobody replied", async () => {
    const probot = await testProbot();
    const pr = fixturePr("fixed-finding");
    const out = captured();
    const scope = github();
    mockCheckRun(scope, pr, out);
    mockReads(scope, pr);
    mockPublish(scope, pr, out, { post: false, headCheck: true, existing: [{ id: 21, body: `old\n<!-- iam-review:fp=${FP_TYPO} -->` }] });
    scope.post("/graphql", capture(out.graphql)).reply(200, {
      data: { repository: { pullRequest: { reviewThreads: { pageInfo: { hasNextPage: false, endCursor: null }, nodes: [{ id: "T21", isResolved: false, comments: { totalCount: 1, nodes: [{ databaseId: 21 }] } }] } } } },
    });
    scope.post("/graphql", capture(out.graphql)).reply(200, { errors: [{ type: "FORBIDDEN", message: "Resource not accessible by integration" }] });
    scope.post("/graphql", capture(out.graphql)).reply(200, { data: { minimizeComment: { minimizedComment: { isMinimized: true } } } });
    await probot.receive({ id: "3", name: "pull_request", payload: openedPayload(pr, "synchronize") });
    expect(scope.pendingMocks()).toEqual([]);
    expect(out.updated[0].conclusion).toBe("success");
    expect(out.graphql[2].query).toContain("minimizeComment");
    expect(out.graphql[2].query).toContain("OUTDATED");
    expect(out.graphql[2].variables).toEqual({ id: "RC_21" });
  });

  it("a review already posted for this head (another replica, a retried POST) is not posted again", async () => {
    const probot = await testProbot();
    const pr = fixturePr("new-finding");
    const out = captured();
    const scope = github();
    mockCheckRun(scope, pr, out);
    mockReads(scope, pr);
    scope.get(repoPath(pr, "/pulls/2/comments")).query({ per_page: 100 }).reply(200, []);
    scope.get(repoPath(pr, "/pulls/2")).reply(200, { head: { sha: pr.headSha } });
    scope
      .get(repoPath(pr, "/pulls/2/reviews"))
      .query({ per_page: 100 })
      .reply(200, [{ id: 5, user: BOT, body: `<!-- iam-review:review head=${pr.headSha} -->` }]);
    await probot.receive({ id: "4", name: "pull_request", payload: openedPayload(pr) });
    expect(scope.pendingMocks()).toEqual([]);
  });

  it("a stale run (the head moved on) completes its check run but posts nothing", async () => {
    const probot = await testProbot();
    const pr = fixturePr("new-finding");
    const out = captured();
    const scope = github();
    mockCheckRun(scope, pr, out);
    mockReads(scope, pr);
    mockPublish(scope, pr, out, { post: false, headCheck: true, headNow: "f".repeat(40) });
    await probot.receive({ id: "5", name: "pull_request", payload: openedPayload(pr) });
    expect(scope.pendingMocks()).toEqual([]);
    expect(out.updated[0].conclusion).toBe("failure");
    expect(out.reviews).toEqual([]);
  });

  it("a 422 on the review: the accepted comments are posted one by one, the refused one moves to the review body", async () => {
    const probot = await testProbot();
    const fixture = fixturePr("new-finding");
    const twice = (text: string) => `${text}\n${text.replace(/reader/g, "writer").replace("ReadReports", "WriteReports")}`;
    const pr: FakePr = {
      ...fixture,
      base: new Map([["infra/iam.tf", twice(fixture.base.get("infra/iam.tf") as string)]]),
      head: new Map([["infra/iam.tf", twice(fixture.head.get("infra/iam.tf") as string)]]),
    };
    const out = captured();
    const scope = github();
    mockCheckRun(scope, pr, out);
    mockReads(scope, pr);
    scope.get(repoPath(pr, "/pulls/2/comments")).query({ per_page: 100 }).reply(200, []);
    scope.get(repoPath(pr, "/pulls/2")).reply(200, { head: { sha: pr.headSha } });
    scope.get(repoPath(pr, "/pulls/2/reviews")).query({ per_page: 100 }).reply(200, []);
    scope.post(repoPath(pr, "/pulls/2/reviews"), capture(out.reviews)).reply(422, { message: "Unprocessable Entity", errors: ["Line could not be resolved"] });
    scope.post(repoPath(pr, "/pulls/2/comments"), capture(out.comments)).reply(201, { id: 1 });
    scope.post(repoPath(pr, "/pulls/2/comments"), capture(out.comments)).reply(422, { message: "Pull request review thread line must be part of the diff" });
    scope.post(repoPath(pr, "/pulls/2/reviews"), capture(out.reviews)).reply(200, { id: 2 });
    await probot.receive({ id: "6", name: "pull_request", payload: openedPayload(pr) });
    expect(scope.pendingMocks()).toEqual([]);
    const first = out.reviews[0].comments;
    expect(first).toHaveLength(2);
    expect(out.comments).toEqual(first.map((c: object) => ({ commit_id: pr.headSha, ...c })));
    expect(out.reviews[1]).toEqual({
      commit_id: pr.headSha,
      event: "COMMENT",
      body: expect.stringContaining("GitHub did not accept these comments on their lines"),
    });
    expect(out.reviews[1].body).toContain(`\`infra/iam.tf\` line ${first[1].line}: IAM003`);
    expect(out.reviews[1].body).toContain("1 inline comment;");
  });

  it("more than 50 annotations go in batches of 50, the last with the completion; at most 30 inline comments", async () => {
    const probot = await testProbot();
    // The shape of the new-finding fixture (whose findings the engine's snapshot pins), 55 times over.
    const fixture = fixturePr("new-finding").head.get("infra/iam.tf") as string;
    const policy = (i: number, action: string) => fixture.replace(/reader/g, `reader${i}`).replace("ReadReports", `Read${i}`).replace("s3:GetObjcet", action);
    const range = Array.from({ length: 55 }, (_, i) => i);
    const pr: FakePr = {
      ...fixturePr("new-finding"),
      base: new Map([["infra/iam.tf", range.map((i) => policy(i, "s3:GetObject")).join("\n")]]),
      head: new Map([["infra/iam.tf", range.map((i) => policy(i, "s3:GetObjcet")).join("\n")]]),
    };
    const out = captured();
    const scope = github();
    mockCheckRun(scope, pr, out, { updates: 2 });
    mockReads(scope, pr);
    mockPublish(scope, pr, out);
    await probot.receive({ id: "7", name: "pull_request", payload: openedPayload(pr) });
    expect(scope.pendingMocks()).toEqual([]);
    const typos = (u: any) => u.output.annotations.filter((a: any) => a.title === "IAM003 unknown-action").length;
    expect(out.updated[0].status).toBeUndefined();
    expect(out.updated[0].output.annotations).toHaveLength(50);
    expect(out.updated[0].output.title).toBe(out.updated[1].output.title);
    expect(out.updated[1]).toMatchObject({ status: "completed", conclusion: "failure" });
    expect(typos(out.updated[0]) + typos(out.updated[1])).toBe(55);
    expect(out.reviews[0].comments).toHaveLength(30);
    expect(out.reviews[0].body).toContain("Not commented inline (at most 30 comments per review)");
  });

  it("an invalid configuration on the base: the defaults apply, and the check run points at the configuration lines", async () => {
    const probot = await testProbot();
    const pr = fixturePr("invalid-config", { config: readFileSync(join(fixtureDir, "invalid-config/config.yml"), "utf8") });
    const out = captured();
    const scope = github();
    mockCheckRun(scope, pr, out);
    mockReads(scope, pr);
    mockPublish(scope, pr, out);
    await probot.receive({ id: "8", name: "pull_request", payload: openedPayload(pr) });
    expect(scope.pendingMocks()).toEqual([]);
    expect(out.updated[0].conclusion).toBe("failure");
    expect(out.updated[0].output.summary).toBe(readFileSync(join(fixtureDir, "invalid-config/expected/summary.md"), "utf8"));
    expect(out.updated[0].output.annotations.filter((a: any) => a.path === ".github/iam-review.yml")).toEqual([
      {
        path: ".github/iam-review.yml",
        start_line: 1,
        end_line: 1,
        annotation_level: "warning",
        title: "Invalid iam-review configuration: the default applies",
        message: 'fail_on: Invalid option: expected one of "error"|"warning"|"notice"|"never"',
      },
      {
        path: ".github/iam-review.yml",
        start_line: 3,
        end_line: 3,
        annotation_level: "warning",
        title: "Invalid iam-review configuration: the default applies",
        message: "rules.IAM003: expected off, notice, warning, error or { severity, services } (Invalid input)",
      },
    ]);
  });

  it("the AWS cross-check, enabled on the base, never runs automatically for a pull request from a fork", async () => {
    const probot = await testProbot();
    const pr = fixturePr("new-finding", { config: "aws_simulator: { enabled: true, region: eu-west-1 }\n" });
    const out = captured();
    const scope = github();
    mockCheckRun(scope, pr, out);
    mockReads(scope, pr);
    mockPublish(scope, pr, out);
    const payload = openedPayload(pr);
    payload.pull_request.head.repo = { ...payload.pull_request.head.repo, full_name: "someone-else/Hello-World" };
    // No AWS interceptor: a request to AWS would fail, and the notice would say so instead.
    await probot.receive({ id: "aws-fork", name: "pull_request", payload });
    expect(scope.pendingMocks()).toEqual([]);
    expect(out.updated[0].conclusion).toBe("failure");
    expect(out.updated[0].output.summary).toContain("the AWS cross-check does not run automatically for a pull request from a fork");
  });

  it("an internal error completes the check run as failure with the reason — never left in progress", async () => {
    const probot = await testProbot();
    const pr = fixturePr("new-finding");
    const out = captured();
    const scope = github();
    mockCheckRun(scope, pr, out);
    scope.get(repoPath(pr, "/pulls/2/files")).query({ per_page: 100 }).reply(200, [{ filename: "infra/iam.tf", status: "modified", sha: "1".repeat(40) }]);
    // A read is tried three times (src/github/client.ts): the error persists.
    scope.get(repoPath(pr, `/compare/${pr.baseSha}...${pr.headSha}`)).query({ per_page: 1 }).times(3).reply(500, { message: "Server Error" });
    await probot.receive({ id: "9", name: "pull_request", payload: openedPayload(pr) });
    expect(scope.pendingMocks()).toEqual([]);
    expect(out.updated).toEqual([
      {
        status: "completed",
        conclusion: "failure",
        output: {
          title: "iam-review could not finish this review",
          summary: expect.stringContaining("iam-review could not review this change**: GitHub answered 500: Server Error"),
        },
        actions: [RERUN],
      },
    ]);
    expect(out.updated[0].output.summary).toContain("/iam-review rerun");
  });

  it("edited: reviewed only when the base branch changed", async () => {
    const probot = await testProbot();
    const pr = fixturePr("docs-only");
    const payload = openedPayload(pr, "opened");
    payload.action = "edited";
    payload.changes = { title: { from: "old title" } };
    // No interceptor at all: any request would fail the receive.
    await probot.receive({ id: "10", name: "pull_request", payload });

    const out = captured();
    const scope = github();
    mockCheckRun(scope, pr, out);
    mockReads(scope, pr);
    mockPublish(scope, pr, out, { post: false });
    payload.changes = { base: { ref: { from: "develop" }, sha: { from: "c".repeat(40) } } };
    await probot.receive({ id: "11", name: "pull_request", payload });
    expect(scope.pendingMocks()).toEqual([]);
    expect(out.updated[0].conclusion).toBe("success");
  });

  it("a fork pull request: everything is read from the base repository at the head SHA", async () => {
    const probot = await testProbot();
    const pr = fixturePr("new-finding");
    const payload = openedPayload(pr);
    payload.pull_request.head.repo = { ...payload.pull_request.head.repo, full_name: "mallory/Hello-World", owner: { login: "mallory" }, fork: true };
    payload.pull_request.head.ref = "feature";
    const out = captured();
    const scope = github();
    mockCheckRun(scope, pr, out);
    mockReads(scope, pr);
    mockPublish(scope, pr, out);
    await probot.receive({ id: "12", name: "pull_request", payload });
    expect(scope.pendingMocks()).toEqual([]);
    expect(out.reviews).toHaveLength(1);
  });
});

describe("the cost of a review", () => {
  it("a 20-file pull request: reads by kind, three writes", async () => {
    const probot = await testProbot();
    const fixture = fixturePr("new-finding").head.get("infra/iam.tf") as string;
    const policy = (name: string, action: string) => fixture.replace(/reader/g, name).replace("s3:GetObjcet", action);
    const base = new Map<string, string>();
    const head = new Map<string, string>();
    // 20 changed files in 4 modules, each module with 2 unchanged siblings.
    for (let d = 0; d < 4; d++) {
      for (let f = 0; f < 5; f++) {
        base.set(`mod${d}/f${f}.tf`, policy(`p${d}_${f}`, "s3:GetObject"));
        head.set(`mod${d}/f${f}.tf`, policy(`p${d}_${f}`, f === 0 && d === 0 ? "s3:GetObjcet" : "s3:GetObjectAcl"));
      }
      for (let s = 0; s < 2; s++) for (const tree of [base, head]) tree.set(`mod${d}/same${s}.tf`, policy(`s${d}_${s}`, "s3:GetObject"));
    }
    const pr: FakePr = { ...fixturePr("new-finding"), base, head, config: "fail_on: error\n" };
    const out = captured();
    const scope = github();
    const requests: string[] = [];
    scope.on("request", (req: any, interceptor: any) => requests.push(`${req.method} ${String(interceptor.path).replace(/[0-9a-f]{40}/g, "SHA").replace(/mod\d/g, "DIR")}`));
    mockCheckRun(scope, pr, out);
    mockReads(scope, pr);
    mockPublish(scope, pr, out);
    await probot.receive({ id: "20", name: "pull_request", payload: openedPayload(pr) });
    expect(scope.pendingMocks()).toEqual([]);
    const count = (kind: string) => requests.filter((r) => r.startsWith(kind)).length;
    expect({
      token: count("POST /app/installations"),
      checkCreate: count("POST /repos/Codertocat/Hello-World/check-runs"),
      listFiles: count("GET /repos/Codertocat/Hello-World/pulls/2/files"),
      compare: count("GET /repos/Codertocat/Hello-World/compare"),
      directoryListings: count("GET /repos/Codertocat/Hello-World/contents/DIR"),
      blobs: count("GET /repos/Codertocat/Hello-World/git/blobs"),
      config: count("GET /repos/Codertocat/Hello-World/contents/.github"),
      checkUpdate: count("PATCH"),
      listReviewComments: count("GET /repos/Codertocat/Hello-World/pulls/2/comments"),
      headCheck: requests.filter((r) => r === "GET /repos/Codertocat/Hello-World/pulls/2").length,
      listReviews: count("GET /repos/Codertocat/Hello-World/pulls/2/reviews"),
      createReview: count("POST /repos/Codertocat/Hello-World/pulls/2/reviews"),
      total: requests.length,
    }).toEqual({
      token: 1,
      checkCreate: 1,
      listFiles: 1,
      compare: 1,
      directoryListings: 8,
      // 20 changed files on each side, and the 8 unchanged siblings once (same blob on both sides).
      blobs: 48,
      config: 1,
      checkUpdate: 1,
      listReviewComments: 1,
      headCheck: 1,
      listReviews: 1,
      createReview: 1,
      total: 66,
    });
  });
});
