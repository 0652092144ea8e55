// GitHub failing in the ordinary ways — 5xx answers, secondary rate limits, 422s, timeouts, reset
// connections — and what the App does about each: the check run always ends completed (retried where that is
// safe, else `failure` with a reason and the rerun hint), and nothing is ever posted twice, because a write
// whose answer was lost is looked for (by its marker) before it is made again.
//
// First with nock and the App in process (every request and body asserted, pendingMocks() empty); then the
// real server against the fake GitHub Enterprise Server, with Probot's production Octokit (retry and
// throttling plugins on): the server keeps serving through it all.

import nock from "nock";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { AppOptions } from "../../src/github/app.js";
import { fixturePr, mockReads, type FakePr } from "./helpers/fake-pr.js";
import { startFakeGitHub, type FakeGitHub } from "./helpers/fake-github.js";
import { BOT, captured, CHECK_RUN_ID, mockCheckRun, mockPublish, repoPath, type Captured } from "./helpers/flow.js";
import { capture, example, FAST, github, testProbot } from "./helpers/probot.js";
import { startAppServer, type AppServer } from "./helpers/server.js";

const SECONDARY = "You have exceeded a secondary rate limit. Please wait a few minutes before you try again.";
const REVIEW_MARKER = (sha: string) => `<!-- iam-review:review head=${sha} -->`;

function openedPayload(pr: FakePr, action = "opened"): any {
  const payload = example("pull_request", action);
  payload.number = pr.number;
  payload.pull_request.number = pr.number;
  payload.pull_request.base.sha = pr.baseSha;
  payload.pull_request.head.sha = pr.headSha;
  return payload;
}

let delivery = 0;
async function receive(pr: FakePr, options: AppOptions = {}): Promise<void> {
  const probot = await testProbot(options);
  await probot.receive({ id: `fault-${++delivery}`, name: "pull_request", payload: openedPayload(pr) });
}

/** The completion the new-finding fixture earns when nothing goes wrong. */
function expectFailingFinding(out: Captured): void {
  expect(out.updated).toHaveLength(1);
  expect(out.updated[0]).toMatchObject({ status: "completed", conclusion: "failure", output: { title: "1 new finding at or above error." } });
  expect(out.updated[0].output.annotations).toMatchObject([{ path: "infra/iam.tf", start_line: 9, title: "IAM003 unknown-action" }]);
}

function expectInternalFailure(out: Captured, reason: string): void {
  expect(out.updated).toHaveLength(1);
  expect(out.updated[0]).toMatchObject({ status: "completed", conclusion: "failure", output: { title: "iam-review could not finish this review" } });
  expect(out.updated[0].output.summary).toContain(reason);
  expect(out.updated[0].output.summary).toContain("Comment `/iam-review rerun`");
}

beforeEach(() => nock.disableNetConnect());
afterEach(() => {
  nock.cleanAll();
  nock.enableNetConnect();
});

