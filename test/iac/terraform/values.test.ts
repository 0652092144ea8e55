import { describe, expect, it } from "vitest";
import { extract, find, lineCol, node, noErrors, plain, policyOf } from "./helpers.js";

describe("jsonencode documents", () => {
  const src = `resource "aws_iam_policy" "p" {
  name        = "deploy"
  description = "deploy policy"
  policy = jsonencode({
    Version = "2012-10-17"
    "Statement" : [
      {
        Sid    = "Objects"
        Effect = "Allow"
        Action = ["s3:GetObject", "s3:PutObject"]
        Resource = "\${aws_s3_bucket.b.arn}/*"
      },
      {
        "Effect"   = "Allow"
        "Action"   : "sqs:SendMessage"
        Resource   = aws_sqs_queue.q.arn
        Condition  = { StringEquals = { "aws:username" = "$\${aws:username}" } }
      },
    ]
  })
}
`;

  it("builds the document with both key styles, markers and unresolved values", async () => {
    const result = await extract(src);
    noErrors(result);
    const source = policyOf(result, "aws_iam_policy.p");
    expect(source).toMatchObject({ kind: "identity", origin: "jsonencode", property: "policy", name: "deploy", resourceType: "aws_iam_policy" });
    expect(plain(source.document)).toEqual({
      Version: "2012-10-17",
      Statement: [
        { Sid: "Objects", Effect: "Allow", Action: ["s3:GetObject", "s3:PutObject"], Resource: "<unresolved:aws_s3_bucket.b.arn>/*" },
        {
          Effect: "Allow",
          Action: "sqs:SendMessage",
          Resource: "<unresolved:aws_sqs_queue.q.arn>",
          Condition: { StringEquals: { "aws:username": "${aws:username}" } },
        },
      ],
    });
    expect(node(source.document, "Statement", 1, "Resource")).toMatchObject({ kind: "unresolved", expr: "aws_sqs_queue.q.arn" });
  });

  it("positions statements, actions and condition values where they are written", async () => {
    const source = policyOf(await extract(src), "aws_iam_policy.p");
    const doc = source.document;
    expect(source.at.startLine).toBe(4);
    expect(lineCol(node(doc, "Statement", 0))).toEqual([7, 7]);
    expect(lineCol(node(doc, "Statement", 0, "Action", 1))).toEqual([10, 35]);
    expect(lineCol(node(doc, "Statement", 0, "Action", 1))).toEqual(find(src, '"s3:PutObject"'));
    expect(lineCol(node(doc, "Statement", 1, "Action"))).toEqual(find(src, '"sqs:SendMessage"'));
    expect(lineCol(node(doc, "Statement", 1, "Condition", "StringEquals", "aws:username"))).toEqual(find(src, '"$${aws:username}"'));
    expect(node(doc, "Statement", 0, "Action", 1).at).toMatchObject({ path: "main.tf", endLine: 10, endColumn: 49 });
  });

  it.each([
    ["conditional", `Resource = var.all ? "*" : "arn:aws:s3:::b"`, { "Fn::If": ["var.all", "*", "arn:aws:s3:::b"] }],
    ["for over an unknown list", `Resource = [for b in var.buckets : "arn:aws:s3:::\${b}"]`, '<unresolved:[for b in var.buckets : "arn:aws:s3:::${b}"]>'],
    [
      "for over a literal list",
      `Resource = [for b in ["x", "y"] : "arn:aws:s3:::\${b}/$\${aws:username}"]`,
      ["arn:aws:s3:::x/${aws:username}", "arn:aws:s3:::y/${aws:username}"],
    ],
    ["concat of literal lists", `Resource = concat(["a"], ["b", "c"])`, ["a", "b", "c"]],
    ["concat with an unknown", `Resource = concat(["a"], var.more)`, '<unresolved:concat(["a"], var.more)>'],
    ["merge", `Resource = merge({ a = 1 }, { b = 2 })`, { a: 1, b: 2 }],
    ["each.value", `Resource = each.value.arn`, "<unresolved:each.value.arn>"],
    ["count.index", `Resource = "arn:aws:s3:::b-\${count.index}"`, "arn:aws:s3:::b-<unresolved:count.index>"],
    ["module output", `Resource = module.bucket.arn`, "<unresolved:module.bucket.arn>"],
    ["numbers, booleans and null", `Resource = [1, true, null]`, [1, true, null]],
    ["escapes", `Resource = "a\\"b\\\\c\\u00e9 %%{x}"`, 'a"b\\cé %{x}'],
  ])("value form: %s", async (_name, line, expected) => {
    const result = await extract(`resource "aws_iam_policy" "p" {
  policy = jsonencode({ Statement = [{ Effect = "Allow", Action = "s3:GetObject", ${line} }] })
}`);
    noErrors(result);
    expect(plain(node(policyOf(result, "aws_iam_policy.p").document, "Statement", 0, "Resource"))).toEqual(expected);
  });

  it("keeps both options of a conditional at their positions", async () => {
    const text = `resource "aws_iam_policy" "p" {
  policy = jsonencode({ Statement = [{ Effect = "Allow", Action = "s3:*",
    Resource = var.create_kms_key ? module.kms.key_arn : var.encryption_config.provider_key_arn }] })
}`;
    const resource = node(policyOf(await extract(text), "aws_iam_policy.p").document, "Statement", 0, "Resource");
    expect(resource.kind).toBe("choice");
    if (resource.kind !== "choice") return;
    expect(resource.condition).toBe("var.create_kms_key");
    expect(resource.options.map(plain)).toEqual(["<unresolved:module.kms.key_arn>", "<unresolved:var.encryption_config.provider_key_arn>"]);
    expect(lineCol(resource.options[1])).toEqual(find(text, "var.encryption_config"));
  });
});

