// Hostile pull-request content. Each input is refused by a cap that is checked before the expensive work
// (size before reading, nesting and aliases before building values, statements before normalising and
// simulating), and ends as a clear error entry — never a crash, a hang or unbounded memory. Each test
// asserts the cap that was hit, by its message. No test measures speed; a generous timeout catches a hang.

import { Octokit } from "@octokit/rest";
import nock from "nock";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { defaultConfig, parseConfig } from "../../src/engine/config.js";
import { MAX_CHANGED_FILES, reviewChange } from "../../src/engine/review.js";
import { fetchPullRequestChange } from "../../src/github/fetch-change-set.js";
import { annotationsFor, checkRunOutput, MAX_ANNOTATIONS } from "../../src/github/payloads.js";
import { analyse } from "../../src/github/review-job.js";
import { extractCloudFormation } from "../../src/iac/cloudformation/index.js";
import { decodeSource } from "../../src/iac/decode.js";
import { extractPolicyFile } from "../../src/iac/policy-file.js";
import { MAX_PRINCIPAL_STATEMENTS, effectivePolicies } from "../../src/engine/principals.js";
import { MAX_STATEMENTS, scanSources } from "../../src/iac/scan.js";
import { extractTerraformModule, MAX_TERRAFORM_FILE_BYTES } from "../../src/iac/terraform/index.js";
import { extractTerraformPlan } from "../../src/iac/terraform-plan.js";
import { catalogue } from "../../src/iam/catalogue.js";
import type { SourceReader } from "../../src/iac/types.js";
import { rules } from "../../src/rules/index.js";
import { blobSha, fixturePr, mockReads, type FakePr } from "../github/helpers/fake-pr.js";
import { captured, mockCheckRun, repoPath } from "../github/helpers/flow.js";
import { example, github, testProbot } from "../github/helpers/probot.js";

const DEPTH = 10_000;

/** A plain Octokit that keeps GitHub's expected 404s out of the test output. */
function octokit(): Octokit {
  const quiet = () => undefined;
  return new Octokit({ log: { debug: quiet, info: quiet, warn: quiet, error: quiet } });
}
const noFiles = { read: () => undefined };

function messages(result: { errors: { message: string }[] }): string[] {
  return result.errors.map((e) => e.message);
}

function terraform(text: string, reader: SourceReader = noFiles, dir = "") {
  return extractTerraformModule({ dir, files: [{ path: dir ? `${dir}/main.tf` : "main.tf", text }], reader });
}

function statements(count: number, prefix = "S"): { Sid: string; Effect: string; Action: string[]; Resource: string }[] {
  return Array.from({ length: count }, (_, i) => ({ Sid: `${prefix}${i}`, Effect: "Allow", Action: ["s3:GetObject", "iam:PassRole"], Resource: `arn:aws:s3:::b${i}/*` }));
}

/** Short statements, so that 10,000 of them fit in a Terraform file under its 1 MB limit. */
function shortStatements(count: number): string {
  return JSON.stringify({ Version: "2012-10-17", Statement: Array.from({ length: count }, (_, i) => ({ Effect: "Allow", Action: `s3:Get${i}`, Resource: "*" })) });
}

beforeEach(() => nock.disableNetConnect());
afterEach(() => {
  nock.cleanAll();
  nock.enableNetConnect();
});

describe("YAML alias bombs", () => {
  // Nine references per level, nine levels: 387 million strings if the aliases were expanded.
  const levels = ["a", "b", "c", "d", "e", "f", "g", "h", "i"];
  const bomb = [
    'AWSTemplateFormatVersion: "2010-09-09"',
    'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
    ...levels.slice(1).map((name, i) => `${name}: &${name} [${Array(9).fill(`*${levels[i]}`).join(",")}]`),
    "Resources:",
    "  Role:",
    "    Type: AWS::IAM::Role",
    "    Properties:",
    "      AssumeRolePolicyDocument: *i",
  ].join("\n");

  it("in a CloudFormation template: refused at the first alias, nothing expanded", () => {
    const result = extractCloudFormation("bomb.yaml", bomb);
    expect(messages(result)).toEqual(["YAML: YAML aliases are not allowed in CloudFormation templates"]);
    expect(result.errors[0].line).toBe(3);
    expect(result.policies).toEqual([]);
  });

  it("in the repository configuration: refused, the defaults apply", () => {
    const { config, problems } = parseConfig("fail_on: &x error\ncomment_on: *x\n");
    expect(problems.map((p) => p.message)).toEqual([expect.stringMatching(/^invalid configuration: .*alias/i)]);
    expect(config).toEqual(defaultConfig());
  });
});

