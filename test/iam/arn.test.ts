import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  accountOfArn,
  accountOfPrincipal,
  compileResourcePattern,
  isAccountId,
  isCanonicalUserId,
  isKnownPartition,
  isServicePrincipal,
  matchesResource,
  parseArn,
  principalForm,
  splitArnFields,
  type PrincipalForm,
} from "../../src/iam/arn.js";
import type { PrincipalType } from "../../src/iam/model.js";

describe("parseArn", () => {
  it.each([
    [
      "arn:aws:s3:::bucket/key/with:colon",
      { partition: "aws", service: "s3", region: "", account: "", resource: "bucket/key/with:colon" },
    ],
    [
      "arn:aws:lambda:us-east-1:123456789012:function:name:alias",
      { partition: "aws", service: "lambda", region: "us-east-1", account: "123456789012", resource: "function:name:alias" },
    ],
    [
      "arn:aws-cn:iam::123456789012:role/path/Name",
      { partition: "aws-cn", service: "iam", region: "", account: "123456789012", resource: "role/path/Name" },
    ],
    [
      "arn:aws:iam::<unresolved:AWS::AccountId>:root",
      { partition: "aws", service: "iam", region: "", account: "<unresolved:AWS::AccountId>", resource: "root" },
    ],
  ])("parses %j", (text, expected) => {
    expect(parseArn(text)).toEqual(expected);
  });

  it.each([
    ["*"],
    ["s3:GetObject"],
    ["arn:aws:s3::bucket"],
    ["arn:aws:s3:::"],
    ["arn::s3:::bucket"],
    ["arn:aws::::bucket"],
    ["ARN:aws:s3:::bucket"],
    ["123456789012"],
  ])("rejects %j", (text) => {
    expect(parseArn(text)).toBeUndefined();
  });

  it("keeps a colon inside an unresolved marker in one field", () => {
    expect(splitArnFields("arn:<unresolved:AWS::Partition>:s3:::b")).toEqual([
      "arn",
      "<unresolved:AWS::Partition>",
      "s3",
      "",
      "",
      "b",
    ]);
  });

  it("keeps a colon inside a policy variable in one field", () => {
    expect(splitArnFields("arn:aws:iam::${aws:PrincipalAccount}:role/x")).toEqual([
      "arn",
      "aws",
      "iam",
      "",
      "${aws:PrincipalAccount}",
      "role/x",
    ]);
  });

  it.each([
    ["arn:aws:iam::123456789012:root", "123456789012"],
    ["arn:aws:iam::aws:policy/AdministratorAccess", "aws"],
    ["arn:aws:s3:::bucket", undefined],
    ["not an arn", undefined],
  ])("accountOfArn(%j) → %j", (text, expected) => {
    expect(accountOfArn(text)).toBe(expected);
  });
});

