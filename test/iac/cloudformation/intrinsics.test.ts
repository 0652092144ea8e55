// Intrinsic functions inside policy documents, and Fn::If at every level of a resource.

import { describe, expect, it } from "vitest";
import { resolveIntrinsics } from "../../../src/iac/cloudformation/intrinsics.js";
import { fromPlain, toPlain } from "../../../src/iac/located.js";
import type { LocatedValue } from "../../../src/iac/types.js";
import { extract, lineAt, lineOf, node, policy } from "./helpers.js";

/** A bucket policy whose single statement's Resource is `value` (YAML text, indented for the slot). */
function withResource(value: string): string {
  return `Resources:
  BucketPolicy:
    Type: AWS::S3::BucketPolicy
    Properties:
      Bucket: !Ref Bucket
      PolicyDocument:
        Statement:
          - Effect: Allow
            Principal: "*"
            Action: s3:GetObject
            Resource: ${value}
`;
}

describe("intrinsics in a Resource value", () => {
  it.each([
    ["!Ref Param", { kind: "unresolved", expr: "!Ref Param" }],
    ["!GetAtt Bucket.Arn", { kind: "unresolved", expr: "!GetAtt Bucket.Arn" }],
    ["!GetAtt [Bucket, Arn]", { kind: "unresolved", expr: "!GetAtt Bucket.Arn" }],
    ["{ 'Fn::GetAtt': [Bucket, Arn] }", { kind: "unresolved", expr: "!GetAtt Bucket.Arn" }],
    ["!Sub '${Bucket.Arn}/*'", { kind: "string", value: "<unresolved:!GetAtt Bucket.Arn>/*" }],
    ["!Sub '${Bucket.Arn}'", { kind: "unresolved", expr: "!GetAtt Bucket.Arn" }],
    ["!Sub 'arn:aws:s3:::${AWS::AccountId}-logs'", { kind: "string", value: "arn:aws:s3:::<unresolved:!Ref AWS::AccountId>-logs" }],
    ["!Sub 'arn:aws:s3:::home/${!aws:username}'", { kind: "string", value: "arn:aws:s3:::home/${aws:username}" }],
    ["!Sub ['arn:aws:s3:::${Name}/*', {Name: my-bucket}]", { kind: "string", value: "arn:aws:s3:::my-bucket/*" }],
    ["!Sub ['arn:aws:s3:::${Name}/*', {Name: !Ref Bucket}]", { kind: "string", value: "arn:aws:s3:::<unresolved:!Ref Bucket>/*" }],
    ["!Sub ['${A}-${B}', {A: !Select [1, [x, y]], B: 7}]", { kind: "string", value: "y-7" }],
    ["!Join ['', ['arn:aws:s3:::', !Ref Bucket, '/*']]", { kind: "string", value: "arn:aws:s3:::<unresolved:!Ref Bucket>/*" }],
    ["!Join [':', [a, b, !Ref AWS::NoValue, c]]", { kind: "string", value: "a:b:c" }],
    ["!Join ['', !Ref Parts]", { kind: "unresolved", expr: "!Join ['', !Ref Parts]" }],
    ["!Select [0, !GetAZs '']", { kind: "unresolved", expr: "!Select [0, !GetAZs '']" }],
    ["!ImportValue SharedBucketArn", { kind: "unresolved", expr: "!ImportValue SharedBucketArn" }],
    ["!FindInMap [Map, !Ref AWS::Region, Arn]", { kind: "unresolved", expr: "!FindInMap [Map, !Ref AWS::Region, Arn]" }],
    ["!Split [',', !Ref List]", { kind: "unresolved", expr: "!Split [',', !Ref List]" }],
    ["!Base64 abc", { kind: "unresolved", expr: "!Base64 abc" }],
    ["!If [Cond, arn:aws:s3:::a, !Ref AWS::NoValue]", { kind: "choice", condition: "Cond" }],
    ["!Ref AWS::NoValue", { kind: "absent" }],
  ])("%s", (written, expected) => {
    const text = withResource(written);
    const result = extract(text);
    expect(result.errors).toEqual([]);
    const resource = node(policy(result, "BucketPolicy").document, "Statement", 0, "Resource");
    expect(resource).toMatchObject(expected);
    expect(resource.at.startLine).toBe(lineOf(text, "Resource:"));
  });

  it("keeps both options of Fn::If, AWS::NoValue as absent", () => {
    const result = extract(withResource("!If [Cond, arn:aws:s3:::a, !Ref AWS::NoValue]"));
    const resource = node(policy(result, "BucketPolicy").document, "Statement", 0, "Resource");
    expect(toPlain(resource)).toEqual({ "Fn::If": ["Cond", "arn:aws:s3:::a", { Ref: "AWS::NoValue" }] });
  });

  it("resolves the long form in JSON the same way", () => {
    const text = JSON.stringify({
      Resources: {
        P: {
          Type: "AWS::S3::BucketPolicy",
          Properties: {
            PolicyDocument: {
              Statement: [
                {
                  Effect: "Allow",
                  Principal: { "Fn::If": ["Internal", { AWS: { "Fn::Sub": "${AWS::AccountId}" } }, { Service: "lambda.amazonaws.com" }] },
                  Action: { "Fn::Split": [",", { Ref: "Actions" }] },
                  Resource: { "Fn::Join": ["", ["arn:aws:s3:::", { Ref: "B" }, "/*"]] },
                },
              ],
            },
          },
        },
      },
    }, null, 2);
    const result = extract(text, "t.json");
    expect(toPlain(node(policy(result, "P").document, "Statement", 0))).toEqual({
      Effect: "Allow",
      Principal: { "Fn::If": ["Internal", { AWS: "<unresolved:!Ref AWS::AccountId>" }, { Service: "lambda.amazonaws.com" }] },
      Action: "<unresolved:!Split [',', !Ref Actions]>",
      Resource: "arn:aws:s3:::<unresolved:!Ref B>/*",
    });
  });
});

