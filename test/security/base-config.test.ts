// A pull request cannot weaken its own review: the configuration is read at the base commit, even when the
// pull request rewrites `.github/iam-review.yml` to switch the failing rule off and lower `fail_on`.

import nock from "nock";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { fixturePr, mockReads, type FakePr } from "../github/helpers/fake-pr.js";
import { captured, mockCheckRun, mockPublish } from "../github/helpers/flow.js";
import { example, github, testProbot } from "../github/helpers/probot.js";

const BASE_CONFIG = "fail_on: error\nrules:\n  IAM003: error\n";
// The pull request's version: the rule off, nothing fails, and a typo that would be reported if it were read.
const PR_CONFIG = "fail_on: never\nrules:\n  IAM003: off\n  IAM0O3: off\n";

beforeEach(() => nock.disableNetConnect());
afterEach(() => {
  nock.cleanAll();
  nock.enableNetConnect();
});

describe("the configuration comes from the base branch", () => {
  it("the pull request switches IAM003 off in .github/iam-review.yml: the base's configuration still applies — failure", async () => {
    const finding = fixturePr("new-finding");
    const pr: FakePr = {
      ...finding,
      base: new Map([...finding.base, [".github/iam-review.yml", BASE_CONFIG]]),
      head: new Map([...finding.head, [".github/iam-review.yml", PR_CONFIG]]),
      config: BASE_CONFIG,
    };
    const probot = await testProbot();
    const out = captured();
    const scope = github();
    mockCheckRun(scope, pr, out);
    // Reads the configuration at the base SHA only (no interceptor serves it at the head: asking would fail).
    mockReads(scope, pr);
    mockPublish(scope, pr, out);
    const payload = example("pull_request", "synchronize");
    payload.pull_request.head.sha = pr.headSha;
    payload.pull_request.base.sha = pr.baseSha;
    await probot.receive({ id: "config-1", name: "pull_request", payload });
    expect(scope.pendingMocks()).toEqual([]);
    expect(out.updated).toMatchObject([{ status: "completed", conclusion: "failure", output: { title: "1 new finding at or above error." } }]);
    const annotations: { title: string }[] = out.updated[0].output.annotations;
    expect(annotations.map((a) => a.title)).toEqual(["IAM003 unknown-action"]);
    // The pull request's typo is not reported: its file was never read as configuration.
    expect(JSON.stringify(out.updated)).not.toContain("IAM0O3");
    expect(out.reviews).toHaveLength(1);
  });
});
