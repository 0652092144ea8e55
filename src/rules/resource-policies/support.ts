// Helpers the resource-policy rules (IAM4xx) share. Not a rule itself.

import type { AnalyzedPolicy, ReviewModel } from "../../engine/model.js";
import type { LocatedValue } from "../../iac/types.js";
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
  const reference = `<unresolved:${resource}.json>`;
  const types = model.scan.resources
    .filter((candidate) => candidate.attributes.kind === "object" && candidate.attributes.entries.some((entry) => usesReference(entry.value, reference)))
    .map((candidate) => candidate.type);
  return types.length > 0 ? [...new Set(types)] : [resourceType];
}

function usesReference(value: LocatedValue, reference: string): boolean {
  if (value.kind === "string") return value.value.includes(reference);
  if (value.kind === "unresolved") return `<unresolved:${value.expr}>` === reference;
  return false;
}

/** True when the policy belongs to resources of the given types only. */
export function belongsTo(model: ReviewModel, analyzed: AnalyzedPolicy, types: ReadonlySet<string>): boolean {
  return policyResourceTypes(model, analyzed).every((type) => types.has(type));
}
