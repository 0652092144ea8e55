// The building blocks: pattern reasoning, IP ranges, dates, operator names, principals.

import { describe, expect, it } from "vitest";
import {
  cidrContains,
  deriveCaller,
  formatToPattern,
  parseCidr,
  parseDate,
  parseIpAddress,
  parseNumber,
  parseOperator,
  patternCovers,
  patternsCertainlyDisjoint,
} from "../../src/simulator/index.js";

describe("patternCovers (true only when certain)", () => {
  it.each([
    ["*", "arn:aws:s3:::logs/*", true],
    ["arn:aws:s3:::logs/*", "arn:aws:s3:::logs/2024/*", true],
    ["arn:aws:s3:::logs/*", "arn:aws:s3:::logs", false],
    ["arn:aws:s3:::logs*", "arn:aws:s3:::logs", true],
    ["arn:aws:s3:::logs/2024/*", "arn:aws:s3:::logs/*", false],
    ["arn:aws:iam::*:role/*", "arn:aws:iam::111122223333:role/app-*", true],
    ["arn:aws:iam::111122223333:role/*", "arn:aws:iam::*:role/*", false],
    ["arn:aws:*", "arn:aws:s3:::logs/*", true],
    ["arn:aws:s3:::*", "*", false],
    ["arn:aws:s3:::a*z", "arn:aws:s3:::ab*yz", true],
    ["arn:aws:s3:::a?c", "arn:aws:s3:::a*c", false],
    ["arn:aws:s3:::<unresolved:x>", "arn:aws:s3:::logs", false],
  ])("%s covers %s: %s", (general, specific, expected) => {
    expect(patternCovers(general, specific)).toBe(expected);
  });
});

describe("patternsCertainlyDisjoint", () => {
  it.each([
    ["arn:aws:iam::*:role/app-*", "arn:aws:iam::*:role/db-*", true],
    ["arn:aws:iam::*:role/app-*", "arn:aws:iam::*:role/a*", false],
    ["arn:aws:s3:::logs/*", "arn:aws:sqs:*:*:*", true],
    ["arn:aws:s3:::logs", "arn:aws:s3:::*/*", true],
    ["*", "arn:aws:s3:::logs", false],
    ["arn:aws:s3:::*.log", "arn:aws:s3:::*.txt", true],
  ])("%s vs %s: %s", (left, right, expected) => {
    expect(patternsCertainlyDisjoint(left, right)).toBe(expected);
  });

  it("turns catalogue formats into patterns in the principal's partition", () => {
    expect(formatToPattern("arn:${Partition}:iam::${Account}:role/${RoleNameWithPath}")).toBe("arn:aws:iam::*:role/*");
    expect(formatToPattern("arn:${Partition}:s3:::${BucketName}", "aws-cn")).toBe("arn:aws-cn:s3:::*");
  });
});

describe("IP addresses", () => {
  it.each([
    ["203.0.113.0/24", "203.0.113.255", true],
    ["203.0.113.0/24", "203.0.112.255", false],
    ["10.1.2.3/8", "10.200.0.1", true],
    ["2001:db8::/32", "2001:0db8:ffff::1", true],
    ["2001:db8::/32", "2001:db9::1", false],
    ["::ffff:192.0.2.0/120", "::ffff:192.0.2.77", true],
    ["::/0", "fe80::1", true],
    ["fe80::1", "fe80::1", true],
    ["fe80::1", "fe80::2", false],
  ])("%s contains %s: %s", (range, address, expected) => {
    const cidr = parseCidr(range);
    const ip = parseIpAddress(address);
    expect(cidr && ip && cidrContains(cidr, ip)).toBe(expected);
  });

  it.each(["300.1.1.1", "1.2.3", "01.2.3.4", "1.2.3.4/33", "2001:db8::1::2", "gggg::1", "2001:db8::/129", ""])("rejects %j", (text) => {
    expect(parseCidr(text)).toBeUndefined();
  });
});

describe("dates and numbers", () => {
  it.each([
    ["2020-01-01T00:00:00Z", Date.UTC(2020, 0, 1)],
    ["2020-01-01", Date.UTC(2020, 0, 1)],
    ["2020-01", Date.UTC(2020, 0, 1)],
    ["2020-01-01T00:00:00", Date.UTC(2020, 0, 1)],
    ["2020-01-01T02:00:00+02:00", Date.UTC(2020, 0, 1)],
    ["1577836800", Date.UTC(2020, 0, 1)],
    ["2020-01-01T00:00:00.500Z", Date.UTC(2020, 0, 1) + 500],
  ])("parses %s", (text, expected) => {
    expect(parseDate(text)).toBe(expected);
  });

  it.each(["tomorrow", "2020/01/01", "2020-13-45T99:99:99Z", ""])("rejects the date %j", (text) => {
    expect(parseDate(text)).toBeUndefined();
  });

  it("parses integers and decimals only", () => {
    expect(parseNumber("10")).toBe(10);
    expect(parseNumber("-1.5")).toBe(-1.5);
    expect(parseNumber("1e3")).toBe(1000);
    expect(parseNumber("0x10")).toBeUndefined();
    expect(parseNumber("ten")).toBeUndefined();
    expect(parseNumber("")).toBeUndefined();
  });
});