describe("a 50 MB file", () => {
  const huge = new Uint8Array(50 * 1024 * 1024).fill(0x61);

  it("is refused by its size before it is decoded or parsed", () => {
    expect(decodeSource("infra/huge.tf", huge)).toEqual({ error: { path: "infra/huge.tf", line: 1, message: "file is 50.0 MB, over the 5 MB limit: not analysed" } });
  });

  it("handed to each extractor as text anyway: refused by the extractor's own size check", async () => {
    const text = `{"Statement":[],"x":"${"a".repeat(50 * 1024 * 1024)}"}`;
    expect(messages(await terraform(text))).toEqual(["file larger than 5242880 bytes: not analysed"]);
    expect(messages(extractCloudFormation("huge.json", text))[0]).toMatch(/^file is \d+ bytes, more than 5242880: not parsed$/);
    expect(messages(extractPolicyFile("huge.json", text))).toEqual(["file is 50.0 MB, over the 5 MB limit: not analysed"]);
    expect(messages(extractTerraformPlan("plan.json", text))).toEqual(["file is 50.0 MB, over the 5 MB limit: not analysed"]);
  });

  it("is never downloaded by the App: the directory listing's size decides, the blob is not read", async () => {
    const gh = octokit();
    const target = { owner: "o", repo: "r", pullNumber: 1, headSha: "f".repeat(40), baseSha: "b".repeat(40) };
    const scope = nock("https://api.github.com");
    scope.get("/repos/o/r/pulls/1/files").query({ per_page: 100 }).reply(200, [{ filename: "infra/huge.tf", status: "added", sha: "1".repeat(40), patch: "@@ -0,0 +1 @@\n+x" }]);
    scope.get(`/repos/o/r/compare/${target.baseSha}...${target.headSha}`).query({ per_page: 1 }).reply(200, { merge_base_commit: { sha: "a".repeat(40) } });
    scope.get("/repos/o/r/contents/infra").query({ ref: "a".repeat(40) }).reply(404, { message: "Not Found" });
    scope
      .get("/repos/o/r/contents/infra")
      .query({ ref: target.headSha })
      .reply(200, [{ type: "file", name: "huge.tf", path: "infra/huge.tf", sha: "1".repeat(40), size: huge.byteLength }]);
    const fetched = await fetchPullRequestChange(gh, target);
    expect(scope.pendingMocks()).toEqual([]);
    expect(fetched.skipped).toEqual([{ path: "infra/huge.tf", reason: "50.0 MB, over the 5 MB limit" }]);
    expect(fetched.change.head.size).toBe(0);
  });

  it("a Terraform file over 1 MB is refused before the HCL parser sees it (its memory grows ~200× the input and is never returned)", async () => {
    const text = `locals {\n  x = "${"a".repeat(MAX_TERRAFORM_FILE_BYTES)}"\n}\n`;
    expect(messages(await terraform(text))).toEqual(["file is 1.0 MB, over the 1 MB limit for Terraform files: not analysed"]);
  });
});

