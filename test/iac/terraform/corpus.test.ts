// Runs the extractor over every Terraform file of the shared corpus (real-world modules and checkov fixtures),
// module by module: nothing may throw, and every file that writes a policy yields policies or an error entry.
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { getEntry, literalString } from "../../../src/iac/located.js";
import { extractTerraformModule } from "../../../src/iac/terraform/index.js";
import { documentAttributes, IAM_ORGANIZATIONS_POLICY_TYPES } from "../../../src/iac/terraform/resources.js";
import type { ExtractResult, IacResource, SourceReader } from "../../../src/iac/types.js";

const CORPUS = "/work/shared/corpus";
const available = existsSync(join(CORPUS, "index.json"));

interface IndexEntry {
  path: string;
  kind: string;
}

function modules(): Map<string, string[]> {
  const index = JSON.parse(readFileSync(join(CORPUS, "index.json"), "utf8")) as IndexEntry[];
  const byDir = new Map<string, string[]>();
  for (const entry of index.filter((e) => e.kind === "terraform")) {
    const dir = dirname(entry.path);
    byDir.set(dir, [...(byDir.get(dir) ?? []), entry.path]);
  }
  return byDir;
}

const reader: SourceReader = {
  read: (path) => (existsSync(join(CORPUS, path)) ? readFileSync(join(CORPUS, path), "utf8") : undefined),
};

/** True when the resource writes a policy document (its policy attribute is present and it is an IAM policy). */
function writesPolicy(resource: IacResource): boolean {
  if (resource.type === "aws_iam_policy_document" || resource.type === "aws_lambda_permission") return true;
  if (resource.type === "aws_organizations_policy") {
    const type = getEntry(resource.attributes, "type");
    if (type && !IAM_ORGANIZATIONS_POLICY_TYPES.has(literalString(type) ?? "")) return false;
  }
  return documentAttributes(resource.type).some((spec) => getEntry(resource.attributes, spec.attribute) !== undefined);
}

describe.skipIf(!available)("the shared corpus", () => {
  it("extracts every Terraform module without throwing, and accounts for every policy-bearing file", async () => {
    const totals = { files: 0, modules: 0, policies: {} as Record<string, number>, attachments: 0, resources: 0, errors: 0, policyErrors: 0 };
    const unaccounted: string[] = [];
    for (const [dir, paths] of modules()) {
      const files = paths.map((path) => ({ path, text: readFileSync(join(CORPUS, path), "utf8") }));
      const result: ExtractResult = await extractTerraformModule({ dir, files, reader });
      totals.files += files.length;
      totals.modules += 1;
      totals.attachments += result.attachments.length;
      totals.resources += result.resources.length;
      totals.errors += result.errors.length;
      totals.policyErrors += result.errors.filter((e) => e.policy).length;
      for (const policy of result.policies) totals.policies[policy.kind] = (totals.policies[policy.kind] ?? 0) + 1;

      const fileOf = new Map(result.resources.map((r) => [r.address, r.at.path]));
      for (const path of paths) {
        const writers = result.resources.filter((r) => r.at.path === path && writesPolicy(r));
        const syntaxBroken = result.errors.some((e) => e.path === path && e.message.startsWith("Terraform syntax error"));
        if (writers.length === 0 && !syntaxBroken) continue;
        const yielded = result.policies.some((p) => fileOf.get(p.resource) === path || p.at.path === path);
        const reported = result.errors.some((e) => e.path === path || (e.resource !== undefined && fileOf.get(e.resource) === path));
        if (!yielded && !reported) unaccounted.push(path);
      }
    }
    console.log(`terraform corpus: ${JSON.stringify(totals)}`);
    expect(unaccounted).toEqual([]);
    expect(totals.files).toBeGreaterThan(100);
    expect(totals.policies.identity).toBeGreaterThan(100);
    expect(totals.policies.trust).toBeGreaterThan(50);
    expect(totals.policies.resource).toBeGreaterThan(100);
  });
});
