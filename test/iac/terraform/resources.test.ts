import { describe, expect, it } from "vitest";
import { getEntry } from "../../../src/iac/located.js";
import { extract, find, lineCol, node, noErrors, plain, policyOf } from "./helpers.js";

const DOC = `jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Principal = "*", Action = "x:Y", Resource = "*" }] })`;

describe("policy-bearing resources", () => {
  it.each([
    ["aws_iam_policy", "policy", "identity"],
    ["aws_iam_role", "assume_role_policy", "trust"],
    ["aws_iam_role_policy", "policy", "identity"],
    ["aws_iam_user_policy", "policy", "identity"],
    ["aws_iam_group_policy", "policy", "identity"],
    ["aws_s3_bucket_policy", "policy", "resource"],
    ["aws_s3_bucket", "policy", "resource"],
    ["aws_kms_key", "policy", "resource"],
    ["aws_kms_key_policy", "policy", "resource"],
    ["aws_sqs_queue_policy", "policy", "resource"],
    ["aws_sqs_queue", "policy", "resource"],
    ["aws_sns_topic_policy", "policy", "resource"],
    ["aws_ecr_repository_policy", "policy", "resource"],
    ["aws_secretsmanager_secret_policy", "policy", "resource"],
    ["aws_organizations_policy", "content", "scp"],
    ["aws_vpc_endpoint", "policy", "resource"],
    ["aws_opensearch_domain_policy", "access_policies", "resource"],
    ["aws_elasticsearch_domain_policy", "access_policies", "resource"],
    ["aws_opensearch_domain", "access_policies", "resource"],
    ["aws_elasticsearch_domain", "access_policies", "resource"],
    ["aws_ssoadmin_permission_set_inline_policy", "inline_policy", "identity"],
    ["aws_glacier_vault", "access_policy", "resource"],
    ["aws_api_gateway_rest_api_policy", "policy", "resource"],
    ["aws_cloudwatch_log_resource_policy", "policy_document", "resource"],
    ["aws_kinesis_resource_policy", "policy", "resource"],
    ["aws_s3control_access_point_policy", "policy", "resource"],
    ["aws_s3control_object_lambda_access_point_policy", "policy", "resource"],
  ])("%s.%s is a %s policy", async (type, attribute, kind) => {
    const result = await extract(`resource "${type}" "x" {\n  ${attribute} = ${DOC}\n}\n`);
    noErrors(result);
    expect(policyOf(result, `${type}.x`)).toMatchObject({ kind, property: attribute, resourceType: type, origin: "jsonencode", at: { startLine: 2 } });
  });

  it.each([
    ["aws_ecr_lifecycle_policy", `policy = jsonencode({ rules = [{ rulePriority = 1, action = { type = "expire" } }] })`],
    ["aws_sns_topic_data_protection_policy", `policy = jsonencode({ Name = "p", Version = "2021-06-01", Statement = [] })`],
    ["aws_dlm_lifecycle_policy", `policy_details {\n    resource_types = ["VOLUME"]\n  }`],
    ["aws_wafv2_web_acl", `rule {\n    statement {\n      ip_set_reference_statement { arn = "x" }\n    }\n  }`],
    ["aws_sfn_state_machine", `definition = <<SFN\n{"StartAt": "A", "States": {}}\nSFN`],
    ["aws_cloudwatch_event_rule", `event_pattern = <<PATTERN\n{"source": ["aws.ec2"]}\nPATTERN`],
    ["aws_iam_user", `name = "alice"`],
    ["aws_iam_group", `name = "devs"`],
  ])("%s is not an IAM policy", async (type, body) => {
    const result = await extract(`resource "${type}" "x" {\n  ${body}\n}\n`);
    noErrors(result);
    expect(result.policies).toEqual([]);
    expect(result.resources.map((r) => r.address)).toEqual([`${type}.x`]);
  });

  it.each([
    [undefined, true],
    ["SERVICE_CONTROL_POLICY", true],
    ["RESOURCE_CONTROL_POLICY", true],
    ["TAG_POLICY", false],
    ["BACKUP_POLICY", false],
    ["AISERVICES_OPT_OUT_POLICY", false],
  ])("aws_organizations_policy of type %s is an SCP: %s", async (type, isScp) => {
    const typeLine = type ? `type = "${type}"` : "";
    const result = await extract(`resource "aws_organizations_policy" "o" {\n  name = "guardrails"\n  ${typeLine}\n  content = ${DOC}\n}\n`);
    expect(result.policies.map((p) => [p.kind, p.name])).toEqual(isScp ? [["scp", "guardrails"]] : []);
  });

  it("synthesises the statement of an aws_lambda_permission from its attributes", async () => {
    const src = `resource "aws_lambda_permission" "s3" {
  statement_id   = "AllowS3"
  action         = "lambda:InvokeFunction"
  function_name  = aws_lambda_function.f.function_name
  principal      = "s3.amazonaws.com"
  source_arn     = aws_s3_bucket.b.arn
  source_account = "111122223333"
}

resource "aws_lambda_permission" "public" {
  action        = "lambda:InvokeFunction"
  function_name = "my-function"
  principal     = "*"
}
`;
    const result = await extract(src);
    noErrors(result);
    const s3 = policyOf(result, "aws_lambda_permission.s3");
    expect(s3).toMatchObject({ kind: "resource", origin: "attributes", attachedTo: [] });
    expect(plain(s3.document)).toEqual({
      Version: "2012-10-17",
      Statement: [
        {
          Effect: "Allow",
          Principal: { Service: "s3.amazonaws.com" },
          Action: "lambda:InvokeFunction",
          Resource: "<unresolved:aws_lambda_function.f.function_name>",
          Condition: { ArnLike: { "aws:SourceArn": "<unresolved:aws_s3_bucket.b.arn>" }, StringEquals: { "aws:SourceAccount": "111122223333" } },
        },
      ],
    });
    expect(lineCol(node(s3.document, "Statement", 0, "Action"))).toEqual([3, 20]);
    expect(lineCol(node(s3.document, "Statement", 0, "Principal", "Service"))).toEqual(find(src, '"s3.amazonaws.com"'));
    expect(node(s3.document, "Statement", 0, "Condition", "StringEquals", "aws:SourceAccount").at.startLine).toBe(7);
    expect(plain(node(policyOf(result, "aws_lambda_permission.public").document, "Statement", 0))).toEqual({
      Effect: "Allow",
      Principal: { AWS: "*" },
      Action: "lambda:InvokeFunction",
      Resource: "my-function",
    });
  });
});

