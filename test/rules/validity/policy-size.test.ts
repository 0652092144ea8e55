import { describe, expect, it } from "vitest";
import rule, { measure } from "../../../src/rules/validity/policy-size.js";
import { fromPlain, position } from "../../../src/iac/located.js";
import type { LocatedValue } from "../../../src/iac/types.js";
import { lintFiles } from "../../helpers/lint.js";
import { ruleTester } from "../../helpers/rule-tester.js";

/** `count` quoted object ARNs, one per line, each 46 characters without white space (comma included). */
function arnLines(count: number, indent: string): string {
  return Array.from({ length: count }, (_, index) => `${indent}"arn:aws:s3:::bucket-with-a-long-name-${String(index).padStart(4, "0")}/*",`).join("\n");
}

/** The same ARNs as a YAML list. */
function arnYaml(count: number, indent: string): string {
  return Array.from({ length: count }, (_, index) => `${indent}- arn:aws:s3:::bucket-with-a-long-name-${String(index).padStart(4, "0")}/*`).join("\n");
}

const at = position("main.tf", 1);

/** A standalone identity policy file whose Resource list has `count` object ARNs. */
function policyFile(count: number): string {
  const resources = Array.from({ length: count }, (_, index) => `        "arn:aws:s3:::bucket-with-a-long-name-${String(index).padStart(4, "0")}/*"`);
  return `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": "s3:GetObject",
      "Resource": [
${resources.join(",\n")}
      ]
    }
  ]
}
`;
}

describe("measure", () => {
  it("counts the compact JSON without white space", () => {
    const document = fromPlain({ Version: "2012-10-17", Statement: [{ Sid: "A b", Effect: "Allow", Action: ["s3:GetObject"], Resource: "*" }] }, at);
    const compact = JSON.stringify({ Version: "2012-10-17", Statement: [{ Sid: "Ab", Effect: "Allow", Action: ["s3:GetObject"], Resource: "*" }] });
    expect(measure(document)).toEqual({ size: compact.length, partial: false });
  });

  it("counts unresolved parts as nothing and says the size is a lower bound", () => {
    const document: LocatedValue = {
      kind: "object",
      at,
      entries: [
        { key: "Resource", keyAt: at, value: { kind: "string", value: "arn:aws:s3:::<unresolved:var.bucket>/*", at } },
        { key: "Action", keyAt: at, value: { kind: "unresolved", expr: "var.actions", at } },
      ],
    };
    expect(measure(document)).toEqual({ size: JSON.stringify({ Resource: "arn:aws:s3:::/*", Action: "" }).length - 2, partial: true });
  });

  it("counts the smaller option of a choice, and nothing for an entry that may be absent", () => {
    const choice: LocatedValue = {
      kind: "choice",
      condition: "IsProd",
      options: [fromPlain("a-long-value", at), fromPlain("short", at)],
      at,
    };
    const maybe: LocatedValue = { kind: "choice", condition: "IsProd", options: [fromPlain("x", at), { kind: "absent", at }], at };
    const document: LocatedValue = {
      kind: "object",
      at,
      entries: [
        { key: "A", keyAt: at, value: choice },
        { key: "B", keyAt: at, value: maybe },
      ],
    };
    expect(measure(document)).toEqual({ size: JSON.stringify({ A: "short" }).length, partial: true });
  });
});

describe("IAM011 severity", () => {
  it("is a warning from 90 % and an error above the quota", async () => {
    const near = await lintFiles(
      {
        "main.tf": `resource "aws_iam_policy" "near" {
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect = "Allow"
      Action = "s3:GetObject"
      Resource = [
${arnLines(125, "        ")}
      ]
    }]
  })
}`,
      },
      { rules: [rule] },
    );
    expect(near.map((finding) => [finding.messageId, finding.severity])).toEqual([["near", "warning"]]);
  });
});

