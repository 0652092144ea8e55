// RULES.md's general principles, as tests over the IAM1xx and IAM2xx rules together: which policy kinds they
// judge, one problem one finding, AWS managed policies counted by the principal rules, and a suggestion that
// really fixes what it is offered for.
import { describe, expect, it } from "vitest";
import { leastPrivilegeRules } from "../../../src/rules/least-privilege/index.js";
import { mfaRules } from "../../../src/rules/mfa/index.js";
import type { Finding } from "../../../src/rules/types.js";
import { lintFiles } from "../../helpers/lint.js";

const rules = [...leastPrivilegeRules, ...mfaRules];

async function lint(files: Record<string, string>): Promise<Finding[]> {
  return (await lintFiles(files, { rules })).filter((finding) => !finding.suppressed);
}

const summary = (findings: Finding[]) => findings.map((finding) => `${finding.at.startLine} ${finding.ruleId}`);

describe("least-privilege and MFA rules: general principles", () => {
  it("judge neither SCPs (FullAWSAccess is normal) nor permissions boundaries, trust or resource policies", async () => {
    const findings = await lint({
      "main.tf": `resource "aws_organizations_policy" "full" {
  name    = "FullAWSAccess"
  content = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "*", Resource = "*" }] })
}
resource "aws_iam_policy" "boundary" {
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "*", Resource = "*" }] })
}
resource "aws_iam_role" "app" {
  name                 = "app"
  permissions_boundary = aws_iam_policy.boundary.arn
  assume_role_policy   = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "*", Principal = { Service = "ec2.amazonaws.com" } }] })
}
resource "aws_s3_bucket_policy" "b" {
  bucket = "b"
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "s3:*", Principal = { AWS = "arn:aws:iam::111122223333:root" }, Resource = "*" }] })
}`,
    });
    expect(summary(findings)).toEqual([]);
  });

  it("IAM101 replaces IAM102, IAM103, IAM105, IAM106, IAM107 and IAM108 on the same statement", async () => {
    const files = {
      "main.tf": `resource "aws_iam_policy" "admin" {
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      { Effect = "Allow", Action = ["*", "iam:*", "s3:GetObject", "iam:CreateAccessKey", "ec2:TerminateInstances", "iam:PassRole"], Resource = "*" },
    ]
  })
}`,
    };
    expect(summary(await lint(files))).toEqual(["5 IAM101"]);
    // Each of those rules does have something to say about that statement on its own (IAM105 steps aside for a
    // full administrator by itself: every escalation path is trivially open to it).
    const alone = await lintFiles(files, { rules: leastPrivilegeRules.filter((rule) => rule.meta.id !== "IAM101") });
    expect(new Set(alone.map((finding) => finding.ruleId))).toEqual(new Set(["IAM102", "IAM103", "IAM106", "IAM107", "IAM108"]));
  });

  it("IAM102 replaces IAM103 for the same actions only", async () => {
    const findings = await lint({
      "main.tf": `data "aws_iam_policy_document" "d" {
  statement {
    actions   = ["s3:PutBucket*", "dynamodb:DeleteTable"]
    resources = ["*"]
  }
}`,
    });
    const byRule = findings.filter((finding) => finding.ruleId === "IAM102" || finding.ruleId === "IAM103");
    expect(byRule.map((finding) => finding.ruleId).sort()).toEqual(["IAM102", "IAM103"]);
    expect(byRule.find((finding) => finding.ruleId === "IAM103")!.message).toContain("dynamodb:DeleteTable");
    expect(byRule.find((finding) => finding.ruleId === "IAM103")!.message).not.toContain("s3:PutBucket");
  });

  it("counts AWS managed policies for the principal rules, at the attachment, naming the policy; wording rules skip them", async () => {
    const findings = await lint({
      "main.tf": `resource "aws_iam_role" "ops" {
  name                = "ops"
  assume_role_policy  = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "ec2.amazonaws.com" } }] })
  managed_policy_arns = [
    "arn:aws:iam::aws:policy/AdministratorAccess",
    "arn:aws:iam::aws:policy/IAMFullAccess",
    "arn:aws:iam::aws:policy/PowerUserAccess",
  ]
}`,
    });
    expect(summary(findings)).toEqual(["5 IAM101", "6 IAM102", "6 IAM106"]);
    expect(findings[0].message).toContain("AdministratorAccess");
  });

  it("IAMFullAccess → IAM102 and IAM105; PowerUserAccess → what its simulation shows (escalation, no IAM101/IAM104)", async () => {
    const findings = await lint({
      "template.yaml": `Resources:
  Ops:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Statement:
          - Effect: Allow
            Principal: { Service: ec2.amazonaws.com }
            Action: sts:AssumeRole
      ManagedPolicyArns:
        - arn:aws:iam::aws:policy/IAMFullAccess
  Power:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Statement:
          - Effect: Allow
            Principal: { Service: ec2.amazonaws.com }
            Action: sts:AssumeRole
      ManagedPolicyArns:
        - arn:aws:iam::aws:policy/PowerUserAccess`,
    });
    expect(summary(findings)).toEqual(["11 IAM102", "11 IAM105", "11 IAM106", "21 IAM105"]);
    expect(findings[3].message).toMatch(/lambda:UpdateFunctionCode/);
  });

  it("a fixable IAM201 suggestion, applied to the file, makes the finding disappear", async () => {
    for (const [name, text] of Object.entries({
      "main.tf": `resource "aws_iam_policy" "mfa" {
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Deny"
      NotAction = ["iam:ChangePassword"]
      Resource  = "*"
      Condition = {
        Bool = { "aws:MultiFactorAuthPresent" = "false" }
      }
    }]
  })
}`,
      "template.yaml": `Resources:
  Policy:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Deny
            NotAction: iam:ChangePassword
            Resource: "*"
            Condition:
              Bool:
                aws:MultiFactorAuthPresent: "false"`,
    })) {
      const before = (await lint({ [name]: text })).filter((finding) => finding.ruleId === "IAM201");
      expect(before).toHaveLength(1);
      const { fix } = before[0];
      expect(fix, name).toBeDefined();
      const lines = text.split("\n");
      lines.splice(fix!.at.startLine - 1, fix!.at.endLine - fix!.at.startLine + 1, ...fix!.replacement.split("\n"));
      const after = await lint({ [name]: lines.join("\n") });
      expect(after.filter((finding) => finding.ruleId === "IAM201" || finding.ruleId === "IAM005" || finding.ruleId === "IAM001")).toEqual([]);
      expect(lines.join("\n")).toContain("BoolIfExists");
    }
  });

  it("no fix when the Bool block also tests another key (the swap would change its meaning)", async () => {
    const findings = await lint({
      "main.tf": `resource "aws_iam_policy" "mfa" {
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Deny"
      Action    = "s3:DeleteBucket"
      Resource  = "*"
      Condition = { Bool = { "aws:MultiFactorAuthPresent" = "false", "aws:SecureTransport" = "false" } }
    }]
  })
}`,
    });
    const bypass = findings.find((finding) => finding.ruleId === "IAM201");
    expect(bypass).toBeDefined();
    expect(bypass!.fix).toBeUndefined();
  });
});