describe("compileResourcePattern (Resource element and ArnLike)", () => {
  it.each([
    // pattern, arn, expected
    ["*", "arn:aws:s3:::bucket", true],
    ["*", "anything", true],
    ["arn:aws:s3:::bucket", "arn:aws:s3:::bucket", true],
    ["arn:aws:s3:::bucket/*", "arn:aws:s3:::bucket", false],
    ["arn:aws:s3:::bucket/*", "arn:aws:s3:::bucket/", true],
    ["arn:aws:s3:::bucket/*", "arn:aws:s3:::bucket/a/b/c.txt", true],
    ["arn:aws:s3:::bucket*", "arn:aws:s3:::bucket-logs/key", true],
    // ARNs are case-sensitive
    ["arn:aws:s3:::Bucket/*", "arn:aws:s3:::bucket/key", false],
    ["arn:aws:iam::123456789012:user/Bob", "arn:aws:iam::123456789012:user/bob", false],
    ["arn:aws:S3:::bucket", "arn:aws:s3:::bucket", false],
    // `*` crosses `/` and `:` in the resource field
    ["arn:aws:iam::123456789012:role/*", "arn:aws:iam::123456789012:role/path/to/Role", true],
    ["arn:aws:lambda:us-east-1:123456789012:function:*", "arn:aws:lambda:us-east-1:123456789012:function:f:prod", true],
    ["arn:aws:s3:::*", "arn:aws:s3:::bucket/a:b", true],
    // `*` does not cross `:` between the first five fields
    ["arn:aws:ec2:*:123456789012:instance/*", "arn:aws:ec2:us-east-1:123456789012:instance/i-1", true],
    ["arn:aws:ec2:*:instance/*", "arn:aws:ec2:us-east-1:123456789012:instance/i-1", false],
    ["arn:aws:*:instance/*", "arn:aws:ec2:us-east-1:123456789012:instance/i-1", false],
    ["arn:aws:ec2:*:*:*", "arn:aws:ec2:us-east-1:123456789012:instance/i-1", true],
    ["arn:aws:ec2:us-east-1:*:*", "arn:aws:ec2:eu-west-1:123456789012:instance/i-1", false],
    ["arn:*:ec2:*:*:*", "arn:aws-cn:ec2:cn-north-1:123456789012:instance/i-1", true],
    ["arn:aws:sqs:us-east-?:123456789012:queue", "arn:aws:sqs:us-east-2:123456789012:queue", true],
    ["arn:aws:sqs:us-east-?:123456789012:queue", "arn:aws:sqs:us-east-10:123456789012:queue", false],
    ["arn:aws:iam::12345678901?:root", "arn:aws:iam::123456789012:root", true],
    // an ARN segment ending in `*` may expand beyond the colons when it is the pattern's last segment
    ["arn:aws:logs:*", "arn:aws:logs:us-east-1:123456789012:log-group:/aws/lambda/f:*", true],
    ["arn:aws:logs:us-east-1:*", "arn:aws:logs:us-east-1:123456789012:log-group:g", true],
    ["arn:aws:logs:us-east-1:*", "arn:aws:logs:eu-west-1:123456789012:log-group:g", false],
    ["arn:aws:logs:us-east-1", "arn:aws:logs:us-east-1:123456789012:log-group:g", false],
    ["arn:aws:*", "arn:aws:s3:::bucket", true],
    ["arn:aws:*", "arn:aws-cn:s3:::bucket", false],
    // not an ARN
    ["bucket", "bucket", true],
    ["arn:aws:s3:::bucket", "bucket", false],
  ])("%j matches %j → %s", (pattern, arn, expected) => {
    expect(compileResourcePattern(pattern)(arn)).toBe(expected);
    expect(matchesResource(pattern, arn)).toBe(expected);
  });

  it("agrees with a field-by-field reference on random patterns and ARNs (both the fast and general paths)", () => {
    const globToRegex = (glob: string) =>
      new RegExp(`^${[...glob].map((char) => (char === "*" ? ".*" : char === "?" ? "." : char)).join("")}$`, "s");
    const splitSix = (text: string) => {
      const parts = text.split(":");
      return parts.length <= 6 ? parts : [...parts.slice(0, 5), parts.slice(5).join(":")];
    };
    const reference = (pattern: string, arn: string): boolean => {
      if (/^\*+$/.test(pattern)) return true;
      const patternFields = splitSix(pattern);
      const arnFields = splitSix(arn);
      const last = patternFields[patternFields.length - 1];
      if (patternFields.length < 6 && last.endsWith("*")) {
        if (arnFields.length < patternFields.length) return false;
        const fixed = patternFields.length - 1;
        const fixedMatch = patternFields.slice(0, fixed).every((field, index) => globToRegex(field).test(arnFields[index]));
        return fixedMatch && globToRegex(last).test(arnFields.slice(fixed).join(":"));
      }
      return (
        patternFields.length === arnFields.length &&
        patternFields.every((field, index) => globToRegex(field).test(arnFields[index]))
      );
    };
    const field = (unit: fc.Arbitrary<string>) => fc.string({ unit, maxLength: 3 });
    const patternUnit = fc.constantFrom("a", "b", "/", "*", "?", ":");
    const arnUnit = fc.constantFrom("a", "b", "/", ":");
    const arnLike = (unit: fc.Arbitrary<string>) =>
      fc.tuple(fc.constantFrom("arn", "a*"), fc.array(field(unit), { minLength: 0, maxLength: 6 }))
        .map(([head, rest]) => [head, ...rest].join(":"));
    fc.assert(
      fc.property(arnLike(patternUnit), arnLike(arnUnit), (pattern, arn) => {
        expect(compileResourcePattern(pattern)(arn)).toBe(reference(pattern, arn));
      }),
      { numRuns: 5000 },
    );
  });

  it.each([
    ["arn:aws:s3:::<unresolved:var.bucket>/*", "arn:aws:s3:::<unresolved:var.bucket>/*"],
    ["arn:aws:s3:::<unresolved:var.bucket>/*", "arn:aws:s3:::logs/key"],
    ["arn:aws:s3:::*", "arn:aws:s3:::<unresolved:var.bucket>"],
    ["arn:aws:s3:::logs/*", "arn:aws:s3:::logs/<unresolved:var.key>"],
    ["<unresolved:aws_s3_bucket.b.arn>", "<unresolved:aws_s3_bucket.b.arn>"],
  ])("markers never match by accident: %j vs %j", (pattern, arn) => {
    expect(compileResourcePattern(pattern)(arn)).toBe(false);
  });
});

