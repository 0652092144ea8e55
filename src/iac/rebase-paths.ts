import { posix } from "node:path";
import type { ExtractResult } from "./types.js";

/**
 * Extractors see paths relative to the scan root; the command line shows them relative to the working
 * directory. Rewrites every `path` in an extraction result once (positions are shared between nodes, hence
 * the visited set). The scanner gives single files their shown path up front and uses this only for what
 * Terraform modules produce (their file() reads resolve against root-relative paths).
 * A scan of a large tree holds hundreds of thousands of objects, so the walk avoids per-object allocation and
 * joins each distinct path once.
 */
export function rebasePaths<Result extends ExtractResult>(result: Result, prefix: string): Result {
  if (prefix === "" || prefix === ".") return result;
  const rebased = new Map<string, string>();
  const rebase = (path: string) => {
    let joined = rebased.get(path);
    if (joined === undefined) {
      joined = posix.join(prefix, path);
      rebased.set(path, joined);
    }
    return joined;
  };
  const visited = new Set<object>();
  const pending: object[] = [result];
  while (pending.length > 0) {
    const value = pending.pop() as Record<string, unknown> | unknown[];
    if (Array.isArray(value)) {
      for (const item of value) {
        if (typeof item === "object" && item !== null && !visited.has(item)) {
          visited.add(item);
          pending.push(item);
        }
      }
      continue;
    }
    for (const key in value) {
      const child = value[key];
      if (typeof child === "string") {
        if (key === "path") value.path = rebase(child);
      } else if (typeof child === "object" && child !== null && !visited.has(child)) {
        visited.add(child);
        pending.push(child);
      }
    }
  }
  for (const policy of result.policies) {
    if (policy.resourceType === "policy-json") policy.resource = rebase(policy.resource);
  }
  return result;
}
