// `scp_paths` in a review (the App and `iam-review diff`): standalone policy files under the configured globs
// are service control policies, besides those whose path says so.
import { describe, expect, it } from "vitest";
import { parseConfig } from "../../src/engine/config.js";
import { reviewChange } from "../../src/engine/review.js";
import { catalogue } from "../../src/iam/catalogue.js";
import { rules } from "../../src/rules/index.js";

const DENY = '{"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": "s3:DeleteBucket", "Resource": "*"}]}';
const FILES = new Map([
  ["org/guardrails/deny.json", DENY],
  ["org/other.json", DENY],
]);

async function kinds(configText: string | undefined) {
  const { config } = parseConfig(configText);
  const result = await reviewChange(
    { base: new Map(), head: FILES, changed: [...FILES.keys()].map((path) => ({ path, status: "added" as const })) },
    { config, catalogue, rules },
  );
  return result.head.scan.policies.map((policy) => [policy.at.path, policy.kind]);
}

describe("scp_paths in a review", () => {
  it("makes the files under its globs service control policies", async () => {
    expect(await kinds('scp_paths: ["org/guardrails/*.json"]\n')).toEqual([
      ["org/guardrails/deny.json", "scp"],
      ["org/other.json", "identity"],
    ]);
  });

  it("leaves standalone policies to their content without it", async () => {
    expect(await kinds(undefined)).toEqual([
      ["org/guardrails/deny.json", "identity"],
      ["org/other.json", "identity"],
    ]);
  });
});