describe("faults on reads", () => {
  it("a 502 and a 500 on reads are retried: the review completes as if nothing happened", async () => {
    const pr = fixturePr("new-finding");
    const out = captured();
    const scope = github();
    mockCheckRun(scope, pr, out);
    // Registered first, so answered first; mockReads' interceptors answer the retries.
    scope.get(repoPath(pr, "/pulls/2/files")).query({ per_page: 100 }).reply(502, { message: "Bad Gateway" });
    scope.get(repoPath(pr, "/contents/.github%2Fiam-review.yml")).query({ ref: pr.baseSha }).reply(500, { message: "Server Error" });
    mockReads(scope, pr);
    mockPublish(scope, pr, out);
    await receive(pr);
    expect(scope.pendingMocks()).toEqual([]);
    expectFailingFinding(out);
    expect(out.reviews).toHaveLength(1);
  });

  it("a read that keeps failing: three attempts, then `failure` with GitHub's answer and the rerun hint; nothing posted", async () => {
    const pr = fixturePr("new-finding");
    const out = captured();
    const scope = github();
    mockCheckRun(scope, pr, out);
    scope.get(repoPath(pr, "/pulls/2/files")).query({ per_page: 100 }).times(3).reply(502, { message: "Bad Gateway" });
    await receive(pr);
    expect(scope.pendingMocks()).toEqual([]);
    expectInternalFailure(out, "GitHub answered 502: Bad Gateway");
    expect(out.reviews).toEqual([]);
  });

  it("a reset connection on a read is retried", async () => {
    const pr = fixturePr("new-finding");
    const out = captured();
    const scope = github();
    mockCheckRun(scope, pr, out);
    scope.get(repoPath(pr, "/pulls/2/files")).query({ per_page: 100 }).replyWithError({ code: "ECONNRESET", message: "socket hang up" });
    mockReads(scope, pr);
    mockPublish(scope, pr, out);
    await receive(pr);
    expect(scope.pendingMocks()).toEqual([]);
    expectFailingFinding(out);
    expect(out.reviews).toHaveLength(1);
  });

  it("a read that does not answer is abandoned at the timeout and retried", async () => {
    const pr = fixturePr("new-finding");
    const out = captured();
    const scope = github();
    mockCheckRun(scope, pr, out);
    scope.get(repoPath(pr, "/pulls/2/files")).query({ per_page: 100 }).delay(5_000).reply(200, []);
    mockReads(scope, pr);
    mockPublish(scope, pr, out);
    await receive(pr, { resilience: { ...FAST, timeoutMs: 200 } });
    expect(scope.pendingMocks()).toEqual([]);
    expectFailingFinding(out);
  });

  it("a read that never answers, every time: `failure` saying GitHub did not answer", async () => {
    const pr = fixturePr("new-finding");
    const out = captured();
    const scope = github();
    mockCheckRun(scope, pr, out);
    scope.get(repoPath(pr, "/pulls/2/files")).query({ per_page: 100 }).times(3).delay(5_000).reply(200, []);
    await receive(pr, { resilience: { ...FAST, timeoutMs: 100 } });
    expect(scope.pendingMocks()).toEqual([]);
    expectInternalFailure(out, "GitHub did not answer");
  });
});

