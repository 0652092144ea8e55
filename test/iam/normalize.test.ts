import { describe, expect, it } from "vitest";
import { parseLocatedJson } from "../../src/iac/json.js";
import type { LocatedValue, PolicyKind, Position } from "../../src/iac/types.js";
import { normalizePolicy, type NormalizeResult } from "../../src/iam/normalize.js";

const PATH = "policy.json";

function parse(text: string): LocatedValue {
  const result = parseLocatedJson(text, { path: PATH, line: 1, column: 1 });
  if (!result.ok) throw new Error(`test document does not parse: ${result.message}`);
  return result.value;
}

function normalize(text: string, kind: PolicyKind = "identity"): NormalizeResult {
  const document = parse(text);
  return normalizePolicy({ kind, name: "test", document, at: document.at });
}

/** The 1-based line a position starts on: documents below put one element per line. */
const lineOf = (at: Position) => at.startLine;

// Hand-built nodes for what JSON cannot express (Fn::If choices, AWS::NoValue, unknown values).
const at = (line: number): Position => ({ path: "template.yaml", startLine: line, endLine: line });
const str = (value: string, line: number): LocatedValue => ({ kind: "string", value, at: at(line) });
const list = (line: number, ...items: LocatedValue[]): LocatedValue => ({ kind: "array", items, at: at(line) });
const unresolved = (expr: string, line: number): LocatedValue => ({ kind: "unresolved", expr, at: at(line) });
const absent = (line: number): LocatedValue => ({ kind: "absent", at: at(line) });
const choice = (condition: string, line: number, ...options: LocatedValue[]): LocatedValue => ({
  kind: "choice",
  condition,
  options,
  at: at(line),
});
const obj = (line: number, entries: Record<string, LocatedValue>): LocatedValue => ({
  kind: "object",
  entries: Object.entries(entries).map(([key, value]) => ({ key, keyAt: value.at, value })),
  at: at(line),
});

function normalizeNode(document: LocatedValue, kind: PolicyKind = "identity"): NormalizeResult {
  return normalizePolicy({ kind, name: "test", document, at: document.at });
}

