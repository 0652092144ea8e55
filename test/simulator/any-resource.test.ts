// evaluateOnAnyResource: "is the action allowed on some resource?" decided on the patterns (DESIGN.md
// "On `*` means on any resource").

import { describe, expect, it } from "vitest";
import { evaluateOnAnyResource, type PolicySet } from "../../src/simulator/index.js";
import { ACCOUNT, allow, boundary, deny, identity, resourcePolicy, scp, USER } from "./fixtures.js";

const ROLE_FORMAT = "arn:${Partition}:iam::${Account}:role/${RoleNameWithPath}";
const OBJECT_FORMAT = "arn:${Partition}:s3:::${BucketName}/${ObjectName}";
const BUCKET_FORMAT = "arn:${Partition}:s3:::${BucketName}";

function formats(action: string): string[] {
  if (action === "iam:PassRole") return [ROLE_FORMAT];
  if (action === "s3:GetObject") return [OBJECT_FORMAT];
  if (action === "s3:ListBucket") return [BUCKET_FORMAT];
  return [];
}

const options = { principal: USER, resourceFormatsOf: formats };

function onAny(action: string, policies: PolicySet, extra: Parameters<typeof evaluateOnAnyResource>[2] = {}) {
  return evaluateOnAnyResource(action, policies, { ...options, ...extra });
}