describe("locals and variables", () => {
  it("resolves locals and variable defaults across the files of the module", async () => {
    const files = {
      "variables.tf": `variable "bucket" {
  default = "logs"
}
variable "no_default" {}
`,
      "locals.tf": `locals {
  bucket_arn = "arn:aws:s3:::\${var.bucket}"
  actions    = ["s3:GetObject"]
  doc = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = local.actions, Resource = ["\${local.bucket_arn}/*", var.no_default] }]
  })
}
`,
      "main.tf": `resource "aws_iam_policy" "p" {
  policy = local.doc
}
`,
    };
    const result = await extract(files);
    noErrors(result);
    const source = policyOf(result, "aws_iam_policy.p");
    expect(plain(source.document)).toEqual({
      Version: "2012-10-17",
      Statement: [{ Effect: "Allow", Action: ["s3:GetObject"], Resource: ["arn:aws:s3:::logs/*", "<unresolved:var.no_default>"] }],
    });
    // The document is where the local writes it, and the action where the other local writes it.
    expect(source.at).toMatchObject({ path: "locals.tf", startLine: 4 });
    expect(node(source.document, "Statement", 0, "Action", 0).at).toMatchObject({ path: "locals.tf", startLine: 3, startColumn: 17 });
  });

  it("does not loop on locals that refer to each other", async () => {
    const result = await extract(`locals {
  a = local.b
  b = local.a
}
resource "aws_iam_policy" "p" {
  policy = jsonencode({ Statement = [{ Effect = "Allow", Action = local.a, Resource = "*" }] })
}`);
    expect(plain(node(policyOf(result, "aws_iam_policy.p").document, "Statement", 0, "Action"))).toMatch(/^<unresolved:local\.[ab]>$/);
  });

  it("keeps a policy that is only known to the caller as an unresolved document", async () => {
    const result = await extract(`variable "policy" {}
resource "aws_iam_policy" "p" {
  policy = var.policy
}`);
    noErrors(result);
    expect(policyOf(result, "aws_iam_policy.p").document).toMatchObject({ kind: "unresolved", expr: "var.policy", at: { startLine: 3 } });
  });
});

