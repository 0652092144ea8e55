// What the running App writes to its log, at the most verbose level (trace), while it reviews a pull request
// full of secrets and answers a command: never the App's private key, never an installation token, never
// the webhook secret, never a secret the scan found.

import nock from "nock";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { maskSecret } from "../../src/engine/secrets.js";
import { fixturePr, type FakePr } from "../github/helpers/fake-pr.js";
import { startFakeGitHub, type FakeGitHub } from "../github/helpers/fake-github.js";
import { example, privateKey } from "../github/helpers/probot.js";
import { startAppServer, type AppServer } from "../github/helpers/server.js";
import { LEAKY_TF, SECRETS } from "./leaky.js";

const WEBHOOK_SECRET = "log-test-webhook-secret-9f8e7d";
/** The installation token the fake GitHub hands out. */
const TOKEN = "fake-token";

const base = fixturePr("new-finding");
const pr: FakePr = { ...base, base: new Map([["infra/main.tf", "# nothing yet\n"]]), head: new Map([["infra/main.tf", LEAKY_TF]]) };

let fake: FakeGitHub;
let server: AppServer;

beforeAll(async () => {
  nock.enableNetConnect();
  fake = await startFakeGitHub({ pulls: [pr], permissions: { Codertocat: "admin" } });
  server = await startAppServer({ githubHost: fake.host, secret: WEBHOOK_SECRET, logLevel: "trace", env: { LOG_FORMAT: "json" } });
  const event = example("pull_request", "opened");
  event.pull_request.head.sha = pr.headSha;
  event.pull_request.base.sha = pr.baseSha;
  expect((await server.deliver("pull_request", event)).status).toBe(200);
  const comment = example("issue_comment", "created");
  comment.issue.number = pr.number;
  comment.issue.pull_request = { url: "", html_url: "", diff_url: "", patch_url: "", merged_at: null };
  comment.comment.body = "/iam-review rerun";
  comment.comment.user.login = "Codertocat";
  expect((await server.deliver("issue_comment", comment)).status).toBe(200);
}, 60_000);
afterAll(async () => {
  await server?.stop();
  await fake?.close();
});

describe("the log at trace level", () => {
  it("was written (the review happened, and was logged in detail)", () => {
    expect(fake.posted.checkRuns.map((r) => r.updates.at(-1)?.conclusion)).toEqual(["failure", "failure"]);
    expect(fake.posted.reviews).toHaveLength(1);
    expect(fake.posted.reviews[0].body.comments.map((c: { body: string }) => c.body).join("\n")).toContain(maskSecret(SECRETS[0]));
    expect(server.output()).toContain("/repos/Codertocat/Hello-World/check-runs");
  });

  it("never holds the private key, the installation token or the webhook secret", () => {
    const log = server.output();
    const keyBody = privateKey.split("\n").filter((line) => line && !line.startsWith("-----"));
    for (const line of keyBody) expect(log.includes(line), "a line of the private key").toBe(false);
    expect(log).not.toContain(TOKEN);
    expect(log).not.toContain(WEBHOOK_SECRET);
  });

  it("never holds a secret found in the pull request", () => {
    const log = server.output();
    for (const secret of SECRETS) expect(log.includes(secret), secret).toBe(false);
  });
});
