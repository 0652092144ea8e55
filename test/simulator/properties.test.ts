// Properties of the evaluation logic that hold for every policy set (IAM User Guide › Policy evaluation logic):
// an explicit Deny always wins; Allows only ever add permissions; the compiled and one-shot paths agree.

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Policy } from "../../src/iam/model.js";
import { compilePolicySet, evaluate, evaluateOnAnyResource, type EvaluationRequest, type PolicySet } from "../../src/simulator/index.js";
import { buildPolicy, type PlainStatement } from "./build.js";
import { ACCOUNT, FOREIGN_USER, OTHER_ACCOUNT, SESSION, USER } from "./fixtures.js";

const ACTIONS = ["s3:GetObject", "s3:PutObject", "s3:ListBucket", "iam:PassRole", "ec2:RunInstances"];
const ACTION_PATTERNS = [...ACTIONS, "s3:*", "s3:Get*", "*", "iam:*", "ec2:Run*"];
const RESOURCES = ["arn:aws:s3:::logs", "arn:aws:s3:::logs/a.txt", "arn:aws:s3:::other/b", `arn:aws:iam::${ACCOUNT}:role/app`, "*"];
const RESOURCE_PATTERNS = ["*", "arn:aws:s3:::logs", "arn:aws:s3:::logs/*", "arn:aws:s3:::*", `arn:aws:iam::${ACCOUNT}:role/*`, "arn:aws:s3:::<unresolved:var.bucket>/*"];
const CONDITIONS: NonNullable<PlainStatement["Condition"]>[] = [
  { Bool: { "aws:SecureTransport": "true" } },
  { BoolIfExists: { "aws:MultiFactorAuthPresent": "false" } },
  { StringEquals: { "aws:PrincipalTag/team": "platform" } },
  { StringNotEquals: { "aws:PrincipalTag/team": "platform" } },
  { "ForAllValues:StringEquals": { "aws:TagKeys": ["team"] } },
  { "ForAnyValue:StringLike": { "aws:TagKeys": ["t*"] } },
  { NotIpAddress: { "aws:SourceIp": "10.0.0.0/8" } },
  { Null: { "aws:TokenIssueTime": "true" } },
];
const PRINCIPAL_VALUES: NonNullable<PlainStatement["Principal"]>[] = ["*", { AWS: USER }, { AWS: ACCOUNT }, { AWS: `arn:aws:iam::${ACCOUNT}:role/app` }, { AWS: OTHER_ACCOUNT }];

const statementArbitrary = (withPrincipal: boolean): fc.Arbitrary<PlainStatement> =>
  fc
    .record({
      effect: fc.constantFrom("Allow", "Deny"),
      negateAction: fc.boolean(),
      actions: fc.subarray(ACTION_PATTERNS, { minLength: 1, maxLength: 3 }),
      negateResource: fc.boolean(),
      resources: fc.subarray(RESOURCE_PATTERNS, { minLength: 1, maxLength: 2 }),
      condition: fc.option(fc.constantFrom(...CONDITIONS), { nil: undefined }),
      principal: fc.constantFrom(...PRINCIPAL_VALUES),
    })
    .map((draw) => {
      const statement: PlainStatement = { Effect: draw.effect };
      if (draw.negateAction) statement.NotAction = draw.actions;
      else statement.Action = draw.actions;
      if (draw.negateResource) statement.NotResource = draw.resources;
      else statement.Resource = draw.resources;
      if (draw.condition) statement.Condition = draw.condition;
      if (withPrincipal) statement.Principal = draw.principal;
      return statement;
    });

const policyArbitrary = (name: string, kind: Policy["kind"], withPrincipal = false) =>
  fc.array(statementArbitrary(withPrincipal), { minLength: 1, maxLength: 4 }).map((items) => buildPolicy({ Statement: items }, { name, kind }));

const policySetArbitrary: fc.Arbitrary<PolicySet> = fc.record({
  identity: fc.array(policyArbitrary("identity", "identity"), { minLength: 0, maxLength: 2 }),
  resource: fc.option(policyArbitrary("bucket-policy", "resource", true), { nil: undefined }),
  boundary: fc.option(policyArbitrary("boundary", "boundary"), { nil: undefined }),
  session: fc.option(policyArbitrary("session", "session"), { nil: undefined }),
  scps: fc.option(fc.array(policyArbitrary("scp", "scp"), { minLength: 1, maxLength: 2 }), { nil: undefined }),
});

const requestArbitrary: fc.Arbitrary<EvaluationRequest> = fc.record({
  action: fc.constantFrom(...ACTIONS),
  resource: fc.constantFrom(...RESOURCES),
  principal: fc.constantFrom(USER, SESSION, FOREIGN_USER, `arn:aws:iam::${ACCOUNT}:root`),
  context: fc.record(
    {
      "aws:SecureTransport": fc.constantFrom("true", "false"),
      "aws:MultiFactorAuthPresent": fc.constantFrom("true", "false"),
      "aws:PrincipalTag/team": fc.constantFrom("platform", "data"),
      "aws:TagKeys": fc.subarray(["team", "env"]),
      "aws:SourceIp": fc.constantFrom("10.1.2.3", "203.0.113.9"),
    },
    { requiredKeys: [] },
  ),
});

type Slot = "identity" | "resource" | "boundary" | "session" | "scp";