describe("heredoc documents", () => {
  const src = `resource "aws_iam_role" "r" {
  name = "r"
  assume_role_policy = <<EOF
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Principal": { "AWS": "arn:aws:iam::\${var.account_id}:root" },
      "Action": "sts:AssumeRole"
    }
  ]
}
EOF
}

resource "aws_iam_role_policy" "inline" {
  name = "inline"
  role = aws_iam_role.r.id
  policy = <<-POLICY
    {
      "Version": "2012-10-17",
      "Statement": [{
        "Effect": "Allow",
        "Action": ["s3:GetObject"],
        "Resource": \${jsonencode(var.buckets)},
        "NotResource": "arn:aws:s3:::home/$\${aws:username}/*",
        "Condition": { "StringLike": { "s3:prefix": "%{ for p in var.prefixes }\${p}%{ endfor }" } }
      }]
    }
  POLICY
}
`;

  it("parses JSON with interpolations as markers and unresolved values, at file positions", async () => {
    const result = await extract(src);
    noErrors(result);
    const trust = policyOf(result, "aws_iam_role.r");
    expect(trust).toMatchObject({ kind: "trust", origin: "heredoc", property: "assume_role_policy", attachedTo: ["aws_iam_role.r"] });
    expect(plain(node(trust.document, "Statement", 0, "Principal"))).toEqual({ AWS: "arn:aws:iam::<unresolved:var.account_id>:root" });
    expect(lineCol(node(trust.document, "Statement", 0))).toEqual([7, 5]);
    expect(lineCol(node(trust.document, "Statement", 0, "Action"))).toEqual([10, 17]);

    const inline = policyOf(result, "aws_iam_role_policy.inline");
    expect(inline).toMatchObject({ kind: "identity", origin: "heredoc", name: "inline", attachedTo: ["aws_iam_role.r"] });
    const statement = node(inline.document, "Statement", 0);
    expect(plain(statement)).toEqual({
      Effect: "Allow",
      Action: ["s3:GetObject"],
      Resource: "<unresolved:jsonencode(var.buckets)>",
      NotResource: "arn:aws:s3:::home/${aws:username}/*",
      Condition: { StringLike: { "s3:prefix": "<unresolved:%{ for p in var.prefixes }${p}%{ endfor }>" } },
    });
    // The interpolation outside a string is an unresolved value spanning `${jsonencode(var.buckets)}`.
    const resource = node(statement, "Resource");
    expect(resource.kind).toBe("unresolved");
    const [line, column] = find(src, "${jsonencode");
    expect(resource.at).toMatchObject({ startLine: line, startColumn: column, endLine: line, endColumn: column + "${jsonencode(var.buckets)}".length });
    // Everything after the placeholder keeps its exact position.
    expect(lineCol(node(statement, "NotResource"))).toEqual(find(src, '"arn:aws:s3:::home'));
    expect(lineCol(node(statement, "Action", 0))).toEqual([25, 20]);
  });

  it("resolves interpolations of known values inside the JSON", async () => {
    const result = await extract(`variable "actions" { default = ["s3:GetObject", "s3:ListBucket"] }
locals { bucket = "data" }
resource "aws_iam_policy" "p" {
  policy = <<POLICY
{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": \${jsonencode(var.actions)}, "Resource": "arn:aws:s3:::\${local.bucket}/*"}]}
POLICY
}`);
    noErrors(result);
    expect(plain(policyOf(result, "aws_iam_policy.p").document)).toEqual({
      Version: "2012-10-17",
      Statement: [{ Effect: "Allow", Action: ["s3:GetObject", "s3:ListBucket"], Resource: "arn:aws:s3:::data/*" }],
    });
  });
});

describe("JSON string documents", () => {
  it("decodes HCL escapes and keeps positions inside the string", async () => {
    const src = `resource "aws_sqs_queue_policy" "q" {
  queue_url = aws_sqs_queue.q.id
  policy    = "{\\"Version\\": \\"2012-10-17\\", \\"Statement\\": [{\\"Effect\\": \\"Allow\\", \\"Principal\\": \\"*\\", \\"Action\\": \\"sqs:SendMessage\\", \\"Resource\\": \\"\${aws_sqs_queue.q.arn}\\"}]}"
}`;
    const result = await extract(src);
    noErrors(result);
    const source = policyOf(result, "aws_sqs_queue_policy.q");
    expect(source).toMatchObject({ kind: "resource", origin: "json-string", attachedTo: [] });
    expect(plain(source.document)).toEqual({
      Version: "2012-10-17",
      Statement: [{ Effect: "Allow", Principal: "*", Action: "sqs:SendMessage", Resource: "<unresolved:aws_sqs_queue.q.arn>" }],
    });
    expect(lineCol(node(source.document, "Statement", 0, "Action"))).toEqual(find(src, '\\"sqs:SendMessage'));
  });

  it("treats a lone interpolation of a policy document's json as the reference (Terraform 0.11 style)", async () => {
    const result = await extract(`data "aws_iam_policy_document" "d" {
  statement {
    actions   = ["s3:GetObject"]
    resources = ["*"]
  }
}
resource "aws_iam_policy" "p" {
  policy = "\${data.aws_iam_policy_document.d.json}"
}`);
    noErrors(result);
    expect(result.policies.map((p) => p.resource)).toEqual(["data.aws_iam_policy_document.d"]);
  });
});
