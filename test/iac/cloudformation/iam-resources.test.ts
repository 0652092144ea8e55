// The IAM and resource-policy types of a template, read from a YAML fixture and its JSON twin: both must give
// the same documents, and every asserted node must sit on the line where the fixture writes it.

import { describe, expect, it } from "vitest";
import { toPlain } from "../../../src/iac/located.js";
import type { ExtractResult } from "../../../src/iac/types.js";
import { extract, fixture, lineAt, lineOf, policy, type Step } from "./helpers.js";

const yamlText = fixture("iam.yaml");
const jsonText = fixture("iam.json");
const formats = [
  { format: "yaml", text: yamlText, result: extract(yamlText, "iam.yaml") },
  { format: "json", text: jsonText, result: extract(jsonText, "iam.json") },
];

const partition = "<unresolved:!Ref AWS::Partition>";

describe.each(formats)("iam fixture ($format)", ({ result }) => {
  it("has no errors", () => {
    expect(result.errors).toEqual([]);
  });

  it.each([
    ["AppRole", "AssumeRolePolicyDocument", "trust", ["AppRole"], undefined, undefined],
    ["AppRole", "Policies[0].PolicyDocument", "identity", ["AppRole"], "read-bucket", undefined],
    ["AppRole", "Policies[1].Fn::If[1].PolicyDocument", "identity", ["AppRole"], "prod-extra", undefined],
    ["DeployPolicy", "PolicyDocument", "identity", ["AppRole"], "deploy", undefined],
    ["Developers", "Policies[0].PolicyDocument", "identity", ["Developers"], "mfa", undefined],
    ["SharedPolicy", "PolicyDocument", "identity", ["AppRole", "Alice", "Developers"], "shared", undefined],
    ["AppRolePolicy", "PolicyDocument", "identity", ["AppRole"], "role-policy", "IsProd"],
    ["QueuePolicy", "PolicyDocument", "resource", [], undefined, undefined],
    ["Key", "KeyPolicy", "resource", [], undefined, undefined],
    ["Permission", "Properties", "resource", [], undefined, undefined],
    ["Scp", "Content", "scp", [], "deny-leave", undefined],
  ])("%s.%s is a %s policy attached to %j", (resource, property, kind, attachedTo, name, condition) => {
    const source = policy(result, resource, property);
    expect(source.kind).toBe(kind);
    expect(source.attachedTo).toEqual(attachedTo);
    expect(source.name).toBe(name);
    expect(source.condition).toBe(condition);
  });

  it("extracts exactly those policies (no tag policy, no bucket or function)", () => {
    expect(result.policies).toHaveLength(11);
    expect(result.policies.some((p) => p.resource === "TagPolicy")).toBe(false);
  });

  it("resolves intrinsics inside the role's inline policy", () => {
    expect(toPlain(policy(result, "AppRole", "Policies[0].PolicyDocument").document)).toEqual({
      Version: "2012-10-17",
      Statement: [
        {
          Sid: "ReadObjects",
          Effect: "Allow",
          Action: ["s3:GetObject", "s3:ListBucket"],
          Resource: [
            `arn:${partition}:s3:::<unresolved:!Ref BucketName>/*`,
            "<unresolved:!GetAtt DataBucket.Arn>",
            "arn:aws:s3:::<unresolved:!Ref BucketName>",
          ],
        },
        {
          "Fn::If": [
            "IsProd",
            { Sid: "ProdOnly", Effect: "Deny", Action: "s3:DeleteObject", Resource: "*" },
            { Ref: "AWS::NoValue" },
          ],
        },
        { Sid: "PerUser", Effect: "Allow", Action: "s3:PutObject", Resource: "arn:aws:s3:::home/${aws:username}/*" },
      ],
    });
  });

  it("keeps the unquoted version as a string and the account id as written", () => {
    const trust = toPlain(policy(result, "AppRole", "AssumeRolePolicyDocument").document);
    expect(trust).toEqual({
      Version: "2012-10-17",
      Statement: [
        {
          Effect: "Allow",
          Principal: { AWS: "012345678901" },
          Action: "sts:AssumeRole",
          Condition: { StringEquals: { "sts:ExternalId": "<unresolved:!Ref BucketName>" } },
        },
      ],
    });
  });

  it("renders other intrinsics as readable unresolved expressions", () => {
    const resourceOf = (id: string) => toPlain(policy(result, id).document) as { Statement: unknown };
    expect(resourceOf("DeployPolicy").Statement).toEqual([
      { Effect: "Allow", Action: "cloudformation:*", Resource: "<unresolved:!ImportValue SharedStackArn>" },
    ]);
    expect(resourceOf("AppRolePolicy").Statement).toEqual([
      { Effect: "Allow", Action: "kms:Decrypt", Resource: "<unresolved:!FindInMap [Keys, !Ref AWS::Region, Arn]>" },
    ]);
    expect(resourceOf("SharedPolicy").Statement).toEqual({
      Effect: "Allow",
      Action: "sqs:SendMessage",
      Resource: "<unresolved:!GetAtt Queue.Arn>",
    });
    expect(resourceOf("Key").Statement).toEqual([
      {
        Effect: "Allow",
        Principal: { AWS: `arn:${partition}:iam::<unresolved:!Ref AWS::AccountId>:root` },
        Action: "kms:*",
        Resource: "*",
      },
    ]);
  });

  it("synthesises the Lambda permission's statement from its properties", () => {
    const source = policy(result, "Permission");
    expect(source.origin).toBe("attributes");
    expect(toPlain(source.document)).toEqual({
      Version: "2012-10-17",
      Statement: [
        {
          Effect: "Allow",
          Principal: { Service: "s3.amazonaws.com" },
          Action: "lambda:InvokeFunction",
          Resource: "<unresolved:!GetAtt Fn.Arn>",
          Condition: {
            ArnLike: { "aws:SourceArn": "<unresolved:!GetAtt DataBucket.Arn>" },
            StringEquals: { "aws:SourceAccount": "<unresolved:!Ref AWS::AccountId>" },
          },
        },
      ],
    });
  });

  it("records managed policy attachments and the permissions boundary", () => {
    const plain = result.attachments.map((a) => ({
      principal: a.principal,
      principalType: a.principalType,
      arn: toPlain(a.policyArn),
      via: a.via,
      boundary: a.boundary,
      policyResource: a.policyResource,
    }));
    expect(plain).toEqual([
      { principal: "AppRole", principalType: "role", arn: `arn:${partition}:iam::aws:policy/ReadOnlyAccess`, via: "ManagedPolicyArns[0]", boundary: false, policyResource: undefined },
      { principal: "AppRole", principalType: "role", arn: "<unresolved:!Ref DeployPolicy>", via: "ManagedPolicyArns[1]", boundary: false, policyResource: "DeployPolicy" },
      { principal: "AppRole", principalType: "role", arn: "arn:aws:iam::aws:policy/PowerUserAccess", via: "PermissionsBoundary", boundary: true, policyResource: undefined },
      { principal: "Alice", principalType: "user", arn: "arn:aws:iam::aws:policy/IAMUserChangePassword", via: "ManagedPolicyArns[0]", boundary: false, policyResource: undefined },
    ]);
  });

  it("lists every resource with its properties", () => {
    expect(result.resources.map((r) => r.address)).toEqual([
      "AppRole", "DataBucket", "DeployPolicy", "Developers", "Alice", "AliceKey", "SharedPolicy", "AppRolePolicy",
      "Queue", "QueuePolicy", "Topic", "Key", "Permission", "Fn", "Scp", "TagPolicy",
    ]);
    const byId = (id: string) => result.resources.find((r) => r.address === id)!;
    expect(byId("AliceKey").type).toBe("AWS::IAM::AccessKey");
    expect(toPlain(byId("AliceKey").attributes)).toEqual({ UserName: "<unresolved:!Ref Alice>" });
    expect(toPlain(byId("Alice").attributes)).toMatchObject({ LoginProfile: { Password: "<unresolved:!Ref BucketName>" } });
    expect(toPlain(byId("DeployPolicy").attributes)).toMatchObject({ Description: "deploys the app" });
    expect(byId("AppRolePolicy").condition).toBe("IsProd");
    expect(toPlain(byId("DataBucket").attributes)).toEqual({});
  });
});

