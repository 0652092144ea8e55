import { describe, expect, it } from "vitest";
import rule from "../../../src/rules/credentials/hardcoded-secret.js";
import { lintFiles } from "../../helpers/lint.js";
import { ruleTester } from "../../helpers/rule-tester.js";

// Made-up keys of the real shape (not AWS's documentation values, which are a notice).
const KEY_ID = "AKIAQ3EGUMRSXWPN7V4T";
const TEMPORARY_KEY_ID = "ASIAY34FZKBOKMUTVV7A";
const SECRET = "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";

ruleTester(rule, {
  valid: [
    {
      name: "credentials from variables and the environment",
      tf: `variable "access_key" {
  type      = string
  sensitive = true
}
provider "aws" {
  region     = "eu-west-1"
  access_key = var.access_key
}`,
    },
    {
      name: "lookalikes: a role id (AROA…), an ARN with AKIA in a name, a 40-character hash not named a secret",
      tf: `locals {
  role_id = "AROAQ3EGUMRSXWPN7V4T"
  arn     = "arn:aws:iam::111122223333:role/AKIA-rotation"
  digest  = "0123456789abcdef0123456789abcdef01234567"
}`,
    },
    {
      name: "CloudFormation: a NoEcho parameter without a default, resolved from Secrets Manager",
      cfn: `Parameters:
  AccessKey:
    Type: String
    NoEcho: true
Resources:
  Fn:
    Type: AWS::Lambda::Function
    Properties:
      Runtime: python3.12
      Handler: index.handler
      Role: arn:aws:iam::111122223333:role/fn
      Code: { ZipFile: "def handler(e, c): pass" }
      Environment:
        Variables:
          AWS_SECRET_ACCESS_KEY: "{{resolve:secretsmanager:ci-key:SecretString:secret}}"
`,
    },
  ],
  invalid: [
    {
      name: "a provider block with both keys, each at its line, masked",
      tf: `provider "aws" {
  region     = "eu-west-1"
  access_key = "${KEY_ID}"
  secret_key = "${SECRET}"
}`,
      errors: [
        { messageId: "secret", line: 3, data: { masked: "AKIA************7V4T", kind: "An AWS access key id" }, message: /in `provider\.aws`/ },
        { messageId: "secret", line: 4, data: { masked: "Xb9r********************************7Io9", kind: "An AWS secret access key" } },
      ],
    },
    {
      name: "user data in a heredoc and a temporary key id in a local",
      tf: `resource "aws_instance" "web" {
  ami           = "ami-0abcdef1234567890"
  instance_type = "t3.micro"
  user_data     = <<-EOT
    #!/bin/bash
    export AWS_ACCESS_KEY_ID=${KEY_ID}
    export AWS_SECRET_ACCESS_KEY=${SECRET}
  EOT
}
locals {
  session = "${TEMPORARY_KEY_ID}"
}`,
      errors: [
        { messageId: "secret", line: 6, message: /in `aws_instance\.web`/ },
        { messageId: "secret", line: 7 },
        { messageId: "secret", line: 11, data: { masked: "ASIA************VV7A" } },
      ],
    },
    {
      name: "CloudFormation: a parameter default and a Lambda environment variable",
      cfn: `Parameters:
  AccessKeyId:
    Type: String
    Default: ${KEY_ID}
Resources:
  Fn:
    Type: AWS::Lambda::Function
    Properties:
      Runtime: python3.12
      Handler: index.handler
      Role: arn:aws:iam::111122223333:role/fn
      Code: { ZipFile: "def handler(e, c): pass" }
      Environment:
        Variables:
          AWS_SECRET_ACCESS_KEY: ${SECRET}
`,
      errors: [
        { messageId: "secret", line: 4 },
        { messageId: "secret", line: 15, message: /in `Fn`/ },
      ],
    },
    {
      name: "AWS's documentation example keys are a notice, not an error",
      tf: `provider "aws" {
  access_key = "AKIAIOSFODNN7EXAMPLE"
  secret_key = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
}`,
      errors: [
        { messageId: "example", line: 2 },
        { messageId: "example", line: 3 },
      ],
    },
  ],
});

describe("IAM502 hardcoded-secret details", () => {
  it("reports the column of each key and never its value", async () => {
    const findings = await lintFiles({ "main.tf": `provider "aws" {\n  access_key = "${KEY_ID}"\n}` }, { rules: [rule] });
    expect(findings).toHaveLength(1);
    expect(findings[0].at).toMatchObject({ startLine: 2, startColumn: 17, endColumn: 17 + KEY_ID.length });
    expect(JSON.stringify(findings)).not.toContain(KEY_ID);
  });

  it("gives documentation examples notice severity and real keys error severity", async () => {
    const findings = await lintFiles(
      { "main.tf": `locals {\n  real    = "${KEY_ID}"\n  example = "AKIAIOSFODNN7EXAMPLE"\n}` },
      { rules: [rule] },
    );
    expect(findings.map((f) => [f.at.startLine, f.severity])).toEqual([
      [2, "error"],
      [3, "notice"],
    ]);
  });

  it("finds keys in a CloudFormation resource so its Metadata suppression can cover them", async () => {
    const template = `Resources:
  Fn:
    Type: AWS::Lambda::Function
    Metadata:
      iam-review:
        ignore:
          - id: IAM502
            reason: revoked test key kept for the regression test
    Properties:
      Environment:
        Variables:
          KEY: ${KEY_ID}
`;
    const [finding] = await lintFiles({ "template.yaml": template }, { rules: [rule] });
    expect(finding.resource).toBe("Fn");
    expect(finding.suppressed?.reason).toBe("revoked test key kept for the regression test");
  });
});