describe(`${DEPTH}-level nesting`, () => {
  const open = "[".repeat(DEPTH);
  const close = "]".repeat(DEPTH);

  it("JSON policy file", () => {
    const result = extractPolicyFile("deep.json", `{"Version":"2012-10-17","Statement":${open}${close}}`);
    expect(messages(result)).toEqual([`JSON nested ${DEPTH + 1} levels deep (more than 256): refused`]);
  });

  it("CloudFormation, JSON and YAML", () => {
    expect(messages(extractCloudFormation("deep.json", `{"AWSTemplateFormatVersion":"2010-09-09","Resources":{"X":${open}${close}}}`))).toEqual([
      `nested ${DEPTH + 2} levels deep (more than 256): refused`,
    ]);
    expect(messages(extractCloudFormation("deep.yaml", `AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  X: ${open}${close}\n`))).toEqual([
      `nested ${DEPTH} levels deep (more than 256): refused`,
    ]);
    const blockSequence = `AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  X:\n${Array.from({ length: 2000 }, (_, i) => `${"  ".repeat(i + 2)}- `).join("\n")}x\n`;
    expect(messages(extractCloudFormation("deep-block.yaml", blockSequence))[0]).toMatch(/nested (\d+ levels deep \(more than 256\)|more than 256 levels deep): refused/);
  });

  it("Terraform plan JSON", () => {
    const result = extractTerraformPlan("plan.json", `{"format_version":"1.2","planned_values":${open}${close}}`);
    expect(messages(result)[0]).toMatch(new RegExp(`nested ${DEPTH + 1} levels deep \\(more than 256\\): refused`));
  });

  it("HCL expressions: lists, objects, function calls, conditionals", async () => {
    const policy = (expr: string) => `resource "aws_iam_policy" "p" {\n  policy = ${expr}\n}\n`;
    for (const expr of [
      `jsonencode(${open}${close})`,
      `jsonencode(${"{a=".repeat(DEPTH)}1${"}".repeat(DEPTH)})`,
      `${"jsonencode(".repeat(DEPTH)}1${")".repeat(DEPTH)}`,
      `jsonencode({Statement=[{Effect="Allow",Resource="*",Action=${"var.a ? ".repeat(DEPTH)}"x"${' : "y"'.repeat(DEPTH)}}]})`,
    ]) {
      const result = await terraform(policy(expr));
      expect(messages(result)).toEqual(["aws_iam_policy.p: expression nested more than 256 levels deep: refused"]);
      expect(result.policies).toEqual([]);
    }
  });

  it("HCL blocks inside a resource", async () => {
    const result = await terraform(`resource "aws_iam_policy" "p" {\n${"a {\n".repeat(DEPTH)}${"}\n".repeat(DEPTH)}}\n`);
    expect(messages(result)).toEqual(["aws_iam_policy.p: expression nested more than 256 levels deep: refused"]);
  });
});

describe("bytes that are not text", () => {
  it("invalid UTF-8: refused, with the line of the first bad byte", () => {
    const bytes = Buffer.concat([Buffer.from('resource "aws_iam_policy" "p" {\n  name = "'), Buffer.from([0xc3, 0x28, 0xff]), Buffer.from('"\n}\n')]);
    expect(decodeSource("infra/bad.tf", bytes)).toEqual({ error: { path: "infra/bad.tf", line: 2, message: "file is not valid UTF-8: not analysed" } });
  });

  it("a binary file with an IaC extension: refused as binary", () => {
    const elf = Uint8Array.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0, 0, 0, 0, 0]);
    for (const path of ["infra/main.tf", "stack.yaml", "policy.json", "x.template"]) {
      expect(decodeSource(path, elf)).toEqual({ error: { path, line: 1, message: "binary file (contains NUL bytes): not analysed" } });
    }
  });

  it("in a pull request: listed in the check run's 'Files not analysed', and the change is neutral", async () => {
    const gh = octokit();
    const target = { owner: "o", repo: "r", pullNumber: 1, headSha: "f".repeat(40), baseSha: "b".repeat(40) };
    const binary = Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 0, 0]);
    const latin1 = Buffer.from("Resources:\n  caf\xe9: x\n", "latin1");
    const scope = nock("https://api.github.com");
    scope.get("/repos/o/r/pulls/1/files").query({ per_page: 100 }).reply(200, [
      { filename: "stack.yaml", status: "added", sha: "2".repeat(40) },
      { filename: "tool.json", status: "added", sha: "3".repeat(40) },
    ]);
    scope.get(`/repos/o/r/compare/${target.baseSha}...${target.headSha}`).query({ per_page: 1 }).reply(200, { merge_base_commit: { sha: "a".repeat(40) } });
    scope.get(`/repos/o/r/git/blobs/${"2".repeat(40)}`).reply(200, { encoding: "base64", content: latin1.toString("base64") });
    scope.get(`/repos/o/r/git/blobs/${"3".repeat(40)}`).reply(200, { encoding: "base64", content: binary.toString("base64") });
    const fetched = await fetchPullRequestChange(gh, target);
    expect(scope.pendingMocks()).toEqual([]);
    expect(fetched.skipped).toEqual([
      { path: "stack.yaml", reason: "file is not valid UTF-8: not analysed" },
      { path: "tool.json", reason: "binary file (contains NUL bytes): not analysed" },
    ]);
  });
});

