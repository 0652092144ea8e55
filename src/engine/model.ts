// The review model: everything the rules read, built once per scan. Rules get this and nothing else — no
// file system, no network.

import type { ScanResult } from "../iac/scan.js";
import type { IacResource, PolicySource } from "../iac/types.js";
import type { Catalogue } from "../iam/catalogue.js";
import type { Policy } from "../iam/model.js";
import { normalizePolicy, type ShapeProblem } from "../iam/normalize.js";
import type { Config } from "./config.js";
import { cloudFormationSuppressions, terraformSuppressions, type Suppression } from "./suppressions.js";

export interface AnalyzedPolicy {
  source: PolicySource;
  policy: Policy;
  /** Where the document departs from AWS's grammar (IAM001). */
  problems: ShapeProblem[];
  /** `resource#property`: names the document in statement keys and explanations. */
  key: string;
}

export interface ReviewModel {
  scan: ScanResult;
  policies: AnalyzedPolicy[];
  /** The text of every scanned file, by path (for rules that read text: secrets, suppressions). */
  files: ReadonlyMap<string, string>;
  suppressions: Suppression[];
  config: Config;
  catalogue: Catalogue;
}

export function policyKey(source: PolicySource): string {
  return source.property ? `${source.resource}#${source.property}` : source.resource;
}

/** Names one statement of one document, for "one problem, one finding" and fingerprints. */
export function statementKey(policy: AnalyzedPolicy, index: number): string {
  return `${policy.key}#${index}`;
}

export function buildReviewModel(
  scan: ScanResult,
  files: ReadonlyMap<string, string>,
  config: Config,
  catalogue: Catalogue,
): ReviewModel {
  const policies = scan.policies.map((source) => {
    const key = policyKey(source);
    const { policy, problems } = normalizePolicy({ kind: source.kind, name: key, document: source.document, at: source.at });
    return { source, policy, problems, key };
  });
  const suppressions: Suppression[] = [];
  for (const file of scan.files) {
    const text = files.get(file.path);
    if (file.format === "terraform" && text !== undefined) suppressions.push(...terraformSuppressions(file.path, text));
  }
  for (const resource of scan.resources) suppressions.push(...cloudFormationSuppressions(resource));
  return { scan, policies, files, suppressions, config, catalogue };
}

// The scan's resources by address (in scan order), built once per model: rules look up the resource that
// writes a document, or the principals an inline policy is embedded in, and a scan holds thousands.
const resourcesByAddress = new WeakMap<ReviewModel, Map<string, IacResource[]>>();

/** The resources of the scan at `address` (one, or several when templates share a logical id unqualified). */
export function resourcesAt(model: ReviewModel, address: string): readonly IacResource[] {
  let index = resourcesByAddress.get(model);
  if (!index) {
    index = new Map();
    for (const resource of model.scan.resources) {
      const list = index.get(resource.address);
      if (list) list.push(resource);
      else index.set(resource.address, [resource]);
    }
    resourcesByAddress.set(model, index);
  }
  return index.get(address) ?? [];
}
