// `iam-review simulate`: every flag of DESIGN.md's contract, --batch, --iac/--as, output formats and exit codes.
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../../src/cli/main.js";

async function cli(args: string[], cwd: string) {
  let stdout = "";
  let stderr = "";
  const code = await runCli(args, { stdout: (t) => void (stdout += t), stderr: (t) => (stderr += t), cwd });
  return { code, stdout, stderr };
}

const KEY_ID = "AKIAIOSFODNN7EXAMPLE";
const BOB = "arn:aws:iam::444455556666:user/bob";

const doc = (statements: object[]) => JSON.stringify({ Version: "2012-10-17", Statement: statements }, null, 2);

let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "iam-review-simulate-"));
  mkdirSync(join(dir, "policies"));
  const write = (name: string, text: string) => writeFileSync(join(dir, name), text);
  write("policies/admin.json", doc([{ Sid: "Everything", Effect: "Allow", Action: "*", Resource: "*" }]));
  write("policies/s3-only.json", doc([{ Effect: "Allow", Action: "s3:*", Resource: "*" }]));
  write("policies/deny-iam.json", doc([{ Sid: "NoIam", Effect: "Deny", Action: "iam:*", Resource: "*" }, { Effect: "Allow", Action: "*", Resource: "*" }]));
  write("policies/reader.json", doc([{ Sid: "Read", Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::assets/*" }]));
  write("policies/writer.json", doc([{ Sid: "Write", Effect: "Allow", Action: "s3:PutObject", Resource: "arn:aws:s3:::assets/*" }]));
  write(
    "policies/tags.json",
    doc([{ Sid: "OnlyTeamTags", Effect: "Allow", Action: "ec2:CreateTags", Resource: "*", Condition: { "ForAllValues:StringEquals": { "aws:TagKeys": ["team", "env"] } } }]),
  );
  write("policies/bucket.json", doc([{ Sid: "Bob", Effect: "Allow", Principal: { AWS: BOB }, Action: "s3:GetObject", Resource: "arn:aws:s3:::shared/*" }]));
  write("policies/secret.json", doc([{ Sid: "KeyTagged", Effect: "Allow", Action: "s3:GetObject", Resource: "*", Condition: { StringEquals: { "aws:PrincipalTag/key": KEY_ID } } }]));
  write("policies/broken.json", '{\n  "Statement": [\n    { "Effect": "Allow", }\n  ]\n}');

  mkdirSync(join(dir, "infra"));
  write(
    "infra/main.tf",
    `variable "extra" {}

resource "aws_iam_role" "dev" {
  name = "dev"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = { Service = "ec2.amazonaws.com" }, Action = "sts:AssumeRole" }]
  })
}

resource "aws_iam_role_policy_attachment" "admin" {
  role       = aws_iam_role.dev.name
  policy_arn = "arn:aws:iam::aws:policy/AdministratorAccess"
}

resource "aws_iam_role" "ci" {
  name = "ci"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = { Service = "codebuild.amazonaws.com" }, Action = "sts:AssumeRole" }]
  })
}

resource "aws_iam_role_policy_attachment" "ci_extra" {
  role       = aws_iam_role.ci.name
  policy_arn = var.extra
}
`,
  );

  const line = (policies: object, request: object) => JSON.stringify({ policies, request });
  const admin = JSON.parse(doc([{ Effect: "Allow", Action: "*", Resource: "*" }]));
  const denyIam = JSON.parse(doc([{ Effect: "Deny", Action: "iam:*", Resource: "*" }]));
  write(
    "batch.jsonl",
    [
      line({ identity: [admin] }, { action: "iam:CreateUser", resource: "*" }),
      "",
      line({ identity: [admin], scps: [denyIam, admin] }, { action: "iam:CreateUser", resource: "arn:aws:iam::111122223333:user/x" }),
      line({ identity: [] , resource: JSON.parse(doc([{ Effect: "Allow", Principal: { AWS: BOB }, Action: "s3:GetObject", Resource: "arn:aws:s3:::shared/*" }])) }, { action: "s3:GetObject", resource: "arn:aws:s3:::shared/a", principal: BOB }),
      line({ identity: [JSON.parse(doc([{ Effect: "Allow", Action: "ec2:CreateTags", Resource: "*", Condition: { "ForAllValues:StringEquals": { "aws:TagKeys": ["team"] } } }]))] }, { action: "ec2:CreateTags", resource: "*", context: { "aws:TagKeys": ["team", "owner"] } }),
    ].join("\n") + "\n",
  );
  write(
    "bad-batch.jsonl",
    [
      line({ identity: [admin] }, { action: "s3:GetObject", resource: "arn:aws:s3:::a/b" }),
      "{ not json",
      line({ identity: [admin] }, { resource: "*" }),
      line({ identity: [admin] }, { action: "s3:Get*", resource: "*" }),
      line({ identity: [admin] }, { action: "s3:GetObject", resource: "*", context: { "aws:SourceIp": 10 } }),
    ].join("\n"),
  );
});

describe("iam-review simulate with policy files", () => {
  it("prints the decision, the deciding statements with path:line and the explanation; exit 0 when allowed", async () => {
    const { code, stdout } = await cli(["simulate", "--action", "s3:GetObject", "--resource", "arn:aws:s3:::assets/report.csv", "--policy", "policies/reader.json"], dir);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^ALLOWED: s3:GetObject on arn:aws:s3:::assets\/report\.csv\n/);
    expect(stdout).toContain('Allow policies/reader.json "Read"  policies/reader.json:4');
    expect(stdout).toContain("Why:\n  s3:GetObject on arn:aws:s3:::assets/report.csv is allowed.");
  });

  it("prints DESIGN.md's JSON shape; exit 1 when denied; --policy is repeatable", async () => {
    const denied = await cli(["simulate", "--action", "s3:PutObject", "--resource", "arn:aws:s3:::other/x", "--policy", "policies/reader.json", "--format", "json"], dir);
    expect(denied.code).toBe(1);
    expect(JSON.parse(denied.stdout)).toEqual({ decision: "implicitDeny", matched: [] });
    const both = await cli(
      ["simulate", "--action", "s3:PutObject", "--resource", "arn:aws:s3:::assets/x", "--policy", "policies/reader.json", "--policy", "policies/writer.json", "--format", "json"],
      dir,
    );
    expect(both.code).toBe(0);
    expect(JSON.parse(both.stdout)).toEqual({ decision: "allowed", matched: [{ effect: "Allow", sid: "Write", policy: "policies/writer.json", path: "policies/writer.json", line: 4 }] });
  });

  it("--resource defaults to any resource", async () => {
    const { code, stdout } = await cli(["simulate", "--action", "s3:GetObject", "--policy", "policies/reader.json"], dir);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^ALLOWED: s3:GetObject on any resource/);
    expect(stdout).toContain("is allowed on some resource");
  });

  it("--boundary, --scp (repeatable) and --session-policy cap the identity policies", async () => {
    const base = ["simulate", "--action", "iam:CreateUser", "--policy", "policies/admin.json", "--format", "json"];
    expect((await cli(base, dir)).code).toBe(0);
    expect((await cli([...base, "--boundary", "policies/s3-only.json"], dir)).code).toBe(1);
    expect((await cli([...base, "--session-policy", "policies/s3-only.json"], dir)).code).toBe(1);
    const scp = await cli([...base, "--scp", "policies/admin.json", "--scp", "policies/deny-iam.json"], dir);
    expect(scp.code).toBe(1);
    expect(JSON.parse(scp.stdout)).toEqual({ decision: "explicitDeny", matched: [{ effect: "Deny", sid: "NoIam", policy: "policies/deny-iam.json", path: "policies/deny-iam.json", line: 4 }] });
  });

  it("--resource-policy, --principal and --resource-account decide same- versus cross-account access", async () => {
    const base = ["simulate", "--action", "s3:GetObject", "--resource", "arn:aws:s3:::shared/a", "--principal", BOB, "--resource-policy", "policies/bucket.json"];
    // The bucket ARN names no account: the resource account is the principal's, and the bucket policy alone allows.
    const sameAccount = await cli(base, dir);
    expect(sameAccount.code).toBe(0);
    expect(sameAccount.stdout).toContain('Allow policies/bucket.json "Bob"');
    // In another account Bob's own policies must allow it too, and he has none.
    expect((await cli([...base, "--resource-account", "111122223333"], dir)).code).toBe(1);
    expect((await cli([...base, "--resource-account", "111122223333", "--policy", "policies/reader.json"], dir)).code).toBe(1);
    const another = await cli(["simulate", "--action", "s3:GetObject", "--resource", "arn:aws:s3:::shared/a", "--principal", "arn:aws:iam::444455556666:user/eve", "--resource-policy", "policies/bucket.json"], dir);
    expect(another.code).toBe(1);
  });

  it("--context: a repeated key is multivalued", async () => {
    const base = ["simulate", "--action", "ec2:CreateTags", "--policy", "policies/tags.json", "--format", "json"];
    expect((await cli([...base, "--context", "aws:TagKeys=team", "--context", "aws:TagKeys=env"], dir)).code).toBe(0);
    const extra = await cli([...base, "--context", "aws:TagKeys=team", "--context", "aws:TagKeys=owner"], dir);
    expect(extra.code).toBe(1);
  });

  it("never prints a secret written in a policy file", async () => {
    const { stdout } = await cli(["simulate", "--action", "s3:GetObject", "--resource", "arn:aws:s3:::a/b", "--policy", "policies/secret.json", "--context", "aws:PrincipalTag/key=other"], dir);
    expect(stdout).toContain("aws:PrincipalTag/key");
    expect(stdout).not.toContain(KEY_ID);
  });
});

describe("iam-review simulate --iac PATH --as ADDRESS", () => {
  it("answers with the principal's policies, AWS managed ones included, naming the attachment", async () => {
    const { code, stdout } = await cli(["simulate", "--iac", "infra", "--as", "aws_iam_role.dev", "--action", "iam:CreateUser"], dir);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^ALLOWED: iam:CreateUser on any resource as aws_iam_role\.dev/);
    expect(stdout).toContain("Allow AWS managed: AdministratorAccess via attachment at infra/main.tf:13  infra/main.tf:13");
    expect(stdout).toContain("Allow in identity-based policy AWS managed: AdministratorAccess via attachment at infra/main.tf:13 statement #0");
    const json = await cli(["simulate", "--iac", ".", "--as", "aws_iam_role.dev", "--action", "iam:CreateUser", "--format", "json"], join(dir, "infra"));
    expect(JSON.parse(json.stdout)).toEqual({
      decision: "allowed",
      matched: [{ effect: "Allow", policy: "AWS managed: AdministratorAccess via attachment at main.tf:13", path: "main.tf", line: 13 }],
    });
  });

  it("uses the role's trust policy for sts:AssumeRole on it", async () => {
    const args = ["simulate", "--iac", "infra", "--as", "aws_iam_role.dev", "--action", "sts:AssumeRole", "--resource", "aws_iam_role.dev"];
    expect((await cli([...args, "--principal", "ec2.amazonaws.com"], dir)).code).toBe(0);
    expect((await cli([...args, "--principal", "lambda.amazonaws.com"], dir)).code).toBe(1);
  });

  it("exits 3 when an attachment it cannot know could change the answer", async () => {
    const { code, stdout } = await cli(["simulate", "--iac", "infra", "--as", "aws_iam_role.ci", "--action", "s3:GetObject", "--format", "json"], dir);
    expect(code).toBe(3);
    expect(JSON.parse(stdout)).toEqual({
      decision: "implicitDeny",
      matched: [],
      undecided: ["managed policy var.extra (attached by aws_iam_role_policy_attachment.ci_extra policy_arn): the ARN is not known statically (infra/main.tf:26)"],
    });
    const text = await cli(["simulate", "--iac", "infra", "--as", "aws_iam_role.ci", "--action", "s3:GetObject"], dir);
    expect(text.stdout).toMatch(/^DENIED \(implicit deny\), undecided: /);
  });

  it("adds --policy files to the IaC's and reports unknown or ambiguous addresses as usage errors", async () => {
    const withScp = await cli(["simulate", "--iac", "infra", "--as", "aws_iam_role.dev", "--action", "iam:CreateUser", "--scp", "policies/deny-iam.json"], dir);
    expect(withScp.code).toBe(1);
    const unknown = await cli(["simulate", "--iac", "infra", "--as", "aws_iam_role.deb", "--action", "iam:CreateUser"], dir);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("did you mean aws_iam_role.dev?");
  });
});

describe("iam-review simulate --batch", () => {
  it("answers one JSON line per question, in order, and exits 0 when every line was answered", async () => {
    const { code, stdout } = await cli(["simulate", "--batch", "batch.jsonl"], dir);
    expect(code).toBe(0);
    const lines = stdout.trimEnd().split("\n").map((line) => JSON.parse(line));
    expect(lines).toHaveLength(4);
    expect(lines[0]).toEqual({ decision: "allowed", matched: [{ effect: "Allow", policy: "batch.jsonl:1 identity[0]", path: "batch.jsonl", line: 1 }] });
    expect(lines[1]).toMatchObject({ decision: "explicitDeny", matched: [{ effect: "Deny", policy: "batch.jsonl:3 scps[0]", line: 3 }] });
    expect(lines[2]).toMatchObject({ decision: "allowed", matched: [{ policy: "batch.jsonl:4 resource" }] });
    expect(lines[3]).toEqual({ decision: "implicitDeny", matched: [] });
  });

  it("prints an error line for a line it cannot read and exits 2 once all lines are done", async () => {
    const { code, stdout } = await cli(["simulate", "--batch", "bad-batch.jsonl", "--format", "json"], dir);
    expect(code).toBe(2);
    const lines = stdout.trimEnd().split("\n").map((line) => JSON.parse(line));
    expect(lines).toHaveLength(5);
    expect(lines[0].decision).toBe("allowed");
    expect(lines[1].error).toMatch(/^bad-batch\.jsonl:2: /);
    expect(lines[2].error).toBe("bad-batch.jsonl:3: missing request.action");
    expect(lines[3].error).toMatch(/^bad-batch\.jsonl:4: s3:Get\*: name one action/);
    expect(lines[4].error).toBe("bad-batch.jsonl:5: request.context.aws:SourceIp must be a string or a list of strings");
  });

  it("takes every question from the file", async () => {
    const { code, stderr } = await cli(["simulate", "--batch", "batch.jsonl", "--action", "s3:GetObject"], dir);
    expect(code).toBe(2);
    expect(stderr).toContain("--batch takes every question from its file; drop --action");
    expect((await cli(["simulate", "--batch", "batch.jsonl", "--format", "text"], dir)).code).toBe(2);
  });
});

describe("iam-review simulate usage errors (exit 2)", () => {
  const usage = async (args: string[], message: string | RegExp) => {
    const { code, stderr, stdout } = await cli(["simulate", ...args], dir);
    expect(code).toBe(2);
    expect(stdout).toBe("");
    expect(stderr).toMatch(typeof message === "string" ? new RegExp(message.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")) : message);
  };

  it("reports missing and malformed arguments", async () => {
    await usage(["--policy", "policies/admin.json"], "simulate needs --action ACTION");
    await usage(["--action", "iam:*", "--policy", "policies/admin.json"], "iam:*: name one action, not a pattern");
    await usage(["--action", "CreateUser", "--policy", "policies/admin.json"], "CreateUser is not an action");
    await usage(["--action", "iam:CreateUser"], "no policies: give --policy FILE");
    await usage(["--action", "iam:CreateUser", "--iac", "infra"], "--iac PATH and --as ADDRESS go together");
    await usage(["--action", "iam:CreateUser", "--policy", "policies/missing.json"], "--policy policies/missing.json: not found");
    await usage(["--action", "iam:CreateUser", "--policy", "policies/broken.json"], "--policy policies/broken.json:3:26: invalid JSON: property name expected");
    await usage(["--action", "iam:CreateUser", "--policy", "policies/admin.json", "--context", "novalue"], "--context takes KEY=VALUE, not 'novalue'");
    await usage(["--action", "iam:CreateUser", "--policy", "policies/admin.json", "--resource-account", "12345"], "--resource-account takes a 12-digit account id");
    await usage(["--action", "iam:CreateUser", "--policy", "policies/admin.json", "--format", "sarif"], "unknown format 'sarif' (text or json)");
    await usage(["--action", "iam:CreateUser", "--policy", "policies/admin.json", "--bogus"], /Unknown option '--bogus'/);
    await usage(["--action", "iam:CreateUser", "--iac", "nowhere", "--as", "aws_iam_role.dev"], "--iac nowhere: not found");
  });

  it("is listed in the main usage and has its own --help", async () => {
    const help = await cli(["--help"], dir);
    expect(help.stdout).toContain("iam-review simulate --action ACTION");
    const own = await cli(["simulate", "--help"], dir);
    expect(own.code).toBe(0);
    expect(own.stdout).toContain("--batch FILE: JSON Lines");
  });
});