describe("roles, inline policies and attachments", () => {
  const src = `resource "aws_iam_role" "dev" {
  name               = "dev"
  assume_role_policy = ${DOC}
  managed_policy_arns = [
    "arn:aws:iam::aws:policy/ReadOnlyAccess",
    aws_iam_policy.deploy.arn,
  ]
  permissions_boundary = aws_iam_policy.boundary.arn

  inline_policy {
    name   = "first"
    policy = jsonencode({ Statement = [{ Effect = "Allow", Action = "s3:ListBucket", Resource = "*" }] })
  }
  inline_policy {
    name   = "second"
    policy = jsonencode({ Statement = [{ Effect = "Allow", Action = "sqs:ListQueues", Resource = "*" }] })
  }
}

resource "aws_iam_policy" "deploy" {
  name   = "deploy"
  policy = jsonencode({ Statement = [{ Effect = "Allow", Action = "ecs:UpdateService", Resource = "*" }] })
}

resource "aws_iam_policy" "boundary" {
  name   = "boundary"
  policy = jsonencode({ Statement = [{ Effect = "Allow", Action = "*", Resource = "*" }] })
}

resource "aws_iam_user" "alice" {
  name = "alice"
}

resource "aws_iam_group" "devs" {
  name = "devs"
}

resource "aws_iam_user_policy" "alice" {
  name   = "alice-inline"
  user   = "alice"
  policy = jsonencode({ Statement = [{ Effect = "Allow", Action = "iam:ChangePassword", Resource = "*" }] })
}

resource "aws_iam_group_policy" "devs" {
  group  = aws_iam_group.devs.name
  policy = jsonencode({ Statement = [{ Effect = "Allow", Action = "ec2:Describe*", Resource = "*" }] })
}

resource "aws_iam_role_policy_attachment" "dev_deploy" {
  role       = aws_iam_role.dev.name
  policy_arn = aws_iam_policy.deploy.arn
}

resource "aws_iam_group_policy_attachment" "devs_admin" {
  group      = aws_iam_group.devs.name
  policy_arn = "arn:aws:iam::aws:policy/AdministratorAccess"
}

resource "aws_iam_policy_attachment" "shared" {
  name       = "shared"
  roles      = [aws_iam_role.dev.name, var.other_role]
  users      = ["alice"]
  groups     = [aws_iam_group.devs.name]
  policy_arn = aws_iam_policy.deploy.arn
}
`;

  it("extracts inline_policy blocks as identity policies of the role", async () => {
    const result = await extract(src);
    noErrors(result);
    expect(policyOf(result, "aws_iam_role.dev", "inline_policy[0].policy")).toMatchObject({ kind: "identity", name: "first", attachedTo: ["aws_iam_role.dev"], at: { startLine: 12 } });
    const second = policyOf(result, "aws_iam_role.dev", "inline_policy[1].policy");
    expect(second.name).toBe("second");
    expect(lineCol(node(second.document, "Statement", 0, "Action"))).toEqual(find(src, '"sqs:ListQueues"'));
  });

  it("attaches inline policies to the user and group they name (by reference or by literal name)", async () => {
    const result = await extract(src);
    expect(policyOf(result, "aws_iam_user_policy.alice")).toMatchObject({ name: "alice-inline", attachedTo: ["aws_iam_user.alice"] });
    expect(policyOf(result, "aws_iam_group_policy.devs").attachedTo).toEqual(["aws_iam_group.devs"]);
  });

  it("records managed policy attachments, boundaries and who each managed policy is attached to", async () => {
    const result = await extract(src);
    const rows = result.attachments.map((a) => [a.resource, a.via, a.principal, a.principalType, plain(a.policyArn), a.policyResource ?? null, a.boundary]);
    expect(rows).toEqual([
      ["aws_iam_role.dev", "managed_policy_arns[0]", "aws_iam_role.dev", "role", "arn:aws:iam::aws:policy/ReadOnlyAccess", null, false],
      ["aws_iam_role.dev", "managed_policy_arns[1]", "aws_iam_role.dev", "role", "<unresolved:aws_iam_policy.deploy.arn>", "aws_iam_policy.deploy", false],
      ["aws_iam_role.dev", "permissions_boundary", "aws_iam_role.dev", "role", "<unresolved:aws_iam_policy.boundary.arn>", "aws_iam_policy.boundary", true],
      ["aws_iam_role_policy_attachment.dev_deploy", "policy_arn", "aws_iam_role.dev", "role", "<unresolved:aws_iam_policy.deploy.arn>", "aws_iam_policy.deploy", false],
      ["aws_iam_group_policy_attachment.devs_admin", "policy_arn", "aws_iam_group.devs", "group", "arn:aws:iam::aws:policy/AdministratorAccess", null, false],
      ["aws_iam_policy_attachment.shared", "policy_arn", "aws_iam_role.dev", "role", "<unresolved:aws_iam_policy.deploy.arn>", "aws_iam_policy.deploy", false],
      ["aws_iam_policy_attachment.shared", "policy_arn", "<unresolved:var.other_role>", "unknown", "<unresolved:aws_iam_policy.deploy.arn>", "aws_iam_policy.deploy", false],
      ["aws_iam_policy_attachment.shared", "policy_arn", "aws_iam_user.alice", "user", "<unresolved:aws_iam_policy.deploy.arn>", "aws_iam_policy.deploy", false],
      ["aws_iam_policy_attachment.shared", "policy_arn", "aws_iam_group.devs", "group", "<unresolved:aws_iam_policy.deploy.arn>", "aws_iam_policy.deploy", false],
    ]);
    expect(result.attachments[0].at).toMatchObject({ startLine: 5, startColumn: 5 });
    expect(policyOf(result, "aws_iam_policy.deploy")).toMatchObject({
      kind: "identity",
      name: "deploy",
      attachedTo: ["aws_iam_role.dev", "<unresolved:var.other_role>", "aws_iam_user.alice", "aws_iam_group.devs"],
    });
    // A managed policy used only as a permissions boundary is a boundary policy.
    expect(policyOf(result, "aws_iam_policy.boundary")).toMatchObject({ kind: "boundary", attachedTo: ["aws_iam_role.dev"] });
  });

  it("counts a for_each/count resource's document once", async () => {
    const result = await extract(`resource "aws_iam_role_policy" "p" {
  for_each = toset(["a", "b", "c"])
  role     = aws_iam_role.r[each.key].id
  policy   = jsonencode({ Statement = [{ Effect = "Allow", Action = "s3:ListBucket", Resource = "arn:aws:s3:::\${each.key}" }] })
}`);
    expect(result.policies).toHaveLength(1);
    expect(result.policies[0].attachedTo).toEqual(["aws_iam_role.r"]);
    expect(plain(node(result.policies[0].document, "Statement", 0, "Resource"))).toBe("arn:aws:s3:::<unresolved:each.key>");
  });
});

