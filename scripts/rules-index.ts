// Writes docs/rules/README.md, the index of every rule, from the registry: `npx tsx scripts/rules-index.ts`.
// test/meta/rules-index.test.ts fails when the committed index is not what this prints.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { renderRulesIndex } from "../src/rules/docs-index.js";

const path = join(import.meta.dirname, "../docs/rules/README.md");
writeFileSync(path, renderRulesIndex());
process.stdout.write(`wrote ${path}\n`);