describe("rate limits", () => {
  it("a 403 secondary rate limit with retry-after is waited out and the request repeated", async () => {
    const pr = fixturePr("new-finding");
    const out = captured();
    const scope = github();
    mockCheckRun(scope, pr, out);
    scope.get(repoPath(pr, "/pulls/2/files")).query({ per_page: 100 }).reply(403, { message: SECONDARY }, { "retry-after": "30" });
    mockReads(scope, pr);
    mockPublish(scope, pr, out);
    await receive(pr);
    expect(scope.pendingMocks()).toEqual([]);
    expectFailingFinding(out);
  });

  it("a rate-limited write was not carried out: the review POST is repeated after the wait, once", async () => {
    const pr = fixturePr("new-finding");
    const out = captured();
    const scope = github();
    mockCheckRun(scope, pr, out);
    mockReads(scope, pr);
    scope.get(repoPath(pr, "/pulls/2/comments")).query({ per_page: 100 }).reply(200, []);
    scope.get(repoPath(pr, "/pulls/2")).reply(200, { number: 2, head: { sha: pr.headSha }, base: { sha: pr.baseSha } });
    scope.get(repoPath(pr, "/pulls/2/reviews")).query({ per_page: 100 }).reply(200, []);
    scope.post(repoPath(pr, "/pulls/2/reviews"), capture(out.reviews)).reply(403, { message: SECONDARY }, { "retry-after": "5" });
    scope.post(repoPath(pr, "/pulls/2/reviews"), capture(out.reviews)).reply(200, { id: 1 });
    await receive(pr);
    expect(scope.pendingMocks()).toEqual([]);
    expect(out.reviews).toHaveLength(2);
    expect(out.reviews[1]).toEqual(out.reviews[0]);
  });

  it("a secondary rate limit asking for longer than iam-review waits: `failure` saying so, nothing posted", async () => {
    const pr = fixturePr("new-finding");
    const out = captured();
    const scope = github();
    mockCheckRun(scope, pr, out);
    scope.get(repoPath(pr, "/pulls/2/files")).query({ per_page: 100 }).reply(403, { message: SECONDARY }, { "retry-after": "3600" });
    await receive(pr);
    expect(scope.pendingMocks()).toEqual([]);
    expectInternalFailure(out, "GitHub's secondary rate limit stopped iam-review (HTTP 403): GitHub asks to wait 3600 s");
    expect(out.reviews).toEqual([]);
  });

  it("a primary rate limit (nothing remaining) waits for the reset when it is near", async () => {
    const pr = fixturePr("new-finding");
    const out = captured();
    const scope = github();
    mockCheckRun(scope, pr, out);
    const reset = String(Math.ceil(Date.now() / 1000) + 5);
    scope
      .get(repoPath(pr, "/pulls/2/files"))
      .query({ per_page: 100 })
      .reply(403, { message: "API rate limit exceeded for installation ID 1." }, { "x-ratelimit-remaining": "0", "x-ratelimit-reset": reset });
    mockReads(scope, pr);
    mockPublish(scope, pr, out);
    await receive(pr);
    expect(scope.pendingMocks()).toEqual([]);
    expectFailingFinding(out);
  });

  it("the completion itself rate-limited for longer than other requests wait: waited out, the run is completed", async () => {
    const pr = fixturePr("new-finding");
    const out = captured();
    const scope = github();
    scope.post(repoPath(pr, "/check-runs"), capture(out.created)).reply(201, { id: CHECK_RUN_ID, app: { id: 123, slug: "iam-review" } });
    // 120 s is over the minute other requests wait, within the 15 minutes a completion may wait.
    scope.patch(repoPath(pr, `/check-runs/${CHECK_RUN_ID}`), capture(out.updated)).reply(403, { message: SECONDARY }, { "retry-after": "120" });
    scope.patch(repoPath(pr, `/check-runs/${CHECK_RUN_ID}`), capture(out.updated)).reply(200, { id: CHECK_RUN_ID });
    mockReads(scope, pr);
    mockPublish(scope, pr, out);
    await receive(pr);
    expect(scope.pendingMocks()).toEqual([]);
    expect(out.updated).toHaveLength(2);
    expect(out.updated[1]).toEqual(out.updated[0]);
    expect(out.updated[1]).toMatchObject({ status: "completed", conclusion: "failure" });
  });
});