const CONDITIONS = `Conditions:
  Cond: !Equals [a, b]
`;

describe("Fn::If at every level", () => {
  it("inside a statement element (Principal)", () => {
    const text = `Resources:
  Role:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Statement:
          - Effect: Allow
            Action: sts:AssumeRole
            Principal: !If
              - Cond
              - AWS: !Sub "\${Principal}"
              - Service: lambda.amazonaws.com
`;
    const document = policy(extract(text), "Role").document;
    const principal = node(document, "Statement", 0, "Principal");
    expect(principal.kind).toBe("choice");
    expect(toPlain(principal)).toEqual({
      "Fn::If": ["Cond", { AWS: "<unresolved:!Ref Principal>" }, { Service: "lambda.amazonaws.com" }],
    });
    expect(principal.at.startLine).toBe(lineOf(text, "Principal: !If"));
    expect(lineAt(document, "Statement", 0, "Principal", { option: 1 }, "Service")).toBe(lineOf(text, "Service: lambda"));
  });

  it("around a whole statement (both branches, NoValue absent)", () => {
    const text = `Resources:
  P:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument:
        Statement:
          - Fn::If:
              - Cond
              - Effect: Allow
                Action: "*"
                Resource: "*"
              - Ref: AWS::NoValue
`;
    const statement = node(policy(extract(text), "P").document, "Statement", 0);
    expect(statement.kind).toBe("choice");
    expect(statement.at.startLine).toBe(lineOf(text, "- Fn::If:"));
    expect(node(statement, { option: 1 }).kind).toBe("absent");
    expect(lineAt(statement, { option: 0 }, "Action")).toBe(lineOf(text, 'Action: "*"'));
  });

  it("around the whole Policies list", () => {
    const text = `${CONDITIONS}Resources:
  Role:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument: {}
      Policies: !If
        - Cond
        - - PolicyName: a
            PolicyDocument: { Statement: [{ Effect: Allow, Action: "s3:*", Resource: "*" }] }
        - - PolicyName: b
            PolicyDocument: { Statement: [{ Effect: Allow, Action: "sqs:*", Resource: "*" }] }
`;
    const result = extract(text);
    const a = policy(result, "Role", "Policies.Fn::If[1][0].PolicyDocument");
    const b = policy(result, "Role", "Policies.Fn::If[2][0].PolicyDocument");
    expect([a.name, b.name]).toEqual(["a", "b"]);
    expect(a.at.startLine).toBe(lineOf(text, "PolicyDocument: { Statement: [{ Effect: Allow, Action: \"s3:*\""));
    expect(b.at.startLine).toBe(lineOf(text, "sqs:*"));
  });

  it("around one Policies item", () => {
    const text = `Resources:
  Group:
    Type: AWS::IAM::Group
    Properties:
      Policies:
        - !If [Cond, { PolicyName: x, PolicyDocument: { Statement: [] } }, !Ref AWS::NoValue]
`;
    const result = extract(text);
    expect(result.policies.map((p) => p.property)).toEqual(["Policies[0].Fn::If[1].PolicyDocument"]);
  });

  it("around the whole PolicyDocument", () => {
    const text = `Resources:
  Policy:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument: !If
        - Cond
        - Statement: [{ Effect: Allow, Action: "s3:GetObject", Resource: "*" }]
        - Statement: [{ Effect: Allow, Action: "s3:*", Resource: "*" }]
`;
    const result = extract(text);
    expect(result.policies.map((p) => [p.property, p.at.startLine])).toEqual([
      ["PolicyDocument.Fn::If[1]", lineOf(text, '"s3:GetObject"')],
      ["PolicyDocument.Fn::If[2]", lineOf(text, '"s3:*"')],
    ]);
  });

  it("around the whole Properties map", () => {
    const text = `{
  "Resources": {
    "Policy": {
      "Type": "AWS::IAM::Policy",
      "Properties": {
        "Fn::If": [
          "Cond",
          { "PolicyName": "a", "Roles": [{ "Ref": "Role" }], "PolicyDocument": { "Statement": [] } },
          { "PolicyName": "b", "PolicyDocument": { "Statement": [] } }
        ]
      }
    },
    "Role": { "Type": "AWS::IAM::Role", "Properties": { "AssumeRolePolicyDocument": {} } }
  }
}`;
    const result = extract(text, "t.json");
    const options = result.policies.filter((p) => p.resource === "Policy");
    expect(options.map((p) => [p.property, p.name, p.attachedTo])).toEqual([
      ["Fn::If[1].PolicyDocument", "a", ["Role"]],
      ["Fn::If[2].PolicyDocument", "b", []],
    ]);
  });

  it("on ManagedPolicyArns items and on the whole list", () => {
    const text = `Resources:
  Role:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument: {}
      ManagedPolicyArns:
        - !If [Cond, arn:aws:iam::aws:policy/ReadOnlyAccess, !Ref AWS::NoValue]
  User:
    Type: AWS::IAM::User
    Properties:
      ManagedPolicyArns: !If [Cond, [arn:aws:iam::aws:policy/A], [arn:aws:iam::aws:policy/B]]
  Other:
    Type: AWS::IAM::Group
    Properties:
      ManagedPolicyArns: !Ref PolicyList
`;
    const result = extract(text);
    expect(result.attachments.map((a) => [a.principal, a.via, toPlain(a.policyArn)])).toEqual([
      ["Role", "ManagedPolicyArns[0].Fn::If[1]", "arn:aws:iam::aws:policy/ReadOnlyAccess"],
      ["User", "ManagedPolicyArns.Fn::If[1][0]", "arn:aws:iam::aws:policy/A"],
      ["User", "ManagedPolicyArns.Fn::If[2][0]", "arn:aws:iam::aws:policy/B"],
      ["Other", "ManagedPolicyArns", "<unresolved:!Ref PolicyList>"],
    ]);
  });
});

