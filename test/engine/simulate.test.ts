// simulateAs: questions about a principal of the scanned IaC, answered with its effective policy set.
import { beforeAll, describe, expect, it } from "vitest";
import { PrincipalAddressError, simulateAs, simulatePolicies, SimulationQuestionError } from "../../src/engine/simulate.js";
import { fromPlain } from "../../src/iac/located.js";
import { scanSources, type ScanResult } from "../../src/iac/scan.js";
import { catalogue } from "../../src/iam/catalogue.js";
import type { Policy } from "../../src/iam/model.js";
import { normalizePolicy } from "../../src/iam/normalize.js";

const MAIN_TF = `variable "extra_arn" {}
variable "policy_json" {}

resource "aws_iam_role" "admin" {
  name = "admin"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = { Service = "ec2.amazonaws.com" }, Action = "sts:AssumeRole" }]
  })
  permissions_boundary = aws_iam_policy.boundary.arn
}

resource "aws_iam_role_policy_attachment" "admin" {
  role       = aws_iam_role.admin.name
  policy_arn = "arn:aws:iam::aws:policy/AdministratorAccess"
}

resource "aws_iam_policy" "boundary" {
  name = "boundary"
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Sid = "OnlyIamAndS3", Effect = "Allow", Action = ["iam:*", "s3:*", "sts:AssumeRole"], Resource = "*" }]
  })
}

resource "aws_iam_role_policy" "guard" {
  role = aws_iam_role.admin.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "NoDeleteWithoutMfa"
      Effect    = "Deny"
      Action    = "s3:DeleteBucket"
      Resource  = "*"
      Condition = { BoolIfExists = { "aws:MultiFactorAuthPresent" = "false" } }
    }]
  })
}

resource "aws_iam_user" "alice" {
  name = "alice"
}

resource "aws_iam_group" "deployers" {
  name = "deployers"
}

resource "aws_iam_user_group_membership" "alice" {
  user   = aws_iam_user.alice.name
  groups = [aws_iam_group.deployers.name]
}

resource "aws_iam_group_policy" "deployers" {
  group = aws_iam_group.deployers.name
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Sid = "Assume", Effect = "Allow", Action = "sts:AssumeRole", Resource = "arn:aws:iam::111122223333:role/*" }]
  })
}

resource "aws_iam_role" "worker" {
  name = "worker"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = { AWS = "arn:aws:iam::111122223333:user/alice" }, Action = "sts:AssumeRole" }]
  })
}

resource "aws_iam_role_policy_attachment" "worker_extra" {
  role       = aws_iam_role.worker.name
  policy_arn = var.extra_arn
}

resource "aws_iam_role_policy" "worker" {
  role   = aws_iam_role.worker.id
  policy = var.policy_json
}
`;

let scan: ScanResult;

beforeAll(async () => {
  scan = await scanSources([{ path: "main.tf", text: MAIN_TF }], { read: () => undefined });
  await catalogue.load(["iam:CreateUser", "ec2:RunInstances", "s3:DeleteBucket", "sts:AssumeRole", "s3:ListAllMyBuckets"]);
});

function policy(document: object, kind: Policy["kind"] = "identity", name = "given.json"): Policy {
  const at = { path: name, startLine: 1, endLine: 1 };
  return normalizePolicy({ kind, name, document: fromPlain(document, at), at }).policy;
}

