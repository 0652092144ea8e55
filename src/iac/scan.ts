import { posix } from "node:path";
import { extractCloudFormation, looksLikeCloudFormation } from "./cloudformation/index.js";
import { extractPolicyFile, looksLikePolicyJson, type PolicyFileOptions } from "./policy-file.js";
import { rebasePaths } from "./rebase-paths.js";
import { extractTerraformModule } from "./terraform/index.js";
import { extractTerraformPlan, looksLikeTerraformPlan } from "./terraform-plan.js";
import type { ExtractResult, IacError, LocatedValue, PolicySource, SourceFormat, SourceReader } from "./types.js";

/** A file handed to the scanner: its text, or the error that kept it from being read. */
export type SourceFile = { path: string; text: string } | { path: string; error: IacError };

export interface ScannedFile {
  path: string;
  format: SourceFormat;
}

export interface ScanResult extends ExtractResult {
  files: ScannedFile[];
}

export interface ScanOptions extends PolicyFileOptions {
  /**
   * Put before every path of the result (the command line shows paths relative to the working directory).
   * Paths given to `configuredScp` and used to group and qualify stay relative to the scan root.
   */
  pathPrefix?: string;
}

const YAML_OR_JSON = /\.(ya?ml|json|template)$/i;

/** Which extractor reads a file, decided by extension and then by content. */
export function classify(path: string, text: string): SourceFormat {
  if (/\.tf$/i.test(path)) return "terraform";
  if (!YAML_OR_JSON.test(path)) return "other";
  if (/\.json$/i.test(path) && looksLikeTerraformPlan(text)) return "terraform-plan";
  if (looksLikeCloudFormation(text, path)) return "cloudformation";
  if (/\.json$/i.test(path) && looksLikePolicyJson(text)) return "policy-json";
  return "other";
}

/** True for the files a directory walk should hand to the scanner. */
export function isCandidatePath(path: string): boolean {
  return /\.tf$/i.test(path) || YAML_OR_JSON.test(path);
}

/**
 * Extracts every policy, attachment and resource from a set of files. Terraform files are read as modules
 * (all `.tf` files of a directory together); every other file on its own. Never throws: whatever goes wrong
 * with one file becomes an entry in `errors`.
 */
export async function scanSources(
  sources: SourceFile[],
  reader: SourceReader,
  options: ScanOptions = {},
): Promise<ScanResult> {
  const groups: { name: string; result: ExtractResult }[] = [];
  const files: ScannedFile[] = [];
  const errors: IacError[] = [];
  const modules = new Map<string, { path: string; text: string }[]>();
  const { pathPrefix = "", ...fileOptions } = options;
  const shown = (path: string) => (pathPrefix === "" ? path : posix.join(pathPrefix, path));

  for (const source of [...sources].sort((a, b) => a.path.localeCompare(b.path))) {
    if ("error" in source) {
      errors.push({ ...source.error, path: shown(source.error.path) });
      files.push({ path: shown(source.path), format: "other" });
      continue;
    }
    const format = classify(source.path, source.text);
    files.push({ path: shown(source.path), format });
    if (format === "terraform") {
      const dir = posix.dirname(source.path);
      const key = dir === "." ? "" : dir;
      modules.set(key, [...(modules.get(key) ?? []), source]);
    } else if (format !== "other") {
      // Extracted under the path it is shown by: a scan of hundreds of templates need not rewrite their trees.
      const scp = fileOptions.configuredScp;
      const singleOptions: PolicyFileOptions = scp ? { configuredScp: () => scp(source.path) } : {};
      const file = { path: shown(source.path), text: source.text };
      groups.push({ name: source.path, result: guarded(file.path, () => extractSingle(format, file, singleOptions)) });
    }
  }
  for (const [dir, moduleFiles] of modules) {
    const result = await guardedAsync(moduleFiles[0].path, () =>
      extractTerraformModule({ dir, files: moduleFiles, reader }),
    );
    groups.push({ name: dir, result: rebasePaths(result, pathPrefix) });
  }
  for (const { result } of groups) capStatements(result);
  qualifyAmbiguousAddresses(groups);
  const merged: ScanResult = { policies: [], attachments: [], resources: [], errors, files };
  for (const { result } of groups) {
    merged.policies.push(...result.policies);
    merged.attachments.push(...result.attachments);
    merged.resources.push(...result.resources);
    merged.errors.push(...result.errors);
  }
  merged.errors.sort((a, b) => a.path.localeCompare(b.path) || a.line - b.line);
  return merged;
}

