// Helpers the resource-policy rules (IAM4xx) share. Not a rule itself.

import type { AnalyzedPolicy, ReviewModel } from "../../engine/model.js";

import { judgeablePolicies } from "../validity/support.js";

/** Resource-based policies whose content is known at least in part ("unknown is not a violation"). */
export function resourcePolicies(model: ReviewModel): AnalyzedPolicy[] {
  return judgeablePolicies(model).filter((analyzed) => analyzed.source.kind === "resource");
}

/** Resource types whose policy is an S3 bucket policy. */
export const BUCKET_POLICY_TYPES: ReadonlySet<string> = new Set(["aws_s3_bucket_policy", "aws_s3_bucket", "AWS::S3::BucketPolicy"]);

/** Resource types whose policy is a KMS key policy. */
export const KEY_POLICY_TYPES: ReadonlySet<string> = new Set(["aws_kms_key", "aws_kms_key_policy", "AWS::KMS::Key", "AWS::KMS::ReplicaKey"]);

/** Lambda permissions: a resource policy statement written as resource attributes. */
export const LAMBDA_PERMISSION_TYPES: ReadonlySet<string> = new Set(["aws_lambda_permission", "AWS::Lambda::Permission"]);

/**
 * The resource types a policy belongs to: its own resource's type, or for a `data "aws_iam_policy_document"`
 * the types of the resources whose attributes use its `.json` (`aws_s3_bucket_policy`, `aws_vpc_endpoint`…).
 */
export function policyResourceTypes(model: ReviewModel, analyzed: AnalyzedPolicy): string[] {
  const { resource, resourceType } = analyzed.source;
  if (!resource.startsWith("data.")) return [resourceType];
  const types = referencingTypes(model).get(`<unresolved:${resource}.json>`);
  return types && types.size > 0 ? [...types] : [resourceType];
}

// Which resource types use each `<unresolved:…>` reference in a top-level attribute, built once per model: the
// rules ask it for every data-source document, and a scan holds thousands of resources.
const referenceIndex = new WeakMap<ReviewModel, Map<string, Set<string>>>();

function referencingTypes(model: ReviewModel): Map<string, Set<string>> {
  let index = referenceIndex.get(model);
  if (index) return index;
  index = new Map();
  const add = (reference: string, type: string) => index!.set(reference, (index!.get(reference) ?? new Set()).add(type));
  for (const candidate of model.scan.resources) {
    if (candidate.attributes.kind !== "object") continue;
    for (const { value } of candidate.attributes.entries) {
      if (value.kind === "unresolved") add(`<unresolved:${value.expr}>`, candidate.type);
      else if (value.kind === "string" && value.value.includes("<unresolved:")) {
        for (const match of value.value.matchAll(/<unresolved:[^>]*>/g)) add(match[0], candidate.type);
      }
    }
  }
  referenceIndex.set(model, index);
  return index;
}

/** True when the policy belongs to resources of the given types only. */
export function belongsTo(model: ReviewModel, analyzed: AnalyzedPolicy, types: ReadonlySet<string>): boolean {
  return policyResourceTypes(model, analyzed).every((type) => types.has(type));
}
