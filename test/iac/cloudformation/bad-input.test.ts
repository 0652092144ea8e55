// Hostile and broken input: every case is an error entry with its line, never a throw, never a hang.

import { describe, expect, it } from "vitest";
import { looksLikeCloudFormation } from "../../../src/iac/cloudformation/index.js";
import { MAX_DEPTH, MAX_FILE_BYTES } from "../../../src/iac/located.js";
import { extract, fixture } from "./helpers.js";

function aliasBomb(levels: number, width: number): string {
  const lines = [`l0: &l0 ["lol"]`];
  for (let level = 1; level <= levels; level++) {
    lines.push(`l${level}: &l${level} [${Array.from({ length: width }, () => `*l${level - 1}`).join(", ")}]`);
  }
  return `Resources:\n  Bomb:\n    Type: AWS::IAM::Policy\n    Properties:\n      PolicyDocument:\n        Statement:\n          - Action: *l${levels}\n${lines.join("\n")}\n`;
}

function nestedMaps(depth: number): string {
  return Array.from({ length: depth }, (_, level) => `${" ".repeat(level)}k${level}:`).join("\n") + " x\n";
}

const CASES: { name: string; text: string; path?: string; line: number; message: RegExp }[] = [
  {
    name: "YAML syntax error",
    text: "Resources:\n  Role:\n    Type: AWS::IAM::Role\n    Properties:\n      A: b\n     C: d\n",
    line: 6,
    message: /^YAML: All mapping items must start at the same column/,
  },
  {
    name: "duplicate key",
    text: "Resources:\n  Role:\n    Type: AWS::IAM::Role\n    Type: AWS::IAM::User\n",
    line: 4,
    message: /Map keys must be unique/,
  },
  {
    name: "an alias",
    text: "Resources:\n  A:\n    Type: &t AWS::IAM::Role\n  B:\n    Type: *t\n",
    line: 5,
    message: /YAML aliases are not allowed/,
  },
  { name: "an alias bomb", text: aliasBomb(9, 9), line: 7, message: /YAML aliases are not allowed/ },
  {
    name: "an oversize file",
    text: `Resources: {}\n#${"x".repeat(MAX_FILE_BYTES)}`,
    line: 1,
    message: /more than 5242880: not parsed/,
  },
  {
    name: "10,000-level nested flow YAML",
    text: `Resources: ${"[".repeat(10_000)}${"]".repeat(10_000)}\n`,
    line: 1,
    message: /nested 10000 levels deep/,
  },
  {
    name: "10,000-level nested JSON",
    text: `{"Resources": ${'{"a":'.repeat(10_000)}1${"}".repeat(10_000)}}`,
    path: "t.json",
    line: 1,
    message: /nested 10001 levels deep/,
  },
  {
    name: "10,000-level compact block sequence",
    text: `Resources:\n  A:\n    ${"- ".repeat(10_000)}x\n`,
    line: 3,
    message: new RegExp(`nested more than ${MAX_DEPTH} levels deep`),
  },
  {
    name: "deeply indented block maps",
    text: nestedMaps(MAX_DEPTH + 10),
    line: MAX_DEPTH + 1,
    message: new RegExp(`nested more than ${MAX_DEPTH} levels deep`),
  },
  {
    name: "Resources that is not a map",
    text: "AWSTemplateFormatVersion: '2010-09-09'\nResources: [a, b]\n",
    line: 2,
    message: /Resources is not a map/,
  },
  {
    name: "a resource type that is a foreign tag",
    text: "Resources:\n  Content:\n    Type: !Rain::Module bucket.yaml\n",
    line: 3,
    message: /Type !Rain::Module bucket.yaml is not a CloudFormation resource type; not analysed/,
  },
  {
    name: "an inline policy without a document",
    text: "Resources:\n  Role:\n    Type: AWS::IAM::Role\n    Properties:\n      Policies:\n        - PolicyName: x\n",
    line: 6,
    message: /an inline policy needs a PolicyDocument/,
  },
];

describe("bad input", () => {
  it.each(CASES)("$name → an error at line $line", ({ text, path, line, message }) => {
    const result = extract(text, path);
    expect(result.policies).toEqual([]);
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0]).toMatchObject({ line });
    expect(result.errors[0].message).toMatch(message);
  });

  it("flags an invalid JSON string policy as a policy error", () => {
    const result = extract(`Resources:\n  Q:\n    Type: AWS::SQS::QueuePolicy\n    Properties:\n      PolicyDocument: '{"Statement": [}'\n`);
    expect(result.errors).toEqual([expect.objectContaining({ line: 5, policy: true, resource: "Q" })]);
  });

  it("reads the first of several YAML documents and says so", () => {
    const result = extract("Resources: {}\n---\nResources: {}\n");
    expect(result.errors).toEqual([expect.objectContaining({ line: 2, message: expect.stringMatching(/more than one YAML document/) })]);
  });

  it("returns nothing for YAML that is not a template", () => {
    expect(extract(fixture("lookalikes/deployment.yaml"))).toEqual({ policies: [], attachments: [], resources: [], errors: [] });
    expect(extract("")).toEqual({ policies: [], attachments: [], resources: [], errors: [] });
    expect(extract("just a string")).toEqual({ policies: [], attachments: [], resources: [], errors: [] });
  });
});

describe("looksLikeCloudFormation", () => {
  it.each([
    ["a YAML template", "AWSTemplateFormatVersion: '2010-09-09'\nResources: {}\n"],
    ["a JSON template", '{\n  "AWSTemplateFormatVersion": "2010-09-09",\n  "Resources": {}\n}'],
    ["a template without a version", "Resources:\n  Bucket:\n    Type: AWS::S3::Bucket\n"],
    ["a JSON template without a version", '{"Resources": {"B": {"Type": "AWS::S3::Bucket"}}}'],
    ["a custom resource", "Resources:\n  X:\n    Type: Custom::Thing\n"],
    ["a SAM template", "Transform: AWS::Serverless-2016-10-31\nResources: {}\n"],
    ["a SAM template with a transform list", "Transform:\n  - AWS::LanguageExtensions\n  - AWS::Serverless-2016-10-31\n"],
    ["a template whose only policies are IoT and WAF", fixture("lookalikes/iot-and-waf.yaml")],
  ])("recognises %s", (_name, text) => {
    expect(looksLikeCloudFormation(text, "any.txt")).toBe(true);
  });

  it.each(["template-configuration.json", "workflow.yml", "deployment.yaml", "policy.json"])("ignores %s", (name) => {
    expect(looksLikeCloudFormation(fixture(`lookalikes/${name}`), name)).toBe(false);
  });

  it("extracts no IAM policy from IoT policies or WAF statements", () => {
    const result = extract(fixture("lookalikes/iot-and-waf.yaml"));
    expect(result.policies).toEqual([]);
    expect(result.errors).toEqual([]);
    expect(result.resources.map((r) => r.type)).toEqual(["AWS::IoT::Policy", "AWS::WAFv2::WebACL"]);
  });
});
