// SIM001 (the configuration's `simulate:` assertions), its effect on the check conclusion, and the SIM003
// cross-check wired into a review with an injected AWS simulator.
import { describe, expect, it } from "vitest";
import { checkAssertions } from "../../src/engine/assertions.js";
import { parseConfig, type Config } from "../../src/engine/config.js";
import { reviewChange, type ReviewOptions } from "../../src/engine/review.js";
import { scanSources } from "../../src/iac/scan.js";
import { catalogue } from "../../src/iam/catalogue.js";
import { rules } from "../../src/rules/index.js";
import type { AwsQuestion, AwsSimulator } from "../../src/simulator/aws.js";

const MAIN_TF = (statements: string) => `variable "extra" {}

resource "aws_iam_role" "dev" {
  name = "dev"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = { Service = "ec2.amazonaws.com" }, Action = "sts:AssumeRole" }]
  })
}

resource "aws_iam_role_policy" "dev" {
  role = aws_iam_role.dev.id
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [${statements}]
  })
}
`;

const READ = `{ Sid = "Read", Effect = "Allow", Action = "s3:GetObject", Resource = "arn:aws:s3:::artifacts/*" }`;
const ADMIN_IAM = `{ Sid = "Admin", Effect = "Allow", Action = "iam:*", Resource = "*" }`;

const CONFIG = `fail_on: never
simulate:
  - name: developers cannot touch IAM
    principal: aws_iam_role.dev
    actions: [iam:CreateUser]
    expect: denied
  - name: developers read artifacts
    principal: aws_iam_role.dev
    actions: [s3:GetObject]
    resources: ["arn:aws:s3:::artifacts/app.zip"]
    expect: allowed
`;

function config(text = CONFIG): Config {
  const { config: parsed, problems } = parseConfig(text);
  expect(problems).toEqual([]);
  return parsed;
}

async function check(statements: string, text = CONFIG) {
  const scan = await scanSources([{ path: "main.tf", text: MAIN_TF(statements) }], { read: () => undefined });
  return checkAssertions(scan, config(text), { catalogue });
}

describe("SIM001 simulation-assertion", () => {
  it("passes assertions that hold", async () => {
    const result = await check(READ);
    expect(result.findings).toEqual([]);
    expect(result.results.map((r) => r.outcome)).toEqual(["holds", "holds"]);
  });

  it("reports an assertion that does not hold at its line of the configuration, with the deciding statement", async () => {
    const { findings } = await check(`${READ}, ${ADMIN_IAM}`);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ ruleId: "SIM001", severity: "error", messageId: "fails", at: { path: ".github/iam-review.yml", startLine: 3 } });
    expect(findings[0].message).toBe(
      'assertion "developers cannot touch IAM": iam:CreateUser on * as aws_iam_role.dev: expected denied, got allowed by aws_iam_role_policy.dev#policy "Admin" at main.tf:15',
    );
  });

  it("says why an expected allow is not there", async () => {
    const { findings } = await check(`{ Sid = "Other", Effect = "Allow", Action = "s3:GetObject", Resource = "arn:aws:s3:::other/*" }`);
    expect(findings.map((f) => f.message)).toEqual([
      'assertion "developers read artifacts": s3:GetObject on arn:aws:s3:::artifacts/app.zip as aws_iam_role.dev: expected allowed, got implicitDeny (no statement allows it)',
    ]);
  });

  it("reports an undecided assertion as a notice, never as passed", async () => {
    const text = `simulate:\n  - name: no user creation\n    principal: aws_iam_role.dev\n    actions: [iam:CreateUser]\n    expect: denied\n`;
    const scan = await scanSources(
      [{ path: "main.tf", text: `${MAIN_TF(READ)}\nresource "aws_iam_role_policy_attachment" "extra" {\n  role       = aws_iam_role.dev.name\n  policy_arn = var.extra\n}\n` }],
      { read: () => undefined },
    );
    const { findings, results } = await checkAssertions(scan, config(text), { catalogue });
    expect(results[0].outcome).toBe("undecided");
    expect(findings).toEqual([expect.objectContaining({ severity: "notice", messageId: "undecided" })]);
    expect(findings[0].message).toMatch(/cannot be decided: implicitDeny from what is known, but managed policy var\.extra/);
  });

  it("reports an assertion about a principal that is not in the scanned files as an error", async () => {
    const text = `simulate:\n  - name: typo\n    principal: aws_iam_role.devs\n    actions: [iam:CreateUser]\n    expect: denied\n`;
    const { findings } = await check(READ, text);
    expect(findings).toEqual([expect.objectContaining({ severity: "error", messageId: "unknownPrincipal" })]);
    expect(findings[0].message).toMatch(/^assertion "typo" cannot hold: no role, user or group aws_iam_role\.devs .*did you mean aws_iam_role\.dev\?/);
  });

  it("follows `rules: { SIM001: off }`", async () => {
    const { findings } = await check(`${READ}, ${ADMIN_IAM}`, `${CONFIG}rules:\n  SIM001: off\n`);
    expect(findings).toEqual([]);
  });
});