describe("normalizePolicy: forms", () => {
  it("reads a single Statement object with string elements, keeping every position", () => {
    const { policy, problems } = normalize(`{
      "Version": "2012-10-17",
      "Id": "policy-id",
      "Statement": {
        "Sid": "ReadLogs",
        "Effect": "Allow",
        "Action": "s3:GetObject",
        "Resource": "arn:aws:s3:::logs/*"
      }
    }`);
    expect(problems).toEqual([]);
    expect(policy.version).toMatchObject({ value: "2012-10-17" });
    expect(lineOf(policy.version!.at)).toBe(2);
    expect(policy.id?.value).toBe("policy-id");
    expect(policy.statements).toHaveLength(1);
    const [statement] = policy.statements;
    expect(statement.index).toBe(0);
    expect(lineOf(statement.at)).toBe(4);
    expect(statement.sid?.value).toBe("ReadLogs");
    expect(lineOf(statement.sid!.at)).toBe(5);
    expect(statement.effect.value).toBe("Allow");
    expect(lineOf(statement.effect.at)).toBe(6);
    expect(statement.actions?.map((action) => [action.value, lineOf(action.at)])).toEqual([["s3:GetObject", 7]]);
    expect(statement.resources?.map((resource) => [resource.value, lineOf(resource.at)])).toEqual([
      ["arn:aws:s3:::logs/*", 8],
    ]);
    expect(statement.conditions).toEqual([]);
    expect(statement.unresolved).toEqual({});
  });

  it("reads Statement lists and list elements, each item at its own line", () => {
    const { policy, problems } = normalize(`{
      "Version": "2012-10-17",
      "Statement": [
        {
          "Effect": "Allow",
          "Action": [
            "s3:GetObject",
            "s3:PutObject"
          ],
          "Resource": [
            "arn:aws:s3:::a/*",
            "arn:aws:s3:::b/*"
          ]
        },
        {
          "Effect": "Deny",
          "NotAction": ["iam:*"],
          "NotResource": "arn:aws:iam::123456789012:role/x"
        }
      ]
    }`);
    expect(problems).toEqual([]);
    expect(policy.statements.map((statement) => statement.index)).toEqual([0, 1]);
    const [allow, deny] = policy.statements;
    expect(allow.actions?.map((action) => [action.value, lineOf(action.at)])).toEqual([
      ["s3:GetObject", 7],
      ["s3:PutObject", 8],
    ]);
    expect(allow.resources?.map((resource) => lineOf(resource.at))).toEqual([11, 12]);
    expect(deny.effect.value).toBe("Deny");
    expect(deny.notActions?.map((action) => action.value)).toEqual(["iam:*"]);
    expect(deny.notResources?.map((resource) => resource.value)).toEqual(["arn:aws:iam::123456789012:role/x"]);
    expect(deny.actions).toBeUndefined();
  });

  it.each([
    ['"*"', [{ type: "*", value: "*" }]],
    ['{"AWS": "*"}', [{ type: "AWS", value: "*" }]],
    [
      '{"AWS": ["123456789012", "arn:aws:iam::210987654321:root"], "Service": "lambda.amazonaws.com"}',
      [
        { type: "AWS", value: "123456789012" },
        { type: "AWS", value: "arn:aws:iam::210987654321:root" },
        { type: "Service", value: "lambda.amazonaws.com" },
      ],
    ],
    [
      '{"CanonicalUser": "79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be"}',
      [{ type: "CanonicalUser", value: "79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be" }],
    ],
    ['{"Federated": "cognito-identity.amazonaws.com"}', [{ type: "Federated", value: "cognito-identity.amazonaws.com" }]],
    ['{"AWS": 123456789012}', [{ type: "AWS", value: "123456789012" }]],
  ])("reads Principal %s", (principal, expected) => {
    const { policy, problems } = normalize(
      `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": ${principal}, "Action": "s3:GetObject", "Resource": "*"}]}`,
      "resource",
    );
    expect(problems).toEqual([]);
    expect(policy.statements[0].principals?.map(({ type, value }) => ({ type, value }))).toEqual(expected);
  });

  it("keeps each principal's own position, and reads NotPrincipal", () => {
    const { policy } = normalize(
      `{
      "Statement": [{
        "Effect": "Deny",
        "NotPrincipal": {
          "AWS": [
            "arn:aws:iam::123456789012:role/admin",
            "arn:aws:iam::123456789012:root"
          ]
        },
        "Action": "s3:*",
        "Resource": "*"
      }]
    }`,
      "resource",
    );
    const [statement] = policy.statements;
    expect(statement.principals).toBeUndefined();
    expect(statement.notPrincipals?.map((principal) => [principal.type, lineOf(principal.at)])).toEqual([
      ["AWS", 6],
      ["AWS", 7],
    ]);
  });

  it("reads condition blocks: operators, keys with their positions, values as text", () => {
    const { policy, problems } = normalize(`{
      "Statement": [{
        "Effect": "Allow",
        "Action": "s3:ListBucket",
        "Resource": "arn:aws:s3:::b",
        "Condition": {
          "StringLike": {
            "s3:prefix": ["home/", "home/\${aws:username}/*"],
            "aws:PrincipalOrgID": "o-abc"
          },
          "Bool": {
            "aws:SecureTransport": false
          },
          "NumericLessThanEquals": {
            "s3:max-keys": 10
          }
        }
      }]
    }`);
    expect(problems).toEqual([]);
    const clauses = policy.statements[0].conditions.map((clause) => ({
      operator: clause.operator,
      operatorLine: lineOf(clause.operatorAt),
      key: clause.key,
      keyLine: lineOf(clause.keyAt),
      values: clause.values.map((value) => value.value),
    }));
    expect(clauses).toEqual([
      { operator: "StringLike", operatorLine: 7, key: "s3:prefix", keyLine: 8, values: ["home/", "home/${aws:username}/*"] },
      { operator: "StringLike", operatorLine: 7, key: "aws:PrincipalOrgID", keyLine: 9, values: ["o-abc"] },
      { operator: "Bool", operatorLine: 11, key: "aws:SecureTransport", keyLine: 12, values: ["false"] },
      { operator: "NumericLessThanEquals", operatorLine: 14, key: "s3:max-keys", keyLine: 15, values: ["10"] },
    ]);
    expect(lineOf(policy.statements[0].conditions[2].values[0].at)).toBe(12);
  });

  it("gives every option's statements of a choice in the Statement list, with onlyIf", () => {
    const statementOf = (action: string, line: number) =>
      obj(line, { Effect: str("Allow", line), Action: str(action, line), Resource: str("*", line) });
    const document = obj(1, {
      Version: str("2012-10-17", 2),
      Statement: list(
        3,
        statementOf("s3:GetObject", 4),
        choice("IsProd", 5, statementOf("kms:Decrypt", 6), absent(7)),
        choice("UseQueue", 8, statementOf("sqs:SendMessage", 9), statementOf("sns:Publish", 10)),
      ),
    });
    const { policy, problems } = normalizeNode(document);
    expect(problems).toEqual([]);
    expect(
      policy.statements.map((statement) => [statement.index, statement.actions?.[0].value, statement.onlyIf]),
    ).toEqual([
      [0, "s3:GetObject", undefined],
      [1, "kms:Decrypt", ["IsProd"]],
      [2, "sqs:SendMessage", ["UseQueue"]],
      [2, "sns:Publish", ["UseQueue"]],
    ]);
  });

  it("reads a choice of whole Statement lists", () => {
    const document = obj(1, {
      Statement: choice(
        "Wide",
        2,
        list(3, obj(3, { Effect: str("Allow", 3), Action: str("*", 3), Resource: str("*", 3) })),
        absent(4),
      ),
    });
    const { policy, problems } = normalizeNode(document);
    expect(problems).toEqual([]);
    expect(policy.statements.map((statement) => statement.onlyIf)).toEqual([["Wide"]]);
  });

  it("takes the union of a choice's options in a value; absent contributes nothing", () => {
    const document = obj(1, {
      Statement: obj(2, {
        Effect: str("Allow", 3),
        Action: choice("ReadOnly", 4, str("s3:GetObject", 5), list(6, str("s3:GetObject", 7), str("s3:PutObject", 8))),
        Resource: list(9, str("arn:aws:s3:::a/*", 10), choice("HasB", 11, str("arn:aws:s3:::b/*", 12), absent(13))),
        Condition: choice("Restrict", 14, obj(15, { StringEquals: obj(16, { "aws:SourceVpc": str("vpc-1", 17) }) }), absent(18)),
      }),
    });
    const { policy, problems } = normalizeNode(document);
    expect(problems).toEqual([]);
    const [statement] = policy.statements;
    expect(statement.actions?.map((action) => [action.value, lineOf(action.at)])).toEqual([
      ["s3:GetObject", 5],
      ["s3:GetObject", 7],
      ["s3:PutObject", 8],
    ]);
    expect(statement.resources?.map((resource) => resource.value)).toEqual(["arn:aws:s3:::a/*", "arn:aws:s3:::b/*"]);
    expect(statement.conditions.map((clause) => [clause.key, clause.values[0].value])).toEqual([["aws:SourceVpc", "vpc-1"]]);
  });

  it("records whole unknown values in statement.unresolved and invents no values", () => {
    const document = obj(1, {
      Statement: list(
        2,
        obj(3, {
          Effect: str("Allow", 4),
          Action: unresolved("var.actions", 5),
          Resource: list(6, str("arn:aws:s3:::<unresolved:var.bucket>/*", 7), unresolved("aws_s3_bucket.logs.arn", 8)),
          Condition: obj(9, {
            IpAddress: obj(10, { "aws:SourceIp": unresolved("var.allowed_cidrs", 11) }),
            StringEquals: unresolved("local.conditions", 12),
          }),
        }),
      ),
    });
    const { policy, problems } = normalizeNode(document);
    expect(problems).toEqual([]);
    const [statement] = policy.statements;
    expect(statement.actions).toBeUndefined();
    expect(statement.unresolved).toEqual({ Action: "var.actions", "Condition.StringEquals": "local.conditions" });
    expect(statement.resources?.map((resource) => [resource.value, lineOf(resource.at)])).toEqual([
      ["arn:aws:s3:::<unresolved:var.bucket>/*", 7],
      ["<unresolved:aws_s3_bucket.logs.arn>", 8],
    ]);
    expect(statement.conditions).toHaveLength(1);
    expect(statement.conditions[0]).toMatchObject({ operator: "IpAddress", key: "aws:SourceIp", values: [], valuesUnresolved: "var.allowed_cidrs" });
  });

  it("records unknown principals by element and principal type", () => {
    const document = obj(1, {
      Statement: obj(2, {
        Effect: str("Allow", 3),
        Principal: obj(4, { AWS: unresolved("var.trusted_arns", 5), Service: str("ec2.amazonaws.com", 6) }),
        Action: str("sts:AssumeRole", 7),
      }),
    });
    const { policy, problems } = normalizeNode(document, "trust");
    expect(problems).toEqual([]);
    expect(policy.statements[0].unresolved).toEqual({ "Principal.AWS": "var.trusted_arns" });
    expect(policy.statements[0].principals?.map((principal) => principal.value)).toEqual(["ec2.amazonaws.com"]);
  });

  it("records an unknown Effect as unresolved, not as a wrong one", () => {
    const document = obj(1, {
      Statement: obj(2, { Effect: unresolved("var.effect", 3), Action: str("s3:*", 4), Resource: str("*", 5) }),
    });
    const { policy, problems } = normalizeNode(document);
    expect(problems).toEqual([]);
    expect(policy.statements[0].unresolved.Effect).toBe("var.effect");
    expect(policy.statements[0].effect.value).toBe("<unresolved:var.effect>");
  });

  it("records an unknown document or Statement list on the policy", () => {
    const whole = normalizeNode(unresolved("var.policy_json", 1));
    expect(whole.problems).toEqual([]);
    expect(whole.policy.unresolved).toBe("var.policy_json");
    expect(whole.policy.statements).toEqual([]);

    const partly = normalizeNode(
      obj(1, {
        Statement: list(2, obj(3, { Effect: str("Allow", 3), Action: str("s3:*", 3), Resource: str("*", 3) }), unresolved("dynamic.statement", 4)),
      }),
    );
    expect(partly.problems).toEqual([]);
    expect(partly.policy.statements).toHaveLength(1);
    expect(partly.policy.unresolvedStatements).toEqual([{ value: "dynamic.statement", at: at(4) }]);
  });
});