/**
 * Statements read per policy document. No AWS policy comes close: the largest quota, a KMS key policy's
 * 32 KB, holds about 700 of the shortest possible statements. The cap is checked here, before any document is
 * normalised, linted or simulated. (What one principal holds in total is capped where principals are
 * resolved: src/engine/principals.ts.)
 */
export const MAX_STATEMENTS = 1000;

/** Refuses, with an error entry each (IAM001), the documents over the cap. */
function capStatements(result: ExtractResult): void {
  const kept: PolicySource[] = [];
  for (const policy of result.policies) {
    const count = statementCount(policy.document);
    if (count <= MAX_STATEMENTS) {
      kept.push(policy);
      continue;
    }
    result.errors.push({
      path: policy.at.path,
      line: policy.at.startLine,
      ...(policy.at.startColumn === undefined ? {} : { column: policy.at.startColumn }),
      message: `${policy.resource}: policy document has ${count} statements, more than the ${MAX_STATEMENTS} iam-review reads (and far more than AWS accepts in one policy): refused`,
      resource: policy.resource,
      policy: true,
    });
  }
  result.policies = kept;
}

function statementCount(document: LocatedValue): number {
  const statement = document.kind === "object" ? document.entries.find((entry) => entry.key === "Statement")?.value : undefined;
  if (!statement) return 0;
  if (statement.kind === "array") return statement.items.length;
  if (statement.kind === "choice") return Math.max(0, ...statement.options.map((option) => (option.kind === "array" ? option.items.length : 1)));
  return 1;
}

function extractSingle(
  format: SourceFormat,
  source: { path: string; text: string },
  options: PolicyFileOptions,
): ExtractResult {
  switch (format) {
    case "cloudformation":
      return extractCloudFormation(source.path, source.text);
    case "terraform-plan":
      return extractTerraformPlan(source.path, source.text);
    case "policy-json":
      return extractPolicyFile(source.path, source.text, options);
    default:
      return emptyResult();
  }
}

function emptyResult(): ExtractResult {
  return { policies: [], attachments: [], resources: [], errors: [] };
}

// The extractors are written never to throw; this is the last line of defence so that one bad file can
// never take the whole scan down. The error names the file so the bug can be reported.
function guarded(path: string, extract: () => ExtractResult): ExtractResult {
  try {
    return extract();
  } catch (error) {
    return { ...emptyResult(), errors: [internalError(path, error)] };
  }
}

async function guardedAsync(path: string, extract: () => Promise<ExtractResult>): Promise<ExtractResult> {
  try {
    return await extract();
  } catch (error) {
    return { ...emptyResult(), errors: [internalError(path, error)] };
  }
}

function internalError(path: string, error: unknown): IacError {
  const reason = error instanceof Error ? error.message : String(error);
  return { path, line: 1, message: `internal error while reading this file (please report it): ${reason}` };
}

/**
 * The same address in two modules or templates (`aws_iam_role.this` in every module) is qualified with its
 * directory or file (`modules/ci:aws_iam_role.this`, `stack.yaml:DevRole`), as DESIGN.md "Addresses" says.
 */
function qualifyAmbiguousAddresses(groups: { name: string; result: ExtractResult }[]): void {
  const owners = new Map<string, Set<string>>();
  for (const { name, result } of groups) {
    for (const address of addressesDefinedIn(result)) {
      owners.set(address, (owners.get(address) ?? new Set()).add(name));
    }
  }
  for (const { name, result } of groups) {
    const rename = (address: string) =>
      (owners.get(address)?.size ?? 0) > 1 ? `${name === "" ? "." : name}:${address}` : address;
    for (const policy of result.policies) {
      policy.resource = rename(policy.resource);
      policy.attachedTo = policy.attachedTo.map(rename);
    }
    for (const attachment of result.attachments) {
      attachment.principal = rename(attachment.principal);
      attachment.resource = rename(attachment.resource);
      if (attachment.policyResource) attachment.policyResource = rename(attachment.policyResource);
    }
    for (const resource of result.resources) resource.address = rename(resource.address);
  }
}

function addressesDefinedIn(result: ExtractResult): Set<string> {
  const addresses = new Set<string>();
  for (const resource of result.resources) addresses.add(resource.address);
  for (const policy of result.policies) if (policy.resourceType !== "policy-json") addresses.add(policy.resource);
  return addresses;
}
