// Every CloudFormation and SAM template of the shared corpus (../shared/corpus, next to the repository):
// no throw, no lost policy, and the YAML/JSON twins extract identical documents.

import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { extractCloudFormation, looksLikeCloudFormation } from "../../../src/iac/cloudformation/index.js";
import { toPlain } from "../../../src/iac/located.js";
import type { ExtractResult } from "../../../src/iac/types.js";
import { CORPUS } from "./helpers.js";

interface CorpusEntry {
  path: string;
  kind: string;
  labels?: { twin_of?: string };
}

const TEMPLATE_KINDS = new Set(["cloudformation-yaml", "cloudformation-json", "sam"]);
const entries = (JSON.parse(readFileSync(`${CORPUS}index.json`, "utf8")) as CorpusEntry[]).filter((entry) =>
  TEMPLATE_KINDS.has(entry.kind),
);
const texts = new Map(entries.map((entry) => [entry.path, readFileSync(CORPUS + entry.path, "utf8")]));
const results = new Map<string, ExtractResult>();
for (const entry of entries) results.set(entry.path, extractCloudFormation(entry.path, texts.get(entry.path)!));

/** A property that holds an IAM policy document, written in the text (YAML or JSON key). */
const POLICY_PROPERTY = /["']?\b(PolicyDocument|AssumeRolePolicyDocument|KeyPolicy|RepositoryPolicyText|AccessPolicies)["']?\s*:/;
/** IoT policies use the same key but are not IAM: a file with nothing else yields nothing, rightly. */
const ONLY_IOT = (text: string) => /AWS::IoT::Policy/.test(text) && !/AWS::(IAM|S3|SQS|SNS|KMS|EC2|ECR)::/.test(text);

describe("shared corpus", () => {
  it("has the CloudFormation and SAM files", () => {
    expect(entries.length).toBeGreaterThan(400);
  });

  it("recognises every template by its content", () => {
    const missed = entries.filter((entry) => !looksLikeCloudFormation(texts.get(entry.path)!, entry.path));
    expect(missed.map((entry) => entry.path)).toEqual([]);
  });

  it("yields policies or an error for every template that writes a policy document", () => {
    const lost = entries.filter((entry) => {
      const text = texts.get(entry.path)!;
      const result = results.get(entry.path)!;
      return POLICY_PROPERTY.test(text) && !ONLY_IOT(text) && result.policies.length === 0 && result.errors.length === 0;
    });
    expect(lost.map((entry) => entry.path)).toEqual([]);
  });

  it("never reports an internal error", () => {
    const internal = [...results].flatMap(([path, result]) =>
      result.errors.filter((error) => error.message.startsWith("internal error")).map((error) => `${path}: ${error.message}`),
    );
    expect(internal).toEqual([]);
  });

  it("gives every policy node a position inside its file", () => {
    for (const [path, result] of results) {
      const lines = texts.get(path)!.split("\n").length;
      for (const source of result.policies) {
        expect(source.at.path).toBe(path);
        expect(source.at.startLine).toBeGreaterThanOrEqual(1);
        expect(source.at.endLine).toBeLessThanOrEqual(lines);
      }
    }
  });

  const twins = entries.filter((entry) => entry.labels?.twin_of && entry.path.endsWith(".json"));
  it.each(twins.map((entry) => [entry.path, entry.labels!.twin_of!]))("twins extract identical documents: %s", (json, yaml) => {
    const plain = (path: string) =>
      results.get(path)!.policies.map((p) => ({ resource: p.resource, property: p.property, kind: p.kind, document: toPlain(p.document) }));
    expect(plain(json)).toEqual(plain(yaml));
    expect(results.get(json)!.attachments.map((a) => toPlain(a.policyArn))).toEqual(
      results.get(yaml)!.attachments.map((a) => toPlain(a.policyArn)),
    );
  });

  it("totals (printed for the record)", () => {
    const policiesByKind: Record<string, number> = {};
    const errorsByMessage: Record<string, number> = {};
    let attachments = 0;
    for (const result of results.values()) {
      for (const source of result.policies) policiesByKind[source.kind] = (policiesByKind[source.kind] ?? 0) + 1;
      attachments += result.attachments.length;
      for (const error of result.errors) {
        const type = error.message
          .replace(/^(resource )?[\w./[\]:-]+: /, "")
          .replace(/^Type .* is not/, "Type … is not")
          .replace(/"[^"]*"/g, '"…"')
          .replace(/\d+/g, "N");
        errorsByMessage[type] = (errorsByMessage[type] ?? 0) + 1;
      }
    }
    console.info(JSON.stringify({ files: entries.length, policiesByKind, attachments, errorsByMessage }, null, 2));
    expect(Object.values(policiesByKind).reduce((a, b) => a + b, 0)).toBeGreaterThan(1000);
  });
});