describe("parseOperator", () => {
  it("splits set operator, base operator and IfExists", () => {
    const parsed = parseOperator("ForAnyValue:StringLikeIfExists");
    expect(parsed.setOperator).toBe("ForAnyValue");
    expect(parsed.ifExists).toBe(true);
    expect(parsed.info?.name).toBe("StringLike");
  });

  it("knows every documented operator", () => {
    const names = [
      "StringEquals", "StringNotEquals", "StringEqualsIgnoreCase", "StringNotEqualsIgnoreCase", "StringLike", "StringNotLike",
      "NumericEquals", "NumericNotEquals", "NumericLessThan", "NumericLessThanEquals", "NumericGreaterThan", "NumericGreaterThanEquals",
      "DateEquals", "DateNotEquals", "DateLessThan", "DateLessThanEquals", "DateGreaterThan", "DateGreaterThanEquals",
      "Bool", "BinaryEquals", "IpAddress", "NotIpAddress", "ArnEquals", "ArnLike", "ArnNotEquals", "ArnNotLike", "Null",
    ];
    for (const name of names) {
      expect(parseOperator(name).info?.name, name).toBe(name);
      if (name !== "Null") expect(parseOperator(`${name}IfExists`).info?.name, name).toBe(name);
    }
  });

  it("rejects NullIfExists, unknown qualifiers and misspellings", () => {
    expect(parseOperator("NullIfExists").info).toBeUndefined();
    expect(parseOperator("ForSomeValues:StringEquals").info).toBeUndefined();
    expect(parseOperator("StringEqual").info).toBeUndefined();
  });
});

describe("deriveCaller", () => {
  it("derives a role session's role and keys", () => {
    const caller = deriveCaller({ principal: "arn:aws:sts::111122223333:assumed-role/app/deploy" });
    expect(caller.kind).toBe("role-session");
    expect(caller.account).toBe("111122223333");
    expect(caller.roleArn).toBe("arn:aws:iam::111122223333:role/app");
    expect(Object.fromEntries(caller.derivedKeys)).toMatchObject({ "aws:PrincipalArn": "arn:aws:iam::111122223333:role/app", "aws:PrincipalType": "AssumedRole" });
  });

  it("uses the exact session issuer when given", () => {
    const caller = deriveCaller({ principal: "arn:aws:sts::111122223333:assumed-role/app/deploy", sessionIssuer: "arn:aws:iam::111122223333:role/svc/app" });
    expect(caller.roleArn).toBe("arn:aws:iam::111122223333:role/svc/app");
  });

  it.each([
    ["arn:aws:iam::111122223333:user/alice", "user"],
    ["arn:aws:iam::111122223333:root", "root"],
    ["111122223333", "account"],
    ["lambda.amazonaws.com", "service"],
    ["cognito-identity.amazonaws.com", "federated-provider"],
    ["arn:aws:iam::111122223333:saml-provider/Okta", "federated-provider"],
    ["arn:aws:sts::111122223333:federated-user/dana", "federated-user"],
  ])("%s is a %s", (principal, kind) => {
    expect(deriveCaller({ principal }).kind).toBe(kind);
  });
});

describe("a principal element that is not known statically", () => {
  it("names somebody unknown, so the decision is undecided rather than a plain deny", async () => {
    const { normalizePolicy } = await import("../../src/iam/normalize.js");
    const { fromPlain } = await import("../../src/iac/located.js");
    const { evaluate } = await import("../../src/simulator/index.js");
    const at = { path: "bucket.tf", startLine: 1, endLine: 1 };
    const document = fromPlain({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "s3:GetObject", Resource: "*" }] }, at);
    // `Principal = { AWS = var.readers }`: the whole value is unknown.
    if (document.kind === "object" && document.entries[1].value.kind === "array") {
      const statement = document.entries[1].value.items[0];
      if (statement.kind === "object") {
        statement.entries.push({ key: "Principal", keyAt: at, value: { kind: "object", at, entries: [{ key: "AWS", keyAt: at, value: { kind: "unresolved", expr: "var.readers", at } }] } });
      }
    }
    const { policy } = normalizePolicy({ kind: "resource", name: "aws_s3_bucket_policy.b", document, at });
    expect(policy.statements[0].unresolved).toEqual({ "Principal.AWS": "var.readers" });
    const decision = evaluate(
      { action: "s3:GetObject", resource: "arn:aws:s3:::b/k", principal: "arn:aws:iam::999999999999:user/x" },
      { identity: [], resource: policy },
    );
    expect(decision.undecided?.length).toBeGreaterThan(0);
  });
});