describe("YAML and JSON twins", () => {
  const [yaml, json] = formats.map(({ result }) => result);
  const summary = (result: ExtractResult) => ({
    policies: result.policies.map((p) => [p.resource, p.property, p.kind, p.origin, p.attachedTo, toPlain(p.document)]),
    attachments: result.attachments.map((a) => [a.principal, a.via, toPlain(a.policyArn), a.boundary]),
    resources: result.resources.map((r) => [r.address, r.type, toPlain(r.attributes)]),
  });

  it("extract identical documents, attachments and resources", () => {
    expect(summary(json)).toEqual(summary(yaml));
  });
});

/** Where each asserted node is written: a needle on its line in each format (JSON objects open a line above). */
const LINES: { name: string; resource: string; property: string; path: Step[]; yaml: [string, number?]; json: [string, number?] }[] = [
  { name: "trust statement", resource: "AppRole", property: "AssumeRolePolicyDocument", path: ["Statement", 0], yaml: ["Principal:", -1], json: ['"Principal": {', -2] },
  { name: "trust principal account", resource: "AppRole", property: "AssumeRolePolicyDocument", path: ["Statement", 0, "Principal", "AWS"], yaml: ["AWS: 012345678901"], json: ['"AWS": "012345678901"'] },
  { name: "unquoted version", resource: "AppRole", property: "AssumeRolePolicyDocument", path: ["Version"], yaml: ["Version: 2012-10-17"], json: ['"Version": "2012-10-17"'] },
  { name: "condition value", resource: "AppRole", property: "AssumeRolePolicyDocument", path: ["Statement", 0, "Condition", "StringEquals", "sts:ExternalId"], yaml: ["sts:ExternalId: !Ref"], json: ['"sts:ExternalId": {'] },
  { name: "second action", resource: "AppRole", property: "Policies[0].PolicyDocument", path: ["Statement", 0, "Action", 1], yaml: ["- s3:ListBucket"], json: ['"s3:ListBucket"'] },
  { name: "Sub resource", resource: "AppRole", property: "Policies[0].PolicyDocument", path: ["Statement", 0, "Resource", 0], yaml: ["- !Sub arn:${AWS::Partition}:s3"], json: ['"Fn::Sub": "arn:${AWS::Partition}:s3:::${BucketName}/*"', -1] },
  { name: "Fn::If statement", resource: "AppRole", property: "Policies[0].PolicyDocument", path: ["Statement", 1], yaml: ["- !If"], json: ['"Fn::If": [', -1] },
  { name: "statement inside Fn::If", resource: "AppRole", property: "Policies[0].PolicyDocument", path: ["Statement", 1, { option: 0 }, "Action"], yaml: ["Action: s3:DeleteObject"], json: ['"Action": "s3:DeleteObject"'] },
  { name: "policy variable", resource: "AppRole", property: "Policies[0].PolicyDocument", path: ["Statement", 2, "Resource"], yaml: ["${!aws:username}"], json: ["${!aws:username}", -1] },
  { name: "queue policy principal", resource: "QueuePolicy", property: "PolicyDocument", path: ["Statement", 0, "Principal", "Service"], yaml: ["Service: sns.amazonaws.com"], json: ['"Service": "sns.amazonaws.com"'] },
  { name: "queue condition", resource: "QueuePolicy", property: "PolicyDocument", path: ["Statement", 0, "Condition", "ArnEquals", "aws:SourceArn"], yaml: ["aws:SourceArn: !Ref Topic"], json: ['"aws:SourceArn": {'] },
  { name: "lambda principal", resource: "Permission", property: "Properties", path: ["Statement", 0, "Principal", "Service"], yaml: ["Principal: s3.amazonaws.com"], json: ['"Principal": "s3.amazonaws.com"'] },
  { name: "lambda resource", resource: "Permission", property: "Properties", path: ["Statement", 0, "Resource"], yaml: ["FunctionName: !GetAtt Fn.Arn"], json: ['"FunctionName": {'] },
  { name: "lambda source arn", resource: "Permission", property: "Properties", path: ["Statement", 0, "Condition", "ArnLike", "aws:SourceArn"], yaml: ["SourceArn: !GetAtt DataBucket.Arn"], json: ['"SourceArn": {'] },
];

describe.each(formats)("positions ($format)", ({ format, text, result }) => {
  it.each(LINES)("$name", (row) => {
    const [needle, offset = 0] = format === "yaml" ? row.yaml : row.json;
    const document = policy(result, row.resource, row.property).document;
    expect(lineAt(document, ...row.path)).toBe(lineOf(text, needle) + offset);
  });
});

describe("positions with literal line numbers", () => {
  const result = formats[0].result;
  it("places the YAML Fn::If statement at its tag and its option at its first key", () => {
    const document = policy(result, "AppRole", "Policies[0].PolicyDocument").document;
    expect(lineAt(document, "Statement", 1)).toBe(37);
    expect(lineAt(document, "Statement", 1, { option: 0 })).toBe(39);
    expect(lineAt(document, "Statement", 0, "Action", 0)).toBe(31);
  });
  it("places attachments at the list item", () => {
    expect(result.attachments.map((a) => a.at.startLine)).toEqual([58, 59, 60, 93]);
  });
});