describe("Terraform that does not close or reaches out", () => {
  it("a heredoc without its end marker: an error entry where it opens", async () => {
    const result = await terraform(`resource "aws_iam_policy" "p" {\n  policy = <<EOF\n{"Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}\n}\n`);
    expect(messages(result)).toEqual(['Terraform syntax error: heredoc <<EOF opened at line 2 has no end marker "EOF"; skipped resource.aws_iam_policy.p']);
    expect(result.policies).toEqual([]);
  });

  it('file("../../etc/passwd") and file("/etc/passwd"): error entries, and the file reader is never asked', async () => {
    const reader = { read: vi.fn(() => undefined) };
    const result = await terraform(
      `resource "aws_iam_policy" "a" {\n  policy = file("../../etc/passwd")\n}\nresource "aws_iam_policy" "b" {\n  policy = templatefile("/etc/passwd", {})\n}\n`,
      reader,
    );
    expect(messages(result)).toEqual([
      'aws_iam_policy.a policy: file(): path "../../etc/passwd" escapes the scan root: not read',
      'aws_iam_policy.b policy: templatefile(): absolute path "/etc/passwd" is outside the scan root: not read',
    ]);
    expect(reader.read).not.toHaveBeenCalled();
  });

  it("in a pull request: GitHub is never asked for the escaping path either", async () => {
    const finding = fixturePr("new-finding");
    const pr: FakePr = {
      ...finding,
      head: new Map([["infra/iam.tf", `resource "aws_iam_policy" "p" {\n  policy = file("\${path.module}/../../../etc/passwd")\n}\n`]]),
    };
    const scope = nock("https://api.github.com");
    // Every read of the review, and nothing else: a request for etc/passwd would find no interceptor.
    mockReads(scope, pr);
    const { result } = await analyse(octokit(), {
      kind: "pull_request",
      owner: pr.owner,
      repo: pr.repo,
      pullNumber: pr.number,
      headSha: pr.headSha,
      baseSha: pr.baseSha,
    });
    expect(scope.pendingMocks()).toEqual([]);
    expect(result.head.scan.errors.map((e) => e.message)).toEqual(['aws_iam_policy.p policy: file(): path "./../../../etc/passwd" escapes the scan root: not read']);
  });
});

