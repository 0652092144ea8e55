// The access diff: sensitive actions expanded by DESIGN.md's counting rule, rows where "allowed" flips between
// base and head (identity, trust, resource), the deciding statement, SIM002 findings, and the work bound.
import { beforeAll, describe, expect, it } from "vitest";
import { computeAccessDiff, expandSensitiveActions, groupAccessChanges, type AccessChange } from "../../src/engine/access-diff.js";
import { defaultConfig, type Config } from "../../src/engine/config.js";
import { simulateAs } from "../../src/engine/simulate.js";
import { scanSources, type ScanResult } from "../../src/iac/scan.js";
import { catalogue } from "../../src/iam/catalogue.js";

function scan(files: Record<string, string>): Promise<ScanResult> {
  return scanSources(Object.entries(files).map(([path, text]) => ({ path, text })), { read: () => undefined });
}

const role = (name: string, statements: string, extra = "") => `resource "aws_iam_role" "${name}" {
  name = "${name}"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = { Service = "ec2.amazonaws.com" }, Action = "sts:AssumeRole" }]
  })
}

resource "aws_iam_role_policy" "${name}" {
  role = aws_iam_role.${name}.id
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [${statements}]
  })
}
${extra}`;

async function diff(base: Record<string, string>, head: Record<string, string>, config: Config = defaultConfig()) {
  const changed = new Set([...Object.keys(base), ...Object.keys(head)].filter((path) => base[path] !== head[path]));
  return computeAccessDiff({ base: await scan(base), head: await scan(head), changedPaths: changed, config, catalogue });
}

describe("sensitive actions", () => {
  beforeAll(async () => {
    await catalogue.load(["iam:*", "s3:*"]);
  });

  it("counts only write, permissions-management and tagging actions of a pattern", async () => {
    const actions = (await expandSensitiveActions(["iam:*"], catalogue)).map((entry) => entry.action);
    expect(actions).toEqual(expect.arrayContaining(["iam:CreateUser", "iam:AttachRolePolicy", "iam:PassRole", "iam:TagRole"]));
    expect(actions).not.toContain("iam:ListRoles");
    expect(actions).not.toContain("iam:GetRole");
    for (const action of actions) expect(["Write", "Permissions management", "Tagging"]).toContain(catalogue.accessLevel(action));
  });

  it("counts a Read action named explicitly, but not under a pattern", async () => {
    expect((await expandSensitiveActions(["s3:GetObject"], catalogue)).map((entry) => entry.action)).toEqual(["s3:GetObject"]);
    expect((await expandSensitiveActions(["s3:Get*"], catalogue)).map((entry) => entry.action)).not.toContain("s3:GetObject");
  });

  it("attributes an action to the entry that names it rather than the pattern that covers it", async () => {
    const expanded = await expandSensitiveActions(["iam:*", "iam:passrole"], catalogue);
    expect(expanded.find((entry) => entry.action === "iam:PassRole")).toEqual({ action: "iam:PassRole", sensitive: "iam:passrole" });
    expect(expanded.filter((entry) => entry.action === "iam:PassRole")).toHaveLength(1);
  });
});

