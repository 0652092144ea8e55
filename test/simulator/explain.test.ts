// The explanation text: what PR comments and `/iam-review simulate` show.

import { describe, expect, it } from "vitest";
import { evaluate } from "../../src/simulator/index.js";
import { ACCOUNT, allow, boundary, deny, FOREIGN_USER, identity, OBJECT, resourcePolicy, USER } from "./fixtures.js";

describe("explanations", () => {
  it("names the deciding Deny with its Sid, index and position", () => {
    const decision = evaluate(
      { action: "s3:DeleteObject", resource: OBJECT, principal: USER },
      { identity: [identity(allow("s3:*"), { Sid: "NoDelete", ...deny("s3:Delete*") })] },
    );
    expect(decision.explanation).toEqual([
      `s3:DeleteObject on ${OBJECT} by ${USER} is explicitly denied.`,
      "An explicit Deny in any policy overrides every Allow.",
      'Deny in identity-based policy aws_iam_policy.identity statement "NoDelete" (#1, aws_iam_policy.identity.json:11) applies.',
    ]);
    expect(decision.matched).toEqual([
      { effect: "Deny", policy: "aws_iam_policy.identity", policyKind: "identity", layer: "identity", sid: "NoDelete", index: 1, at: { path: "aws_iam_policy.identity.json", startLine: 11, endLine: 11 } },
    ]);
  });

  it("says why a Bool MFA Deny does not apply to long-term keys", () => {
    const decision = evaluate(
      { action: "s3:DeleteObject", resource: OBJECT, principal: USER },
      { identity: [identity(allow("s3:*"), { Sid: "DenyNoMFA", ...deny("s3:*", "*", { Condition: { Bool: { "aws:MultiFactorAuthPresent": "false" } } }) })] },
    );
    expect(decision.decision).toBe("allowed");
    expect(decision.explanation).toContain(
      'aws_iam_policy.identity statement "DenyNoMFA" (#1, aws_iam_policy.identity.json:11): aws:MultiFactorAuthPresent is absent from the request, so Bool is false and the Deny does not apply.',
    );
  });

  it("shows how a matched condition held", () => {
    const decision = evaluate(
      { action: "s3:DeleteObject", resource: OBJECT, principal: USER },
      { identity: [identity(allow("s3:*"), { Sid: "DenyNoMFA", ...deny("s3:*", "*", { Condition: { BoolIfExists: { "aws:MultiFactorAuthPresent": "false" } } }) })] },
    );
    expect(decision.explanation[2]).toBe(
      'Deny in identity-based policy aws_iam_policy.identity statement "DenyNoMFA" (#1, aws_iam_policy.identity.json:11) applies: aws:MultiFactorAuthPresent is absent from the request, so BoolIfExists is true (…IfExists is true when the key is missing).',
    );
  });

  it("explains a failed Allow condition with the request value", () => {
    const decision = evaluate(
      { action: "s3:GetObject", resource: OBJECT, principal: USER, context: { "aws:SourceIp": "198.51.100.7" } },
      { identity: [identity({ Sid: "Office", ...allow("s3:GetObject", "*", { Condition: { IpAddress: { "aws:SourceIp": "203.0.113.0/24" } } }) })] },
    );
    expect(decision.decision).toBe("implicitDeny");
    expect(decision.explanation).toEqual([
      `s3:GetObject on ${OBJECT} by ${USER} is implicitly denied.`,
      "No identity-based policy allows it.",
      'aws_iam_policy.identity statement "Office" (#0, aws_iam_policy.identity.json:10): aws:SourceIp is "198.51.100.7", so IpAddress "203.0.113.0/24" is false and the Allow does not apply.',
    ]);
  });

  it("explains a permissions boundary that caps an Allow", () => {
    const decision = evaluate(
      { action: "iam:CreateUser", resource: `arn:aws:iam::${ACCOUNT}:user/x`, principal: USER },
      { identity: [identity(allow("*"))], boundary: boundary(allow("s3:*")) },
    );
    expect(decision.explanation[1]).toBe("The permissions boundary aws_iam_policy.boundary does not allow it; a boundary caps what identity-based policies can grant.");
  });

  it("explains a cross-account request that the resource policy does not allow", () => {
    const decision = evaluate(
      { action: "s3:GetObject", resource: OBJECT, principal: FOREIGN_USER, resourceAccount: ACCOUNT },
      { identity: [identity(allow("s3:GetObject"))], resource: resourcePolicy(allow("s3:GetObject", "*", { Principal: { AWS: USER } })) },
    );
    expect(decision.explanation[1]).toBe(
      "This is a cross-account request (principal account 444455556666, resource account 111122223333 (from the request)): the resource-based policy must allow it too, and aws_s3_bucket_policy.logs does not allow this principal.",
    );
  });

  it("shows policy variables as the request resolves them", () => {
    const decision = evaluate(
      { action: "s3:ListBucket", resource: "arn:aws:s3:::home", principal: USER, context: { "s3:prefix": "home/bob/" } },
      { identity: [identity({ Sid: "Home", ...allow("s3:ListBucket", "*", { Condition: { StringLike: { "s3:prefix": "home/${aws:username}/*" } } }) })] },
    );
    expect(decision.explanation).toContain(
      'aws_iam_policy.identity statement "Home" (#0, aws_iam_policy.identity.json:10): s3:prefix is "home/bob/", so StringLike "home/${aws:username}/* = home/alice/*" is false and the Allow does not apply.',
    );
  });

  it("says which unresolved value leaves a statement undecided", () => {
    const decision = evaluate(
      { action: "s3:GetObject", resource: OBJECT, principal: USER },
      { identity: [identity({ Sid: "Logs", ...allow("s3:GetObject", "arn:aws:s3:::<unresolved:aws_s3_bucket.logs.bucket>/*") })] },
    );
    expect(decision.undecided).toEqual(['aws_iam_policy.identity statement "Logs" (#0)']);
    expect(decision.explanation.at(-1)).toBe(
      'Undecided: the Allow in aws_iam_policy.identity statement "Logs" (#0, aws_iam_policy.identity.json:10) depends on Resource (aws_s3_bucket.logs.bucket); the decision above treats it as not applying.',
    );
  });

  it("notes when a key was derived from the principal", () => {
    const decision = evaluate(
      { action: "s3:GetObject", resource: OBJECT, principal: USER },
      { identity: [identity({ Sid: "Self", ...allow("s3:GetObject", "*", { Condition: { StringEquals: { "aws:username": "alice" } } }) })] },
    );
    expect(decision.explanation).toContain(
      'Allow in identity-based policy aws_iam_policy.identity statement "Self" (#0, aws_iam_policy.identity.json:10) applies: aws:username is "alice" (derived from the principal), so StringEquals "alice" is true.',
    );
  });

  it("can skip the explanation without changing the decision", () => {
    const policies = { identity: [identity(allow("s3:*"), deny("s3:DeleteObject"))] };
    const request = { action: "s3:DeleteObject", resource: OBJECT, principal: USER };
    const quiet = evaluate(request, policies, { explain: false });
    expect(quiet.explanation).toEqual([]);
    expect(quiet.decision).toBe(evaluate(request, policies).decision);
  });
});