describe("simulateAs", () => {
  it("counts attached AWS managed policies, naming them and their attachment line", () => {
    const answer = simulateAs(scan, { address: "aws_iam_role.admin", action: "iam:CreateUser" }, { catalogue });
    expect(answer.decision).toBe("allowed");
    expect(answer.onAnyResource).toBe(true);
    expect(answer.undecided).toBeUndefined();
    const fromAdmin = answer.matched.find((match) => match.layer === "identity");
    expect(fromAdmin).toMatchObject({
      effect: "Allow",
      policy: "AWS managed: AdministratorAccess via attachment at main.tf:15",
      path: "main.tf",
      line: 15,
      origin: { kind: "aws-managed", name: "AdministratorAccess", via: { resource: "aws_iam_role_policy_attachment.admin" } },
    });
    expect(answer.matched.find((match) => match.layer === "boundary")).toMatchObject({ sid: "OnlyIamAndS3", origin: { kind: "scan", resource: "aws_iam_policy.boundary" } });
    expect(answer.explanation.join("\n")).toContain("Allow in identity-based policy AWS managed: AdministratorAccess via attachment at main.tf:15");
    expect(answer.explanation.join("\n")).toContain("resource formats: arn:${Partition}:iam::${Account}:user/${UserNameWithPath}");
    expect(answer.explanation).toContain(
      "Identity policies of aws_iam_role.admin (role): AWS managed: AdministratorAccess via attachment at main.tf:15; aws_iam_role_policy.guard policy at main.tf:28.",
    );
  });

  it("applies the permissions boundary", () => {
    const answer = simulateAs(scan, { address: "aws_iam_role.admin", action: "ec2:RunInstances" }, { catalogue });
    expect(answer.decision).toBe("implicitDeny");
    expect(answer.explanation.join("\n")).toMatch(/permissions boundary/);
  });

  it("evaluates conditions against the context given", () => {
    const bucket = "arn:aws:s3:::logs";
    const withoutMfa = simulateAs(scan, { address: "aws_iam_role.admin", action: "s3:DeleteBucket", resource: bucket, context: { "aws:MultiFactorAuthPresent": "false" } });
    expect(withoutMfa.decision).toBe("explicitDeny");
    expect(withoutMfa.matched).toEqual([expect.objectContaining({ effect: "Deny", sid: "NoDeleteWithoutMfa", path: "main.tf", origin: expect.objectContaining({ resource: "aws_iam_role_policy.guard" }) })]);
    const withMfa = simulateAs(scan, { address: "aws_iam_role.admin", action: "s3:DeleteBucket", resource: bucket, context: { "aws:MultiFactorAuthPresent": "true" } });
    expect(withMfa.decision).toBe("allowed");
    expect(withMfa.request.resource).toBe(bucket);
  });

  it("gives a user its groups' policies", () => {
    const answer = simulateAs(scan, { address: "aws_iam_user.alice", action: "sts:AssumeRole", resource: "arn:aws:iam::111122223333:role/other" });
    expect(answer.decision).toBe("allowed");
    expect(answer.matched[0]).toMatchObject({ sid: "Assume", viaGroup: "aws_iam_group.deployers" });
    expect(answer.explanation).toContain("Groups: aws_iam_group.deployers.");
  });

  it("uses the trust policy of a role of the scan for sts:AssumeRole on it", () => {
    const byService = simulateAs(scan, { address: "aws_iam_role.admin", action: "sts:AssumeRole", resource: "aws_iam_role.admin", principal: "ec2.amazonaws.com" });
    expect(byService.decision).toBe("allowed");
    expect(byService.matched).toEqual([expect.objectContaining({ layer: "resource", policy: "aws_iam_role.admin#assume_role_policy" })]);
    expect(byService.explanation.join("\n")).toContain("The trust policy of aws_iam_role.admin (aws_iam_role.admin assume_role_policy at main.tf:6) is the resource-based policy");
    const byOtherService = simulateAs(scan, { address: "aws_iam_role.admin", action: "sts:AssumeRole", resource: "aws_iam_role.admin", principal: "lambda.amazonaws.com" });
    expect(byOtherService.decision).toBe("implicitDeny");

    // alice may assume `worker` (its trust policy names her) although her own policies do not allow it: the
    // role is found by the name in its ARN.
    const alice = "arn:aws:iam::111122223333:user/alice";
    const worker = simulateAs(scan, { address: "aws_iam_user.alice", action: "sts:AssumeRole", resource: "arn:aws:iam::111122223333:role/worker", principal: alice });
    expect(worker.decision).toBe("allowed");
    expect(worker.policies.resource?.name).toBe("aws_iam_role.worker#assume_role_policy");
    const admin = simulateAs(scan, { address: "aws_iam_user.alice", action: "sts:AssumeRole", resource: "arn:aws:iam::111122223333:role/admin", principal: alice });
    // Her group allows it, but the admin role's trust policy names only ec2.amazonaws.com.
    expect(admin.decision).toBe("implicitDeny");
  });

  it("reports what the IaC attaches but cannot be known as undecided, not as a silent answer", () => {
    const answer = simulateAs(scan, { address: "aws_iam_role.worker", action: "s3:ListAllMyBuckets" }, { catalogue });
    expect(answer.decision).toBe("implicitDeny");
    expect(answer.undecided).toEqual([
      "aws_iam_role_policy.worker#policy: the document is not known statically (var.policy_json)",
      "managed policy var.extra_arn (attached by aws_iam_role_policy_attachment.worker_extra policy_arn): the ARN is not known statically (main.tf:71)",
    ]);
    expect(answer.explanation.filter((line) => line.startsWith("Undecided:"))).toHaveLength(2);
  });

  it("adds given policies: SCPs restrict, a given boundary replaces the IaC one", () => {
    const denyIam = policy({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "s3:*", Resource: "*" }] }, "scp", "scp.json");
    const restricted = simulateAs(scan, { address: "aws_iam_role.admin", action: "iam:CreateUser", extra: { scps: [denyIam] } }, { catalogue });
    expect(restricted.decision).toBe("implicitDeny");
    const everything = policy({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] }, "boundary", "boundary.json");
    const widened = simulateAs(scan, { address: "aws_iam_role.admin", action: "ec2:RunInstances", extra: { boundary: everything } }, { catalogue });
    expect(widened.decision).toBe("allowed");
    expect(widened.explanation).toContain("Permissions boundary: boundary.json (given).");
  });

  it("refuses an unknown address, an ambiguous one, and an action pattern", () => {
    expect(() => simulateAs(scan, { address: "aws_iam_role.admn", action: "iam:CreateUser" })).toThrow(PrincipalAddressError);
    expect(() => simulateAs(scan, { address: "aws_iam_role.admn", action: "iam:CreateUser" })).toThrow(/did you mean aws_iam_role.admin\?/);
    expect(() => simulateAs(scan, { address: "aws_iam_role.admin", action: "iam:*" })).toThrow(SimulationQuestionError);
    expect(() => simulateAs(scan, { address: "aws_iam_role.admin", action: "CreateUser" })).toThrow(/not an action/);
  });
});

describe("simulatePolicies", () => {
  it("answers on any resource when the resource is * or missing, literally otherwise", () => {
    const onBucket = policy({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::assets/*" }] });
    const anywhere = simulatePolicies({ identity: [onBucket] }, { action: "s3:GetObject" });
    expect(anywhere).toMatchObject({ decision: "allowed", onAnyResource: true });
    expect(simulatePolicies({ identity: [onBucket] }, { action: "s3:GetObject", resource: "*" }).decision).toBe("allowed");
    expect(simulatePolicies({ identity: [onBucket] }, { action: "s3:GetObject", resource: "arn:aws:s3:::other/x" }).decision).toBe("implicitDeny");
    const exact = simulatePolicies({ identity: [onBucket] }, { action: "s3:GetObject", resource: "arn:aws:s3:::assets/x" });
    expect(exact.matched).toEqual([{ effect: "Allow", policy: "given.json", layer: "identity", path: "given.json", line: 1 }]);
  });
});
