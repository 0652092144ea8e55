import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import type { SourceReader } from "../../../src/iac/types.js";
import { extract, lineCol, node, plain, policyOf } from "./helpers.js";

/** The scan root of these tests: test/fixtures/terraform. */
const ROOT = fileURLToPath(new URL("../../fixtures/terraform/", import.meta.url));

/** A reader over the fixture root that records every path it is asked for. */
function spyReader(): SourceReader & { reads: string[] } {
  const reads: string[] = [];
  return {
    reads,
    read(path: string) {
      reads.push(path);
      const full = join(ROOT, path);
      return existsSync(full) ? readFileSync(full, "utf8") : undefined;
    },
  };
}

async function extractFixture(reader: SourceReader) {
  const main = readFileSync(join(ROOT, "file-policies/main.tf"), "utf8");
  return extract({ "main.tf": main }, { dir: "file-policies", reader });
}

describe("file() and templatefile()", () => {
  it("reads file() relative to the module and positions the document in the target file", async () => {
    const result = await extractFixture(spyReader());
    const trust = policyOf(result, "aws_iam_role.lambda");
    expect(trust).toMatchObject({ kind: "trust", origin: "file", attachedTo: ["aws_iam_role.lambda"] });
    // `at` is the call in main.tf; the document's nodes are in trust.json.
    expect(trust.at).toMatchObject({ path: "file-policies/main.tf", startLine: 3 });
    expect(plain(trust.document)).toEqual({
      Version: "2012-10-17",
      Statement: [{ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }],
    });
    const action = node(trust.document, "Statement", 0, "Action");
    expect(action.at).toMatchObject({ path: "file-policies/policies/trust.json", startLine: 7, startColumn: 17 });
  });

  it("substitutes literal templatefile() variables and marks the others", async () => {
    const result = await extractFixture(spyReader());
    const source = policyOf(result, "aws_iam_role_policy.bucket");
    expect(source).toMatchObject({ kind: "identity", origin: "file", attachedTo: ["aws_iam_role.lambda"] });
    expect(plain(source.document)).toEqual({
      Version: "2012-10-17",
      Statement: [
        {
          Effect: "Allow",
          Action: ["s3:GetObject"],
          Resource: "arn:aws:s3:::reports/home/${aws:username}/*",
          Condition: { StringEquals: { "aws:ResourceAccount": "<unresolved:data.aws_caller_identity.current.account_id>" } },
        },
        { Effect: "Allow", Action: "s3:ListBucket", Resource: "<unresolved:jsonencode(buckets)>" },
      ],
    });
    const template = "file-policies/policies/bucket.json.tftpl";
    expect(node(source.document, "Statement", 0, "Resource").at).toMatchObject({ path: template, startLine: 7, startColumn: 19 });
    expect(lineCol(node(source.document, "Statement", 1, "Resource"))).toEqual([13, 19]);
    expect(lineCol(node(source.document, "Statement", 1))).toEqual([10, 5]);
  });

  it("refuses paths outside the scan root without reading them", async () => {
    const reader = spyReader();
    const result = await extractFixture(reader);
    expect(reader.reads.sort()).toEqual([
      "file-policies/policies/broken.json",
      "file-policies/policies/bucket.json.tftpl",
      "file-policies/policies/missing.json",
      "file-policies/policies/trust.json",
    ]);
    const errors = result.errors.map((e) => [e.resource, e.line, e.policy ?? false, e.message]);
    expect(errors).toContainEqual([
      "aws_iam_policy.escape",
      15,
      false,
      'aws_iam_policy.escape policy: file(): path "../../../../etc/passwd" escapes the scan root: not read',
    ]);
    expect(errors).toContainEqual([
      "aws_iam_policy.absolute",
      19,
      false,
      'aws_iam_policy.absolute policy: file(): absolute path "/etc/passwd" is outside the scan root: not read',
    ]);
    expect(errors).toContainEqual([
      "aws_iam_policy.missing",
      23,
      false,
      'aws_iam_policy.missing policy: file(): "file-policies/policies/missing.json" not found',
    ]);
  });

  it("reports invalid JSON in a file at its line in that file", async () => {
    const result = await extractFixture(spyReader());
    const error = result.errors.find((e) => e.resource === "aws_iam_policy.broken");
    expect(error).toMatchObject({ path: "file-policies/policies/broken.json", line: 4, column: 43, policy: true });
    expect(error?.message).toContain("',' expected");
    expect(result.policies.some((p) => p.resource === "aws_iam_policy.broken")).toBe(false);
  });

  it("treats a path that is not known statically as an unresolved document", async () => {
    const reader = spyReader();
    const result = await extract(`resource "aws_iam_policy" "p" {\n  policy = file(var.policy_path)\n}\n`, { reader });
    expect(reader.reads).toEqual([]);
    expect(plain(policyOf(result, "aws_iam_policy.p").document)).toBe("<unresolved:file(var.policy_path)>");
  });
});
