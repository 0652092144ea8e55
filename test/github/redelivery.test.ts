// The same work asked for more than once, or several pieces of work at once: a redelivered webhook (same
// X-GitHub-Delivery), the same event through two deliveries (two replicas), pushes in quick succession —
// also arriving out of order — and two pull requests at the same time. One review per head, and the final
// state is the newest head's.

import nock from "nock";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { fixturePr, mockReads, SHA, type FakePr } from "./helpers/fake-pr.js";
import { RecentDeliveries } from "../../src/github/queue.js";
import { BOT, captured, mockCheckRun, mockPublish, repoPath, type Captured } from "./helpers/flow.js";
import { capture, example, github, testProbot } from "./helpers/probot.js";

const FP_TYPO = "07dfb5515d4e7c185dbc92df2244afd6";

function payload(pr: FakePr, action = "synchronize"): any {
  const event = example("pull_request", action);
  event.number = pr.number;
  event.pull_request.number = pr.number;
  event.pull_request.base.sha = pr.baseSha;
  event.pull_request.head.sha = pr.headSha;
  return event;
}

/** The new-finding pull request at another head commit (same trees, so the same finding). */
function atHead(sha: string): FakePr {
  return fixturePr("new-finding", { headSha: sha });
}

async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 5));
}

beforeEach(() => nock.disableNetConnect());
afterEach(() => {
  nock.cleanAll();
  nock.enableNetConnect();
});

describe("redelivery", () => {
  it("the same delivery twice (a redelivery keeps X-GitHub-Delivery): one check run, one review", async () => {
    const probot = await testProbot();
    const pr = fixturePr("new-finding");
    const out = captured();
    const scope = github();
    mockCheckRun(scope, pr, out);
    mockReads(scope, pr);
    mockPublish(scope, pr, out);
    const event = { id: "0b8f3c9e-redelivered", name: "pull_request" as const, payload: payload(pr) };
    // Concurrently (while the first is handled) and after it: neither asks GitHub for anything.
    await Promise.all([probot.receive(event), probot.receive(event)]);
    await probot.receive(event);
    expect(scope.pendingMocks()).toEqual([]);
    expect(out.created).toHaveLength(1);
    expect(out.updated).toHaveLength(1);
    expect(out.reviews).toHaveLength(1);
  });

  it("a delivery whose handling failed is handled when it is redelivered", async () => {
    const probot = await testProbot();
    const pr = fixturePr("new-finding");
    const out = captured();
    const scope = github();
    // No check run can be created: three attempts, each followed by a look for a run that was made anyway.
    scope.post(repoPath(pr, "/check-runs")).times(3).reply(500, { message: "Server Error" });
    scope
      .get(repoPath(pr, `/commits/${pr.headSha}/check-runs`))
      .query(true)
      .times(2)
      .reply(200, { total_count: 0, check_runs: [] });
    const event = { id: "7d1c-failed-then-redelivered", name: "pull_request" as const, payload: payload(pr) };
    await expect(probot.receive(event)).rejects.toThrow(/Server Error/);
    expect(scope.pendingMocks()).toEqual([]);
    mockCheckRun(scope, pr, out);
    mockReads(scope, pr);
    mockPublish(scope, pr, out);
    await probot.receive(event);
    expect(scope.pendingMocks()).toEqual([]);
    expect(out.updated).toMatchObject([{ status: "completed", conclusion: "failure" }]);
    expect(out.reviews).toHaveLength(1);
  });

  it("the same event in two deliveries (two replicas, or opened then reopened): two completed runs, still one review and no repeated comment", async () => {
    const probot = await testProbot();
    const pr = fixturePr("new-finding");
    const out = captured();
    const scope = github();
    mockCheckRun(scope, pr, out);
    mockReads(scope, pr);
    mockPublish(scope, pr, out);
    await probot.receive({ id: "first", name: "pull_request", payload: payload(pr, "opened") });
    // The second sees what the first posted: our comment (its fingerprint) and our review marker.
    mockCheckRun(scope, pr, out, { id: 78 });
    mockReads(scope, pr);
    const posted = out.reviews[0];
    scope
      .get(repoPath(pr, "/pulls/2/comments"))
      .query({ per_page: 100 })
      .reply(200, [{ id: 41, node_id: "RC_41", user: BOT, body: posted.comments[0].body }]);
    await probot.receive({ id: "second", name: "pull_request", payload: payload(pr, "reopened") });
    expect(scope.pendingMocks()).toEqual([]);
    expect(out.created).toHaveLength(2);
    expect(out.updated.map((u) => u.conclusion)).toEqual(["failure", "failure"]);
    expect(out.reviews).toHaveLength(1);
    expect(posted.comments[0].body).toContain(`<!-- iam-review:fp=${FP_TYPO} -->`);
  });
});

