// The project's SAM policy template table against SAM's own policy_templates.json (read from the shared
// corpus next to the repository, never copied into it), and the expansion against SAM's translator output.

import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { SAM_POLICY_TEMPLATES } from "../../../src/iac/cloudformation/sam-policy-templates.js";
import { expandTemplateStatements } from "../../../src/iac/cloudformation/sam.js";
import { fromPlain, position, toPlain } from "../../../src/iac/located.js";
import type { LocatedValue } from "../../../src/iac/types.js";
import { CORPUS, extract } from "./helpers.js";

const SAM = `${CORPUS}aws__serverless-application-model/`;
const TEMPLATES_JSON = `${SAM}samtranslator/policy_templates_data/policy_templates.json`;

interface SamTemplatesFile {
  Templates: Record<string, { Parameters: Record<string, unknown>; Definition: { Statement: unknown[] } }>;
}

const sam = JSON.parse(readFileSync(TEMPLATES_JSON, "utf8")) as SamTemplatesFile;
const at = position("t.yaml", 1);

/** Each parameter gets a recognisable literal value, so substitution is visible in the result. */
function literalValues(parameters: string[]): Map<string, LocatedValue> {
  return new Map(parameters.map((name) => [name, fromPlain(`value-of-${name}`, at)]));
}

describe("SAM policy template table", () => {
  it("has the same template names as SAM", () => {
    expect(Object.keys(SAM_POLICY_TEMPLATES).sort()).toEqual(Object.keys(sam.Templates).sort());
  });

  it.each(Object.keys(sam.Templates))("%s has SAM's parameters and statements", (name) => {
    const expected = sam.Templates[name];
    const ours = SAM_POLICY_TEMPLATES[name];
    expect(ours.parameters).toEqual(Object.keys(expected.Parameters));
    const values = literalValues(ours.parameters);
    const expanded = toPlain(expandTemplateStatements(ours.statements, values, at));
    expect(expanded).toEqual(toPlain(expandTemplateStatements(expected.Definition.Statement, values, at)));
    // No parameter is left unsubstituted.
    for (const parameter of ours.parameters) expect(JSON.stringify(expanded)).not.toContain(`!Ref ${parameter}`);
  });
});

describe("expansion against SAM's translator output", () => {
  const input = `${SAM}tests/translator/input/all_policy_templates.yaml`;
  const output = `${SAM}tests/translator/output/all_policy_templates.json`;

  it("matches the policies SAM generates for every template", () => {
    const result = extract(readFileSync(input, "utf8"), "all_policy_templates.yaml");
    expect(result.errors).toEqual([]);
    const translated = JSON.parse(readFileSync(output, "utf8")) as {
      Resources: Record<string, { Type: string; Properties: { Policies?: { PolicyDocument: unknown }[] } }>;
    };
    const role = translated.Resources.KitchenSinkFunctionRole;
    const generated = (role.Properties.Policies ?? []).map((p) => toPlain(resolvedPlain(p.PolicyDocument)));
    const ours = result.policies.filter((p) => p.origin === "sam-template").map((p) => toPlain(p.document));
    expect(ours).toHaveLength(generated.length);
    expect(ours).toEqual(generated);
  });
});

/** SAM's output still holds `Fn::Sub` with the values in place: resolve it the way the extractor does. */
function resolvedPlain(document: unknown): LocatedValue {
  return expandTemplateStatements((document as { Statement: unknown[] }).Statement, new Map(), at);
}
