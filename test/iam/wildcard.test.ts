import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compileActionPattern, compileWildcard, hasWildcard, matchesAction } from "../../src/iam/wildcard.js";

describe("compileWildcard", () => {
  it.each([
    // pattern, value, case-insensitive, expected
    ["*", "", false, true],
    ["*", "anything at all", false, true],
    ["**", "x", false, true],
    ["", "", false, true],
    ["", "a", false, false],
    ["abc", "abc", false, true],
    ["abc", "ABC", false, false],
    ["abc", "ABC", true, true],
    ["abc", "abcd", false, false],
    ["a*", "a", false, true],
    ["a*", "abc", false, true],
    ["a*", "ba", false, false],
    ["*c", "abc", false, true],
    ["*c", "c", false, true],
    ["*c", "cb", false, false],
    ["a*c", "ac", false, true],
    ["a*c", "abbbc", false, true],
    ["a*c", "abcb", false, false],
    ["a?c", "abc", false, true],
    ["a?c", "ac", false, false],
    ["a?c", "abbc", false, false],
    ["???", "abc", false, true],
    ["???", "ab", false, false],
    ["a*b*c", "abc", false, true],
    ["a*b*c", "aXbYc", false, true],
    ["a*b*c", "acb", false, false],
    ["*a*", "bab", false, true],
    ["*a*", "bbb", false, false],
    ["a*?", "a", false, false],
    ["a*?", "ab", false, true],
    ["*?*", "", false, false],
    ["*?*", "x", false, true],
    ["a*b?d*e", "aXXbcdYYe", false, true],
    ["a*b?d*e", "abde", false, false],
    // overlapping head and tail must not share characters
    ["ab*ba", "aba", false, false],
    ["ab*ba", "abba", false, true],
    // a middle piece found leftmost still leaves room for the tail
    ["*ab*ab", "abab", false, true],
    ["x*aa*aa", "xaaaa", false, true],
    ["x*aa*aa", "xaaa", false, false],
    ["Get*Tagging", "getbuckettagging", true, true],
    ["Get*Tagging", "getbuckettagging", false, false],
    ["GET?OBJECT", "getXobject", true, true],
  ])("%j vs %j (caseInsensitive %s) → %s", (pattern, value, caseInsensitive, expected) => {
    expect(compileWildcard(pattern, { caseInsensitive })(value)).toBe(expected);
  });

  it("never matches by accident when the pattern holds an unresolved marker", () => {
    const matcher = compileWildcard("arn:aws:s3:::<unresolved:var.bucket>/*", { caseInsensitive: false });
    expect(matcher("arn:aws:s3:::<unresolved:var.bucket>/*")).toBe(false);
    expect(matcher("arn:aws:s3:::logs/key")).toBe(false);
    expect(compileWildcard("<unresolved:var.x>", { caseInsensitive: true })("<unresolved:var.x>")).toBe(false);
  });

  it.each([
    ["s3:*", "<unresolved:var.action>"],
    ["s3:Get*", "s3:Get<unresolved:var.suffix>"],
    ["s3:GetObject", "s3:<unresolved:var.name>"],
    ["*Object", "s3:Get<unresolved:x>Object"],
    ["s3:Get?bject", "s3:Get<unresolved:x>bject"],
  ])("pattern %j never matches a value with a marker (%j)", (pattern, value) => {
    expect(compileWildcard(pattern, { caseInsensitive: true })(value)).toBe(false);
  });

  it("`*` alone covers a value with a marker: whatever it resolves to, `*` matches it", () => {
    expect(compileWildcard("*", { caseInsensitive: false })("<unresolved:var.x>")).toBe(true);
  });

  it("agrees with a reference regex on random patterns and values", () => {
    // The reference is the obvious translation to a regex: slow and fine for a test oracle.
    const reference = (pattern: string, value: string, caseInsensitive: boolean): boolean => {
      const body = [...pattern]
        .map((char) => (char === "*" ? ".*" : char === "?" ? "." : char.replace(/[.+^${}()|[\]\\]/g, "\\$&")))
        .join("");
      return new RegExp(`^${body}$`, caseInsensitive ? "is" : "s").test(value);
    };
    fc.assert(
      fc.property(
        fc.string({ unit: fc.constantFrom("a", "B", "b", "*", "?", ":", "/"), maxLength: 10 }),
        fc.string({ unit: fc.constantFrom("a", "A", "b", "B", ":", "/"), maxLength: 12 }),
        fc.boolean(),
        (pattern, value, caseInsensitive) => {
          expect(compileWildcard(pattern, { caseInsensitive })(value)).toBe(reference(pattern, value, caseInsensitive));
        },
      ),
      { numRuns: 5000 },
    );
  });

  it("is linear on adversarial patterns (no regex backtracking)", () => {
    const pattern = "a*".repeat(30) + "b";
    const value = "a".repeat(5000);
    const started = performance.now();
    expect(compileWildcard(pattern, { caseInsensitive: false })(value)).toBe(false);
    expect(performance.now() - started).toBeLessThan(500);
  });
});

describe("hasWildcard", () => {
  it.each([
    ["s3:GetObject", false],
    ["s3:Get*", true],
    ["s3:Get?bject", true],
  ])("%j → %s", (text, expected) => {
    expect(hasWildcard(text)).toBe(expected);
  });
});

describe("matchesAction", () => {
  it.each([
    ["*", "s3:GetObject", true],
    ["*:*", "s3:GetObject", true],
    ["s3:*", "s3:GetObject", true],
    ["s3:*", "s3express:CreateSession", false],
    ["S3:getobject", "s3:GetObject", true],
    ["s3:GetObject", "S3:GETOBJECT", true],
    ["s3:Get*", "s3:GetObjectTagging", true],
    ["s3:Get*", "s3:PutObject", false],
    ["s3:Get*Tagging", "s3:GetBucketTagging", true],
    ["s3:Get*Tagging", "s3:GetBucketPolicy", false],
    ["s3:GetObjec?", "s3:GetObject", true],
    ["s3:GetObjec?", "s3:GetObjects", false],
    ["s3*:Get*", "s3express:GetBucketPolicy", true],
    ["s3*:Get*", "s3:GetObject", true],
    ["s3*:Get*", "sqs:GetQueueUrl", false],
    ["iam:*Policy*", "iam:CreatePolicyVersion", true],
    ["iam:*Policy*", "iam:CreateRole", false],
    ["ec2:Describe*", "ec2:describeinstances", true],
    ["s3:GetObject", "s3:GetObjectAcl", false],
    ["s3:GetObject", "sqs:GetObject", false],
  ])("%j matches %j → %s", (pattern, action, expected) => {
    expect(matchesAction(pattern, action)).toBe(expected);
  });

  it("compiles each pattern once and reuses it", () => {
    expect(compileActionPattern("kms:Decrypt")).toBe(compileActionPattern("kms:Decrypt"));
  });
});
