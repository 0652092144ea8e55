// The `scan` review: extract, model, lint, mask. The result is what every reporter receives; the masking pass
// here is the one DESIGN.md "Secrets" requires, so no reporter can print a secret the scan found.

import type { ScanResult } from "../iac/scan.js";
import type { Catalogue } from "../iam/catalogue.js";
import { isBareStar } from "../iam/wildcard.js";
import { managedPolicyOfAttachment } from "../iam/managed-policies.js";
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
  // Rules are synchronous: everything they may look up is loaded first — the services the written documents
  // name, those the rules declare, the configured sensitive actions, and those of attached AWS managed policies.
  await input.catalogue.loadForPolicies(model.policies.map((p) => p.policy));
  await input.catalogue.load([
    ...input.rules.flatMap((rule) => rule.meta.catalogue ?? []),
    ...input.config.sensitive_actions,
    ...attachedManagedPolicyActions(input.scan),
  ]);
  const findings = runRules(model, input.rules);
  return maskReview({
    scan: input.scan,
    findings,
    configProblems: input.configProblems ?? [],
    suppressions: model.suppressions,
    files: input.files,
  });
}

function attachedManagedPolicyActions(scan: ScanResult): string[] {
  const actions: string[] = [];
  for (const attachment of scan.attachments) {
    if (attachment.policyArn.kind !== "string") continue;
    const policy = managedPolicyOfAttachment(attachment.policyArn.value, attachment.byName);
    if (!policy) continue;
    const statements = policy.document.Statement;
    for (const statement of Array.isArray(statements) ? statements : [statements]) {
      if (typeof statement !== "object" || statement === null || Array.isArray(statement)) continue;
      for (const element of [statement.Action, statement.NotAction]) {
        // A bare `*` loads nothing (see ActionCatalogue.loadForPolicies).
        if (typeof element === "string") {
          if (!isBareStar(element)) actions.push(element);
        } else if (Array.isArray(element)) for (const action of element) if (typeof action === "string" && !isBareStar(action)) actions.push(action);
      }
    }
  }
  return actions;
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