/** Adds a statement to an existing policy of the set (a new policy in a capping layer would restrict). */
function withStatement(policies: PolicySet, slot: Slot, statement: PlainStatement): PolicySet | undefined {
  const add = (policy: Policy): Policy => {
    const extra = buildPolicy({ Statement: [statement] }, { name: policy.name, kind: policy.kind }).statements[0];
    return { ...policy, statements: [...policy.statements, { ...extra, index: policy.statements.length }] };
  };
  switch (slot) {
    case "identity":
      return { ...policies, identity: policies.identity.length > 0 ? [add(policies.identity[0]), ...policies.identity.slice(1)] : [buildPolicy({ Statement: [statement] }, { name: "added" })] };
    case "resource":
      return policies.resource ? { ...policies, resource: add(policies.resource) } : undefined;
    case "boundary":
      return policies.boundary ? { ...policies, boundary: add(policies.boundary) } : undefined;
    case "session":
      return policies.session ? { ...policies, session: add(policies.session) } : undefined;
    case "scp":
      return policies.scps ? { ...policies, scps: [add(policies.scps[0]), ...policies.scps.slice(1)] } : undefined;
  }
}

const RUNS = { numRuns: 400 };

describe("evaluation properties", () => {
  it("an explicit Deny that matches the request always wins, in any policy type", () => {
    fc.assert(
      fc.property(policySetArbitrary, requestArbitrary, fc.constantFrom<Slot>("identity", "resource", "boundary", "session", "scp"), (policies, request, slot) => {
        const denyAll: PlainStatement = { Effect: "Deny", Action: request.action, Resource: "*" };
        if (slot === "resource") denyAll.Principal = "*";
        const withDeny = withStatement(policies, slot, denyAll);
        if (!withDeny) return;
        expect(evaluate(request, withDeny).decision).toBe("explicitDeny");
      }),
      RUNS,
    );
  });

  it("adding an Allow statement never turns an allowed request into a denied one", () => {
    fc.assert(
      fc.property(
        policySetArbitrary,
        requestArbitrary,
        fc.constantFrom<Slot>("identity", "resource", "boundary", "session", "scp"),
        statementArbitrary(true).map((statement) => ({ ...statement, Effect: "Allow" })),
        (policies, request, slot, extra) => {
          if (evaluate(request, policies).decision !== "allowed") return;
          const statement = slot === "resource" ? extra : { ...extra, Principal: undefined };
          const grown = withStatement(policies, slot, statement);
          if (!grown) return;
          expect(evaluate(request, grown).decision).toBe("allowed");
        },
      ),
      RUNS,
    );
  });

  it("adding an Allow statement never removes an explicit Deny", () => {
    fc.assert(
      fc.property(policySetArbitrary, requestArbitrary, statementArbitrary(false).map((statement) => ({ ...statement, Effect: "Allow" })), (policies, request, extra) => {
        if (evaluate(request, policies).decision !== "explicitDeny") return;
        const grown = withStatement(policies, "identity", extra);
        if (grown) expect(evaluate(request, grown).decision).toBe("explicitDeny");
      }),
      RUNS,
    );
  });

  it("the compiled set gives the same decision as a one-shot evaluation, with and without explanation", () => {
    fc.assert(
      fc.property(policySetArbitrary, fc.array(requestArbitrary, { minLength: 1, maxLength: 5 }), (policies, requests) => {
        const compiled = compilePolicySet(policies);
        for (const request of requests) {
          const oneShot = evaluate(request, policies);
          const fast = compiled.evaluate(request, { explain: false });
          expect(fast.decision).toBe(oneShot.decision);
          expect(fast.matched).toEqual(oneShot.matched);
          expect(fast.undecided).toEqual(oneShot.undecided);
          expect(fast.explanation).toEqual([]);
          expect(oneShot.explanation.length).toBeGreaterThan(0);
        }
      }),
      RUNS,
    );
  });

  it("a request that is allowed on a concrete resource is allowed on some resource", () => {
    fc.assert(
      fc.property(policySetArbitrary, requestArbitrary, (policies, request) => {
        if (request.resource === "*") return;
        const single = evaluate(request, policies);
        if (single.decision !== "allowed" || single.undecided) return;
        const onAny = evaluateOnAnyResource(request.action, policies, { principal: request.principal, context: request.context });
        expect(onAny.decision).toBe("allowed");
      }),
      RUNS,
    );
  });

  it("when nothing is undecided, resolving the unresolved bucket does not change the decision", () => {
    fc.assert(
      fc.property(policySetArbitrary, requestArbitrary, fc.constantFrom("logs", "other", "x"), (policies, request, bucket) => {
        const decided = evaluate(request, policies);
        if (decided.undecided) return;
        const resolve = (policy: Policy): Policy => ({
          ...policy,
          statements: policy.statements.map((statement) => ({
            ...statement,
            resources: statement.resources?.map((item) => ({ ...item, value: item.value.replace("<unresolved:var.bucket>", bucket) })),
            notResources: statement.notResources?.map((item) => ({ ...item, value: item.value.replace("<unresolved:var.bucket>", bucket) })),
          })),
        });
        const resolved: PolicySet = {
          identity: policies.identity.map(resolve),
          resource: policies.resource && resolve(policies.resource),
          boundary: policies.boundary && resolve(policies.boundary),
          session: policies.session && resolve(policies.session),
          scps: policies.scps?.map(resolve),
        };
        expect(evaluate(request, resolved).decision).toBe(decided.decision);
      }),
      RUNS,
    );
  });
});
