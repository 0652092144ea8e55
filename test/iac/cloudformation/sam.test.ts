// SAM functions and state machines: managed policy names and ARNs, inline documents, policy templates,
// Fn::If items, Globals, an explicit Role, permissions boundaries, and Connectors (reported, not expanded).

import { describe, expect, it } from "vitest";
import { toPlain } from "../../../src/iac/located.js";
import { extract, fixture, lineAt, lineOf, policy } from "./helpers.js";

const text = fixture("sam.yaml");
const result = extract(text, "sam.yaml");
const partition = "<unresolved:!Ref AWS::Partition>";

describe("SAM Policies", () => {
  it("expands a policy template with its parameter, every node at the item's line", () => {
    const source = policy(result, "Reader", "Policies[3]");
    expect(source).toMatchObject({ kind: "identity", origin: "sam-template", name: "S3ReadPolicy", attachedTo: ["Reader"] });
    expect(toPlain(source.document)).toEqual({
      Statement: [
        {
          Action: ["s3:GetObject", "s3:ListBucket", "s3:GetBucketLocation", "s3:GetObjectVersion", "s3:GetLifecycleConfiguration"],
          Effect: "Allow",
          Resource: [`arn:${partition}:s3:::<unresolved:!Ref Bucket>`, `arn:${partition}:s3:::<unresolved:!Ref Bucket>/*`],
        },
      ],
    });
    const line = lineOf(text, "- S3ReadPolicy:");
    expect(source.at.startLine).toBe(line);
    expect(lineAt(source.document, "Statement", 0, "Action", 2)).toBe(line);
    expect(lineAt(source.document, "Statement", 0, "Resource", 1)).toBe(line);
  });

  it("expands a template inside Fn::If with a literal parameter", () => {
    const source = policy(result, "Reader", "Policies[5].Fn::If[1]");
    expect(source.name).toBe("DynamoDBCrudPolicy");
    expect(toPlain(source.document)).toMatchObject({
      Statement: [
        {
          Resource: [
            `arn:${partition}:dynamodb:<unresolved:!Ref AWS::Region>:<unresolved:!Ref AWS::AccountId>:table/orders`,
            `arn:${partition}:dynamodb:<unresolved:!Ref AWS::Region>:<unresolved:!Ref AWS::AccountId>:table/orders/index/*`,
          ],
        },
      ],
    });
    expect(source.at.startLine).toBe(lineOf(text, "- DynamoDBCrudPolicy:"));
  });

  it("reads inline documents in a list and as the single value", () => {
    const inline = policy(result, "Reader", "Policies[4]");
    expect(inline.origin).toBe("cloudformation");
    expect(toPlain(inline.document)).toEqual({ Statement: [{ Effect: "Allow", Action: "sqs:SendMessage", Resource: "*" }] });
    expect(lineAt(inline.document, "Statement", 0, "Action")).toBe(lineOf(text, "Action: sqs:SendMessage"));
    const machine = policy(result, "Machine", "Policies");
    expect(machine).toMatchObject({ resourceType: "AWS::Serverless::StateMachine", attachedTo: ["Machine"] });
    expect(lineAt(machine.document, "Statement", 0, "Action")).toBe(lineOf(text, "Action: states:StartExecution"));
  });

  it("attaches managed policy names, ARNs and references to the function", () => {
    const own = result.attachments.filter((a) => a.resource !== "Globals");
    expect(own.map((a) => [a.principal, a.via, toPlain(a.policyArn), a.policyResource, a.boundary, a.at.startLine])).toEqual([
      ["Reader", "Policies[0]", "arn:aws:iam::aws:policy/AWSLambdaExecute", undefined, false, lineOf(text, "- AWSLambdaExecute")],
      ["Reader", "Policies[1]", "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess", undefined, false, lineOf(text, "AmazonS3ReadOnlyAccess")],
      ["Reader", "Policies[2]", "<unresolved:!Ref SharedPolicy>", "SharedPolicy", false, lineOf(text, "- !Ref SharedPolicy")],
      ["Single", "Policies", "arn:aws:iam::aws:policy/AmazonDynamoDBFullAccess", undefined, false, lineOf(text, "Policies: AmazonDynamoDBFullAccess")],
      ["Single", "PermissionsBoundary", "arn:aws:iam::123456789012:policy/own", undefined, true, lineOf(text, "policy/own")],
    ]);
    expect(own.every((a) => a.principalType === "role")).toBe(true);
    expect(policy(result, "SharedPolicy").attachedTo).toEqual(["Reader"]);
  });

  it("ignores Policies of a function with its own Role (as SAM does), without an error", () => {
    expect(result.policies.some((p) => p.resource === "WithRole")).toBe(false);
    expect(result.attachments.some((a) => a.principal === "WithRole")).toBe(false);
    expect(result.errors.some((e) => e.resource === "WithRole")).toBe(false);
  });

  it("applies Globals to every function that generates its role", () => {
    const globals = result.attachments.filter((a) => a.resource === "Globals");
    expect(globals.map((a) => [a.principal, a.via, a.boundary, a.at.startLine])).toEqual([
      ["Reader", "Function.Policies[0]", false, lineOf(text, "- AWSXrayWriteOnlyAccess")],
      ["Single", "Function.Policies[0]", false, lineOf(text, "- AWSXrayWriteOnlyAccess")],
      ["Unknown", "Function.Policies[0]", false, lineOf(text, "- AWSXrayWriteOnlyAccess")],
      ["Reader", "Function.PermissionsBoundary", true, lineOf(text, "PermissionsBoundary: !Sub")],
      ["Unknown", "Function.PermissionsBoundary", true, lineOf(text, "PermissionsBoundary: !Sub")],
    ]);
  });

  it("reports an unknown template and Connectors instead of skipping them", () => {
    expect(result.errors.map((e) => [e.line, e.resource, e.policy ?? false, e.message])).toEqual([
      [lineOf(text, "Connectors:"), "Reader", false, "Reader.Connectors: SAM Connectors are not expanded: the IAM policies they generate are not analysed"],
      [lineOf(text, "NoSuchPolicyTemplate"), "Unknown", true, 'Unknown.Policies[0]: unknown SAM policy template "NoSuchPolicyTemplate"'],
      [lineOf(text, "  Conn:"), "Conn", false, "Conn: SAM Connectors are not expanded: the IAM policies they generate are not analysed"],
    ]);
  });

  it("reports a template without its parameter", () => {
    const missing = extract(`Transform: AWS::Serverless-2016-10-31
Resources:
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Policies:
        - SQSPollerPolicy: {}
`);
    expect(missing.errors).toEqual([
      expect.objectContaining({ line: 7, policy: true, message: "Fn.Policies[0]: SAM policy template SQSPollerPolicy needs parameter QueueName" }),
    ]);
  });
});
