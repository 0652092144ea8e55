import { describe, expect, it } from "vitest";
import { toPlain } from "../../src/iac/located.js";
import { extractPolicyFile, looksLikePolicyJson } from "../../src/iac/policy-file.js";

const identity = `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": ["s3:GetObject",
                 "s3:PutObject"],
      "Resource": "*"
    }
  ]
}`;

describe("standalone policy JSON", () => {
  it("recognises a policy document by its Statement", () => {
    expect(looksLikePolicyJson(identity)).toBe(true);
    expect(looksLikePolicyJson('{"rules": []}')).toBe(false);
    expect(looksLikePolicyJson('[{"Statement": 1}]')).toBe(false);
    expect(looksLikePolicyJson('{"StackPolicy": {"Statement": [{"Effect": "Deny"}]}}')).toBe(false);
    expect(looksLikePolicyJson('{"Statement": [{"Effect": "Allow",}]}')).toBe(true);
  });

  it("extracts the document with the line and column of every value", () => {
    const result = extractPolicyFile("policies/read.json", identity);
    expect(result.errors).toEqual([]);
    const [policy] = result.policies;
    expect(policy).toMatchObject({ kind: "identity", resource: "policies/read.json", origin: "policy-file" });
    expect(policy.at).toMatchObject({ startLine: 1, endLine: 11 });
    expect(toPlain(policy.document)).toEqual(JSON.parse(identity));
    const statement = policy.document.kind === "object" ? policy.document.entries[1].value : undefined;
    const action = statement?.kind === "array" && statement.items[0].kind === "object" ? statement.items[0].entries[1].value : undefined;
    expect(action?.kind === "array" && action.items.map((item) => [item.at.startLine, item.at.startColumn])).toEqual([
      [6, 18],
      [7, 18],
    ]);
  });

  it.each([
    ["a Principal makes a resource policy", '{"Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"*"}]}', "resource"],
    ["AssumeRole with a Principal is a trust policy", '{"Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}', "trust"],
    ["no Principal is an identity policy", '{"Statement":{"Effect":"Deny","Action":"*","Resource":"*"}}', "identity"],
  ])("%s", (_name, text, kind) => {
    expect(extractPolicyFile("p.json", text).policies[0].kind).toBe(kind);
  });

  it("is an SCP only when the path says so", () => {
    const text = '{"Statement":{"Effect":"Deny","Action":"*","Resource":"*"}}';
    expect(extractPolicyFile("org/scps/deny-all.json", text).policies[0].kind).toBe("scp");
    expect(extractPolicyFile("service-control-policy-examples/x.json", text).policies[0].kind).toBe("scp");
    expect(extractPolicyFile("org/deny-all.json", text).policies[0].kind).toBe("identity");
    // scp_paths adds files to those the path names, it does not take any away.
    const configuredScp = (path: string) => path.startsWith("org/guardrails/");
    expect(extractPolicyFile("org/guardrails/x.json", text, { configuredScp }).policies[0].kind).toBe("scp");
    expect(extractPolicyFile("org/scps/x.json", text, { configuredScp }).policies[0].kind).toBe("scp");
    expect(extractPolicyFile("org/x.json", text, { configuredScp }).policies[0].kind).toBe("identity");
  });

  it("turns invalid JSON into a policy error with its line", () => {
    const result = extractPolicyFile("bad.json", '{\n  "Statement": [\n    {"Effect": "Allow",}\n  ]\n}');
    expect(result.policies).toEqual([]);
    expect(result.errors).toEqual([
      { path: "bad.json", line: 3, column: 24, message: "invalid JSON: property name expected", policy: true },
    ]);
  });

  it("refuses absurd nesting without recursing into it", () => {
    const text = `{"Statement": ${"[".repeat(10_000)}${"]".repeat(10_000)}}`;
    const result = extractPolicyFile("deep.json", text);
    expect(result.errors[0].message).toMatch(/nested 10001 levels deep .*refused/);
  });
});
