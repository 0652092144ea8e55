import { toPlain } from "../iac/located.js";
import type { ScanResult } from "../iac/scan.js";

/** `scan --format json`, as DESIGN.md "Command line" fixes it. Paths are as the scan result holds them. */
export function renderJson(result: ScanResult): string {
  const output = {
    version: 1,
    findings: [],
    policies: result.policies.map((policy) => ({
      path: policy.at.path,
      resource: policy.resource,
      resourceType: policy.resourceType,
      property: policy.property,
      kind: policy.kind,
      startLine: policy.at.startLine,
      endLine: policy.at.endLine,
      attachedTo: policy.attachedTo,
      document: toPlain(policy.document),
    })),
    errors: result.errors.map((error) => ({
      path: error.path,
      line: error.line,
      ...(error.resource ? { resource: error.resource } : {}),
      message: error.message,
    })),
  };
  return `${JSON.stringify(output, null, 2)}\n`;
}
