// Simulator throughput: evaluations per second of a compiled policy set, for policies of 1, 10 and 100
// statements with conditions, against a few rotating requests. DESIGN.md budget: ≥ 100,000 evaluations per
// second on the 10-statement policy. Measured, never asserted in a test (timings vary by machine).

import type { Policy } from "../src/iam/model.js";
import type { Position } from "../src/iac/types.js";
import { compilePolicySet, type EvaluationRequest } from "../src/simulator/index.js";

export interface SimulatorBenchResult {
  name: string;
  evaluationsPerSecond: number;
  statements: number;
}

const at: Position = { path: "bench.json", startLine: 1, endLine: 1 };
const located = (value: string) => ({ value, at });

const SERVICES = ["s3", "ec2", "iam", "kms", "dynamodb", "sqs", "sns", "lambda", "logs", "ssm"];

/** Statement `index` of a synthetic policy: a realistic mix of Allows and Denies with conditions. */
function syntheticStatement(index: number): Policy["statements"][number] {
  const service = SERVICES[index % SERVICES.length];
  const round = Math.floor(index / SERVICES.length);
  const base = { index, sid: located(`S${index}`), unresolved: {}, at };
  switch (index % 5) {
    case 0:
      return {
        ...base,
        effect: located("Allow"),
        actions: [located(`${service}:Get*`), located(`${service}:List*`), located(`${service}:Describe*`)],
        resources: [located(`arn:aws:${service}:*:111122223333:res-${round}/*`), located(`arn:aws:${service}:*:111122223333:other-${round}`)],
        conditions: [
          { operator: "StringEquals", operatorAt: at, key: "aws:PrincipalTag/team", keyAt: at, values: [located("platform"), located("data")] },
          { operator: "IpAddress", operatorAt: at, key: "aws:SourceIp", keyAt: at, values: [located("203.0.113.0/24"), located("2001:db8::/32")] },
        ],
      };
    case 1:
      return {
        ...base,
        effect: located("Deny"),
        actions: [located(`${service}:Delete*`), located(`${service}:Put*Policy`)],
        resources: [located("*")],
        conditions: [{ operator: "BoolIfExists", operatorAt: at, key: "aws:MultiFactorAuthPresent", keyAt: at, values: [located("false")] }],
      };
    case 2:
      return {
        ...base,
        effect: located("Allow"),
        actions: [located(`${service}:*`)],
        resources: [located(`arn:aws:${service}:us-east-1:111122223333:\${aws:PrincipalTag/team}-${round}/*`)],
        conditions: [
          { operator: "StringLike", operatorAt: at, key: "aws:RequestedRegion", keyAt: at, values: [located("us-*"), located("eu-west-?")] },
          { operator: "DateLessThan", operatorAt: at, key: "aws:CurrentTime", keyAt: at, values: [located("2030-01-01T00:00:00Z")] },
        ],
      };
    case 3:
      return {
        ...base,
        effect: located("Deny"),
        notActions: [located("iam:Get*"), located("sts:*")],
        resources: [located(`arn:aws:${service}:*:999999999999:*`)],
        conditions: [{ operator: "StringNotEquals", operatorAt: at, key: "aws:PrincipalOrgID", keyAt: at, values: [located("o-abc123")] }],
      };
    default:
      return {
        ...base,
        effect: located("Allow"),
        actions: [located(`${service}:Create*`), located(`${service}:Tag*`)],
        resources: [located(`arn:aws:${service}:*:111122223333:*`)],
        conditions: [
          { operator: "ForAllValues:StringEquals", operatorAt: at, key: "aws:TagKeys", keyAt: at, values: [located("team"), located("env")] },
          { operator: "NumericLessThanEquals", operatorAt: at, key: "s3:max-keys", keyAt: at, values: [located("100")] },
        ],
      };
  }
}

export function syntheticPolicy(statementCount: number): Policy {
  return {
    kind: "identity",
    name: `bench_${statementCount}`,
    version: located("2012-10-17"),
    statements: Array.from({ length: statementCount }, (_, index) => syntheticStatement(index)),
    at,
  };
}

