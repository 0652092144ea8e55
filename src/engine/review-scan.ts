// The `scan` review: extract, model, lint, mask. The result is what every reporter receives; the masking pass
// here is the one DESIGN.md "Secrets" requires, so no reporter can print a secret the scan found.

import type { ScanResult } from "../iac/scan.js";
import type { Catalogue } from "../iam/catalogue.js";
import type { Finding, Rule } from "../rules/types.js";
import type { Config, ConfigProblem } from "./config.js";
import { runRules } from "./lint.js";
import { buildReviewModel } from "./model.js";
import { findSecrets, maskInPlace, maskSecrets } from "./secrets.js";
import type { Suppression } from "./suppressions.js";

export interface ScanReview {
  scan: ScanResult;
  findings: Finding[];
  configProblems: ConfigProblem[];
  /** The suppressions written in the scanned files. */
  suppressions: Suppression[];
  /** File texts for excerpts, already masked. */
  files: ReadonlyMap<string, string>;
}

export async function reviewScan(input: {
  scan: ScanResult;
  files: ReadonlyMap<string, string>;
  config: Config;
  configProblems?: ConfigProblem[];
  catalogue: Catalogue;
  rules: readonly Rule[];
}): Promise<ScanReview> {
  const model = buildReviewModel(input.scan, input.files, input.config, input.catalogue);
  await input.catalogue.loadForPolicies(model.policies.map((p) => p.policy));
  const findings = runRules(model, input.rules);
  return maskReview({
    scan: input.scan,
    findings,
    configProblems: input.configProblems ?? [],
    suppressions: model.suppressions,
    files: input.files,
  });
}

/**
 * Every string of the review, file texts included, with the secrets found anywhere in the scan masked. The
 * review's objects are its own (built for this review), so they are masked in place.
 */
export function maskReview(review: ScanReview): ScanReview {
  const known = new Set<string>();
  for (const text of review.files.values()) for (const secret of findSecrets(text)) known.add(secret.value);
  // Every string of the review comes from these files (`files` includes file() targets): when none of them
  // holds a secret there is nothing to mask.
  if (known.size === 0) return review;
  const files = new Map<string, string>();
  for (const [path, text] of review.files) files.set(path, maskSecrets(text, known));
  maskInPlace(
    { scan: review.scan, findings: review.findings, configProblems: review.configProblems, suppressions: review.suppressions },
    known,
  );
  return { ...review, files };
}
