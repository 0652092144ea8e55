// Policy documents written as JSON strings: block scalars, quoted strings, `!Sub` and `Fn::Join` templates,
// `Fn::ToJsonString`; each parsed with positions inside the file.

import { describe, expect, it } from "vitest";
import { toPlain } from "../../../src/iac/located.js";
import { extract, lineOf, node, policy } from "./helpers.js";

describe("a block scalar JSON document", () => {
  const text = `Resources:
  Role:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument: |
        {
          "Version": "2012-10-17",
          "Statement": [
            {
              "Effect": "Allow",
              "Principal": { "AWS": "*" },
              "Action": "sts:AssumeRole"
            }
          ]
        }
`;
  const source = policy(extract(text), "Role");

  it("is parsed as a json-string document", () => {
    expect(source.origin).toBe("json-string");
    expect(source.kind).toBe("trust");
    expect(toPlain(source.document)).toEqual({
      Version: "2012-10-17",
      Statement: [{ Effect: "Allow", Principal: { AWS: "*" }, Action: "sts:AssumeRole" }],
    });
  });

  it("has exact lines and columns", () => {
    const principal = node(source.document, "Statement", 0, "Principal", "AWS");
    expect(principal.at.startLine).toBe(lineOf(text, '"Principal"'));
    expect(principal.at.startColumn).toBe(text.split("\n")[principal.at.startLine - 1].indexOf('"*"') + 1);
    const action = node(source.document, "Statement", 0, "Action");
    expect(action.at).toMatchObject({ startLine: 12, startColumn: 25 });
    expect(node(source.document, "Statement", 0).at).toMatchObject({ startLine: 9, startColumn: 13 });
  });
});

describe("an invalid JSON string document", () => {
  it("is a policy error at the line of the mistake", () => {
    const text = `Resources:
  Role:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument: |
        {
          "Statement": [
            { "Effect": "Allow" "Action": "sts:AssumeRole" }
          ]
        }
`;
    const result = extract(text);
    expect(result.policies).toEqual([]);
    expect(result.errors).toEqual([
      expect.objectContaining({ line: 8, policy: true, resource: "Role", message: expect.stringContaining("not valid JSON") }),
    ]);
  });
});

describe("a quoted JSON string in a JSON template", () => {
  const text = `{
  "Resources": {
    "Repo": {
      "Type": "AWS::ECR::Repository",
      "Properties": {
        "RepositoryPolicyText": "{\\"Version\\": \\"2012-10-17\\", \\"Statement\\": [{\\"Effect\\": \\"Allow\\", \\"Principal\\": \\"*\\", \\"Action\\": \\"ecr:*\\"}]}"
      }
    }
  }
}`;

  it("is parsed, every node at the string's line", () => {
    const source = policy(extract(text, "t.json"), "Repo");
    expect(source.origin).toBe("json-string");
    expect(toPlain(source.document)).toEqual({
      Version: "2012-10-17",
      Statement: [{ Effect: "Allow", Principal: "*", Action: "ecr:*" }],
    });
    expect(node(source.document, "Statement", 0, "Action").at.startLine).toBe(6);
  });
});

describe("a single-quoted JSON string in YAML (no escapes)", () => {
  it("is positioned exactly", () => {
    const text = `Resources:
  Policy:
    Type: AWS::Logs::ResourcePolicy
    Properties:
      PolicyName: p
      PolicyDocument: '{"Statement": [{"Effect": "Allow", "Principal": {"Service": "es.amazonaws.com"}, "Action": "logs:PutLogEvents", "Resource": "*"}]}'
`;
    const source = policy(extract(text), "Policy");
    const action = node(source.document, "Statement", 0, "Action");
    expect(action.at).toMatchObject({ startLine: 6, startColumn: text.split("\n")[5].indexOf('"logs:PutLogEvents"') + 1 });
  });
});

describe("a !Sub JSON document", () => {
  const text = `Resources:
  Policy:
    Type: AWS::Logs::ResourcePolicy
    Properties:
      PolicyName: p
      PolicyDocument: !Sub |
        {
          "Version": "2012-10-17",
          "Statement": [
            {
              "Effect": "Allow",
              "Principal": { "Service": "delivery.logs.amazonaws.com" },
              "Action": "logs:PutLogEvents",
              "Resource": "arn:\${AWS::Partition}:logs:*:\${AWS::AccountId}:log-group:\${Group}:*",
              "Condition": { "StringEquals": { "aws:username": "\${!aws:username}" } }
            }
          ]
        }
`;

  it("substitutes markers, then parses, with exact lines", () => {
    const source = policy(extract(text), "Policy");
    expect(source.origin).toBe("json-string");
    const resource = node(source.document, "Statement", 0, "Resource");
    expect(toPlain(resource)).toBe(
      "arn:<unresolved:!Ref AWS::Partition>:logs:*:<unresolved:!Ref AWS::AccountId>:log-group:<unresolved:!Ref Group>:*",
    );
    expect(resource.at.startLine).toBe(lineOf(text, '"Resource"'));
    expect(toPlain(node(source.document, "Statement", 0, "Condition"))).toEqual({
      StringEquals: { "aws:username": "${aws:username}" },
    });
  });
});

describe("a Fn::Join JSON document and Fn::ToJsonString", () => {
  it("joins, then parses at the Join's line", () => {
    const text = `{
  "Resources": {
    "Policy": {
      "Type": "AWS::Logs::ResourcePolicy",
      "Properties": {
        "PolicyName": "p",
        "PolicyDocument": { "Fn::Join": ["", [
          "{\\"Statement\\": [{\\"Effect\\": \\"Allow\\", \\"Principal\\": {\\"Service\\": \\"es.amazonaws.com\\"}, \\"Action\\": \\"logs:*\\", \\"Resource\\": \\"",
          { "Fn::GetAtt": ["Group", "Arn"] },
          "\\"}]}"
        ]] }
      }
    }
  }
}`;
    const source = policy(extract(text, "t.json"), "Policy");
    expect(source.origin).toBe("json-string");
    expect(toPlain(node(source.document, "Statement", 0, "Resource"))).toBe("<unresolved:!GetAtt Group.Arn>");
    expect(node(source.document, "Statement", 0, "Resource").at.startLine).toBe(7);
  });

  it("reads a Fn::ToJsonString document as the map it wraps", () => {
    const text = `Transform: AWS::LanguageExtensions
Resources:
  Api:
    Type: AWS::ApiGateway::RestApi
    Properties:
      Policy:
        Fn::ToJsonString:
          Version: "2012-10-17"
          Statement:
            - Effect: Allow
              Principal: "*"
              Action: execute-api:Invoke
              Resource: execute-api:/*
`;
    const source = policy(extract(text), "Api");
    expect(source.kind).toBe("resource");
    expect(source.origin).toBe("cloudformation");
    expect(node(source.document, "Statement", 0, "Action").at.startLine).toBe(12);
  });
});

describe("an empty document", () => {
  it("is a policy source with an empty document, for the rules to report", () => {
    const source = policy(extract(`Resources:
  Policy:
    Type: AWS::IAM::Policy
    Properties:
      PolicyName: empty
      PolicyDocument: {}
`), "Policy");
    expect(toPlain(source.document)).toEqual({});
    expect(source.at.startLine).toBe(6);
  });
});
