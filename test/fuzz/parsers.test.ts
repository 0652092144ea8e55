// Fuzzing the three readers of untrusted pull-request content — the Terraform extractor, the CloudFormation
// extractor and the policy-file reader — and the policy normaliser behind them, with fast-check: inputs built
// from each language's tokens, and real files of the shared corpus cut, spliced and corrupted. The property:
// never an exception, and never the internal-error safety nets (an extractor that needed its last line of
// defence has a bug even when nothing crashed). Seeded, so a failure reproduces; a few thousand runs in all.

import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { extractCloudFormation, looksLikeCloudFormation } from "../../src/iac/cloudformation/index.js";
import { fromPlain } from "../../src/iac/located.js";
import { extractPolicyFile, looksLikePolicyJson } from "../../src/iac/policy-file.js";
import { extractTerraformModule } from "../../src/iac/terraform/index.js";
import type { ExtractResult, PolicyKind, SourceReader } from "../../src/iac/types.js";
import { normalizePolicy } from "../../src/iam/normalize.js";

const SEED = 20261129;
const corpusRoot = join(import.meta.dirname, "../../../shared/corpus");

/** Every corpus file of a kind up to 40 KB, then every n-th of them: a fixed sample. */
function sample(filter: (path: string, text: string) => boolean, size: number): { path: string; text: string }[] {
  const found: { path: string; text: string }[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (statSync(path).size <= 40_000) {
        const text = readFileSync(path, "utf8");
        if (filter(path, text)) found.push({ path: relative(corpusRoot, path), text });
      }
    }
  };
  walk(corpusRoot);
  const step = Math.max(1, Math.floor(found.length / size));
  return found.filter((_, i) => i % step === 0).slice(0, size);
}

const terraformFiles = sample((path) => path.endsWith(".tf"), 40);
const templates = sample((path, text) => /\.(ya?ml|json|template)$/.test(path) && looksLikeCloudFormation(text, path), 60);
const policies = sample((path, text) => path.endsWith(".json") && looksLikePolicyJson(text), 60);

/** Edits that keep most of a real file: cut a range, repeat one, insert a token, replace a character. */
function mutated(files: { text: string }[], tokens: readonly string[]): fc.Arbitrary<string> {
  const edit = fc.oneof(
    fc.record({ kind: fc.constant("cut" as const), at: fc.nat(), length: fc.nat({ max: 200 }) }),
    fc.record({ kind: fc.constant("repeat" as const), at: fc.nat(), length: fc.nat({ max: 200 }) }),
    fc.record({ kind: fc.constant("insert" as const), at: fc.nat(), token: fc.oneof(fc.constantFrom(...tokens), fc.string({ maxLength: 8 })) }),
    fc.record({ kind: fc.constant("replace" as const), at: fc.nat(), char: fc.string({ unit: "binary", minLength: 1, maxLength: 1 }) }),
  );
  return fc.tuple(fc.nat({ max: files.length - 1 }), fc.array(edit, { minLength: 1, maxLength: 6 })).map(([index, edits]) => {
    let text = files[index].text;
    for (const e of edits) {
      const at = text.length === 0 ? 0 : e.at % (text.length + 1);
      if (e.kind === "cut") text = text.slice(0, at) + text.slice(at + e.length);
      else if (e.kind === "repeat") text = text.slice(0, at) + text.slice(at, at + e.length) + text.slice(at);
      else if (e.kind === "insert") text = text.slice(0, at) + e.token + text.slice(at);
      else text = text.slice(0, at) + e.char + text.slice(at + 1);
    }
    return text;
  });
}

/** Token soup: fragments of the language in any order, with some noise. */
function generated(tokens: readonly string[], maxLength: number): fc.Arbitrary<string> {
  return fc.array(fc.oneof({ weight: 6, arbitrary: fc.constantFrom(...tokens) }, { weight: 1, arbitrary: fc.string({ maxLength: 6 }) }), { maxLength }).map((parts) => parts.join(""));
}

const HCL = [
  'resource "aws_iam_policy" "p" {\n', 'resource "aws_iam_role" "r" {\n', 'data "aws_iam_policy_document" "d" {\n', 'statement {\n', "principals {\n",
  "condition {\n", "dynamic \"statement\" {\n", "content {\n", "locals {\n", 'variable "v" {\n', 'module "m" {\n', "}\n", "{", "}", "[", "]", "(", ")",
  "policy = ", "assume_role_policy = ", "jsonencode(", "file(\"p.json\")", 'templatefile("t.tpl", { a = 1 })', "data.aws_iam_policy_document.d.json",
  "aws_iam_role.r.arn", "var.v", "local.x", "each.value", "count.index", 'Effect = "Allow"', 'effect = "Deny"', 'Action = ["s3:*", "iam:PassRole"]',
  'actions = ["*"]', 'Resource = "*"', 'resources = ["arn:aws:s3:::b/*"]', 'Principal = { AWS = "*" }', 'type = "AWS"', 'identifiers = ["*"]',
  'test = "StringEquals"', 'variable = "aws:SourceIp"', 'values = ["10.0.0.0/8"]', "Statement = [", "Version = \"2012-10-17\"", '"${', "${var.v}", "%{ if true }x%{ endif }",
  "<<EOF\n", "<<-EOT\n", "\nEOF\n", "\nEOT\n", "[for s in var.l : s]", "{ for k, v in var.m : k => v }", "var.c ? ", " : ", "x = ", ", ", "\n", "  ", '"', "#", "//", "/*", "*/",
  "# iam-review:ignore IAM101 reason: break-glass\n", "= ", "...", "!", "-1", "1e999", "null", "true", "\\u0000", "\\",
];