describe("policies with 10,000 statements", () => {
  it(`one document: refused with IAM001 before it is normalised, linted or simulated (cap ${MAX_STATEMENTS})`, async () => {
    const text = JSON.stringify({ Version: "2012-10-17", Statement: statements(10_000) }, null, 1);
    const scan = await scanSources([{ path: "policies/big.json", text }], noFiles);
    expect(scan.policies).toEqual([]);
    expect(messages(scan)).toEqual([
      `policies/big.json: policy document has 10000 statements, more than the ${MAX_STATEMENTS} iam-review reads (and far more than AWS accepts in one policy): refused`,
    ]);
    const result = await reviewChange(
      { base: new Map(), head: new Map([["policies/big.json", text]]), changed: [{ path: "policies/big.json", status: "added" }] },
      { config: defaultConfig(), catalogue, rules },
    );
    expect(result.conclusion).toBe("failure");
    expect(result.findings.map((f) => f.ruleId)).toEqual(["IAM001"]);
  });

  it("attached to one role through a Terraform heredoc: refused the same way; the role's trust policy is still reviewed", async () => {
    const heredoc = shortStatements(10_000);
    const tf = `resource "aws_iam_role" "r" {\n  assume_role_policy = jsonencode({Version="2012-10-17",Statement=[{Effect="Allow",Action="sts:AssumeRole",Principal={Service="ec2.amazonaws.com"}}]})\n}\nresource "aws_iam_role_policy" "p" {\n  role   = aws_iam_role.r.id\n  policy = <<EOF\n${heredoc}\nEOF\n}\n`;
    const scan = await scanSources([{ path: "main.tf", text: tf }], noFiles);
    expect(scan.policies.map((p) => p.resource)).toEqual(["aws_iam_role.r"]);
    expect(messages(scan)).toEqual([expect.stringContaining("aws_iam_role_policy.p: policy document has 10000 statements")]);
  });

  it("10,000 statements over 100 documents of one role: every document is read, the role's evaluation stops at its cap", async () => {
    const tf =
      `resource "aws_iam_role" "r" {\n  assume_role_policy = jsonencode({Version="2012-10-17",Statement=[{Effect="Allow",Action="sts:AssumeRole",Principal={Service="ec2.amazonaws.com"}}]})\n}\n` +
      Array.from({ length: 100 }, (_, d) => `resource "aws_iam_role_policy" "p${d}" {\n  role   = aws_iam_role.r.id\n  policy = jsonencode(${shortStatements(100)})\n}\n`).join("");
    const scan = await scanSources([{ path: "main.tf", text: tf }], noFiles);
    expect(scan.errors).toEqual([]);
    expect(scan.policies).toHaveLength(101);
    const effective = effectivePolicies(scan, "aws_iam_role.r");
    expect(effective.identity).toHaveLength(MAX_PRINCIPAL_STATEMENTS / 100);
    expect(effective.unknown).toHaveLength(100 - MAX_PRINCIPAL_STATEMENTS / 100);
    expect(effective.unknown[0].what).toMatch(/not evaluated, the principal's policies hold more than 1000 statements$/);
    // The whole review runs over them and ends (bounded by the cap; a hang would hit the test timeout).
    const result = await reviewChange(
      { base: new Map(), head: new Map([["main.tf", tf]]), changed: [{ path: "main.tf", status: "added" }] },
      { config: defaultConfig(), catalogue, rules },
    );
    expect(["failure", "neutral"]).toContain(result.conclusion);
  }, 300_000);
});

describe("more than 3,000 changed files", () => {
  it(`GitHub lists the first ${MAX_CHANGED_FILES}: the check is neutral and says only those were reviewed — even when none of them is infrastructure`, async () => {
    const pr = fixturePr("docs-only");
    const probot = await testProbot();
    const out = captured();
    const scope = github();
    mockCheckRun(scope, pr, out);
    const pages = MAX_CHANGED_FILES / 100;
    for (let page = 1; page <= pages; page++) {
      const files = Array.from({ length: 100 }, (_, i) => {
        const filename = `docs/page-${page}-${i}.md`;
        return { filename, status: "added", sha: blobSha(filename), patch: "@@ -0,0 +1 @@\n+docs" };
      });
      const next: Record<string, string> = page < pages ? { link: `<https://api.github.com${repoPath(pr, "/pulls/2/files")}?per_page=100&page=${page + 1}>; rel="next"` } : {};
      scope
        .get(repoPath(pr, "/pulls/2/files"))
        .query(page === 1 ? { per_page: 100 } : { per_page: 100, page })
        .reply(200, files, next);
    }
    const payload = example("pull_request", "opened");
    payload.pull_request.head.sha = pr.headSha;
    payload.pull_request.base.sha = pr.baseSha;
    payload.pull_request.changed_files = 3_500;
    await probot.receive({ id: "many-files", name: "pull_request", payload });
    expect(scope.pendingMocks()).toEqual([]);
    expect(out.updated).toMatchObject([
      { status: "completed", conclusion: "neutral", output: { title: "More than 3000 files changed: only the first 3000 were reviewed." } },
    ]);
  });
});

describe("thousands of findings", () => {
  it(`cost at most ${MAX_ANNOTATIONS} annotations (${MAX_ANNOTATIONS / 50} writes), the most severe first, and the summary says so`, async () => {
    // 700 policies, each with an unknown action (an error) and a wildcard resource on a sensitive action.
    const tf = Array.from(
      { length: 700 },
      (_, i) => `resource "aws_iam_policy" "p${i}" {\n  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = ["s3:GetObjcet${i}"], Resource = "*" }] })\n}\n`,
    ).join("");
    const result = await reviewChange(
      { base: new Map(), head: new Map([["main.tf", tf]]), changed: [{ path: "main.tf", status: "added" }] },
      { config: defaultConfig(), catalogue, rules },
    );
    expect(result.findings.length).toBeGreaterThan(MAX_ANNOTATIONS);
    const annotations = annotationsFor(result);
    expect(annotations).toHaveLength(MAX_ANNOTATIONS);
    expect(annotations.every((a) => a.annotation_level === "failure")).toBe(true);
    expect(checkRunOutput(result, { docsBaseUrl: "https://example.test" }).text).toMatch(new RegExp(`^### Annotations\\n\\d+ annotations; the ${MAX_ANNOTATIONS} most severe are shown`));
  });
});