describe("identity access diff", () => {
  it("reports a newly allowed sensitive action with the deciding statement on the head (SIM002)", async () => {
    const base = { "main.tf": role("ci", `{ Sid = "Read", Effect = "Allow", Action = "s3:ListBucket", Resource = "*" }`) };
    const head = {
      "main.tf": role("ci", `{ Sid = "Read", Effect = "Allow", Action = "s3:ListBucket", Resource = "*" },\n      { Sid = "Pass", Effect = "Allow", Action = ["iam:PassRole", "ec2:RunInstances"], Resource = "*" }`),
    };
    const result = await diff(base, head);
    expect(result.changes).toEqual([
      {
        kind: "identity",
        principal: "aws_iam_role.ci",
        action: "iam:PassRole",
        sensitive: "iam:PassRole",
        before: "implicitDeny",
        after: "allowed",
        deciding: { effect: "Allow", policy: "aws_iam_role_policy.ci#policy", sid: "Pass", path: "main.tf", line: 14, side: "head" },
      },
    ]);
    expect(result.findings).toHaveLength(1);
    expect(result.findings[0]).toMatchObject({ ruleId: "SIM002", severity: "warning", at: { path: "main.tf", startLine: 14 }, resource: "aws_iam_role.ci" });
    expect(result.findings[0].message).toBe(
      'aws_iam_role.ci can now perform `iam:PassRole` (denied → allowed), allowed by aws_iam_role_policy.ci#policy statement "Pass" at main.tf:14',
    );
  });

  it("lists a newly denied action (not a finding) with the Deny that decides it", async () => {
    const grant = `{ Sid = "Secrets", Effect = "Allow", Action = "secretsmanager:GetSecretValue", Resource = "*" }`;
    const deny = `{ Sid = "NoSecrets", Effect = "Deny", Action = "secretsmanager:*", Resource = "*" }`;
    const result = await diff({ "main.tf": role("app", grant) }, { "main.tf": role("app", `${grant},\n      ${deny}`) });
    expect(result.findings).toEqual([]);
    expect(result.changes).toEqual([
      expect.objectContaining({
        action: "secretsmanager:GetSecretValue",
        before: "allowed",
        after: "explicitDeny",
        deciding: expect.objectContaining({ effect: "Deny", sid: "NoSecrets", side: "head" }),
      }),
    ]);
  });

  it("agrees with simulateAs, which `iam-review simulate --as` uses", async () => {
    const head = {
      "main.tf": role(
        "mixed",
        `{ Sid = "Keys", Effect = "Allow", Action = "kms:*", Resource = "arn:aws:kms:*:111122223333:key/*" },
      { Sid = "NoDelete", Effect = "Deny", Action = "kms:ScheduleKeyDeletion", Resource = "*" },
      { Sid = "Objects", Effect = "Allow", Action = "s3:*", Resource = "arn:aws:s3:::data/*" }`,
      ),
    };
    const result = await diff({}, head);
    const headScan = await scan(head);
    const identity = result.changes.filter((change) => change.kind === "identity");
    expect(identity.length).toBeGreaterThan(10);
    for (const change of identity) {
      const answer = simulateAs(headScan, { address: change.principal, action: change.action }, { catalogue });
      expect(answer.decision, change.action).toBe(change.after);
      expect(change.before).toBe("absent");
    }
    expect(identity.map((change) => change.action)).toContain("s3:DeleteObject");
    expect(identity.find((change) => change.action === "kms:ScheduleKeyDeletion")).toBeUndefined();
  });

  it("skips a principal whose policies only moved, and honours `rules: { SIM002: off }`", async () => {
    const statement = `{ Sid = "Admin", Effect = "Allow", Action = "*", Resource = "*" }`;
    const moved = await diff({ "main.tf": role("admin", statement) }, { "main.tf": `# a comment above\n\n${role("admin", statement)}` });
    expect(moved.changes).toEqual([]);
    expect(moved.evaluations).toBe(0);

    const config = { ...defaultConfig(), rules: { SIM002: { severity: "off" as const } } };
    const off = await diff({}, { "main.tf": role("admin", statement) }, config);
    expect(off.changes.length).toBeGreaterThan(100);
    expect(off.findings).toEqual([]);
  });

  it("groups an admin grant into one finding per deciding statement, with a line-independent fingerprint", async () => {
    const statement = `{ Sid = "Admin", Effect = "Allow", Action = "*", Resource = "*" }`;
    const first = await diff({}, { "main.tf": role("admin", statement) });
    const moved = await diff({}, { "main.tf": `\n\n\n${role("admin", statement)}` });
    expect(first.findings).toHaveLength(1);
    expect(first.findings[0].message).toMatch(/^aws_iam_role\.admin can now perform \d+ sensitive actions: `iam:\*` \(\d+\), `kms:\*`/);
    expect(moved.findings[0].fingerprint).toBe(first.findings[0].fingerprint);
    expect(moved.findings[0].at.startLine).toBe(first.findings[0].at.startLine + 3);
    expect(groupAccessChanges(first.changes.filter((change) => change.kind === "identity"))).toHaveLength(1);
  });

  it("marks an answer that depends on values not known statically as undecided", async () => {
    const statement = `{ Sid = "Pass", Effect = "Allow", Action = "iam:PassRole", Resource = "*" }`;
    const unknownAttachment = `
resource "aws_iam_role_policy_attachment" "extra" {
  role       = aws_iam_role.app.name
  policy_arn = var.extra
}
`;
    const result = await diff({}, { "main.tf": role("app", statement, unknownAttachment) });
    expect(result.changes.filter((change) => change.kind === "identity")).toEqual([
      expect.objectContaining({ action: "iam:PassRole", after: "allowed", undecided: ["after"] }),
    ]);
  });
});