describe("SIM001 in a review", () => {
  async function review(base: string, head: string, options: Partial<ReviewOptions> = {}, text = CONFIG) {
    return reviewChange(
      { base: new Map([["main.tf", MAIN_TF(base)]]), head: new Map([["main.tf", MAIN_TF(head)]]), changed: [{ path: "main.tf", status: "modified" }] },
      { config: config(text), catalogue, rules, ...options },
    );
  }

  it("fails the check on a failing assertion, whatever fail_on, also when it failed before the change", async () => {
    const broken = await review(READ, `${READ}, ${ADMIN_IAM}`);
    expect(broken.conclusion).toBe("failure");
    expect(broken.summary).toBe("1 simulation assertion does not hold.");
    expect(broken.findings.find((f) => f.ruleId === "SIM001")?.status).toBe("new");

    // The change touches something else; the assertion was already false on the base.
    const still = await review(`${READ}, ${ADMIN_IAM}`, `${READ}, ${ADMIN_IAM}, { Sid = "List", Effect = "Allow", Action = "s3:ListBucket", Resource = "*" }`);
    expect(still.findings.find((f) => f.ruleId === "SIM001")?.status).toBe("unchanged");
    expect(still.conclusion).toBe("failure");

    const repaired = await review(`${READ}, ${ADMIN_IAM}`, READ);
    expect(repaired.findings.find((f) => f.ruleId === "SIM001")?.status).toBe("fixed");
    expect(repaired.conclusion).not.toBe("failure");
    expect(repaired.accessDiff?.some((change) => change.action === "iam:CreateUser" && change.after === "absent")).toBe(false);
    expect(repaired.accessDiff?.find((change) => change.action === "iam:CreateUser")).toMatchObject({ before: "allowed", after: "implicitDeny" });
  });

  it("cross-checks the assertions with an injected AWS simulator (SIM003), never automatically for a fork", async () => {
    const asked: AwsQuestion[] = [];
    const simulator: AwsSimulator = {
      simulate: async (questions) => {
        asked.push(...questions);
        return questions.map(() => ({ status: "answered" as const, decision: "implicitDeny" as const, matched: [], missingContext: [] }));
      },
    };
    const enabled = `${CONFIG}aws_simulator: { enabled: true }\n`;
    const result = await review(READ, READ + ", " + `{ Sid = "List", Effect = "Allow", Action = "s3:ListBucket", Resource = "*" }`, { awsSimulator: simulator }, enabled);
    // "On any resource" questions are answered symbolically and not sent; the artifact read is.
    expect(asked.map((question) => question.request.action)).toEqual(["s3:GetObject"]);
    expect(result.findings.filter((f) => f.ruleId === "SIM003")).toEqual([
      expect.objectContaining({ severity: "notice", status: "new", message: expect.stringMatching(/^AWS's policy simulator says implicitDeny but iam-review says allowed for s3:GetObject/) }),
    ]);

    asked.length = 0;
    const fromFork = await review(READ, `${READ}, ${ADMIN_IAM}`, { awsSimulator: simulator, fromFork: true }, enabled);
    expect(asked).toEqual([]);
    expect(fromFork.notices).toEqual([expect.stringMatching(/does not run automatically for a pull request from a fork/)]);
  });

  it("skips the engine's checks when no infrastructure file changed", async () => {
    const result = await reviewChange(
      { base: new Map([["main.tf", MAIN_TF(ADMIN_IAM)]]), head: new Map([["main.tf", MAIN_TF(ADMIN_IAM)], ["README.md", "x"]]), changed: [{ path: "README.md", status: "added" }] },
      { config: config(), catalogue, rules },
    );
    expect(result).toMatchObject({ conclusion: "success", accessDiff: [], notices: [] });
    expect(result.findings.filter((f) => f.ruleId.startsWith("SIM"))).toEqual([]);
  });
});