describe("IacResources", () => {
  it("lists every resource, data source and aws provider with its attributes and nested blocks", async () => {
    const src = `provider "aws" {
  region = "us-east-1"
}
provider "aws" {
  alias      = "west"
  region     = "us-west-2"
  access_key = "AKIAIOSFODNN7EXAMPLE"
}
provider "google" {}

variable "tokens" { default = "required" }

resource "aws_launch_template" "lt" {
  name = "lt"
  metadata_options {
    http_tokens   = var.tokens
    http_endpoint = "enabled"
  }
}

resource "aws_instance" "i" {
  ami = "ami-123"
  dynamic "metadata_options" {
    for_each = [1]
    content {
      http_tokens = "optional"
    }
  }
}

resource "aws_iam_account_password_policy" "strict" {
  minimum_password_length = 14
  require_symbols         = true
}

resource "aws_iam_policy" "no_description" {
  policy = ${DOC}
}

data "aws_caller_identity" "current" {}
`;
    const result = await extract(src);
    noErrors(result);
    expect(result.resources.map((r) => [r.type, r.address])).toEqual([
      ["provider.aws", "provider.aws"],
      ["provider.aws", "provider.aws.west"],
      ["aws_launch_template", "aws_launch_template.lt"],
      ["aws_instance", "aws_instance.i"],
      ["aws_iam_account_password_policy", "aws_iam_account_password_policy.strict"],
      ["aws_iam_policy", "aws_iam_policy.no_description"],
      ["aws_caller_identity", "data.aws_caller_identity.current"],
    ]);
    const byAddress = new Map(result.resources.map((r) => [r.address, r]));
    expect(plain(byAddress.get("provider.aws.west")!.attributes)).toMatchObject({ access_key: "AKIAIOSFODNN7EXAMPLE" });
    const launchTemplate = byAddress.get("aws_launch_template.lt")!;
    expect(plain(launchTemplate.attributes)).toEqual({ name: "lt", metadata_options: [{ http_tokens: "required", http_endpoint: "enabled" }] });
    expect(launchTemplate.at).toMatchObject({ startLine: 13, endLine: 19 });
    expect(plain(byAddress.get("aws_instance.i")!.attributes)).toEqual({ ami: "ami-123", metadata_options: [{ http_tokens: "optional" }] });
    expect(plain(byAddress.get("aws_iam_account_password_policy.strict")!.attributes)).toEqual({ minimum_password_length: 14, require_symbols: true });
    expect(getEntry(byAddress.get("aws_iam_policy.no_description")!.attributes, "description")).toBeUndefined();
    const pw = byAddress.get("aws_iam_account_password_policy.strict")!.attributes;
    expect(getEntry(pw, "minimum_password_length")?.at).toMatchObject({ startLine: 32, startColumn: 29 });
  });
});