const YAML = [
  'AWSTemplateFormatVersion: "2010-09-09"\n', "Transform: AWS::Serverless-2016-10-31\n", "Resources:\n", "  Role:\n", "    Type: AWS::IAM::Role\n", "    Type: AWS::IAM::ManagedPolicy\n",
  "    Type: AWS::Serverless::Function\n", "    Type: AWS::S3::BucketPolicy\n", "    Properties:\n", "      PolicyDocument:\n", "      AssumeRolePolicyDocument:\n", "      Policies:\n",
  "        Statement:\n", "          - Effect: Allow\n", "            Action: '*'\n", "            Action: [s3:GetObject, iam:PassRole]\n", "            Resource: '*'\n",
  "            Principal: { AWS: '*' }\n", "            Condition: { Bool: { aws:SecureTransport: false } }\n", "        - S3ReadPolicy: { BucketName: b }\n", "!Ref X", "!Sub '${AWS::AccountId}'",
  "!GetAtt Role.Arn", "!If [Cond, a, !Ref AWS::NoValue]", "!Join ['', [a, b]]", "{ 'Fn::Sub': x }", "Conditions:\n", "Parameters:\n", "Metadata:\n", "- ", ": ", "&a ", "*a", "{", "}",
  "[", "]", ",", "'", '"', "\n", "  ", "    ", "#", "---\n", "...\n", "|\n", ">-\n", "? ", "!!binary ", "%YAML 1.2\n", "\t",
];

const JSON_TOKENS = [
  "{", "}", "[", "]", ",", ":", '"Version"', '"2012-10-17"', '"Statement"', '"Effect"', '"Allow"', '"Deny"', '"Action"', '"NotAction"', '"Resource"', '"NotResource"',
  '"Principal"', '"NotPrincipal"', '"Condition"', '"StringLike"', '"ForAnyValue:StringEquals"', '"aws:PrincipalOrgID"', '"s3:*"', '"*"', '"iam:Pass*"', '"arn:aws:s3:::b/*"',
  '"AWS"', '"Service"', '"Federated"', '"${aws:username}"', "null", "true", "1", "-0", "1e400", '"\\u0000"', '"\\ud800"', " ", "\n", "//", "/*", "\uFEFF",
];

/** A value as HCL or YAML could write it: mostly plausible, sometimes anything. */
const VALUES = ['"*"', '"s3:GetObject"', '"iam:*"', '["s3:*", "kms:Decrypt"]', "var.actions", '"${var.bucket}/*"', "null", "[]", "{}", '"arn:aws:iam::111122223333:root"', "aws_iam_role.r.arn", "local.x"];
const value = fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...VALUES) }, { weight: 1, arbitrary: fc.string({ maxLength: 12 }).map((t) => JSON.stringify(t)) }, { weight: 1, arbitrary: fc.constantFrom(...HCL) });
const KEYS = ["Sid", "Effect", "Action", "NotAction", "Resource", "NotResource", "Principal", "NotPrincipal", "Condition", "effect", "Actions"];

/** A module whose policies are mostly well formed, written in each of the ways Terraform allows. */
const structuredTerraform = fc
  .array(fc.tuple(fc.constantFrom("jsonencode", "heredoc", "document"), fc.array(fc.dictionary(fc.constantFrom(...KEYS), value, { maxKeys: 5 }), { maxLength: 4 })), {
    minLength: 1,
    maxLength: 3,
  })
  .map((policies) =>
    policies
      .map(([style, statements], i) => {
        const body = (sep: string) => statements.map((st) => `{${Object.entries(st).map(([k, v]) => `${k}${sep}${v}`).join(", ")}}`).join(", ");
        if (style === "document") {
          const blocks = statements.map((st) => `  statement {\n${Object.entries(st).map(([k, v]) => `    ${k.toLowerCase()} = ${v}`).join("\n")}\n  }`);
          return `data "aws_iam_policy_document" "d${i}" {\n${blocks.join("\n")}\n}\nresource "aws_iam_role_policy" "p${i}" {\n  role = aws_iam_role.r.id\n  policy = data.aws_iam_policy_document.d${i}.json\n}\n`;
        }
        if (style === "heredoc") return `resource "aws_iam_policy" "p${i}" {\n  policy = <<EOF\n{"Version": "2012-10-17", "Statement": [${body(": ")}]}\nEOF\n}\n`;
        return `resource "aws_iam_policy" "p${i}" {\n  policy = jsonencode({ Version = "2012-10-17", Statement = [${body(" = ")}] })\n}\n`;
      })
      .join("") + 'resource "aws_iam_role" "r" {\n  assume_role_policy = jsonencode({ Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "ec2.amazonaws.com" } }] })\n}\n',
  );

