// Every managed-policy attachment in the shared corpus is accounted for: it resolves to a document (an AWS
// managed policy, or a policy defined in the scan), it is reported by IAM012, or its ARN is not known
// statically. The counts are pinned, so a change that stops resolving attachments fails here.
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { loadRoot } from "../../src/cli/read-files.js";
import { parseConfig } from "../../src/engine/config.js";
import { reviewScan } from "../../src/engine/review-scan.js";
import { hasUnresolved } from "../../src/iac/located.js";
import { scanSources, type ScanResult } from "../../src/iac/scan.js";
import type { PolicyAttachment } from "../../src/iac/types.js";
import { catalogue } from "../../src/iam/catalogue.js";
import { managedPolicyOfAttachment, parseManagedPolicyArn } from "../../src/iam/managed-policies.js";
import unknownManagedPolicy from "../../src/rules/validity/unknown-managed-policy.js";
import type { Finding } from "../../src/rules/types.js";

const corpus = join(import.meta.dirname, "../../../shared/corpus");
let scan: ScanResult;
let findings: Finding[];

beforeAll(async () => {
  const loaded = loadRoot(corpus);
  scan = await scanSources(loaded.sources, loaded.reader);
  const files = new Map(loaded.sources.flatMap((s) => ("text" in s ? [[s.path, s.text] as const] : [])));
  findings = (await reviewScan({ scan, files, config: parseConfig(undefined).config, catalogue, rules: [unknownManagedPolicy] })).findings;
}, 120_000);

type Outcome = "aws-managed" | "in-scan" | "IAM012" | "unresolved" | "customer-managed-elsewhere";

function outcome(attachment: PolicyAttachment, reported: Set<string>): Outcome {
  if (attachment.policyResource) return "in-scan";
  const arn = attachment.policyArn.kind === "string" ? attachment.policyArn.value : undefined;
  if (arn !== undefined && managedPolicyOfAttachment(arn, attachment.byName)) return "aws-managed";
  if (reported.has(`${attachment.at.path}:${attachment.at.startLine}`)) return "IAM012";
  if (arn === undefined || hasUnresolved(arn.replace(/^arn:<unresolved:[^>]*>:/, "arn:aws:"))) return "unresolved";
  // A literal ARN of a customer managed policy that the scanned files do not define.
  if (!parseManagedPolicyArn(arn)) return "customer-managed-elsewhere";
  return "unresolved";
}

describe("corpus attachments", () => {
  it("all resolve, are reported by IAM012, or are not known statically (counts pinned)", () => {
    const reported = new Set(findings.map((f) => `${f.at.path}:${f.at.startLine}`));
    const counts: Record<string, number> = {};
    for (const attachment of scan.attachments) {
      const kind = outcome(attachment, reported);
      counts[kind] = (counts[kind] ?? 0) + 1;
    }
    expect(counts).toEqual(PINNED);
  });

  it("reports the misspelt, retired and invented names in the corpus, with suggestions", () => {
    const names = [...new Set(findings.map((f) => f.data.name))].sort();
    expect(names).toEqual(UNKNOWN_NAMES);
    const retired = findings.find((f) => f.data.name === "AWSCloudTrailReadOnlyAccess");
    expect(retired?.data.suggestion).toBe("AWSCloudTrail_ReadOnlyAccess");
  });
});

const PINNED = {
  "aws-managed": 220,
  // A `!Ref` or `!GetAtt` of an AWS::IAM::ManagedPolicy, or an aws_iam_policy's ARN.
  "in-scan": 52,
  IAM012: 19,
  // `var.policy_arn`, `!Ref PolicyArnParameter`, `{{resolve:ssm:…}}`.
  unresolved: 63,
  // Literal ARNs of customer managed policies in accounts the corpus does not define.
  "customer-managed-elsewhere": 27,
};

// Checked by hand: a retired AWS policy (its replacement is suggested) and names invented by the source
// projects' test fixtures (cfn-lint's list_duplicates, SAM translator placeholders, checkov).
const UNKNOWN_NAMES: string[] = [
  "AWSCloudTrailReadOnlyAccess",
  "AdministratorPolicy",
  "AnyNonOfficialManagedPolicy",
  "EC2FullAdmin",
  "ThisIsAlsoPassedThrough",
  "ThisIsPassedThroughAsIs",
];