interface ProblemCase {
  name: string;
  kind?: PolicyKind;
  document: string;
  expected: { element: string; line: number; message: RegExp; statementIndex?: number }[];
}

const problemCases: ProblemCase[] = [
  {
    name: "no Statement",
    document: `{
      "Version": "2012-10-17"
    }`,
    expected: [{ element: "Statement", line: 1, message: /no Statement/ }],
  },
  {
    name: "a document that is not an object",
    document: `["not", "a", "policy"]`,
    expected: [{ element: "Policy", line: 1, message: /must be a JSON object, not a list/ }],
  },
  {
    name: "an unknown policy language version",
    document: `{
      "Version": "2012-10-18",
      "Statement": {"Effect": "Allow", "Action": "s3:*", "Resource": "*"}
    }`,
    expected: [{ element: "Version", line: 2, message: /"2012-10-18" is not a policy language version/ }],
  },
  {
    name: "a Version that is not a string",
    document: `{
      "Version": 2012,
      "Statement": {"Effect": "Allow", "Action": "s3:*", "Resource": "*"}
    }`,
    expected: [{ element: "Version", line: 2, message: /must be the string "2012-10-17", not the number 2012/ }],
  },
  {
    name: "Effect in the wrong case",
    document: `{
      "Statement": [{
        "Effect": "allow",
        "Action": "s3:*",
        "Resource": "*"
      }]
    }`,
    expected: [{ element: "Effect", line: 3, statementIndex: 0, message: /"Allow" or "Deny" \(case-sensitive\), not "allow"; did you mean "Allow"\?/ }],
  },
  {
    name: "Effect neither Allow nor Deny",
    document: `{"Statement": [{"Effect": "Permit", "Action": "s3:*", "Resource": "*"}]}`,
    expected: [{ element: "Effect", line: 1, message: /not "Permit"\.$/ }],
  },
  {
    name: "no Effect",
    document: `{"Statement": [{"Action": "s3:*", "Resource": "*"}]}`,
    expected: [{ element: "Effect", line: 1, message: /has no Effect/ }],
  },
  {
    name: "both Action and NotAction",
    document: `{
      "Statement": [{
        "Effect": "Allow",
        "Action": "s3:*",
        "NotAction": "iam:*",
        "Resource": "*"
      }]
    }`,
    expected: [{ element: "NotAction", line: 5, message: /both Action and NotAction/ }],
  },
  {
    name: "neither Action nor NotAction",
    document: `{"Statement": [{"Effect": "Allow", "Resource": "*"}]}`,
    expected: [{ element: "Action", line: 1, message: /neither Action nor NotAction/ }],
  },
  {
    name: "both Resource and NotResource",
    document: `{
      "Statement": [{
        "Effect": "Allow",
        "Action": "s3:*",
        "Resource": "*",
        "NotResource": "arn:aws:s3:::b"
      }]
    }`,
    expected: [{ element: "NotResource", line: 6, message: /both Resource and NotResource/ }],
  },
  {
    name: "both Principal and NotPrincipal",
    kind: "resource",
    document: `{
      "Statement": [{
        "Effect": "Deny",
        "Principal": "*",
        "NotPrincipal": {"AWS": "arn:aws:iam::123456789012:root"},
        "Action": "s3:*",
        "Resource": "*"
      }]
    }`,
    expected: [{ element: "NotPrincipal", line: 5, message: /both Principal and NotPrincipal/ }],
  },
  ...(["identity", "boundary", "session", "scp"] as const).map(
    (kind): ProblemCase => ({
      name: `${kind} policy without Resource`,
      kind,
      document: `{"Statement": [{"Effect": "Allow", "Action": "s3:*"}]}`,
      expected: [{ element: "Resource", line: 1, message: /needs Resource or NotResource/ }],
    }),
  ),
  {
    name: "identity policy with Principal",
    document: `{
      "Statement": [{
        "Effect": "Allow",
        "Principal": {"AWS": "*"},
        "Action": "s3:*",
        "Resource": "*"
      }]
    }`,
    expected: [{ element: "Principal", line: 4, message: /An identity policy applies to the principal it is attached to; remove Principal/ }],
  },
  {
    name: "service control policy with NotPrincipal",
    kind: "scp",
    document: `{
      "Statement": [{
        "Effect": "Deny",
        "NotPrincipal": {"AWS": "arn:aws:iam::123456789012:root"},
        "Action": "*",
        "Resource": "*"
      }]
    }`,
    expected: [{ element: "NotPrincipal", line: 4, message: /A service control policy .*remove NotPrincipal/ }],
  },
  {
    name: "resource policy without Principal",
    kind: "resource",
    document: `{"Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}]}`,
    expected: [{ element: "Principal", line: 1, message: /resource policy needs Principal or NotPrincipal/ }],
  },
  {
    name: "trust policy without Principal",
    kind: "trust",
    document: `{"Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole"}]}`,
    expected: [{ element: "Principal", line: 1, message: /trust policy needs Principal or NotPrincipal/ }],
  },
  {
    name: "an unknown top-level key, misspelt (no second problem for the missing Statement)",
    document: `{
      "Version": "2012-10-17",
      "Statment": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}]
    }`,
    expected: [{ element: "Policy", line: 3, message: /Unknown top-level element "Statment"; did you mean "Statement"\?/ }],
  },
  {
    name: "an unknown top-level key, unrelated",
    document: `{
      "Version": "2012-10-17",
      "Description": "mine",
      "Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}]
    }`,
    expected: [{ element: "Policy", line: 3, message: /Unknown top-level element "Description"; valid elements are Version, Id, Statement/ }],
  },
  {
    name: "a statement key in the wrong case (no second problem for the missing Action)",
    document: `{
      "Statement": [{
        "Effect": "Allow",
        "action": "s3:*",
        "Resource": "*"
      }]
    }`,
    expected: [
      {
        element: "Statement",
        line: 4,
        statementIndex: 0,
        message: /Unknown statement element "action"; did you mean "Action"\? Element names are case-sensitive\./,
      },
    ],
  },
  {
    name: "a misspelt statement key",
    document: `{
      "Statement": [{
        "Effect": "Allow",
        "Action": "s3:*",
        "Resources": "*"
      }]
    }`,
    expected: [{ element: "Statement", line: 5, message: /"Resources"; did you mean "Resource"\?$/ }],
  },
  {
    name: "an Action that is a number",
    document: `{
      "Statement": [{
        "Effect": "Allow",
        "Action": ["s3:GetObject",
                   42],
        "Resource": "*"
      }]
    }`,
    expected: [{ element: "Action", line: 5, message: /Action must be a string or a list of strings; found the number 42/ }],
  },
  {
    name: "a Resource that is an object (an intrinsic function left in place)",
    document: `{"Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": {"Fn::GetAtt": ["B", "Arn"]}}]}`,
    expected: [{ element: "Resource", line: 1, message: /found an object/ }],
  },
  {
    name: "a nested list in Action",
    document: `{"Statement": [{"Effect": "Allow", "Action": [["s3:*"]], "Resource": "*"}]}`,
    expected: [{ element: "Action", line: 1, message: /found a list/ }],
  },
  {
    name: "a Condition that is not an object",
    document: `{"Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*", "Condition": "aws:SecureTransport"}]}`,
    expected: [{ element: "Condition", line: 1, message: /Condition must be a map of operators/ }],
  },
  {
    name: "a condition operator whose body is not an object",
    document: `{
      "Statement": [{
        "Effect": "Allow", "Action": "s3:*", "Resource": "*",
        "Condition": {
          "Bool": "aws:SecureTransport"
        }
      }]
    }`,
    expected: [{ element: "Condition", line: 5, message: /operator "Bool" must map condition keys to values/ }],
  },
  {
    name: "a condition value that is an object",
    document: `{
      "Statement": [{
        "Effect": "Allow", "Action": "s3:*", "Resource": "*",
        "Condition": {"StringEquals": {
          "aws:SourceVpc": {"id": "vpc-1"}
        }}
      }]
    }`,
    expected: [{ element: "Condition", line: 5, message: /values of "aws:SourceVpc" must be strings, numbers or booleans/ }],
  },
  {
    name: "a Principal string other than *",
    kind: "trust",
    document: `{"Statement": [{"Effect": "Allow", "Principal": "123456789012", "Action": "sts:AssumeRole"}]}`,
    expected: [{ element: "Principal", line: 1, message: /must be "\*" or a map .*not the string "123456789012"/ }],
  },
  {
    name: "an unknown principal type",
    kind: "trust",
    document: `{
      "Statement": [{
        "Effect": "Allow",
        "Principal": {
          "aws": "arn:aws:iam::123456789012:root"
        },
        "Action": "sts:AssumeRole"
      }]
    }`,
    expected: [{ element: "Principal", line: 5, message: /Unknown principal type "aws" in Principal.*Did you mean "AWS"\?/ }],
  },
  {
    name: "a Statement that is a string",
    document: `{"Statement": "allow everything"}`,
    expected: [{ element: "Statement", line: 1, message: /object or a list of objects, not the string/ }],
  },
  {
    name: "a statement that is not an object",
    document: `{
      "Statement": [
        {"Effect": "Allow", "Action": "s3:*", "Resource": "*"},
        "s3:GetObject"
      ]
    }`,
    expected: [{ element: "Statement", line: 4, statementIndex: 1, message: /Each statement must be an object/ }],
  },
  {
    name: "a Sid that is a number",
    document: `{"Statement": [{"Sid": 1, "Effect": "Allow", "Action": "s3:*", "Resource": "*"}]}`,
    expected: [{ element: "Sid", line: 1, message: /Sid must be a string, not the number 1/ }],
  },
];

