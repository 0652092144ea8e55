// The rules index page (docs/rules/README.md), rendered from the registry so it can never drift from it —
// plus the checks the engine produces itself (SIM001–SIM003), which are not registry rules.
import { ENGINE_CHECKS } from "../engine/engine-checks.js";
import { rules } from "./index.js";

const AREAS: [RegExp, string][] = [
  [/^IAM0/, "Validity: the policy would not do what its author thinks, or would fail to apply"],
  [/^IAM1/, "Least privilege"],
  [/^IAM2/, "MFA"],
  [/^IAM3/, "Trust policies"],
  [/^IAM4/, "Resource policies"],
  [/^IAM5/, "Credentials and accounts"],
  [/^IAM6/, "Audit"],
  [/^IAM7/, "Hygiene"],
  [/^SIM/, "Simulation"],
];

export function renderRulesIndex(): string {
  const lines = [
    "# Rules",
    "",
    "Every rule iam-review applies, generated from the rule registry (`npx tsx scripts/rules-index.ts`).",
    "Severities are defaults; `.github/iam-review.yml` can change them (`rules: { IAM703: off }`).",
    "",
  ];
  for (const [pattern, title] of AREAS) {
    const entries = [...rules.map((rule) => rule.meta), ...ENGINE_CHECKS];
    const inArea = entries.filter((entry) => pattern.test(entry.id)).sort((a, b) => a.id.localeCompare(b.id));
    if (inArea.length === 0) continue;
    lines.push(`## ${title}`, "", "| id | name | severity | what it finds |", "|---|---|---|---|");
    for (const entry of inArea) {
      lines.push(`| [${entry.id}](${entry.id}.md) | ${entry.name} | ${entry.severity} | ${entry.summary.replace(/\|/g, "\\|")} |`);
    }
    lines.push("");
  }
  return `${lines.join("\n").trimEnd()}\n`;
}
