// Regression over the shared corpus (~780 real IaC files): nothing crashes, nothing that holds a policy is
// silently skipped, and the totals are pinned so a change that loses policies fails here.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { loadRoot } from "../../src/cli/read-files.js";
import { isCandidatePath, scanSources, type ScanResult } from "../../src/iac/scan.js";

const corpus = join(import.meta.dirname, "../../../shared/corpus");
interface IndexEntry {
  path: string;
  kind: string;
}
const index: IndexEntry[] = JSON.parse(readFileSync(join(corpus, "index.json"), "utf8"));

const EXTRACTED_KINDS = new Set(["terraform", "cloudformation-yaml", "cloudformation-json", "sam", "terraform-plan-json", "policy-json"]);
// What "holds a policy document or an IAM resource" looks like in each syntax.
const HOLDS_IAM = /"Statement"|\bStatement\s*:|\bstatement\s*\{|\baws_iam_|AWS::IAM::|AWS::Serverless::(Function|StateMachine)|"policy"\s*:/;

let scan: ScanResult;

beforeAll(async () => {
  const loaded = loadRoot(corpus);
  scan = await scanSources(loaded.sources, loaded.reader);
}, 120_000);

describe("corpus extraction", () => {
  it("reads every data file of the corpus and crashes on none", () => {
    const scanned = new Set(scan.files.map((f) => f.path));
    // `.tftpl` policy templates are read through the templatefile() calls that use them, not on their own.
    for (const entry of index.filter((e) => isCandidatePath(e.path))) expect(scanned.has(entry.path), entry.path).toBe(true);
    expect(scan.errors.filter((e) => e.message.startsWith("internal error"))).toEqual([]);
  });

  it("classifies files as the corpus labels them", () => {
    const formats = new Map(scan.files.map((f) => [f.path, f.format]));
    const expected: Record<string, string> = {
      terraform: "terraform",
      "cloudformation-yaml": "cloudformation",
      "cloudformation-json": "cloudformation",
      sam: "cloudformation",
      "terraform-plan-json": "terraform-plan",
    };
    for (const entry of index) {
      if (expected[entry.kind]) expect(formats.get(entry.path), entry.path).toBe(expected[entry.kind]);
    }
    // StackPolicy template configurations and an ECR lifecycle policy are look-alikes, not IAM.
    for (const entry of index.filter((e) => e.kind === "other-json")) expect(formats.get(entry.path), entry.path).toBe("other");
  });

  it("yields policies, IAM resources or an error entry for every file that holds IAM content", () => {
    const touched = new Set<string>([
      ...scan.policies.map((p) => p.at.path),
      ...scan.resources.filter((r) => /^aws_iam_|^AWS::IAM::/.test(r.type)).map((r) => r.at.path),
      ...scan.attachments.map((a) => a.at.path),
      ...scan.errors.map((e) => e.path),
    ]);
    const silent = index
      .filter((entry) => EXTRACTED_KINDS.has(entry.kind))
      .filter((entry) => HOLDS_IAM.test(readFileSync(join(corpus, entry.path), "utf8")))
      .filter((entry) => !touched.has(entry.path))
      .map((entry) => entry.path);
    expect(silent).toEqual(SILENT_BY_DESIGN);
  });

  it("extracts the pinned totals (update deliberately, with the reason in the commit)", () => {
    const byKind: Record<string, number> = {};
    for (const policy of scan.policies) byKind[policy.kind] = (byKind[policy.kind] ?? 0) + 1;
    expect({
      files: scan.files.length,
      policies: scan.policies.length,
      byKind,
      attachments: scan.attachments.length,
      errors: scan.errors.length,
    }).toEqual(PINNED);
  });
});

// Files that mention IAM-looking words but hold nothing to extract, each checked by hand.
const SILENT_BY_DESIGN: string[] = [
  // IoT policies use the IAM grammar but are not IAM policies.
  "stelligent__cfn_nag/spec/test_templates/json/iot_policy/iot_policy_with_wildcard_action.json",
  "stelligent__cfn_nag/spec/test_templates/json/iot_policy/iot_policy_with_wildcard_resource.json",
  // Module calls pass statement maps as inputs (`policy_statements = {...}`); the policy is written, and
  // analysed, in the module that renders them.
  "terraform-aws-modules__terraform-aws-lambda/examples/complete/main.tf",
  "terraform-aws-modules__terraform-aws-lambda/examples/multiple-regions/main.tf",
  "terraform-aws-modules__terraform-aws-lambda/examples/simple/main.tf",
];

const PINNED = {
  files: 782,
  policies: 2060,
  byKind: { identity: 995, resource: 494, scp: 56, trust: 515 },
  attachments: 381,
  errors: 93,
};