describe("evaluateOnAnyResource", () => {
  it("an Allow on * allows the action on some resource", () => {
    const result = onAny("iam:PassRole", { identity: [identity(allow("iam:PassRole"))] });
    expect(result.decision).toBe("allowed");
    expect(result.matched).toHaveLength(1);
  });

  it("Deny * wins over Allow *", () => {
    const result = onAny("iam:PassRole", { identity: [identity(allow("iam:PassRole"), deny("iam:PassRole"))] });
    expect(result.decision).toBe("explicitDeny");
    expect(result.matched.map((statement) => statement.effect)).toEqual(["Deny"]);
  });

  it("a Deny on a narrower pattern does not cover a wider Allow", () => {
    const result = onAny("iam:PassRole", {
      identity: [identity(allow("iam:PassRole", "arn:aws:iam::*:role/app-*"), deny("iam:PassRole", "arn:aws:iam::*:role/app-admin"))],
    });
    expect(result.decision).toBe("allowed");
  });

  it("a Deny on a wider pattern covers a narrower Allow", () => {
    const result = onAny("iam:PassRole", {
      identity: [identity(allow("iam:PassRole", `arn:aws:iam::${ACCOUNT}:role/app-*`), deny("iam:*", "arn:aws:iam::*:role/*"))],
    });
    expect(result.decision).toBe("explicitDeny");
  });

  it("a Deny of * covers an Allow narrowed to the action's formats", () => {
    const result = onAny("iam:PassRole", { identity: [identity(allow("*"), deny("iam:PassRole", "arn:aws:iam::*:role/*"))] });
    expect(result.decision).toBe("explicitDeny");
  });

  it("an Allow whose pattern cannot name a resource of the action does not count", () => {
    const result = onAny("iam:PassRole", { identity: [identity(allow("iam:PassRole", "arn:aws:s3:::bucket/*"))] });
    expect(result.decision).toBe("implicitDeny");
  });

  it("without resourceFormatsOf any resource a statement names counts", () => {
    const result = evaluateOnAnyResource("iam:PassRole", { identity: [identity(allow("iam:PassRole", "arn:aws:s3:::bucket/*"))] }, { principal: USER });
    expect(result.decision).toBe("allowed");
  });

  it("an action without resource types needs Resource *", () => {
    expect(onAny("s3:ListAllMyBuckets", { identity: [identity(allow("s3:ListAllMyBuckets", "arn:aws:s3:::*"))] }).decision).toBe("implicitDeny");
    expect(onAny("s3:ListAllMyBuckets", { identity: [identity(allow("s3:ListAllMyBuckets", "*"))] }).decision).toBe("allowed");
  });

  it("a bucket ARN grants bucket actions but no object", () => {
    const policies = { identity: [identity(allow("s3:*", "arn:aws:s3:::logs"))] };
    expect(onAny("s3:ListBucket", policies).decision).toBe("allowed");
    expect(onAny("s3:GetObject", policies).decision).toBe("implicitDeny");
  });

  it("a Deny conditioned on Bool MFA false does not apply when MFA is absent from the context", () => {
    const policies = { identity: [identity(allow("iam:*"), deny("iam:*", "*", { Condition: { Bool: { "aws:MultiFactorAuthPresent": "false" } } }))] };
    expect(onAny("iam:PassRole", policies).decision).toBe("allowed");
    expect(onAny("iam:PassRole", policies, { context: { "aws:MultiFactorAuthPresent": "false" } }).decision).toBe("explicitDeny");
  });

  it("a Deny conditioned on BoolIfExists MFA false applies when MFA is absent", () => {
    const policies = { identity: [identity(allow("iam:*"), deny("iam:*", "*", { Condition: { BoolIfExists: { "aws:MultiFactorAuthPresent": "false" } } }))] };
    expect(onAny("iam:PassRole", policies).decision).toBe("explicitDeny");
    expect(onAny("iam:PassRole", policies, { context: { "aws:MultiFactorAuthPresent": "true" } }).decision).toBe("allowed");
  });

  it("an Allow that requires MFA does not allow without it", () => {
    const policies = { identity: [identity(allow("iam:PassRole", "*", { Condition: { Bool: { "aws:MultiFactorAuthPresent": "true" } } }))] };
    expect(onAny("iam:PassRole", policies).decision).toBe("implicitDeny");
    expect(onAny("iam:PassRole", policies, { context: { "aws:MultiFactorAuthPresent": "true" } }).decision).toBe("allowed");
  });

  it("a permissions boundary narrows the region, and a Deny on that part removes it", () => {
    const denied = onAny("iam:PassRole", {
      identity: [identity(allow("iam:PassRole", "arn:aws:iam::*:role/*"), deny("iam:PassRole", "arn:aws:iam::*:role/app-*"))],
      boundary: boundary(allow("iam:PassRole", "arn:aws:iam::*:role/app-*")),
    });
    expect(denied.decision).toBe("explicitDeny");
    const allowed = onAny("iam:PassRole", {
      identity: [identity(allow("iam:PassRole", "arn:aws:iam::*:role/*"), deny("iam:PassRole", "arn:aws:iam::*:role/db-*"))],
      boundary: boundary(allow("iam:PassRole", "arn:aws:iam::*:role/app-*")),
    });
    expect(allowed.decision).toBe("allowed");
    expect(allowed.explanation[0]).toContain("role/app-*");
  });

  it("a boundary that allows nothing of the action denies implicitly", () => {
    const result = onAny("iam:PassRole", { identity: [identity(allow("iam:PassRole"))], boundary: boundary(allow("s3:*")) });
    expect(result.decision).toBe("implicitDeny");
  });

  it("an SCP without an Allow for the action denies implicitly", () => {
    const result = onAny("iam:PassRole", { identity: [identity(allow("iam:PassRole"))], scps: [scp("OnlyS3", allow("s3:*"))] });
    expect(result.decision).toBe("implicitDeny");
  });

  it("NotResource: an Allow of everything but one role still allows other roles", () => {
    const result = onAny("iam:PassRole", { identity: [identity({ Effect: "Allow", Action: "iam:PassRole", NotResource: "arn:aws:iam::*:role/admin" })] });
    expect(result.decision).toBe("allowed");
  });

  it("NotResource: an Allow excluding every role allows none", () => {
    const result = onAny("iam:PassRole", { identity: [identity({ Effect: "Allow", Action: "iam:PassRole", NotResource: "arn:aws:iam::*:role/*" })] });
    expect(result.decision).toBe("implicitDeny");
  });

  it("a Deny with NotResource that excludes nothing of the region covers it", () => {
    const result = onAny("s3:GetObject", {
      identity: [identity(allow("s3:GetObject", "arn:aws:s3:::logs/*"), { Effect: "Deny", Action: "s3:*", NotResource: "arn:aws:s3:::public/*" })],
    });
    expect(result.decision).toBe("explicitDeny");
  });

  it("a Deny with NotResource that excludes the allowed region does not cover it", () => {
    const result = onAny("s3:GetObject", {
      identity: [identity(allow("s3:GetObject", "arn:aws:s3:::public/*"), { Effect: "Deny", Action: "s3:*", NotResource: "arn:aws:s3:::public/*" })],
    });
    expect(result.decision).toBe("allowed");
  });

  it("several allowed regions: allowed when one survives the Denies", () => {
    const result = onAny("s3:GetObject", {
      identity: [identity(allow("s3:GetObject", ["arn:aws:s3:::secret/*", "arn:aws:s3:::logs/*"]), deny("s3:*", "arn:aws:s3:::secret/*"))],
    });
    expect(result.decision).toBe("allowed");
    expect(result.explanation[0]).toContain("arn:aws:s3:::logs/*");
  });

  it("a resource policy that names the caller allows on its resources (same account)", () => {
    const result = onAny("s3:GetObject", { identity: [], resource: resourcePolicy(allow("s3:GetObject", "arn:aws:s3:::logs/*", { Principal: { AWS: USER } })) });
    expect(result.decision).toBe("allowed");
  });

  it("cross-account: the resource policy must allow too", () => {
    const policies = { identity: [identity(allow("s3:GetObject"))] };
    expect(onAny("s3:GetObject", policies, { resourceAccount: "444455556666" }).decision).toBe("implicitDeny");
  });

  it("an unresolved Deny pattern leaves the answer allowed but undecided", () => {
    const result = onAny("s3:GetObject", {
      identity: [identity(allow("s3:GetObject", "arn:aws:s3:::logs/*"), { Sid: "Guard", ...deny("s3:*", "<unresolved:var.protected_arns>") })],
    });
    expect(result.decision).toBe("allowed");
    expect(result.undecided).toEqual(['aws_iam_policy.identity statement "Guard" (#1)']);
  });

  it("an unresolved Allow pattern is undecided when nothing else allows", () => {
    const result = onAny("s3:GetObject", { identity: [identity({ Sid: "Maybe", ...allow("s3:GetObject", "arn:aws:s3:::<unresolved:var.bucket>/*") })] });
    expect(result.decision).toBe("implicitDeny");
    expect(result.undecided).toEqual(['aws_iam_policy.identity statement "Maybe" (#0)']);
  });

  it("policy variables in the Resource are resolved from the context", () => {
    const policies = { identity: [identity(allow("s3:GetObject", "arn:aws:s3:::home/${aws:username}/*"), deny("s3:*", "arn:aws:s3:::home/alice/*"))] };
    expect(onAny("s3:GetObject", policies).decision).toBe("explicitDeny");
    expect(onAny("s3:GetObject", policies, { principal: `arn:aws:iam::${ACCOUNT}:user/bob` }).decision).toBe("allowed");
  });

  it("explains the example region and the deciding statements", () => {
    const result = onAny("iam:PassRole", { identity: [identity({ Sid: "Pass", ...allow("iam:PassRole", "arn:aws:iam::*:role/app-*") })] });
    expect(result.explanation[0]).toBe(
      `iam:PassRole by ${USER} is allowed on some resource, for example "arn:aws:iam::*:role/app-*" (resource formats: ${ROLE_FORMAT}).`,
    );
    expect(result.explanation).toContain('Allow in identity-based policy aws_iam_policy.identity statement "Pass" (#0, aws_iam_policy.identity.json:10) applies.');
  });

  it("explains which Deny covers the allowed region", () => {
    const result = onAny("iam:PassRole", { identity: [identity({ Sid: "Pass", ...allow("iam:PassRole") }, { Sid: "NoPass", ...deny("iam:PassRole") })] });
    expect(result.explanation.some((line) => line.includes('The Deny in aws_iam_policy.identity statement "NoPass"') && line.includes("covers every resource"))).toBe(true);
  });
});

describe("catalogue formats and paths", () => {
  it("an object pattern grants no bucket-level action: bucket names hold no slash", async () => {
    const { formatExcludesPattern } = await import("../../src/simulator/patterns.js");
    expect(formatExcludesPattern("arn:${Partition}:s3:::${BucketName}", "arn:aws:s3:::reports/*")).toBe(true);
    expect(formatExcludesPattern("arn:${Partition}:s3:::${BucketName}/${ObjectName}", "arn:aws:s3:::reports/*")).toBe(false);
    expect(formatExcludesPattern("arn:${Partition}:s3:::${BucketName}", "arn:aws:s3:::reports*")).toBe(false);
    // Log group names may hold slashes: no conclusion from the slash.
    expect(formatExcludesPattern("arn:${Partition}:logs:${Region}:${Account}:log-group:${LogGroupName}", "arn:aws:logs:*:*:log-group:/aws/lambda/*")).toBe(false);
  });
});
