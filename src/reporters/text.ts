import type { ScanResult } from "../iac/scan.js";

/** `scan --format text`: per file, the policies found and the errors, then totals. */
export function renderText(result: ScanResult): string {
  const byFile = new Map<string, string[]>();
  const add = (path: string, line: string) => byFile.set(path, [...(byFile.get(path) ?? []), line]);
  for (const policy of result.policies) {
    const lines = policy.at.startLine === policy.at.endLine ? `${policy.at.startLine}` : `${policy.at.startLine}-${policy.at.endLine}`;
    const attached = policy.attachedTo.length > 0 ? ` → ${policy.attachedTo.join(", ")}` : "";
    add(policy.at.path, `  ${lines.padEnd(9)} ${policy.kind.padEnd(8)} ${policy.resource}${policy.property ? ` (${policy.property})` : ""}${attached}`);
  }
  for (const error of result.errors) add(error.path, `  ${String(error.line).padEnd(9)} error    ${error.message}`);
  const out: string[] = [];
  for (const path of [...byFile.keys()].sort()) out.push(path, ...(byFile.get(path) ?? []), "");
  const kinds = new Map<string, number>();
  for (const policy of result.policies) kinds.set(policy.kind, (kinds.get(policy.kind) ?? 0) + 1);
  const kindSummary = [...kinds].map(([kind, count]) => `${count} ${kind}`).join(", ");
  out.push(
    `${result.files.length} files, ${result.policies.length} policies${kindSummary ? ` (${kindSummary})` : ""}, ` +
      `${result.attachments.length} attachments, ${result.errors.length} errors`,
  );
  return `${out.join("\n")}\n`;
}
