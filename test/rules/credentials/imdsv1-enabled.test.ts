import { describe, expect, it } from "vitest";
import rule from "../../../src/rules/credentials/imdsv1-enabled.js";
import { lintFiles } from "../../helpers/lint.js";
import { ruleTester } from "../../helpers/rule-tester.js";

ruleTester(rule, {
  valid: [
    {
      name: "IMDSv2 required on an instance and a launch template",
      tf: `resource "aws_instance" "web" {
  ami           = "ami-0abcdef1234567890"
  instance_type = "t3.micro"
  metadata_options {
    http_endpoint = "enabled"
    http_tokens   = "required"
  }
}
resource "aws_launch_template" "web" {
  name_prefix = "web-"
  metadata_options {
    http_tokens                 = "required"
    http_put_response_hop_limit = 1
  }
}`,
    },
    {
      name: "the metadata endpoint disabled altogether",
      tf: `resource "aws_instance" "batch" {
  ami           = "ami-0abcdef1234567890"
  instance_type = "t3.micro"
  metadata_options {
    http_endpoint = "disabled"
    http_tokens   = "optional"
  }
}`,
    },
    {
      name: "an instance that takes its settings from a launch template (the template is judged)",
      tf: `resource "aws_launch_template" "web" {
  metadata_options {
    http_tokens = "required"
  }
}
resource "aws_instance" "web" {
  launch_template {
    id      = aws_launch_template.web.id
    version = "$Latest"
  }
}`,
    },
    {
      name: "values not known statically",
      tf: `variable "tokens" {
  type = string
}
variable "endpoint" {
  type = string
}
resource "aws_instance" "a" {
  ami = "ami-0abcdef1234567890"
  metadata_options {
    http_tokens = var.tokens
  }
}
resource "aws_instance" "b" {
  ami = "ami-0abcdef1234567890"
  metadata_options {
    http_endpoint = var.endpoint
    http_tokens   = "optional"
  }
}`,
    },
    {
      name: "CloudFormation: instance, launch template and launch configuration requiring tokens",
      cfn: `Resources:
  Web:
    Type: AWS::EC2::Instance
    Properties:
      ImageId: ami-0abcdef1234567890
      MetadataOptions:
        HttpTokens: required
  Template:
    Type: AWS::EC2::LaunchTemplate
    Properties:
      LaunchTemplateData:
        MetadataOptions:
          HttpTokens: required
          HttpEndpoint: enabled
  Config:
    Type: AWS::AutoScaling::LaunchConfiguration
    Properties:
      ImageId: ami-0abcdef1234567890
      InstanceType: t3.micro
      MetadataOptions:
        HttpTokens: required
  FromTemplate:
    Type: AWS::EC2::Instance
    Properties:
      LaunchTemplate:
        LaunchTemplateId: !Ref Template
        Version: !GetAtt Template.LatestVersionNumber
`,
    },
    {
      name: "CloudFormation: tokens from a parameter, or an Fn::If whose branches differ",
      cfn: `Parameters:
  Tokens:
    Type: String
Conditions:
  Strict: !Equals [!Ref "AWS::Region", eu-west-1]
Resources:
  A:
    Type: AWS::EC2::Instance
    Properties:
      ImageId: ami-0abcdef1234567890
      MetadataOptions:
        HttpTokens: !Ref Tokens
  B:
    Type: AWS::EC2::Instance
    Properties:
      ImageId: ami-0abcdef1234567890
      MetadataOptions:
        HttpTokens: !If [Strict, required, optional]
`,
    },
  ],
  invalid: [
    {
      name: "http_tokens = optional, at its line",
      tf: `resource "aws_instance" "web" {
  ami           = "ami-0abcdef1234567890"
  instance_type = "t3.micro"
  metadata_options {
    http_tokens = "optional"
  }
}`,
      errors: [{ messageId: "optional", line: 5, message: /`http_tokens = "optional"` keeps IMDSv1 on.*`http_tokens = "required"`/ }],
    },
    {
      name: "no metadata_options (EC2 decides from the AMI), and a block without http_tokens",
      tf: `resource "aws_instance" "web" {
  ami           = "ami-0abcdef1234567890"
  instance_type = "t3.micro"
}
resource "aws_launch_template" "web" {
  name_prefix = "web-"

  metadata_options {
    http_put_response_hop_limit = 2
  }
}`,
      errors: [
        { messageId: "notSet", line: 1, data: { resource: "aws_instance.web" } },
        { messageId: "notSet", line: 8, data: { resource: "aws_launch_template.web" } },
      ],
    },
    {
      name: "CloudFormation: HttpTokens optional in a launch template, an instance without MetadataOptions",
      cfn: `Resources:
  Template:
    Type: AWS::EC2::LaunchTemplate
    Properties:
      LaunchTemplateData:
        ImageId: ami-0abcdef1234567890
        MetadataOptions:
          HttpTokens: optional
  Web:
    Type: AWS::EC2::Instance
    Properties:
      ImageId: ami-0abcdef1234567890
  Config:
    Type: AWS::AutoScaling::LaunchConfiguration
    Properties:
      ImageId: ami-0abcdef1234567890
      InstanceType: t3.micro
      MetadataOptions:
        HttpPutResponseHopLimit: 2
`,
      errors: [
        { messageId: "optional", line: 8, message: /`HttpTokens: optional`.*`HttpTokens: required`/ },
        { messageId: "notSet", line: 9 },
        { messageId: "notSet", line: 18 },
      ],
    },
  ],
});

describe("IAM505 suggestions", () => {
  it("offers the one-line change to required, in Terraform and CloudFormation", async () => {
    const findings = await lintFiles(
      {
        "main.tf": `resource "aws_instance" "web" {\n  metadata_options {\n    http_tokens = "optional"\n  }\n}`,
        "template.yaml": `Resources:\n  Web:\n    Type: AWS::EC2::Instance\n    Properties:\n      MetadataOptions:\n        HttpTokens: "optional"\n`,
      },
      { rules: [rule] },
    );
    expect(findings.map((f) => f.fix)).toEqual([
      { at: { path: "main.tf", startLine: 3, endLine: 3 }, replacement: '    http_tokens = "required"' },
      { at: { path: "template.yaml", startLine: 6, endLine: 6 }, replacement: '        HttpTokens: "required"' },
    ]);
  });

  it("offers no suggestion when there is no line to rewrite", async () => {
    const [finding] = await lintFiles({ "main.tf": `resource "aws_instance" "web" {\n  ami = "ami-0abcdef1234567890"\n}` }, { rules: [rule] });
    expect(finding.fix).toBeUndefined();
  });
});