describe("normalizePolicy: shape problems", () => {
  it.each(problemCases)("$name", ({ kind, document, expected }) => {
    const { problems } = normalize(document, kind ?? "identity");
    expect(problems).toHaveLength(expected.length);
    expected.forEach((want, index) => {
      const problem = problems[index];
      expect(problem.element).toBe(want.element);
      expect(problem.message).toMatch(want.message);
      expect(problem.at.path).toBe(PATH);
      expect(problem.at.startLine).toBe(want.line);
      if (want.statementIndex !== undefined) expect(problem.statementIndex).toBe(want.statementIndex);
    });
  });

  it.each<[string, PolicyKind, string]>([
    ["a valid identity policy", "identity", `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}]}`],
    ["the 2008 version (IAM002's business, not IAM001's)", "identity", `{"Version": "2008-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}]}`],
    ["a trust policy without Resource", "trust", `{"Statement": [{"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}]}`],
    ["a resource policy without Resource (ECR repository policies omit it)", "resource", `{"Statement": [{"Effect": "Allow", "Principal": "*", "Action": "ecr:BatchGetImage"}]}`],
    ["a Deny with NotPrincipal in a resource policy", "resource", `{"Statement": [{"Effect": "Deny", "NotPrincipal": {"AWS": "arn:aws:iam::123456789012:root"}, "Action": "s3:*", "Resource": "*"}]}`],
    ["an empty Statement list", "identity", `{"Version": "2012-10-17", "Statement": []}`],
  ])("no problem for %s", (_name, kind, document) => {
    expect(normalize(document, kind).problems).toEqual([]);
  });

  it.each<[string, PolicyKind, LocatedValue]>([
    ["an unknown Action in an identity policy", "identity", obj(1, { Statement: obj(2, { Effect: str("Allow", 3), Action: unresolved("var.actions", 4), Resource: str("*", 5) }) })],
    ["an unknown Resource in an identity policy", "identity", obj(1, { Statement: obj(2, { Effect: str("Allow", 3), Action: str("s3:*", 4), Resource: unresolved("var.arns", 5) }) })],
    ["an unknown Principal in a trust policy", "trust", obj(1, { Statement: obj(2, { Effect: str("Allow", 3), Principal: unresolved("var.principal", 4), Action: str("sts:AssumeRole", 5) }) })],
    ["a Principal string that is a marker", "trust", obj(1, { Statement: obj(2, { Effect: str("Allow", 3), Principal: str("<unresolved:var.p>", 4), Action: str("sts:AssumeRole", 5) }) })],
    ["an unknown Condition", "identity", obj(1, { Statement: obj(2, { Effect: str("Allow", 3), Action: str("s3:*", 4), Resource: str("*", 5), Condition: unresolved("var.condition", 6) }) })],
    ["an unknown Version", "identity", obj(1, { Version: unresolved("var.version", 2), Statement: obj(3, { Effect: str("Allow", 3), Action: str("s3:*", 4), Resource: str("*", 5) }) })],
    ["an unknown statement", "identity", obj(1, { Statement: unresolved("data.x.statements", 2) })],
    ["an Effect that differs between options", "identity", obj(1, { Statement: obj(2, { Effect: choice("Strict", 3, str("Deny", 3), str("Allow", 3)), Action: str("s3:*", 4), Resource: str("*", 5) }) })],
  ])("no problem caused only by an unresolved value: %s", (_name, kind, document) => {
    expect(normalizeNode(document, kind).problems).toEqual([]);
  });

  it("reports a repeated mistake in both options of a choice once", () => {
    const document = obj(1, {
      Statement: choice("C", 2, obj(3, { Effect: str("allow", 3), Action: str("s3:*", 3), Resource: str("*", 3) }), obj(3, { Effect: str("allow", 3), Action: str("s3:*", 3), Resource: str("*", 3) })),
    });
    expect(normalizeNode(document).problems).toHaveLength(1);
  });

  it("reports a Resource that is absent in the only option (AWS::NoValue) as missing", () => {
    const document = obj(1, { Statement: obj(2, { Effect: str("Allow", 3), Action: str("s3:*", 4), Resource: absent(5) }) });
    expect(normalizeNode(document).problems.map((problem) => problem.element)).toEqual(["Resource"]);
  });
});
