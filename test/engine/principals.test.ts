// Principal resolution: a principal's effective policy set from Terraform and CloudFormation, with origins.
import { describe, expect, it } from "vitest";
import { describeOrigin, effectivePolicies, listPrincipals, PrincipalAddressError, type EffectivePolicies } from "../../src/engine/principals.js";
import { scanSources, type ScanResult } from "../../src/iac/scan.js";

async function scan(files: Record<string, string>): Promise<ScanResult> {
  return scanSources(
    Object.entries(files).map(([path, text]) => ({ path, text })),
    { read: (path) => files[path] },
  );
}

function origins(policies: EffectivePolicies["identity"]): string[] {
  return policies.map((entry) => describeOrigin(entry.origin) + (entry.viaGroup ? ` via ${entry.viaGroup}` : ""));
}

const TERRAFORM = `variable "extra_policy_arn" {}

resource "aws_iam_role" "dev" {
  name = "dev"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = { Service = "ec2.amazonaws.com" }, Action = "sts:AssumeRole" }]
  })
  permissions_boundary = aws_iam_policy.boundary.arn
}

resource "aws_iam_policy" "deploy" {
  name   = "deploy"
  policy = data.aws_iam_policy_document.deploy.json
}

data "aws_iam_policy_document" "deploy" {
  statement {
    actions   = ["s3:PutObject"]
    resources = ["arn:aws:s3:::assets/*"]
  }
}

resource "aws_iam_policy" "boundary" {
  name = "boundary"
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = ["s3:*", "iam:*"], Resource = "*" }]
  })
}

resource "aws_iam_role_policy_attachment" "deploy" {
  role       = aws_iam_role.dev.name
  policy_arn = aws_iam_policy.deploy.arn
}

resource "aws_iam_role_policy_attachment" "admin" {
  role       = aws_iam_role.dev.name
  policy_arn = "arn:aws:iam::aws:policy/AdministratorAccess"
}

resource "aws_iam_role_policy_attachment" "extra" {
  role       = aws_iam_role.dev.name
  policy_arn = var.extra_policy_arn
}

resource "aws_iam_role_policy" "no_deletes" {
  role = aws_iam_role.dev.id
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Deny", Action = "s3:DeleteBucket", Resource = "*" }]
  })
}

resource "aws_iam_user" "alice" {
  name = "alice"
}

resource "aws_iam_group" "developers" {
  name = "developers"
}

resource "aws_iam_group" "readers" {
  name = "readers"
}

resource "aws_iam_user_group_membership" "alice" {
  user   = aws_iam_user.alice.name
  groups = [aws_iam_group.developers.name, "contractors"]
}

resource "aws_iam_group_membership" "readers" {
  name  = "readers"
  group = aws_iam_group.readers.name
  users = [aws_iam_user.alice.name]
}

resource "aws_iam_group_policy" "developers" {
  group = aws_iam_group.developers.name
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "ec2:*", Resource = "*" }]
  })
}

resource "aws_iam_group_policy_attachment" "readers" {
  group      = aws_iam_group.readers.name
  policy_arn = "arn:aws-us-gov:iam::aws:policy/ReadOnlyAccess"
}
`;