describe("the delivery log", () => {
  it("forgets a delivery after its TTL, and never holds more than its bound", () => {
    let now = 0;
    const log = new RecentDeliveries(1000, 3, () => now);
    expect(log.claim("a")).toBe(true);
    expect(log.claim("a")).toBe(false);
    now = 999;
    expect(log.claim("a")).toBe(false);
    now = 1000;
    expect(log.claim("a")).toBe(true);
    for (const id of ["b", "c", "d", "e"]) expect(log.claim(id)).toBe(true);
    // Bounded: the oldest ("a", then "b") made room.
    expect(log.claim("e")).toBe(false);
    expect(log.claim("a")).toBe(true);
    log.release("a");
    expect(log.claim("a")).toBe(true);
  });
});

describe("pushes in quick succession", () => {
  const A = "a1".repeat(20);
  const B = "b2".repeat(20);
  const C = "c3".repeat(20);

  it("two synchronize events: the older head's review is not posted over the newer one; the newest head is reviewed and posted", async () => {
    const probot = await testProbot();
    const [older, newer] = [atHead(A), atHead(B)];
    const out = captured();
    const scope = github();
    mockCheckRun(scope, older, out, { id: 71 });
    mockCheckRun(scope, newer, out, { id: 72 });
    // The older review is slow to read; by the time it would post, B is the head.
    mockReads(scope, older, { delayFilesMs: 300 });
    scope.get(repoPath(older, "/pulls/2/comments")).query({ per_page: 100 }).reply(200, []);
    scope.get(repoPath(older, "/pulls/2")).reply(200, { number: 2, head: { sha: B }, base: { sha: SHA.base } });
    mockReads(scope, newer);
    mockPublish(scope, newer, out);
    const first = probot.receive({ id: "push-A", name: "pull_request", payload: payload(older) });
    await until(() => out.created.length === 1);
    const second = probot.receive({ id: "push-B", name: "pull_request", payload: payload(newer) });
    await Promise.all([first, second]);
    expect(scope.pendingMocks()).toEqual([]);
    expect(out.created.map((c) => c.head_sha)).toEqual([A, B]);
    // Both runs are complete, each on its own commit; only B's review is posted.
    expect(out.updated.map((u) => [u.status, u.conclusion])).toEqual([
      ["completed", "failure"],
      ["completed", "failure"],
    ]);
    expect(out.reviews).toHaveLength(1);
    expect(out.reviews[0].commit_id).toBe(B);
  });

  it("three: the one in the middle is cancelled before it starts; the newest is posted", async () => {
    const probot = await testProbot();
    const [a, b, c] = [atHead(A), atHead(B), atHead(C)];
    const runs = { a: captured(), b: captured(), c: captured() };
    const scope = github();
    // Check runs are created in delivery order: A, B, C.
    mockCheckRun(scope, a, runs.a, { id: 71 });
    mockCheckRun(scope, b, runs.b, { id: 72 });
    mockCheckRun(scope, c, runs.c, { id: 73 });
    mockReads(scope, a, { delayFilesMs: 300 });
    scope.get(repoPath(a, "/pulls/2/comments")).query({ per_page: 100 }).reply(200, []);
    // B, displaced by C, asks whether it is still the head (no); A's review, when it would post, the same.
    scope.get(repoPath(a, "/pulls/2")).times(2).reply(200, { number: 2, head: { sha: C }, base: { sha: SHA.base } });
    mockReads(scope, c);
    mockPublish(scope, c, runs.c);
    const created = () => runs.a.created.length + runs.b.created.length + runs.c.created.length;
    const deliveries = [probot.receive({ id: "push-A", name: "pull_request", payload: payload(a) })];
    await until(() => created() === 1);
    deliveries.push(probot.receive({ id: "push-B", name: "pull_request", payload: payload(b) }));
    await until(() => created() === 2);
    deliveries.push(probot.receive({ id: "push-C", name: "pull_request", payload: payload(c) }));
    await Promise.all(deliveries);
    expect(scope.pendingMocks()).toEqual([]);
    expect([runs.a, runs.b, runs.c].map((r) => r.created[0].head_sha)).toEqual([A, B, C]);
    expect(runs.a.updated.map((u) => u.conclusion)).toEqual(["failure"]);
    expect(runs.b.updated).toMatchObject([{ status: "completed", conclusion: "cancelled", output: { title: "Superseded by a newer review" } }]);
    expect(runs.c.updated.map((u) => u.conclusion)).toEqual(["failure"]);
    expect(runs.a.reviews).toEqual([]);
    expect(runs.c.reviews.map((r) => r.commit_id)).toEqual([C]);
  });

  it("out of order: an older push's delivery arrives after the newer one — the newer is still reviewed and posted, the older cancelled", async () => {
    const probot = await testProbot();
    const [a, b, c] = [atHead(A), atHead(B), atHead(C)];
    const runs = { a: captured(), b: captured(), c: captured() };
    const scope = github();
    // Check runs are created in delivery order: A, C, then the late B.
    mockCheckRun(scope, a, runs.a, { id: 71 });
    mockCheckRun(scope, c, runs.c, { id: 73 });
    mockCheckRun(scope, b, runs.b, { id: 72 });
    mockReads(scope, a, { delayFilesMs: 300 });
    scope.get(repoPath(a, "/pulls/2/comments")).query({ per_page: 100 }).reply(200, []);
    // C (displaced by the late B) is still the head: back in line. B (displaced by C) is not. A would post: stale.
    scope.get(repoPath(a, "/pulls/2")).times(3).reply(200, { number: 2, head: { sha: C }, base: { sha: SHA.base } });
    mockReads(scope, c);
    mockPublish(scope, c, runs.c);
    const created = () => runs.a.created.length + runs.b.created.length + runs.c.created.length;
    const deliveries = [probot.receive({ id: "push-A", name: "pull_request", payload: payload(a) })];
    await until(() => created() === 1);
    deliveries.push(probot.receive({ id: "push-C", name: "pull_request", payload: payload(c) }));
    await until(() => created() === 2);
    deliveries.push(probot.receive({ id: "push-B", name: "pull_request", payload: payload(b) }));
    await Promise.all(deliveries);
    expect(scope.pendingMocks()).toEqual([]);
    expect([runs.a, runs.c, runs.b].map((r) => r.created[0].head_sha)).toEqual([A, C, B]);
    expect(runs.b.updated).toMatchObject([{ status: "completed", conclusion: "cancelled" }]);
    expect(runs.c.updated.map((u) => u.conclusion)).toEqual(["failure"]);
    expect(runs.c.reviews.map((r) => r.commit_id)).toEqual([C]);
    expect(runs.a.reviews).toEqual([]);
  });
});