describe("principal forms", () => {
  it.each<[PrincipalType, string, PrincipalForm | undefined]>([
    ["*", "*", "wildcard"],
    ["*", "arn:aws:iam::123456789012:root", undefined],
    ["AWS", "*", "wildcard"],
    ["AWS", "123456789012", "account-id"],
    ["AWS", "12345678901", undefined],
    ["AWS", "arn:aws:iam::123456789012:root", "account-root"],
    ["AWS", "arn:aws-us-gov:iam::123456789012:root", "account-root"],
    ["AWS", "arn:aws-iso-b:iam::123456789012:root", "account-root"],
    ["AWS", "arn:aws-eusc:iam::123456789012:root", "account-root"],
    ["AWS", "arn:aws-moon:iam::123456789012:root", undefined],
    ["AWS", "arn:aws:iam::123456789012:user/Alice", "iam-user"],
    ["AWS", "arn:aws:iam::123456789012:user/division/Alice", "iam-user"],
    ["AWS", "arn:aws:iam::123456789012:role/Deploy", "iam-role"],
    ["AWS", "arn:aws:iam::123456789012:role/*", undefined],
    ["AWS", "arn:aws:iam::123456789012:group/Admins", undefined],
    ["AWS", "arn:aws:sts::123456789012:assumed-role/Deploy/session", "assumed-role"],
    ["AWS", "arn:aws:sts::123456789012:assumed-role/Deploy", undefined],
    ["AWS", "arn:aws:sts::123456789012:federated-user/bob", "federated-user"],
    ["AWS", "arn:aws:iam:us-east-1:123456789012:root", undefined],
    ["AWS", "arn:aws:iam::<unresolved:AWS::AccountId>:root", "account-root"],
    ["AWS", "arn:<unresolved:AWS::Partition>:iam::<unresolved:AWS::AccountId>:role/<unresolved:RoleName>", "iam-role"],
    ["AWS", "<unresolved:var.principal_arn>", "unresolved"],
    ["AWS", "lambda.amazonaws.com", undefined],
    ["Service", "lambda.amazonaws.com", "service"],
    ["Service", "ecs-tasks.amazonaws.com", "service"],
    ["Service", "logs.us-east-1.amazonaws.com", "service"],
    ["Service", "ec2.amazonaws.com.cn", "service"],
    ["Service", "s3.amazonaws.com", "service"],
    ["Service", "Lambda.amazonaws.com", undefined],
    ["Service", "lambda", undefined],
    ["Service", "*", undefined],
    ["Federated", "cognito-identity.amazonaws.com", "web-identity-provider"],
    ["Federated", "accounts.google.com", "web-identity-provider"],
    ["Federated", "graph.facebook.com", "web-identity-provider"],
    ["Federated", "www.amazon.com", "web-identity-provider"],
    ["Federated", "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com", "oidc-provider"],
    ["Federated", "arn:aws:iam::123456789012:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/ABC", "oidc-provider"],
    ["Federated", "arn:aws:iam::123456789012:saml-provider/Okta", "saml-provider"],
    ["Federated", "arn:aws:iam::123456789012:role/Deploy", undefined],
    ["AWS", "arn:aws:iam::123456789012:saml-provider/Okta", undefined],
    ["CanonicalUser", "79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be", "canonical-user"],
    ["CanonicalUser", "79a59df900b949e55d96a1e698fbaced", undefined],
  ])("%s %j → %s", (key, value, expected) => {
    expect(principalForm(key, value)).toBe(expected);
  });

  it.each([
    ["123456789012", "123456789012"],
    ["arn:aws:iam::210987654321:role/x", "210987654321"],
    ["lambda.amazonaws.com", undefined],
    ["*", undefined],
  ])("accountOfPrincipal(%j) → %j", (value, expected) => {
    expect(accountOfPrincipal(value)).toBe(expected);
  });

  it("recognises the building blocks", () => {
    expect(isAccountId("123456789012")).toBe(true);
    expect(isAccountId("1234567890123")).toBe(false);
    expect(isCanonicalUserId("a".repeat(64))).toBe(true);
    expect(isServicePrincipal("states.amazonaws.com")).toBe(true);
    expect(isKnownPartition("aws-iso-f")).toBe(true);
    expect(isKnownPartition("aws-iso-z")).toBe(false);
  });
});
