import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../../src/cli/main.js";

const env = { ...process.env, GIT_AUTHOR_NAME: "t", GIT_AUTHOR_EMAIL: "t@example.invalid", GIT_COMMITTER_NAME: "t", GIT_COMMITTER_EMAIL: "t@example.invalid" };
let repo: string;

function git(...args: string[]): string {
  return execFileSync("git", ["-C", repo, ...args], { env }).toString().trim();
}

function write(path: string, text: string): void {
  mkdirSync(join(repo, path, ".."), { recursive: true });
  writeFileSync(join(repo, path), text);
}

const policy = (actions: string) => `resource "aws_iam_policy" "reader" {
  name        = "reader"
  description = "reads reports"
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Sid = "Read", Effect = "Allow", Action = [${actions}], Resource = "arn:aws:s3:::reports/*" }]
  })
}
`;

async function cli(args: string[]) {
  let stdout = "";
  let stderr = "";
  const code = await runCli(args, { stdout: (t) => void (stdout += t), stderr: (t) => (stderr += t), cwd: repo });
  return { code, stdout, stderr };
}

beforeAll(() => {
  repo = mkdtempSync(join(tmpdir(), "iam-review-diff-"));
  git("init", "-q", "-b", "main");
  write("infra/iam.tf", policy('"s3:GetObject"'));
  write("infra/file-policy.tf", 'resource "aws_iam_role" "r" {\n  name = "r"\n  assume_role_policy = file("${path.module}/trust.json")\n}\n');
  write("infra/trust.json", '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}]}');
  // The base's configuration turns IAM003 into a warning; the branch tries to switch it off.
  write(".github/iam-review.yml", "rules:\n  IAM003: warning\n");
  git("add", "-A");
  git("commit", "-q", "-m", "base");
  git("checkout", "-q", "-b", "feature");
  write("infra/iam.tf", policy('"s3:GetObject", "s3:ListObjects"'));
  write(".github/iam-review.yml", "rules:\n  IAM003: off\n");
  git("commit", "-q", "-am", "feature");
});

describe("iam-review diff", () => {
  it("reviews the change like the App: new findings, with the base's configuration", async () => {
    const { code, stdout } = await cli(["diff", "--base", "main", "--format", "json"]);
    const output = JSON.parse(stdout);
    expect(output.findings).toEqual([
      expect.objectContaining({ ruleId: "IAM003", status: "new", severity: "warning", path: "infra/iam.tf", startLine: 6 }),
    ]);
    expect(output.conclusion).toBe("neutral");
    expect(code).toBe(0);
    expect(output.head).toBe(git("rev-parse", "HEAD"));
    expect(output.base).toBe(git("rev-parse", "main"));
  });

  it("fails on a new finding at or above --fail-on, and prints text, Markdown and SARIF", async () => {
    const text = await cli(["diff", "--base", "main", "--fail-on", "warning"]);
    expect(text.code).toBe(1);
    expect(text.stdout).toMatch(/^FAILURE: 1 new finding at or above warning\./);
    expect(text.stdout).toMatch(/6:\d+ {2}warning {2}IAM003 unknown-action/);
    const markdown = await cli(["diff", "--base", "main", "--format", "markdown"]);
    expect(markdown.stdout).toMatch(/^⚠️ \*\*iam-review: nothing new blocks this change\*\*/);
    const sarif = JSON.parse((await cli(["diff", "--base", "main", "--format", "sarif"])).stdout);
    expect(sarif.runs[0].results[0]).toMatchObject({ ruleId: "IAM003", baselineState: "new" });
  });

  it("reports no change between a revision and itself", async () => {
    const { code, stdout } = await cli(["diff", "--base", "HEAD", "--format", "json"]);
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ conclusion: "success", summary: "No infrastructure files changed.", findings: [] });
  });

  it.each([
    [["diff"], /diff needs --base REF/],
    [["diff", "--base", "no-such-branch"], /git: /],
    [["diff", "--base", "main", "somepath"], /diff takes no paths/],
  ])("exits 2 on usage errors: %j", async (args, message) => {
    const { code, stderr } = await cli(args);
    expect(code).toBe(2);
    expect(stderr).toMatch(message);
  });
});