describe("trust and resource policy diff", () => {
  const trustRole = (principals: string) => `resource "aws_iam_role" "deploy" {
  name = "deploy"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [${principals}]
  })
}
`;

  it("says who can newly assume a role; a service assuming its role is listed, not reported", async () => {
    const service = `{ Effect = "Allow", Principal = { Service = "codebuild.amazonaws.com" }, Action = "sts:AssumeRole" }`;
    const partner = `{ Sid = "Partner", Effect = "Allow", Principal = { AWS = "arn:aws:iam::444455556666:root" }, Action = "sts:AssumeRole", Condition = { StringEquals = { "sts:ExternalId" = "x" } } }`;
    const result = await diff({ "main.tf": trustRole(service) }, { "main.tf": trustRole(`${service},\n      ${partner}`) });
    const trust = result.changes.filter((change: AccessChange) => change.kind === "trust");
    expect(trust).toEqual([
      expect.objectContaining({ principal: "AWS: arn:aws:iam::444455556666:root", target: "aws_iam_role.deploy", action: "sts:AssumeRole", before: "implicitDeny", after: "allowed", conditional: true }),
    ]);
    expect(result.findings.map((finding) => finding.message)).toEqual([
      'AWS: arn:aws:iam::444455556666:root can now assume aws_iam_role.deploy with `sts:AssumeRole` (denied → allowed), allowed by aws_iam_role.deploy#assume_role_policy statement "Partner" at main.tf:6 when its conditions hold',
    ]);

    const newRole = await diff({}, { "main.tf": trustRole(service) });
    expect(newRole.changes.filter((change) => change.kind === "trust")).toEqual([
      expect.objectContaining({ principal: "Service: codebuild.amazonaws.com", before: "absent", after: "allowed" }),
    ]);
    expect(newRole.findings).toEqual([]);
  });

  it("asks what an outsider can do through a resource policy; a condition on the organisation keeps it out", async () => {
    const bucket = (condition: string) => `resource "aws_s3_bucket_policy" "reports" {
  bucket = "reports"
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Sid = "Read", Effect = "Allow", Principal = "*", Action = ["s3:GetObject", "s3:ListBucket"], Resource = "arn:aws:s3:::reports/*"${condition} }]
  })
}
`;
    const restricted = bucket(`, Condition = { StringEquals = { "aws:PrincipalOrgID" = "o-abc123" } }`);
    const result = await diff({ "main.tf": restricted }, { "main.tf": bucket("") });
    expect(result.changes).toEqual([
      expect.objectContaining({ kind: "resource", principal: "anyone", target: "aws_s3_bucket_policy.reports#policy", action: "s3:GetObject", before: "implicitDeny", after: "allowed" }),
    ]);
    expect(result.findings[0].message).toMatch(/^anyone can now perform `s3:GetObject` through aws_s3_bucket_policy\.reports#policy/);
  });
});

describe("cost", () => {
  it("simulates only what some Allow can name, and stays within its bound for 200 changed principals", async () => {
    const statements = Array.from({ length: 10 }, (_, index) => `{ Sid = "S${index}", Effect = "Allow", Action = ["s3:Get*", "iam:Get*", "ec2:Describe*", "kms:Decrypt"], Resource = "arn:aws:s3:::bucket-${index}/*" }`).join(",\n      ");
    const admin = `{ Sid = "Admin", Effect = "Allow", Action = "*", Resource = "*" }`;
    const base: Record<string, string> = {};
    const head: Record<string, string> = {};
    for (let index = 0; index < 200; index++) {
      base[`p${index}.tf`] = role(`r${index}`, statements);
      head[`p${index}.tf`] = role(`r${index}`, index % 10 === 0 ? `${statements},\n      ${admin}` : `${statements},\n      { Sid = "More", Effect = "Allow", Action = "s3:DeleteObject", Resource = "*" }`);
    }
    const changedPaths = new Set(Object.keys(head));
    const [baseScan, headScan] = [await scan(base), await scan(head)];
    const started = performance.now();
    const result = await computeAccessDiff({ base: baseScan, head: headScan, changedPaths, config: defaultConfig(), catalogue });
    const elapsed = performance.now() - started;
    const sensitive = (await expandSensitiveActions(defaultConfig().sensitive_actions, catalogue)).length;
    // 20 admins ask every sensitive action on both sides; the 180 others only what their statements name.
    expect(result.evaluations).toBeLessThan(20 * sensitive * 2 + 180 * 10 * 2);
    expect(result.changes.filter((change) => change.principal === "aws_iam_role.r1").map((change) => change.action)).toEqual(["s3:DeleteObject"]);
    expect(result.notes).toEqual([]);
    // Not a timing test (DESIGN.md: budgets are measured by the benchmarks); printed for the record.
    console.info(`access diff: 200 principals, ${sensitive} sensitive actions, ${result.evaluations} simulations, ${elapsed.toFixed(0)} ms`);
  });
});