describe("writes whose answer is lost are never repeated blindly", () => {
  /** Reads before the review POST, with `reviews` answering each look at the reviews in turn. */
  function mockBeforeReview(scope: nock.Scope, pr: FakePr, reviewLists: unknown[][]): void {
    scope.get(repoPath(pr, "/pulls/2/comments")).query({ per_page: 100 }).reply(200, []);
    scope.get(repoPath(pr, "/pulls/2")).reply(200, { number: 2, head: { sha: pr.headSha }, base: { sha: pr.baseSha } });
    for (const list of reviewLists) scope.get(repoPath(pr, "/pulls/2/reviews")).query({ per_page: 100 }).reply(200, list);
  }

  it("the review POST answered 502 after GitHub created it: its marker is found, no second review", async () => {
    const pr = fixturePr("new-finding");
    const out = captured();
    const scope = github();
    mockCheckRun(scope, pr, out);
    mockReads(scope, pr);
    const created = [{ id: 9, user: BOT, body: `${REVIEW_MARKER(pr.headSha)}\n**iam-review**: …` }];
    mockBeforeReview(scope, pr, [[], created]);
    scope.post(repoPath(pr, "/pulls/2/reviews"), capture(out.reviews)).reply(502, { message: "Bad Gateway" });
    await receive(pr);
    expect(scope.pendingMocks()).toEqual([]);
    expect(out.reviews).toHaveLength(1);
    expectFailingFinding(out);
  });

  it("the review POST answered 502 and not created: looked for, then posted — once", async () => {
    const pr = fixturePr("new-finding");
    const out = captured();
    const scope = github();
    mockCheckRun(scope, pr, out);
    mockReads(scope, pr);
    mockBeforeReview(scope, pr, [[], []]);
    scope.post(repoPath(pr, "/pulls/2/reviews"), capture(out.reviews)).reply(502, { message: "Bad Gateway" });
    scope.post(repoPath(pr, "/pulls/2/reviews"), capture(out.reviews)).reply(200, { id: 1 });
    await receive(pr);
    expect(scope.pendingMocks()).toEqual([]);
    expect(out.reviews).toHaveLength(2);
    expect(out.reviews[1]).toEqual(out.reviews[0]);
  });

  it("the review POST times out (a hung GitHub) or its connection resets: looked for before each new attempt", async () => {
    const pr = fixturePr("new-finding");
    const out = captured();
    const scope = github();
    mockCheckRun(scope, pr, out);
    mockReads(scope, pr);
    mockBeforeReview(scope, pr, [[], [], []]);
    scope.post(repoPath(pr, "/pulls/2/reviews"), capture(out.reviews)).delay(5_000).reply(200, { id: 1 });
    scope.post(repoPath(pr, "/pulls/2/reviews"), capture(out.reviews)).replyWithError({ code: "ECONNRESET", message: "socket hang up" });
    scope.post(repoPath(pr, "/pulls/2/reviews"), capture(out.reviews)).reply(200, { id: 1 });
    await receive(pr, { resilience: { ...FAST, timeoutMs: 200 } });
    expect(scope.pendingMocks()).toEqual([]);
    expect(out.reviews).toHaveLength(3);
  });

  it("a 422 on some review comments: the accepted ones are posted one by one, a lost answer is not repeated, the refused one moves to the review body", async () => {
    const fixture = fixturePr("new-finding").head.get("infra/iam.tf") as string;
    const twice = (action: string) => [0, 1].map((i) => fixture.replace(/reader/g, `reader${i}`).replace("ReadReports", `Read${i}`).replace("s3:GetObjcet", action)).join("\n");
    const pr: FakePr = { ...fixturePr("new-finding"), base: new Map([["infra/iam.tf", twice("s3:GetObject")]]), head: new Map([["infra/iam.tf", twice("s3:GetObjcet")]]) };
    const out = captured();
    const scope = github();
    mockCheckRun(scope, pr, out);
    mockReads(scope, pr);
    mockBeforeReview(scope, pr, [[]]);
    scope.post(repoPath(pr, "/pulls/2/reviews"), capture(out.reviews)).reply(422, { message: "Unprocessable Entity", errors: ["Line could not be resolved"] });
    // The first comment is created, but its answer is lost; the look finds it among our comments.
    scope.post(repoPath(pr, "/pulls/2/comments"), capture(out.comments)).reply(502, { message: "Bad Gateway" });
    scope
      .get(repoPath(pr, "/pulls/2/comments"))
      .query({ per_page: 100 })
      .reply(200, () => [{ id: 31, node_id: "RC_31", user: BOT, body: out.comments[0].body }]);
    scope.post(repoPath(pr, "/pulls/2/comments"), capture(out.comments)).reply(422, { message: "Pull request review thread line must be part of the diff" });
    scope.post(repoPath(pr, "/pulls/2/reviews"), capture(out.reviews)).reply(200, { id: 2 });
    await receive(pr);
    expect(scope.pendingMocks()).toEqual([]);
    expect(out.reviews).toHaveLength(2);
    expect(out.reviews[0].comments).toHaveLength(2);
    expect(out.comments.map((c) => c.line)).toEqual([9, 23]);
    expect(out.reviews[1].comments).toBeUndefined();
    expect(out.reviews[1].body).toContain("1 inline comment;");
    expect(out.reviews[1].body).toContain("**GitHub did not accept these comments on their lines, so they are listed here:**\n- `infra/iam.tf` line 23: IAM003");
  });

  it("the check-run create answered with a reset after GitHub created it: that run is found and completed, no second run", async () => {
    const pr = fixturePr("new-finding");
    const out = captured();
    const scope = github();
    scope.post(repoPath(pr, "/check-runs"), capture(out.created)).replyWithError({ code: "ECONNRESET", message: "socket hang up" });
    scope
      .get(repoPath(pr, `/commits/${pr.headSha}/check-runs`))
      .query({ check_name: "iam-review", filter: "latest", per_page: 100 })
      .reply(200, {
        total_count: 2,
        check_runs: [
          { id: 70, status: "completed", external_id: "2", app: { id: 123, slug: "iam-review" } },
          { id: CHECK_RUN_ID, status: "in_progress", external_id: "2", app: { id: 123, slug: "iam-review" } },
        ],
      });
    scope.patch(repoPath(pr, `/check-runs/${CHECK_RUN_ID}`), capture(out.updated)).reply(200, { id: CHECK_RUN_ID });
    mockReads(scope, pr);
    mockPublish(scope, pr, out);
    await receive(pr);
    expect(scope.pendingMocks()).toEqual([]);
    expect(out.created).toHaveLength(1);
    expectFailingFinding(out);
    expect(out.reviews).toHaveLength(1);
  });

  it("the completion answered 502 after GitHub completed the run: not sent again", async () => {
    const pr = fixturePr("new-finding");
    const out = captured();
    const scope = github();
    scope.post(repoPath(pr, "/check-runs"), capture(out.created)).reply(201, { id: CHECK_RUN_ID, app: { id: 123, slug: "iam-review" } });
    scope.patch(repoPath(pr, `/check-runs/${CHECK_RUN_ID}`), capture(out.updated)).reply(502, { message: "Bad Gateway" });
    scope.get(repoPath(pr, `/check-runs/${CHECK_RUN_ID}`)).reply(200, { id: CHECK_RUN_ID, status: "completed", output: { annotations_count: 1 } });
    mockReads(scope, pr);
    mockPublish(scope, pr, out);
    await receive(pr);
    expect(scope.pendingMocks()).toEqual([]);
    expectFailingFinding(out);
  });

  it("the completion answered 502 and not carried out: sent again, once", async () => {
    const pr = fixturePr("new-finding");
    const out = captured();
    const scope = github();
    scope.post(repoPath(pr, "/check-runs"), capture(out.created)).reply(201, { id: CHECK_RUN_ID, app: { id: 123, slug: "iam-review" } });
    scope.patch(repoPath(pr, `/check-runs/${CHECK_RUN_ID}`), capture(out.updated)).reply(502, { message: "Bad Gateway" });
    scope.get(repoPath(pr, `/check-runs/${CHECK_RUN_ID}`)).reply(200, { id: CHECK_RUN_ID, status: "in_progress", output: { annotations_count: 0 } });
    scope.patch(repoPath(pr, `/check-runs/${CHECK_RUN_ID}`), capture(out.updated)).reply(200, { id: CHECK_RUN_ID });
    mockReads(scope, pr);
    mockPublish(scope, pr, out);
    await receive(pr);
    expect(scope.pendingMocks()).toEqual([]);
    expect(out.updated).toHaveLength(2);
    expect(out.updated[1]).toEqual(out.updated[0]);
  });

  it("the review fails and so does its completion, once: the failure is still recorded on the run", async () => {
    const pr = fixturePr("new-finding");
    const out = captured();
    const scope = github();
    scope.post(repoPath(pr, "/check-runs"), capture(out.created)).reply(201, { id: CHECK_RUN_ID, app: { id: 123, slug: "iam-review" } });
    scope.get(repoPath(pr, "/pulls/2/files")).query({ per_page: 100 }).times(3).reply(500, { message: "Server Error" });
    scope.patch(repoPath(pr, `/check-runs/${CHECK_RUN_ID}`), capture(out.updated)).replyWithError({ code: "ECONNRESET", message: "socket hang up" });
    scope.get(repoPath(pr, `/check-runs/${CHECK_RUN_ID}`)).reply(200, { id: CHECK_RUN_ID, status: "in_progress", output: { annotations_count: 0 } });
    scope.patch(repoPath(pr, `/check-runs/${CHECK_RUN_ID}`), capture(out.updated)).reply(200, { id: CHECK_RUN_ID });
    await receive(pr);
    expect(scope.pendingMocks()).toEqual([]);
    expect(out.updated).toHaveLength(2);
    expect(out.updated[1]).toMatchObject({ status: "completed", conclusion: "failure", output: { title: "iam-review could not finish this review" } });
    expect(out.updated[1].output.summary).toContain("GitHub answered 500: Server Error");
  });
});

