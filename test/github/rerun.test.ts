// Re-runs from the Checks UI and merge queues: the pull request is found through the run's external_id (a
// fork's events list no pull request), a merge group's commit gets its own check run and no review.

import nock from "nock";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { fixturePr, mockReads, type FakePr } from "./helpers/fake-pr.js";
import { captured, mockCheckRun, mockPublish, repoPath } from "./helpers/flow.js";
import { example, github, INSTALLATION_ID, testProbot } from "./helpers/probot.js";

function asHelloWorld(payload: any): any {
  // The check_run examples belong to github/hello-world; the fixture pull request lives in Codertocat/Hello-World.
  payload.repository.name = "Hello-World";
  payload.repository.full_name = "Codertocat/Hello-World";
  payload.repository.owner.login = "Codertocat";
  return payload;
}

function mockPull(scope: nock.Scope, pr: FakePr): void {
  scope.get(repoPath(pr, `/pulls/${pr.number}`)).reply(200, { number: pr.number, head: { sha: pr.headSha }, base: { sha: pr.baseSha }, changed_files: 1 });
}

beforeEach(() => nock.disableNetConnect());
afterEach(() => {
  nock.cleanAll();
  nock.enableNetConnect();
});

describe("re-runs", () => {
  it("check_run.rerequested: the pull request from external_id, a new check run on the same commit", async () => {
    const probot = await testProbot();
    const pr = fixturePr("new-finding");
    const payload = asHelloWorld(example("check_run", "rerequested"));
    Object.assign(payload.check_run, { name: "iam-review", external_id: "2", head_sha: pr.headSha, pull_requests: [] });
    const out = captured();
    const scope = github();
    mockPull(scope, pr);
    mockCheckRun(scope, pr, out);
    mockReads(scope, pr);
    mockPublish(scope, pr, out, { post: false, headCheck: false, existing: [{ id: 5, body: "<!-- iam-review:fp=07dfb5515d4e7c185dbc92df2244afd6 -->" }] });
    await probot.receive({ id: "1", name: "check_run", payload });
    expect(scope.pendingMocks()).toEqual([]);
    expect(out.created).toEqual([{ name: "iam-review", head_sha: pr.headSha, status: "in_progress", external_id: "2" }]);
    expect(out.updated[0].conclusion).toBe("failure");
  });

  it("check_run.requested_action: only our Re-run button, only on our check run", async () => {
    const probot = await testProbot();
    const pr = fixturePr("docs-only");
    const other = asHelloWorld(example("check_run", "requested_action"));
    other.installation.id = INSTALLATION_ID;
    Object.assign(other.check_run, { name: "iam-review", external_id: "2", head_sha: pr.headSha });
    await probot.receive({ id: "1", name: "check_run", payload: other }); // identifier "lgtm|…": ignored

    const payload = structuredClone(other);
    payload.requested_action = { identifier: "rerun" };
    const out = captured();
    const scope = github();
    mockPull(scope, pr);
    mockCheckRun(scope, pr, out);
    mockReads(scope, pr);
    mockPublish(scope, pr, out, { post: false });
    await probot.receive({ id: "2", name: "check_run", payload });
    expect(scope.pendingMocks()).toEqual([]);
    expect(out.updated[0].conclusion).toBe("success");
  });

  it("check_suite.rerequested with its pull request listed", async () => {
    const probot = await testProbot();
    const pr = fixturePr("docs-only");
    const payload = example("check_suite", "rerequested");
    payload.installation.id = INSTALLATION_ID;
    expect(payload.check_suite.pull_requests.map((p: any) => p.number)).toEqual([2]);
    const out = captured();
    const scope = github();
    mockPull(scope, pr);
    mockCheckRun(scope, pr, out);
    mockReads(scope, pr);
    mockPublish(scope, pr, out, { post: false });
    await probot.receive({ id: "1", name: "check_suite", payload });
    expect(scope.pendingMocks()).toEqual([]);
    expect(out.created[0]).toEqual({ name: "iam-review", head_sha: payload.check_suite.head_sha, status: "in_progress", external_id: "2" });
  });

  it("check_suite.rerequested from a fork (no pull request listed): our earlier run's external_id tells", async () => {
    const probot = await testProbot();
    const pr = fixturePr("docs-only");
    const payload = example("check_suite", "rerequested");
    payload.installation.id = INSTALLATION_ID;
    payload.check_suite.pull_requests = [];
    const out = captured();
    const scope = github();
    scope
      .get(repoPath(pr, `/check-suites/${payload.check_suite.id}/check-runs`))
      .query({ check_name: "iam-review" })
      .reply(200, { total_count: 1, check_runs: [{ id: 70, external_id: "2" }] });
    mockPull(scope, pr);
    mockCheckRun(scope, pr, out);
    mockReads(scope, pr);
    mockPublish(scope, pr, out, { post: false });
    await probot.receive({ id: "1", name: "check_suite", payload });
    expect(scope.pendingMocks()).toEqual([]);
    expect(out.updated[0].conclusion).toBe("success");
  });

  it("merge_group.checks_requested: a check run on the group's head from the compare API, no review", async () => {
    const probot = await testProbot();
    const payload = example("merge_group", "checks_requested");
    const group = payload.merge_group;
    const repo = { owner: "octo-org", repo: "octo-repo" };
    const pr = fixturePr("new-finding", { ...repo, baseSha: group.base_sha, headSha: group.head_sha, mergeBase: group.base_sha });
    const out = captured();
    const scope = github();
    mockCheckRun(scope, pr, out);
    // The compare API lists the files (with patches) and the merge base in one answer.
    scope
      .get(repoPath(pr, `/compare/${group.base_sha}...${group.head_sha}`))
      .query({ per_page: 1 })
      .reply(200, {
        merge_base_commit: { sha: group.base_sha },
        files: [{ filename: "infra/iam.tf", status: "modified", sha: null, patch: "@@ -9 +9 @@\n-x\n+y" }],
      });
    const dir = (ref: string, text: string) =>
      scope.get(repoPath(pr, "/contents/infra")).query({ ref }).reply(200, [{ type: "file", name: "iam.tf", path: "infra/iam.tf", sha: ref === group.base_sha ? "1".repeat(40) : "2".repeat(40), size: text.length }]);
    dir(group.base_sha, pr.base.get("infra/iam.tf") as string);
    dir(group.head_sha, pr.head.get("infra/iam.tf") as string);
    for (const [sha, text] of [["1".repeat(40), pr.base.get("infra/iam.tf")], ["2".repeat(40), pr.head.get("infra/iam.tf")]] as const) {
      scope.get(repoPath(pr, `/git/blobs/${sha}`)).reply(200, { sha, encoding: "base64", content: Buffer.from(text as string).toString("base64") });
    }
    scope.get(repoPath(pr, `/contents/${encodeURIComponent(".github/iam-review.yml")}`)).query({ ref: group.base_sha }).reply(404, {});
    scope.get(`/repos/octo-org/.github/contents/${encodeURIComponent(".github/iam-review.yml")}`).reply(404, {});
    await probot.receive({ id: "1", name: "merge_group", payload });
    expect(scope.pendingMocks()).toEqual([]);
    expect(out.created).toEqual([{ name: "iam-review", head_sha: group.head_sha, status: "in_progress", external_id: `merge_group:${group.base_sha}` }]);
    expect(out.updated[0].conclusion).toBe("failure");
    expect(out.updated[0].output.annotations[0]).toMatchObject({ path: "infra/iam.tf", start_line: 9, annotation_level: "failure" });
  });
});
