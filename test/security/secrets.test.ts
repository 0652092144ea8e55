// A secret the scan finds is never repeated unmasked, in any output: every byte the App sends to GitHub
// (check run, annotations, review, inline comments), and the CLI's text, JSON, SARIF and Markdown.

import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import nock from "nock";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { runCli } from "../../src/cli/main.js";
import { defaultConfig } from "../../src/engine/config.js";
import { reviewChange } from "../../src/engine/review.js";
import { maskSecret } from "../../src/engine/secrets.js";
import { catalogue } from "../../src/iam/catalogue.js";
import { renderMarkdown } from "../../src/reporters/markdown.js";
import { renderSarif } from "../../src/reporters/sarif.js";
import { rules } from "../../src/rules/index.js";
import { fixturePr, mockReads, type FakePr } from "../github/helpers/fake-pr.js";
import { captured, mockCheckRun, mockPublish } from "../github/helpers/flow.js";
import { example, github, testProbot } from "../github/helpers/probot.js";
import { LEAKY_TF, SECRETS } from "./leaky.js";

const [KEY] = SECRETS;

function expectNoSecret(text: string, where: string): void {
  for (const secret of SECRETS) expect(text.includes(secret), `${where} contains ${secret}`).toBe(false);
}

beforeEach(() => nock.disableNetConnect());
afterEach(() => {
  nock.cleanAll();
  nock.enableNetConnect();
});

describe("secrets found in a pull request are masked in everything sent to GitHub", () => {
  it("check run, annotations, review body and inline comments: only masked forms", async () => {
    const base = fixturePr("new-finding");
    const pr: FakePr = { ...base, base: new Map([["infra/main.tf", "# nothing yet\n"]]), head: new Map([["infra/main.tf", LEAKY_TF]]) };
    const probot = await testProbot();
    const out = captured();
    const scope = github();
    const sent: string[] = [];
    scope.on("request", (req: { method: string; path: string }, _interceptor: unknown, body: string) => sent.push(`${req.method} ${req.path}\n${body ?? ""}`));
    mockCheckRun(scope, pr, out);
    mockReads(scope, pr);
    mockPublish(scope, pr, out);
    const payload = example("pull_request", "opened");
    payload.pull_request.head.sha = pr.headSha;
    payload.pull_request.base.sha = pr.baseSha;
    await probot.receive({ id: "secrets-1", name: "pull_request", payload });
    expect(scope.pendingMocks()).toEqual([]);

    expect(out.updated[0].conclusion).toBe("failure");
    const everything = sent.join("\n");
    expectNoSecret(everything, "the requests to GitHub");
    // The findings are about the secrets, and name them masked.
    expect(everything).toContain(maskSecret(KEY));
    expect(everything).toContain(maskSecret(SECRETS[2]));
    const annotations: { title: string }[] = out.updated[0].output.annotations;
    expect(annotations.some((a) => a.title.startsWith("IAM502"))).toBe(true);
    expect(out.reviews[0].comments.length).toBeGreaterThan(0);
  });
});

describe("the CLI never prints them", () => {
  it("scan in text, JSON and SARIF; the review's Markdown and SARIF", async () => {
    const dir = mkdtempSync(join(tmpdir(), "iam-review-secrets-"));
    try {
      mkdirSync(join(dir, ".git"));
      mkdirSync(join(dir, "infra"));
      writeFileSync(join(dir, "infra/main.tf"), LEAKY_TF);
      for (const format of ["text", "json", "sarif"]) {
        let stdout = "";
        let stderr = "";
        const code = await runCli(["scan", "infra", "--format", format], { stdout: (t) => void (stdout += t), stderr: (t) => (stderr += t), cwd: dir });
        expect(code).toBe(1);
        expectNoSecret(stdout + stderr, `scan --format ${format}`);
        expect(stdout).toContain(maskSecret(KEY));
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    const result = await reviewChange(
      { base: new Map(), head: new Map([["infra/main.tf", LEAKY_TF]]), changed: [{ path: "infra/main.tf", status: "added" }] },
      { config: defaultConfig(), catalogue, rules },
    );
    const markdown = renderMarkdown(result, { docsBaseUrl: "https://example.test/rules" });
    const sarif = JSON.stringify(renderSarif(result.findings, rules, { toolVersion: "0.0.0", informationUri: "https://example.test", docsBaseUrl: "https://example.test/rules" }));
    expectNoSecret(markdown, "Markdown");
    expectNoSecret(sarif, "SARIF");
    expect(markdown).toContain(maskSecret(KEY));
  });
});