const PRINCIPAL = "arn:aws:iam::111122223333:user/alice";

/** Rotating requests: allowed, explicitly denied and implicitly denied ones, with different contexts. */
export const BENCH_REQUESTS: EvaluationRequest[] = [
  {
    // allowed by S0 (s3:Get* on res-0/*, team tag and source IP match)
    action: "s3:GetObject",
    resource: "arn:aws:s3:*:111122223333:res-0/report.csv",
    principal: PRINCIPAL,
    context: { "aws:PrincipalTag/team": "platform", "aws:SourceIp": "203.0.113.7", "aws:MultiFactorAuthPresent": "true" },
  },
  {
    // explicitly denied by S1 (BoolIfExists MFA false)
    action: "ec2:DeleteVolume",
    resource: "arn:aws:ec2:us-east-1:111122223333:volume/vol-1",
    principal: PRINCIPAL,
    context: { "aws:PrincipalTag/team": "data", "aws:SourceIp": "2001:db8::1", "aws:MultiFactorAuthPresent": "false" },
  },
  {
    // allowed by S4 (ForAllValues tag keys, max-keys)
    action: "dynamodb:CreateTable",
    resource: "arn:aws:dynamodb:us-east-1:111122223333:table/orders",
    principal: PRINCIPAL,
    context: { "aws:TagKeys": ["team", "env"], "s3:max-keys": "50", "aws:SourceIp": "198.51.100.4" },
  },
  {
    // allowed by S7 (policy variable in the Resource, StringLike region, DateLessThan)
    action: "lambda:InvokeFunction",
    resource: "arn:aws:lambda:us-east-1:111122223333:platform-0/handler",
    principal: PRINCIPAL,
    context: { "aws:PrincipalTag/team": "platform", "aws:RequestedRegion": "us-east-1", "aws:CurrentTime": "2026-05-01T12:00:00Z" },
  },
  {
    // explicitly denied by S3 (NotAction Deny on another account's keys, StringNotEquals org id)
    action: "kms:Decrypt",
    resource: "arn:aws:kms:us-east-1:999999999999:key/1234",
    principal: PRINCIPAL,
    resourceAccount: "111122223333",
    resourcePolicyMustAllow: false,
    context: { "aws:PrincipalOrgID": "o-other" },
  },
  {
    // implicitly denied: nothing allows iam:CreateRole on this role
    action: "iam:CreateRole",
    resource: "arn:aws:iam::111122223333:role/app",
    principal: PRINCIPAL,
    context: { "aws:PrincipalTag/team": "platform", "aws:RequestedRegion": "eu-west-1" },
  },
];

function measure(run: () => void, minimumMilliseconds: number): number {
  // Warm up so the JIT has compiled the hot path before timing.
  for (let index = 0; index < 2_000; index++) run();
  let iterations = 0;
  const start = process.hrtime.bigint();
  let elapsedNanoseconds = 0n;
  const limit = BigInt(minimumMilliseconds) * 1_000_000n;
  while (elapsedNanoseconds < limit) {
    for (let index = 0; index < 1_000; index++) run();
    iterations += 1_000;
    elapsedNanoseconds = process.hrtime.bigint() - start;
  }
  return Math.round((iterations * 1e9) / Number(elapsedNanoseconds));
}

export async function benchSimulator(options: { smoke: boolean }): Promise<SimulatorBenchResult[]> {
  const minimumMilliseconds = options.smoke ? 50 : 1_500;
  const results: SimulatorBenchResult[] = [];
  for (const statementCount of [1, 10, 100]) {
    const compiled = compilePolicySet({ identity: [syntheticPolicy(statementCount)] });
    for (const explain of [true, false]) {
      let next = 0;
      const run = () => {
        compiled.evaluate(BENCH_REQUESTS[next], { explain });
        next = next === BENCH_REQUESTS.length - 1 ? 0 : next + 1;
      };
      results.push({
        name: `simulator: ${statementCount}-statement policy, ${explain ? "with explanation" : "decision only"}`,
        evaluationsPerSecond: measure(run, minimumMilliseconds),
        statements: statementCount,
      });
      await Promise.resolve();
    }
  }
  return results;
}
