import { describe, expect, it } from "vitest";
import { extract, find, lineCol, node, noErrors, plain, policyOf } from "./helpers.js";

describe('data "aws_iam_policy_document"', () => {
  const src = `data "aws_iam_policy_document" "bucket" {
  statement {
    sid     = "PublicRead"
    actions = [
      "s3:GetObject",
      "s3:GetObjectVersion",
    ]
    resources = ["\${aws_s3_bucket.b.arn}/*"]

    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::111122223333:root"]
    }
    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::444455556666:root"]
    }
    principals {
      type        = "Service"
      identifiers = ["cloudfront.amazonaws.com"]
    }

    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = ["111122223333"]
    }
    condition {
      test     = "StringEquals"
      variable = "aws:PrincipalOrgID"
      values   = [var.org_id]
    }
  }

  statement {
    effect        = "Deny"
    not_actions   = ["s3:GetObject"]
    not_resources = ["arn:aws:s3:::b/public/*"]
    not_principals {
      type        = "*"
      identifiers = ["*"]
    }
  }
}

resource "aws_s3_bucket_policy" "b" {
  bucket = aws_s3_bucket.b.id
  policy = data.aws_iam_policy_document.bucket.json
}
`;

  it("renders the provider's JSON", async () => {
    const result = await extract(src);
    noErrors(result);
    const source = policyOf(result, "data.aws_iam_policy_document.bucket");
    expect(source).toMatchObject({ kind: "resource", origin: "policy-document", resourceType: "aws_iam_policy_document", attachedTo: [] });
    expect(plain(source.document)).toEqual({
      Version: "2012-10-17",
      Statement: [
        {
          Sid: "PublicRead",
          Effect: "Allow",
          Action: ["s3:GetObject", "s3:GetObjectVersion"],
          Resource: ["<unresolved:aws_s3_bucket.b.arn>/*"],
          Principal: {
            AWS: ["arn:aws:iam::111122223333:root", "arn:aws:iam::444455556666:root"],
            Service: ["cloudfront.amazonaws.com"],
          },
          Condition: { StringEquals: { "aws:SourceAccount": ["111122223333"], "aws:PrincipalOrgID": ["<unresolved:var.org_id>"] } },
        },
        { Effect: "Deny", NotAction: ["s3:GetObject"], NotResource: ["arn:aws:s3:::b/public/*"], NotPrincipal: "*" },
      ],
    });
    // The bucket policy itself writes no document: the data source is the one source.
    expect(result.policies).toHaveLength(1);
  });

  it("positions every node at the HCL that wrote it", async () => {
    const doc = policyOf(await extract(src), "data.aws_iam_policy_document.bucket").document;
    expect(lineCol(node(doc, "Statement", 0))).toEqual([2, 3]);
    expect(lineCol(node(doc, "Statement", 0, "Action", 1))).toEqual([6, 7]);
    expect(lineCol(node(doc, "Statement", 0, "Principal", "AWS", 1))).toEqual(find(src, '"arn:aws:iam::444455556666:root"'));
    expect(lineCol(node(doc, "Statement", 0, "Condition", "StringEquals", "aws:PrincipalOrgID", 0))).toEqual([31, 19]);
    // Defaults the provider supplies are placed at the block that gets them.
    expect(lineCol(node(doc, "Version"))).toEqual([1, 1]);
    expect(node(doc, "Statement", 0, "Effect").at.startLine).toBe(2);
    expect(lineCol(node(doc, "Statement", 1, "Effect"))).toEqual(find(src, '"Deny"'));
    expect(node(doc, "Statement", 1, "Effect").at.startLine).toBe(36);
  });

  it("keeps a dynamic statement with its position; iterator values are unresolved", async () => {
    const text = `data "aws_iam_policy_document" "d" {
  version = "2012-10-17"
  dynamic "statement" {
    for_each = var.statements
    content {
      sid       = statement.value.sid
      actions   = statement.value.actions
      resources = ["arn:aws:s3:::\${statement.key}"]
      dynamic "principals" {
        for_each = statement.value.principals
        content {
          type        = principals.value.type
          identifiers = principals.value.identifiers
        }
      }
      dynamic "condition" {
        for_each = try(statement.value.conditions, [])
        iterator = c
        content {
          test     = c.value.test
          variable = c.value.variable
          values   = c.value.values
        }
      }
    }
  }
}`;
    const result = await extract(text);
    noErrors(result);
    const doc = policyOf(result, "data.aws_iam_policy_document.d").document;
    expect(plain(doc)).toEqual({
      Version: "2012-10-17",
      Statement: [
        {
          Sid: "<unresolved:statement.value.sid>",
          Effect: "Allow",
          Action: "<unresolved:statement.value.actions>",
          Resource: ["arn:aws:s3:::<unresolved:statement.key>"],
          Principal: { "<unresolved:principals.value.type>": "<unresolved:principals.value.identifiers>" },
          Condition: { "<unresolved:c.value.test>": { "<unresolved:c.value.variable>": "<unresolved:c.value.values>" } },
        },
      ],
    });
    expect(lineCol(node(doc, "Statement", 0))).toEqual([3, 3]);
    expect(lineCol(node(doc, "Statement", 0, "Action"))).toEqual([7, 19]);
    // Unused and with principals: a resource policy.
    expect(policyOf(result, "data.aws_iam_policy_document.d").kind).toBe("resource");
  });

  it("merges source and override documents with the provider's Sid rules", async () => {
    const text = `data "aws_iam_policy_document" "source" {
  statement {
    sid       = "Shared"
    actions   = ["s3:GetObject"]
    resources = ["*"]
  }
  statement {
    actions   = ["sqs:SendMessage"]
    resources = ["*"]
  }
}

data "aws_iam_policy_document" "override" {
  statement {
    sid       = "Current"
    actions   = ["kms:Decrypt"]
    resources = ["*"]
  }
}

data "aws_iam_policy_document" "merged" {
  source_policy_documents = [
    data.aws_iam_policy_document.source.json,
    jsonencode({ Version = "2012-10-17", Statement = [{ Sid = "FromJson", Effect = "Allow", Action = "ec2:Describe*", Resource = "*" }] }),
    var.extra_policy,
  ]
  override_policy_documents = [data.aws_iam_policy_document.override.json]

  statement {
    sid       = "Shared"
    actions   = ["s3:PutObject"]
    resources = ["*"]
  }
  statement {
    sid       = "Current"
    actions   = ["kms:Encrypt"]
    resources = ["*"]
  }
}

resource "aws_iam_policy" "p" {
  policy = data.aws_iam_policy_document.merged.json
}
`;
    const result = await extract(text);
    noErrors(result);
    const merged = policyOf(result, "data.aws_iam_policy_document.merged");
    expect(merged.kind).toBe("identity");
    expect(plain(node(merged.document, "Statement"))).toEqual([
      { Sid: "Shared", Effect: "Allow", Action: ["s3:PutObject"], Resource: ["*"] },
      { Effect: "Allow", Action: ["sqs:SendMessage"], Resource: ["*"] },
      { Sid: "FromJson", Effect: "Allow", Action: "ec2:Describe*", Resource: "*" },
      "<unresolved:var.extra_policy>",
      { Sid: "Current", Effect: "Allow", Action: ["kms:Decrypt"], Resource: ["*"] },
    ]);
    // Merged statements keep the position of the HCL that wrote them, in whichever block that is.
    expect(lineCol(node(merged.document, "Statement", 4, "Action", 0))).toEqual(find(text, '"kms:Decrypt"'));
    expect(lineCol(node(merged.document, "Statement", 2, "Action"))).toEqual(find(text, '"ec2:Describe*"'));
    expect(lineCol(node(merged.document, "Statement", 0, "Action", 0))).toEqual(find(text, '"s3:PutObject"'));
    // The sources are documents of their own (unused: identity, no principals).
    expect(policyOf(result, "data.aws_iam_policy_document.source").attachedTo).toEqual([]);
  });

  it("merges source_json and override_json", async () => {
    const result = await extract(`data "aws_iam_policy_document" "d" {
  source_json = <<EOF
{"Version": "2012-10-17", "Statement": [{"Sid": "A", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}
EOF
  override_json = jsonencode({ Statement = [{ Sid = "A", Effect = "Deny", Action = "s3:GetObject", Resource = "*" }] })
}`);
    noErrors(result);
    expect(plain(node(policyOf(result, "data.aws_iam_policy_document.d").document, "Statement"))).toEqual([
      { Sid: "A", Effect: "Deny", Action: "s3:GetObject", Resource: "*" },
    ]);
  });

  it.each([
    ["plain", "data.aws_iam_policy_document.d.json"],
    ["indexed", "data.aws_iam_policy_document.d[0].json"],
    ["one() of a splat", "one(data.aws_iam_policy_document.d[*].json)"],
    ["try(..., null)", "try(data.aws_iam_policy_document.d[0].json, null)"],
    ["a local", "local.doc"],
    ["a conditional with null", "var.create ? data.aws_iam_policy_document.d[0].json : null"],
  ])("follows a %s reference to the data source", async (_name, reference) => {
    const result = await extract(`locals { doc = data.aws_iam_policy_document.d[0].json }
data "aws_iam_policy_document" "d" {
  count = var.create ? 1 : 0
  statement {
    actions   = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["ec2.amazonaws.com"]
    }
  }
}
resource "aws_iam_role" "r" {
  assume_role_policy = ${reference}
}`);
    noErrors(result);
    expect(result.policies).toHaveLength(1);
    expect(policyOf(result, "data.aws_iam_policy_document.d")).toMatchObject({ kind: "trust", attachedTo: ["aws_iam_role.r"] });
  });

  it.each([
    ["assume_role_policy", `resource "aws_iam_role" "user" { assume_role_policy = data.aws_iam_policy_document.d.json }`, "trust", ["aws_iam_role.user"]],
    ["a bucket policy", `resource "aws_s3_bucket_policy" "user" { policy = data.aws_iam_policy_document.d.json }`, "resource", []],
    ["a role policy", `resource "aws_iam_role_policy" "user" {
  role   = aws_iam_role.r.name
  policy = data.aws_iam_policy_document.d.json
}`, "identity", ["aws_iam_role.r"]],
    ["an SCP", `resource "aws_organizations_policy" "user" { content = data.aws_iam_policy_document.d.json }`, "scp", []],
    ["nothing", "", "identity", []],
  ])("takes its kind from its use: %s", async (_name, user, kind, attachedTo) => {
    const result = await extract(`data "aws_iam_policy_document" "d" {
  statement {
    actions   = ["s3:ListBucket"]
    resources = ["*"]
  }
}
${user}`);
    noErrors(result);
    expect(policyOf(result, "data.aws_iam_policy_document.d")).toMatchObject({ kind, attachedTo });
  });

  it("is attached to the principals its managed policy is attached to", async () => {
    const result = await extract(`data "aws_iam_policy_document" "d" {
  statement {
    actions   = ["s3:ListBucket"]
    resources = ["*"]
  }
}
resource "aws_iam_policy" "p" {
  policy = data.aws_iam_policy_document.d.json
}
resource "aws_iam_role_policy_attachment" "a" {
  role       = aws_iam_role.r.name
  policy_arn = aws_iam_policy.p.arn
}
resource "aws_iam_user_policy_attachment" "b" {
  user       = "alice"
  policy_arn = aws_iam_policy.p.arn
}
resource "aws_iam_user" "alice" { name = "alice" }
`);
    noErrors(result);
    expect(policyOf(result, "data.aws_iam_policy_document.d")).toMatchObject({ kind: "identity", attachedTo: ["aws_iam_role.r", "aws_iam_user.alice"] });
  });
});