describe("effectivePolicies — Terraform", () => {
  it("gathers inline, attached customer managed and AWS managed policies, the boundary and the trust policy", async () => {
    const result = await scan({ "main.tf": TERRAFORM });
    const dev = effectivePolicies(result, "aws_iam_role.dev");
    expect(dev.principal).toMatchObject({ address: "aws_iam_role.dev", type: "role", name: "dev" });
    expect(origins(dev.identity)).toEqual([
      "data.aws_iam_policy_document.deploy json at main.tf:17",
      "AWS managed: AdministratorAccess via attachment at main.tf:39",
      "aws_iam_role_policy.no_deletes policy at main.tf:49",
    ]);
    const admin = dev.identity[1];
    expect(admin.origin).toEqual({
      kind: "aws-managed",
      name: "AdministratorAccess",
      arn: "arn:aws:iam::aws:policy/AdministratorAccess",
      via: { path: "main.tf", line: 39, resource: "aws_iam_role_policy_attachment.admin" },
    });
    // The real AWS document, placed at the attachment line.
    expect(admin.policy.name).toBe("AWS managed: AdministratorAccess via attachment at main.tf:39");
    expect(admin.policy.statements[0].actions?.map((action) => action.value)).toEqual(["*"]);
    expect(admin.policy.statements[0].at.startLine).toBe(39);
    // The boundary is apart, not one of the identity policies.
    expect(dev.boundary && describeOrigin(dev.boundary.origin)).toBe("aws_iam_policy.boundary policy at main.tf:26");
    expect(dev.trust?.policy.statements[0].principals?.[0].value).toBe("ec2.amazonaws.com");
  });

  it("lists an attachment whose ARN is not known statically instead of dropping it", async () => {
    const dev = effectivePolicies(await scan({ "main.tf": TERRAFORM }), "aws_iam_role.dev");
    expect(dev.unknown).toEqual([
      { what: expect.stringMatching(/^managed policy var\.extra_policy_arn \(attached by aws_iam_role_policy_attachment\.extra policy_arn\): the ARN is not known statically/), at: expect.objectContaining({ path: "main.tf", startLine: 44 }), layer: "identity" },
    ]);
  });

  it("gives a user the policies of its groups (both membership resources), and lists a group outside the scan", async () => {
    const alice = effectivePolicies(await scan({ "main.tf": TERRAFORM }), "aws_iam_user.alice");
    expect(alice.groups.map((group) => group.address)).toEqual(["aws_iam_group.developers", "aws_iam_group.readers"]);
    expect(origins(alice.identity)).toEqual([
      "aws_iam_group_policy.developers policy at main.tf:80 via aws_iam_group.developers",
      // Another partition maps to the same AWS managed policy.
      "AWS managed: ReadOnlyAccess via attachment at main.tf:88 via aws_iam_group.readers",
    ]);
    expect(alice.unknown.map((item) => item.what)).toEqual([expect.stringMatching(/^group contractors \(membership aws_iam_user_group_membership\.alice\)/)]);
    expect(alice.boundary).toBeUndefined();
    expect(alice.trust).toBeUndefined();
  });

  it("resolves qualified addresses and reports ambiguous and unknown ones", async () => {
    const module = `resource "aws_iam_role" "this" {\n  name = "ci"\n  assume_role_policy = "{}"\n}\n`;
    const result = await scan({ "modules/ci/main.tf": module, "modules/deploy/main.tf": module.replace("ci", "deploy"), "main.tf": TERRAFORM });
    expect(effectivePolicies(result, "modules/ci:aws_iam_role.this").principal.name).toBe("ci");
    expect(effectivePolicies(result, "./modules/deploy/:aws_iam_role.this").principal.name).toBe("deploy");
    // Qualifying an unambiguous address by its directory works too.
    expect(effectivePolicies(result, ".:aws_iam_role.dev").principal.address).toBe("aws_iam_role.dev");
    const ambiguous = (() => {
      try {
        effectivePolicies(result, "aws_iam_role.this");
      } catch (error) {
        return error;
      }
    })();
    expect(ambiguous).toBeInstanceOf(PrincipalAddressError);
    expect((ambiguous as PrincipalAddressError).message).toBe(
      "aws_iam_role.this is ambiguous; use one of: modules/ci:aws_iam_role.this, modules/deploy:aws_iam_role.this",
    );
    expect((ambiguous as PrincipalAddressError).candidates).toEqual(["modules/ci:aws_iam_role.this", "modules/deploy:aws_iam_role.this"]);
    expect(() => effectivePolicies(result, "aws_iam_role.deb")).toThrow("no role, user or group aws_iam_role.deb in the scanned files; did you mean aws_iam_role.dev?");
    expect(() => effectivePolicies(result, "aws_iam_policy.deploy")).toThrow("aws_iam_policy.deploy (aws_iam_policy) is not a role, user or group");
  });
});