describe("concurrent pull requests", () => {
  it("two pull requests reviewed at the same time do not interfere: each run, review and file read is its own", async () => {
    const probot = await testProbot();
    const bad = fixturePr("new-finding");
    const docs = fixturePr("docs-only", { number: 3, headSha: "d".repeat(40), baseSha: "c".repeat(40), mergeBase: "e".repeat(40) });
    const widened = fixturePr("trust-widened", { number: 4, headSha: "f".repeat(40), baseSha: "9".repeat(40), mergeBase: "8".repeat(40) });
    const out: Record<number, Captured> = { 2: captured(), 3: captured(), 4: captured() };
    const scope = github();
    for (const [pr, id] of [
      [bad, 81],
      [docs, 82],
      [widened, 83],
    ] as const) {
      scope
        .post(repoPath(pr, "/check-runs"), (body: { head_sha: string }) => body.head_sha === pr.headSha && (out[pr.number].created.push(body), true))
        .reply(201, { id, app: { id: 123, slug: "iam-review" } });
      scope.patch(repoPath(pr, `/check-runs/${id}`), capture(out[pr.number].updated)).reply(200, { id });
      mockReads(scope, pr);
    }
    mockPublish(scope, bad, out[2]);
    mockPublish(scope, widened, out[4]);
    await Promise.all([
      probot.receive({ id: "pr-2", name: "pull_request", payload: payload(bad, "opened") }),
      probot.receive({ id: "pr-3", name: "pull_request", payload: payload(docs, "opened") }),
      probot.receive({ id: "pr-4", name: "pull_request", payload: payload(widened, "opened") }),
    ]);
    expect(scope.pendingMocks()).toEqual([]);
    expect(out[2].updated.map((u) => u.conclusion)).toEqual(["failure"]);
    expect(out[3].updated.map((u) => u.conclusion)).toEqual(["success"]);
    expect(out[2].reviews.map((r) => r.commit_id)).toEqual([bad.headSha]);
    expect(out[4].reviews.map((r) => r.commit_id)).toEqual([widened.headSha]);
    expect(out[2].reviews[0].comments.map((c: { path: string }) => c.path)).toEqual(["infra/iam.tf"]);
    expect(out[4].reviews[0].comments.every((c: { path: string }) => c.path === "stack.yaml")).toBe(true);
    expect(out[3].reviews).toEqual([]);
  });
});