describe("resolveIntrinsics shares what it does not change", () => {
  const at = { path: "t.yaml", startLine: 1, endLine: 1 };
  const plain = fromPlain({ Statement: [{ Effect: "Allow", Action: ["s3:GetObject"], Resource: "*" }] }, at);

  it("returns a tree without intrinsics as it is", () => {
    expect(resolveIntrinsics(plain)).toBe(plain);
    expect(resolveIntrinsics(plain, "json")).toBe(plain);
  });

  it("copies only the path to an intrinsic; siblings stay the same objects", () => {
    const written = fromPlain({ Bucket: { Ref: "Bucket" }, Tags: [{ Key: "a", Value: "b" }], Policy: { Statement: [] } }, at);
    const resolved = resolveIntrinsics(written);
    expect(resolved).not.toBe(written);
    expect(toPlain(resolved)).toEqual({ Bucket: "<unresolved:!Ref Bucket>", Tags: [{ Key: "a", Value: "b" }], Policy: { Statement: [] } });
    const entry = (value: LocatedValue, key: string) => (value.kind === "object" ? value.entries.find((e) => e.key === key) : undefined);
    expect(entry(resolved, "Tags")).toBe(entry(written, "Tags"));
    expect(entry(resolved, "Policy")).toBe(entry(written, "Policy"));
    expect(entry(resolved, "Bucket")).not.toBe(entry(written, "Bucket"));
    // The written tree is left as it was.
    expect(toPlain(written)).toEqual({ Bucket: { Ref: "Bucket" }, Tags: [{ Key: "a", Value: "b" }], Policy: { Statement: [] } });
  });
});