describe("the server, with Probot's production Octokit, against a failing GitHub Enterprise Server", () => {
  const SECRET = "faults-webhook-secret";
  const pr = fixturePr("new-finding", { number: 2 });
  let fake: FakeGitHub;
  let server: AppServer;

  beforeAll(async () => {
    fake = await startFakeGitHub({ pulls: [pr], permissions: { Codertocat: "admin" } });
    server = await startAppServer({ githubHost: fake.host, secret: SECRET, logLevel: "warn" });
  }, 30_000);
  afterAll(async () => {
    await server?.stop();
    await fake?.close();
  });
  // Both ends are real servers on 127.0.0.1.
  beforeEach(() => nock.enableNetConnect("127.0.0.1"));

  const conclusions = () => fake.posted.checkRuns.map((r) => r.updates.filter((u) => u.status === "completed").map((u) => u.conclusion));

  it("a 502 on a read, and a review POST whose answer is lost after GitHub created it: one completed run, one review", async () => {
    fake.faults.push(
      { method: "GET", path: /^\/repos\/Codertocat\/Hello-World\/pulls\/2\/files$/, status: 502 },
      // Octokit's retry plugin would repeat this POST and create a second review; iam-review looks first.
      { method: "POST", path: /^\/repos\/Codertocat\/Hello-World\/pulls\/2\/reviews$/, status: 502, performed: true },
    );
    const response = await server.deliver("pull_request", openedPayload(pr));
    expect(response.status).toBe(200);
    expect(fake.faults.every((f) => f.times === 0)).toBe(true);
    expect(conclusions()).toEqual([["failure"]]);
    expect(fake.posted.reviews).toHaveLength(1);
    expect(fake.posted.reviewComments).toHaveLength(1);
    expect(fake.requests.filter((r) => r === "POST /repos/Codertocat/Hello-World/pulls/2/reviews")).toHaveLength(1);
  }, 30_000);

  it("GitHub down for every read: the run is completed as `failure`, and the server keeps serving", async () => {
    fake.faults.push({ method: "GET", path: /^\/repos\/Codertocat\/Hello-World\/pulls\/2\/files$/, status: 503, message: "Service Unavailable", times: 3 });
    const response = await server.deliver("pull_request", openedPayload(pr, "synchronize"));
    expect(response.status).toBe(200);
    const run = fake.posted.checkRuns.at(-1);
    expect(run?.updates.at(-1)).toMatchObject({ status: "completed", conclusion: "failure" });
    expect(run?.updates.at(-1).output.summary).toContain("GitHub answered 503: Service Unavailable");
    expect(fake.posted.reviews).toHaveLength(1);
    expect((await fetch(`${server.url}/ping`)).status).toBe(200);
  }, 30_000);

  it("the check run cannot even be created: the delivery fails, and the server keeps serving", async () => {
    fake.faults.push({ method: "POST", path: /^\/repos\/Codertocat\/Hello-World\/check-runs$/, status: 500, times: 3 });
    const before = fake.posted.checkRuns.length;
    const response = await server.deliver("pull_request", openedPayload(pr, "reopened"));
    expect(response.status).toBe(500);
    expect(fake.posted.checkRuns).toHaveLength(before);
    expect((await fetch(`${server.url}/ping`)).status).toBe(200);
    // And the next delivery is served as usual.
    expect((await server.deliver("pull_request", openedPayload(pr, "synchronize"))).status).toBe(200);
    expect(conclusions().at(-1)).toEqual(["failure"]);
    expect(fake.posted.unexpected).toEqual([]);
  }, 30_000);
});
