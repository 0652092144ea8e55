import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { renderRulesIndex } from "../../src/rules/docs-index.js";
import { rules } from "../../src/rules/index.js";

describe("docs/rules/README.md", () => {
  it("is the index the registry renders (run `npx tsx scripts/rules-index.ts` after changing rules)", () => {
    const committed = readFileSync(join(import.meta.dirname, "../../docs/rules/README.md"), "utf8");
    expect(committed).toBe(renderRulesIndex());
    for (const rule of rules) expect(committed).toContain(`[${rule.meta.id}](${rule.meta.id}.md)`);
  });
});
