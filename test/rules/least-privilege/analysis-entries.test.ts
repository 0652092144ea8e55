import { describe, expect, it } from "vitest";
import type { Position } from "../../../src/iac/types.js";
import type { Policy, Statement } from "../../../src/iam/model.js";
import { normalizePolicy } from "../../../src/iam/normalize.js";
import { fromPlain } from "../../../src/iac/located.js";
import { actionEntryFor, someAllowNames } from "../../../src/rules/least-privilege/analysis.js";

const at = (line: number, column = 1): Position => ({ path: "p.json", startLine: line, endLine: line, startColumn: column, endColumn: column + 1 });

/** A statement whose Action entries sit at the given lines (one place for all: an AWS managed policy). */
function statementWith(actions: string[], lineOf: (index: number) => number): Statement {
  const policy = normalizePolicy({
    kind: "identity",
    name: "p",
    document: fromPlain({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: actions, Resource: "*" }] }, at(1)),
    at: at(1),
  }).policy;
  const statement = policy.statements[0];
  return { ...statement, actions: statement.actions!.map((item, index) => ({ ...item, at: at(lineOf(index), 3) })) };
}

const filler = (count: number) => Array.from({ length: count }, (_, index) => `ec2:Describe${index}x`);

describe.each([
  ["a short statement (read in full)", 0],
  ["a long statement (indexed by service)", 30],
])("actionEntryFor on %s", (_, extra) => {
  it("gives the covering entry written first, whatever the order of the list", () => {
    const statement = statementWith([...filler(extra), "s3:Get*", "s3:GetObject", "*:GetObject"], (index) => 100 - index);
    expect(actionEntryFor(statement, "s3:GetObject")?.value).toBe("*:GetObject");
    expect(actionEntryFor(statement, "s3:GetBucketPolicy")?.value).toBe("s3:Get*");
    expect(actionEntryFor(statement, "iam:PassRole")).toBeUndefined();
  });

  it("on one place (an AWS managed policy), prefers the service's own entry, then the one listed first", () => {
    const statement = statementWith([...filler(extra), "*:Get*", "s3:Get*", "s3:GetObject"], () => 7);
    expect(actionEntryFor(statement, "s3:GetObject")?.value).toBe("s3:Get*");
    expect(actionEntryFor(statement, "sqs:GetQueueUrl")?.value).toBe("*:Get*");
  });

  it("never gives an unresolved entry", () => {
    const statement = statementWith([...filler(extra), "<unresolved:var.action>", "s3:*"], (index) => index + 1);
    expect(actionEntryFor(statement, "s3:GetObject")?.value).toBe("s3:*");
  });
});

describe("someAllowNames", () => {
  const policyWith = (statements: unknown[]): Policy =>
    normalizePolicy({ kind: "identity", name: "p", document: fromPlain({ Version: "2012-10-17", Statement: statements }, at(1)), at: at(1) }).policy;

  it.each([
    ["a short policy", 0],
    ["a long policy", 30],
  ])("in %s: an Allow naming the action, or any NotAction Allow; never a Deny", (_, extra) => {
    const named = policyWith([{ Effect: "Allow", Action: [...filler(extra), "S3:get*"], Resource: "*" }, { Effect: "Deny", Action: "iam:*", Resource: "*" }]);
    expect(someAllowNames([named], "s3:GetObject")).toBe(true);
    expect(someAllowNames([named], "iam:PassRole")).toBe(false);
    const notAction = policyWith([{ Effect: "Allow", NotAction: "s3:*", Resource: "*" }, { Effect: "Allow", Action: filler(extra), Resource: "*" }]);
    expect(someAllowNames([named, notAction], "iam:PassRole")).toBe(true);
    const wildcardService = policyWith([{ Effect: "Allow", Action: [...filler(extra), "*:Pass*"], Resource: "*" }]);
    expect(someAllowNames([wildcardService], "iam:PassRole")).toBe(true);
  });
});
