import rule from "../../../src/rules/hygiene/suppression-without-reason.js";
import { ruleTester } from "../../helpers/rule-tester.js";

ruleTester(rule, {
  valid: [
    {
      name: "a Terraform suppression with a reason",
      tf: `# iam-review:ignore IAM501 reason: legacy CI user, removed in Q3
resource "aws_iam_access_key" "ci" {
  user = "ci"
}`,
    },
    {
      name: "CloudFormation suppressions with reasons",
      cfn: `Resources:
  CiKey:
    Type: AWS::IAM::AccessKey
    Metadata:
      iam-review:
        ignore:
          - id: IAM501
            reason: legacy CI user, removed in Q3
    Properties:
      UserName: ci
`,
    },
    {
      name: "a comment that mentions the marker in passing is no suppression",
      tf: `# To silence a rule, write iam-review:ignore with a reason.
resource "aws_iam_user" "ci" {
  name = "ci"
}`,
    },
  ],
  invalid: [
    {
      name: "Terraform: no reason, and an empty reason, at the comment line",
      tf: `# iam-review:ignore IAM501
resource "aws_iam_access_key" "ci" {
  user = "ci"
}

resource "aws_iam_policy" "read" {
  # iam-review:ignore IAM103, IAM107 reason:
  policy = "{}"
}`,
      errors: [
        { messageId: "terraform", line: 1, data: { rules: "IAM501" } },
        { messageId: "terraform", line: 7, data: { rules: "IAM103, IAM107" } },
      ],
    },
    {
      name: "CloudFormation: an entry without reason, at its line",
      cfn: `Resources:
  CiKey:
    Type: AWS::IAM::AccessKey
    Metadata:
      iam-review:
        ignore:
          - id: IAM501
            reason: legacy CI user
          - id: IAM502
          - IAM503
    Properties:
      UserName: ci
`,
      errors: [
        { messageId: "cloudFormation", line: 9, data: { rules: "IAM502" } },
        { messageId: "cloudFormation", line: 10, data: { rules: "IAM503" } },
      ],
    },
  ],
});
