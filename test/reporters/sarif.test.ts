import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import { renderSarif } from "../../src/reporters/sarif.js";
import { rules } from "../../src/rules/index.js";
import type { Finding } from "../../src/rules/types.js";

// The official SARIF 2.1.0 schema, as shipped by Microsoft's SARIF matchers package.
const require = createRequire(import.meta.url);
// A CommonJS package whose default export NodeNext types as the module namespace: load it as CommonJS.
const Ajv = require("ajv-draft-04") as typeof import("ajv-draft-04").default;
const schema = JSON.parse(readFileSync(require.resolve("@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json"), "utf8"));
const validate = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false }).compile(schema);

function finding(overrides: Partial<Finding>): Finding {
  return {
    ruleId: "IAM003",
    name: "unknown-action",
    severity: "error",
    messageId: "unknownAction",
    data: {},
    message: "`s3:GetObjcet` is not an action",
    at: { path: "infra/iam.tf", startLine: 9, endLine: 9, startColumn: 19, endColumn: 33 },
    fingerprint: "f1",
    ...overrides,
  };
}

const options = { toolVersion: "1.2.3", informationUri: "https://example.invalid/iam-review", docsBaseUrl: "https://example.invalid/docs/rules/" };

describe("SARIF", () => {
  const findings: Finding[] = [
    finding({ at: { path: "z/last.tf", startLine: 1, endLine: 1 }, fingerprint: "f3", status: "new" }),
    finding({ ruleId: "IAM010", name: "redundant-action", severity: "notice", fingerprint: "f2", status: "unchanged", at: { path: "infra/iam.tf", startLine: 2, endLine: 4, startColumn: 3 } }),
    finding({ status: "new", suppressed: { reason: "vendor action", at: { path: "infra/iam.tf", startLine: 8, endLine: 8 } } }),
    finding({ fingerprint: "gone", status: "fixed" }),
    finding({ at: { path: "dir with space/a.yaml", startLine: 0, endLine: 0 }, fingerprint: "f4" }),
  ];
  const log = renderSarif(findings, rules, options);

  it("is valid against the SARIF 2.1.0 schema", () => {
    expect(validate(log), JSON.stringify(validate.errors, null, 2)).toBe(true);
    // The validator really checks: a result with an unknown level is rejected.
    const broken = structuredClone(log);
    (broken.runs[0].results ?? [])[0].level = "fatal" as never;
    expect(validate(broken)).toBe(false);
  });

  it("lists only the matched rules, with help links to their pages", () => {
    const driver = log.runs[0].tool.driver;
    expect(driver.rules?.map((r) => r.id)).toEqual(["IAM003", "IAM010"]);
    expect(driver.rules?.[0]).toMatchObject({ name: "unknown-action", helpUri: "https://example.invalid/docs/rules/IAM003.md", defaultConfiguration: { level: "error" } });
  });

  it("orders results by path, line and column, leaves out fixed findings, and keeps fingerprints", () => {
    const results = log.runs[0].results ?? [];
    expect(results.map((r) => [r.locations?.[0].physicalLocation?.artifactLocation?.uri, r.locations?.[0].physicalLocation?.region?.startLine, r.ruleId])).toEqual([
      ["dir%20with%20space/a.yaml", 1, "IAM003"],
      ["infra/iam.tf", 2, "IAM010"],
      ["infra/iam.tf", 9, "IAM003"],
      ["z/last.tf", 1, "IAM003"],
    ]);
    expect(results.map((r) => r.partialFingerprints?.["iamReviewFingerprint/v1"])).toEqual(["f4", "f2", "f1", "f3"]);
    expect(results[1]).toMatchObject({ level: "note", baselineState: "unchanged" });
    expect(results[2].suppressions).toEqual([{ kind: "inSource", justification: "vendor action" }]);
  });

  it("is stable: the same findings in another order give the same log", () => {
    expect(renderSarif([...findings].reverse(), rules, options)).toEqual(log);
  });
});
