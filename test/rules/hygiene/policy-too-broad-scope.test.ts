import rule from "../../../src/rules/hygiene/policy-too-broad-scope.js";
import { ruleTester } from "../../helpers/rule-tester.js";

const ELEVEN_SERVICES = ["s3", "sqs", "sns", "dynamodb", "lambda", "logs", "cloudwatch", "ec2", "ecr", "ecs", "kms"];

/** A jsonencode statement per action: `{ Effect = "Allow", Action = "svc:Describe*", Resource = "*" }`. */
function statements(actions: string[]): string {
  return actions.map((action) => `      { Effect = "Allow", Action = "${action}", Resource = "*" },`).join("\n");
}

function identityPolicy(actions: string[]): string {
  return `resource "aws_iam_policy" "everything" {
  name = "everything"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
${statements(actions)}
    ]
  })
}`;
}

ruleTester(rule, {
  valid: [
    { name: "ten services in ten statements", tf: identityPolicy(ELEVEN_SERVICES.slice(0, 10).map((s) => `${s}:List*`)) },
    { name: "twenty statements of one service", tf: identityPolicy(Array.from({ length: 20 }, (_, i) => `s3:GetObject${i % 2 === 0 ? "" : "Acl"}`)) },
    {
      name: "the same service counted once whatever its case; * and unresolved actions name no service",
      tf: `variable "extra" {
  type = string
}
resource "aws_iam_policy" "mixed" {
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = ["S3:GetObject", "s3:PutObject", "*", var.extra, "sqs:SendMessage", "sns:Publish", "dynamodb:GetItem", "lambda:InvokeFunction", "logs:PutLogEvents", "cloudwatch:PutMetricData", "ec2:DescribeInstances", "ecr:BatchGetImage"], Resource = "*" }]
  })
}`,
    },
    {
      name: "an SCP and a permissions boundary are ceilings: not judged",
      tf: `resource "aws_organizations_policy" "guardrails" {
  name    = "guardrails"
  content = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Deny", Action = [${ELEVEN_SERVICES.map((s) => `"${s}:Delete*"`).join(", ")}], Resource = "*" }]
  })
}`,
    },
    {
      name: "CloudFormation: a resource policy with many services is not an identity policy",
      cfn: `Resources:
  Key:
    Type: AWS::KMS::Key
    Properties:
      KeyPolicy:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Principal: { AWS: arn:aws:iam::111122223333:root }
            Action: [${ELEVEN_SERVICES.map((s) => `"${s}:Get*"`).join(", ")}]
            Resource: "*"
`,
    },
  ],
  invalid: [
    {
      name: "eleven services, at the document's first line",
      tf: identityPolicy(ELEVEN_SERVICES.map((s) => `${s}:List*`)),
      errors: [{ messageId: "services", line: 3, data: { services: 11, list: "cloudwatch, dynamodb, ec2, ecr, ecs and 6 more" } }],
    },
    {
      name: "twenty-one statements",
      tf: identityPolicy(Array.from({ length: 21 }, () => "s3:GetObject")),
      errors: [{ messageId: "statements", line: 3, data: { statements: 21 } }],
    },
    {
      name: "both, in an aws_iam_policy_document at its block line",
      tf: `data "aws_iam_policy_document" "everything" {
${Array.from({ length: 22 }, (_, i) => `  statement {
    actions   = ["${ELEVEN_SERVICES[i % 11]}:Get*"]
    resources = ["*"]
  }`).join("\n")}
}
resource "aws_iam_role_policy" "everything" {
  role   = "app"
  policy = data.aws_iam_policy_document.everything.json
}`,
      errors: [{ messageId: "both", line: 1, data: { services: 11, statements: 22 } }],
    },
    {
      name: "CloudFormation: an inline role policy over eleven services",
      cfn: `Resources:
  App:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Principal: { Service: ec2.amazonaws.com }
            Action: sts:AssumeRole
      Policies:
        - PolicyName: everything
          PolicyDocument:
            Version: "2012-10-17"
            Statement:
              - Effect: Allow
                Action: [${ELEVEN_SERVICES.map((s) => `"${s}:Get*"`).join(", ")}]
                Resource: "*"
`,
      errors: [{ messageId: "services", line: 14 }],
    },
  ],
});
