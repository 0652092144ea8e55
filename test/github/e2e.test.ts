// End to end: the real server process (`src/main.ts`, as `npm start` runs it, through tsx so CI needs no
// build) against a fake GitHub Enterprise Server on 127.0.0.1, driven by signed webhooks. Nothing leaves
// 127.0.0.1.

import { spawn, type ChildProcess } from "node:child_process";
import { createHmac } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fixturePr } from "./helpers/fake-pr.js";
import { startFakeGitHub, type FakeGitHub } from "./helpers/fake-github.js";
import { example, privateKey } from "./helpers/probot.js";

const SECRET = "e2e-webhook-secret";
const root = join(import.meta.dirname, "../..");
const badPolicy = fixturePr("new-finding", { number: 2 });
const docsOnly = fixturePr("docs-only", { number: 3, headSha: "d".repeat(40), baseSha: "c".repeat(40), mergeBase: "e".repeat(40) });

let github: FakeGitHub;
let server: ChildProcess;
let appUrl: string;
let output = "";
let tempDir: string;

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

async function waitForPing(url: string, deadline: number): Promise<void> {
  while (Date.now() < deadline) {
    try {
      if ((await fetch(`${url}/ping`)).ok) return;
    } catch {
      // not listening yet
    }
    if (server.exitCode !== null) throw new Error(`the server exited (${server.exitCode}):\n${output}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`the server did not start:\n${output}`);
}

let delivery = 0;
async function deliver(name: string, payload: unknown, signature?: string): Promise<Response> {
  const body = JSON.stringify(payload);
  return fetch(`${appUrl}/api/github/webhooks`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      "x-github-event": name,
      "x-github-delivery": `e2e-${++delivery}`,
      "x-hub-signature-256": signature ?? `sha256=${createHmac("sha256", SECRET).update(body).digest("hex")}`,
    },
    body,
  });
}

function pullRequestEvent(pr: typeof badPolicy): any {
  const payload = example("pull_request", "opened");
  payload.number = pr.number;
  payload.pull_request.number = pr.number;
  payload.pull_request.head.sha = pr.headSha;
  payload.pull_request.base.sha = pr.baseSha;
  return payload;
}

function commentEvent(pr: typeof badPolicy, login: string, body: string, id: number): any {
  const payload = example("issue_comment", "created");
  payload.issue.number = pr.number;
  payload.issue.pull_request = { url: "", html_url: "", diff_url: "", patch_url: "", merged_at: null };
  payload.comment.id = id;
  payload.comment.body = body;
  payload.comment.user.login = login;
  payload.sender.login = login;
  return payload;
}

const completed = (pr: typeof badPolicy) =>
  github.posted.checkRuns.filter((r) => r.create.head_sha === pr.headSha).map((r) => r.updates.at(-1)?.conclusion);

beforeAll(async () => {
  github = await startFakeGitHub({ pulls: [badPolicy, docsOnly], permissions: { Codertocat: "admin", reader: "read" } });
  tempDir = mkdtempSync(join(tmpdir(), "iam-review-e2e-"));
  const keyPath = join(tempDir, "app.pem");
  writeFileSync(keyPath, privateKey);
  const port = await freePort();
  appUrl = `http://127.0.0.1:${port}`;
  server = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], {
    cwd: root,
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      NODE_ENV: "test",
      APP_ID: "123",
      PRIVATE_KEY_PATH: keyPath,
      WEBHOOK_SECRET: SECRET,
      GHE_HOST: github.host,
      GHE_PROTOCOL: "http",
      HOST: "127.0.0.1",
      PORT: String(port),
      LOG_LEVEL: "warn",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  server.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  server.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  await waitForPing(appUrl, Date.now() + 25_000);
}, 30_000);

afterAll(async () => {
  if (server && server.exitCode === null) {
    const exited = new Promise((resolve) => server.once("exit", resolve));
    server.kill("SIGTERM");
    await exited;
  }
  await github?.close();
  if (tempDir) rmSync(tempDir, { recursive: true, force: true });
});

describe("the App as a server against a fake GitHub Enterprise Server", () => {
  it("rejects a webhook with a wrong signature", async () => {
    const response = await deliver("pull_request", pullRequestEvent(badPolicy), `sha256=${"0".repeat(64)}`);
    expect(response.status).toBe(400);
    expect(github.posted.checkRuns).toEqual([]);
  });

  it("a pull request with a bad policy: a failing check and a comment on the right line", async () => {
    const response = await deliver("pull_request", pullRequestEvent(badPolicy));
    expect(response.status).toBe(200);
    expect(completed(badPolicy)).toEqual(["failure"]);
    const run = github.posted.checkRuns[0];
    expect(run.create).toMatchObject({ name: "iam-review", status: "in_progress", external_id: "2" });
    expect(run.updates.at(-1).output.annotations).toMatchObject([{ path: "infra/iam.tf", start_line: 9, annotation_level: "failure" }]);
    expect(github.posted.reviews).toHaveLength(1);
    expect(github.posted.reviews[0].body).toMatchObject({ event: "COMMENT", commit_id: badPolicy.headSha });
    expect(github.posted.reviewComments.map((c) => [c.path, c.line])).toEqual([["infra/iam.tf", 9]]);
    expect(github.posted.rejected).toEqual([]);
  });

  it("a docs-only pull request: success", async () => {
    expect((await deliver("pull_request", pullRequestEvent(docsOnly))).status).toBe(200);
    expect(completed(docsOnly)).toEqual(["success"]);
    expect(github.posted.reviews.filter((r) => r.pull === 3)).toEqual([]);
  });

  it("a re-run (a maintainer's /iam-review rerun): a new completed check run, no duplicate comment or review", async () => {
    expect((await deliver("issue_comment", commentEvent(badPolicy, "Codertocat", "/iam-review rerun", 901))).status).toBe(200);
    expect(completed(badPolicy)).toEqual(["failure", "failure"]);
    expect(github.posted.reviews).toHaveLength(1);
    expect(github.posted.reviewComments).toHaveLength(1);
    expect(github.posted.reactions.filter((r) => r.comment === 901).map((r) => r.content)).toEqual(["eyes", "rocket"]);
  });

  it("a command from a read-only user is refused", async () => {
    const before = github.posted.checkRuns.length;
    expect((await deliver("issue_comment", commentEvent(badPolicy, "reader", "/iam-review rerun", 902))).status).toBe(200);
    expect(github.posted.checkRuns).toHaveLength(before);
    expect(github.posted.reactions.filter((r) => r.comment === 902).map((r) => r.content)).toEqual(["eyes", "confused"]);
    expect(github.posted.issueComments.at(-1)?.body).toContain("@reader, iam-review commands can only be run by users with write, maintain or admin permission");
  });

  it("asked for nothing it does not serve", () => {
    expect(github.posted.unexpected).toEqual([]);
  });
});

describe("the production start", () => {
  it("refuses to run without an App id, a private key and a real webhook secret", async () => {
    const child = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], {
      cwd: root,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, NODE_ENV: "production", WEBHOOK_SECRET: "development" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stderr = "";
    child.stderr?.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.once("exit", resolve));
    expect(code).toBe(1);
    expect(stderr).toContain("iam-review cannot start in production");
    expect(stderr).toContain("APP_ID is not set");
  });
});
