import { posix } from "node:path";
import type { ScanResult } from "../iac/scan.js";

/**
 * Scans see paths relative to their root; the command line shows them relative to the working directory.
 * Rewrites every `path` in a scan result once (positions are shared between nodes, hence the visited set).
 */
export function rebasePaths(result: ScanResult, prefix: string): ScanResult {
  if (prefix === "" || prefix === ".") return result;
  const rebase = (path: string) => posix.join(prefix, path);
  const visited = new WeakSet<object>();
  const pending: unknown[] = [result];
  while (pending.length > 0) {
    const value = pending.pop();
    if (typeof value !== "object" || value === null || visited.has(value)) continue;
    visited.add(value);
    if (Array.isArray(value)) {
      pending.push(...value);
      continue;
    }
    const record = value as Record<string, unknown>;
    for (const [key, child] of Object.entries(record)) {
      if (key === "path" && typeof child === "string") record.path = rebase(child);
      else if (typeof child === "object") pending.push(child);
    }
  }
  for (const policy of result.policies) {
    if (policy.resourceType === "policy-json") policy.resource = rebase(policy.resource);
  }
  return result;
}