const CLOUDFORMATION = `AWSTemplateFormatVersion: "2010-09-09"
Transform: AWS::Serverless-2016-10-31
Parameters:
  ExtraPolicyArn:
    Type: String
Resources:
  DevRole:
    Type: AWS::IAM::Role
    Properties:
      RoleName: dev
      AssumeRolePolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Principal: { Service: lambda.amazonaws.com }
            Action: sts:AssumeRole
      ManagedPolicyArns:
        - !Ref DeployPolicy
        - !Sub "arn:\${AWS::Partition}:iam::aws:policy/AmazonS3ReadOnlyAccess"
        - !Ref ExtraPolicyArn
      PermissionsBoundary: !Ref Boundary
      Policies:
        - PolicyName: queue
          PolicyDocument:
            Version: "2012-10-17"
            Statement:
              - Effect: Allow
                Action: sqs:SendMessage
                Resource: "*"
  DeployPolicy:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Action: s3:PutObject
            Resource: "*"
  Boundary:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Action: ["s3:*", "sqs:*"]
            Resource: "*"
  Alice:
    Type: AWS::IAM::User
    Properties:
      Groups: [!Ref Developers]
  Developers:
    Type: AWS::IAM::Group
    Properties:
      Policies:
        - PolicyName: ec2
          PolicyDocument:
            Version: "2012-10-17"
            Statement:
              - Effect: Allow
                Action: ec2:*
                Resource: "*"
  Operators:
    Type: AWS::IAM::Group
    Properties:
      GroupName: operators
      ManagedPolicyArns: [arn:aws-cn:iam::aws:policy/IAMFullAccess]
  AddAlice:
    Type: AWS::IAM::UserToGroupAddition
    Properties:
      GroupName: operators
      Users: [!Ref Alice]
  Worker:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: python3.12
      Handler: app.handler
      Policies: [AWSLambdaExecute]
`;

describe("effectivePolicies — CloudFormation", () => {
  it("gathers inline, ManagedPolicyArns (template policies and AWS managed under !Sub partition), boundary and trust", async () => {
    const role = effectivePolicies(await scan({ "stack.yaml": CLOUDFORMATION }), "DevRole");
    expect(origins(role.identity)).toEqual([
      "DeployPolicy PolicyDocument at stack.yaml:34",
      "AWS managed: AmazonS3ReadOnlyAccess via attachment at stack.yaml:19",
      "DevRole Policies[0].PolicyDocument at stack.yaml:25",
    ]);
    expect(role.identity[1].origin).toMatchObject({ kind: "aws-managed", arn: "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess" });
    // A managed policy of the template used as the boundary is not also an identity policy.
    expect(role.boundary && describeOrigin(role.boundary.origin)).toBe("Boundary PolicyDocument at stack.yaml:43");
    expect(role.trust && describeOrigin(role.trust.origin)).toBe("DevRole AssumeRolePolicyDocument at stack.yaml:12");
    expect(role.unknown).toEqual([expect.objectContaining({ what: expect.stringMatching(/^managed policy !Ref ExtraPolicyArn .*not known statically/), layer: "identity" })]);
  });

  it("gives a user the policies of its Groups and of UserToGroupAddition, and addresses FILE:LogicalId", async () => {
    const result = await scan({ "stack.yaml": CLOUDFORMATION });
    const alice = effectivePolicies(result, "stack.yaml:Alice");
    expect(alice.groups.map((group) => group.address)).toEqual(["Developers", "Operators"]);
    expect(origins(alice.identity)).toEqual([
      "Developers Policies[0].PolicyDocument at stack.yaml:58 via Developers",
      "AWS managed: IAMFullAccess via attachment at stack.yaml:67 via Operators",
    ]);
    expect(alice.unknown).toEqual([]);
  });

  it("treats a SAM function as the role SAM generates, with its AWS managed policies", async () => {
    const result = await scan({ "stack.yaml": CLOUDFORMATION });
    const worker = effectivePolicies(result, "Worker");
    expect(worker.principal).toMatchObject({ type: "role", resourceType: "AWS::Serverless::Function" });
    expect(origins(worker.identity)).toEqual(["AWS managed: AWSLambdaExecute via attachment at stack.yaml:78"]);
  });
});

describe("listPrincipals", () => {
  it("lists every role, user, group and SAM function", async () => {
    const result = await scan({ "stack.yaml": CLOUDFORMATION, "main.tf": TERRAFORM });
    expect(listPrincipals(result).map((principal) => `${principal.type} ${principal.address}`)).toEqual([
      "role DevRole",
      "user Alice",
      "group Developers",
      "group Operators",
      "role Worker",
      "role aws_iam_role.dev",
      "user aws_iam_user.alice",
      "group aws_iam_group.developers",
      "group aws_iam_group.readers",
    ]);
  });
});