/** A template whose policies are mostly well formed. */
const structuredTemplate = fc
  .array(fc.dictionary(fc.constantFrom(...KEYS), fc.oneof(fc.constantFrom("'*'", "s3:GetObject", "[iam:PassRole, '*']", "!Ref X", "!GetAtt R.Arn", "{ AWS: '*' }", "!Sub 'arn:${AWS::Partition}:s3:::b/*'", "[]", "Allow", "Deny"), fc.string({ maxLength: 10 }).map((t) => JSON.stringify(t))), { maxKeys: 5 }), { maxLength: 4 })
  .map(
    (statements) =>
      `AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  P:\n    Type: AWS::IAM::ManagedPolicy\n    Properties:\n      PolicyDocument:\n        Version: "2012-10-17"\n        Statement:\n${statements
        .map((st) => `          - ${Object.entries(st).map(([k, v]) => `${k}: ${v}`).join("\n            ") || "{}"}`)
        .join("\n")}\n`,
  );

const reader: SourceReader = { read: (path) => (path === "p.json" ? '{"Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}' : path === "t.tpl" ? "${a}" : undefined) };

/** The messages of the extractors' catch-alls: reaching one means an exception was thrown inside. */
const SAFETY_NET = /internal error|extraction failed|could not analyse/i;

function expectClean(result: ExtractResult): void {
  for (const error of result.errors) expect(error.message).not.toMatch(SAFETY_NET);
  for (const policy of result.policies) normalizePolicy({ kind: policy.kind, name: policy.resource, document: policy.document, at: policy.at });
}

describe("fuzzing the readers of pull-request content", () => {
  it("Terraform: generated HCL and mutated corpus modules", async () => {
    expect(terraformFiles.length).toBeGreaterThan(20);
    const property = fc.asyncProperty(fc.oneof(generated(HCL, 60), structuredTerraform, mutated(terraformFiles, HCL)), async (text) => {
      expectClean(await extractTerraformModule({ dir: "", files: [{ path: "main.tf", text }], reader }));
    });
    await fc.assert(property, { seed: SEED, numRuns: 3000 });
  }, 120_000);

  it("CloudFormation: generated YAML and JSON, and mutated corpus templates", () => {
    expect(templates.length).toBeGreaterThan(40);
    const json = generated(JSON_TOKENS, 80).map((text) => `{"AWSTemplateFormatVersion":"2010-09-09","Resources":{"R":{"Type":"AWS::IAM::Policy","Properties":{"PolicyDocument":${text}}}}}`);
    const property = fc.property(fc.oneof(generated(YAML, 60), json, structuredTemplate, mutated(templates, YAML)), fc.constantFrom("t.yaml", "t.json", "t.template"), (text, path) => {
      expectClean(extractCloudFormation(path, text));
    });
    fc.assert(property, { seed: SEED, numRuns: 3000 });
  }, 120_000);

  it("policy files: generated JSON, policy-shaped values, and mutated corpus policies", () => {
    expect(policies.length).toBeGreaterThan(40);
    const text = fc.oneof(generated(JSON_TOKENS, 80), fc.json({ maxDepth: 6 }), mutated(policies, JSON_TOKENS));
    const property = fc.property(text, (input) => expectClean(extractPolicyFile("policy.json", input)));
    fc.assert(property, { seed: SEED, numRuns: 3000 });
  }, 120_000);

  it("the normaliser on any JSON value, as any kind of policy", () => {
    const kinds: PolicyKind[] = ["identity", "trust", "resource", "scp", "boundary", "session"];
    const at = { path: "p.json", startLine: 1, endLine: 1 };
    const statement = fc.dictionary(fc.constantFrom("Sid", "Effect", "Action", "NotAction", "Resource", "NotResource", "Principal", "NotPrincipal", "Condition", "effect"), fc.jsonValue({ maxDepth: 3 }));
    const document = fc.oneof(fc.jsonValue({ maxDepth: 5 }), fc.record({ Version: fc.jsonValue({ maxDepth: 1 }), Statement: fc.oneof(statement, fc.array(statement, { maxLength: 5 })) }));
    const property = fc.property(document, fc.constantFrom(...kinds), (plain, kind) => {
      normalizePolicy({ kind, name: "p", document: fromPlain(plain, at), at });
    });
    fc.assert(property, { seed: SEED, numRuns: 2000 });
  });
});