ruleTester(rule, {
  valid: [
    {
      name: "a small policy",
      tf: `resource "aws_iam_user_policy" "ok" {
  user = "alice"
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "s3:GetObject", Resource = "*" }]
  })
}`,
    },
    {
      name: "4,700 characters fit a managed policy (they would not fit a user's inline policies)",
      tf: `resource "aws_iam_policy" "ok" {
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect = "Allow"
      Action = "s3:GetObject"
      Resource = [
${arnLines(100, "        ")}
      ]
    }]
  })
}`,
    },
    {
      name: "unknown parts may be large, but unknown is not a violation",
      tf: `variable "bucket_arns" {}
resource "aws_iam_user_policy" "ok" {
  user = "alice"
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "s3:GetObject", Resource = var.bucket_arns }]
  })
}`,
    },
    {
      name: "dynamic statements may produce nothing: they do not count",
      tf: `variable "buckets" {}
data "aws_iam_policy_document" "ok" {
  dynamic "statement" {
    for_each = var.buckets
    content {
      actions = ["s3:GetObject"]
      resources = [
${arnLines(100, "        ")}
      ]
    }
  }
}
resource "aws_iam_user_policy" "ok" {
  user   = "alice"
  policy = data.aws_iam_policy_document.ok.json
}`,
    },
    {
      name: "a standalone policy file between the managed and the largest identity quota (it could be a role's inline policy)",
      files: { "policies/reader.json": policyFile(180) },
    },
    {
      name: "CloudFormation: an SQS queue policy has no quota we judge",
      cfn: `Resources:
  QueuePolicy:
    Type: AWS::SQS::QueuePolicy
    Properties:
      Queues: [https://sqs.eu-west-1.amazonaws.com/111122223333/jobs]
      PolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Principal: { AWS: "111122223333" }
            Action: sqs:SendMessage
            Resource:
${arnYaml(200, "              ")}`,
    },
  ],
  invalid: [
    {
      name: "a standalone policy file larger than any identity policy may be",
      files: { "policies/reader.json": policyFile(240) },
      errors: [{ messageId: "exceeds", line: 1, data: { limit: 10240 } }],
    },
    {
      name: "a user inline policy over 2,048 characters (jsonencode)",
      tf: `resource "aws_iam_user_policy" "bad" {
  user = "alice"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect = "Allow"
      Action = "s3:GetObject"
      Resource = [
${arnLines(100, "        ")}
      ]
    }]
  })
}`,
      errors: [{ messageId: "exceeds", line: 3, data: { limit: 2048 }, message: /^This policy measures \d+ characters/ }],
    },
    {
      name: "a managed policy at 95 % of its quota (heredoc)",
      tf: `resource "aws_iam_policy" "near" {
  policy = <<EOF
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": "s3:GetObject",
      "Resource": [
${arnLines(124, "        ")}
        "arn:aws:s3:::last/*"
      ]
    }
  ]
}
EOF
}`,
      errors: [{ messageId: "near", line: 2, data: { limit: 6144 } }],
    },
    {
      name: "an aws_iam_policy_document used by a user inline policy, with unknown parts",
      tf: `variable "more" {}
data "aws_iam_policy_document" "bad" {
  statement {
    actions = ["s3:GetObject"]
    resources = [
${arnLines(100, "      ")}
      var.more,
    ]
  }
  statement {
    actions   = ["s3:PutObject"]
    resources = var.more
  }
}
resource "aws_iam_user_policy" "bad" {
  user   = "alice"
  policy = data.aws_iam_policy_document.bad.json
}`,
      errors: [{ messageId: "exceeds", line: 2, data: { limit: 2048 }, message: /at least/ }],
    },
    {
      name: "CloudFormation: two inline policies of one role over 10,240 characters together",
      cfn: `Resources:
  Role:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Principal: { Service: lambda.amazonaws.com }
            Action: sts:AssumeRole
      Policies:
        - PolicyName: first
          PolicyDocument:
            Version: "2012-10-17"
            Statement:
              - Effect: Allow
                Action: s3:GetObject
                Resource:
${arnYaml(120, "                  ")}
  SecondPolicy:
    Type: AWS::IAM::RolePolicy
    Properties:
      RoleName: !Ref Role
      PolicyName: second
      PolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Action: s3:PutObject
            Resource:
${arnYaml(125, "              ")}`,
      errors: [
        {
          messageId: "exceeds",
          line: 145, // the larger document (the RolePolicy), where its mapping starts
          data: { limit: 10240 },
          message: /^The 2 inline policies of `Role` together measure \d+ characters/,
        },
      ],
    },
    {
      name: "CloudFormation: a trust policy over 2,048 characters",
      cfn: `Resources:
  Role:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Principal:
              AWS:
${Array.from({ length: 60 }, (_, index) => `                - arn:aws:iam::111122223333:role/some-role-name-${String(index).padStart(4, "0")}`).join("\n")}
            Action: sts:AssumeRole`,
      errors: [{ messageId: "exceeds", line: 6, data: { limit: 2048 } }],
    },
  ],
});
