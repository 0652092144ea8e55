// Which Terraform resources carry IAM policy documents or attach managed policies, and in which attribute.
// Resources not listed here are not IAM policies even when they have a `policy` (ECR lifecycle, DLM, SNS data
// protection, WAFv2 statements, Step Functions definitions, EventBridge patterns).
import type { PolicyKind } from "../types.js";

export type PrincipalType = "role" | "user" | "group";

export interface DocumentAttribute {
  attribute: string;
  kind: PolicyKind;
  /** The attribute naming the principal an inline policy belongs to (`role` of `aws_iam_role_policy`). */
  principal?: { attribute: string; resourceType: string; type: PrincipalType | "unknown" };
}

const resourcePolicy = (attribute = "policy"): DocumentAttribute[] => [{ attribute, kind: "resource" }];
const inlinePolicy = (attribute: string, type: PrincipalType): DocumentAttribute[] => [
  { attribute: "policy", kind: "identity", principal: { attribute, resourceType: `aws_iam_${type}`, type } },
];

const DOCUMENT_ATTRIBUTES: Readonly<Record<string, DocumentAttribute[]>> = {
  aws_iam_policy: [{ attribute: "policy", kind: "identity" }],
  aws_iam_role: [{ attribute: "assume_role_policy", kind: "trust" }],
  aws_iam_role_policy: inlinePolicy("role", "role"),
  aws_iam_user_policy: inlinePolicy("user", "user"),
  aws_iam_group_policy: inlinePolicy("group", "group"),
  aws_ssoadmin_permission_set_inline_policy: [
    {
      attribute: "inline_policy",
      kind: "identity",
      principal: { attribute: "permission_set_arn", resourceType: "aws_ssoadmin_permission_set", type: "unknown" },
    },
  ],
  aws_organizations_policy: [{ attribute: "content", kind: "scp" }],
  aws_s3_bucket_policy: resourcePolicy(),
  aws_s3_bucket: resourcePolicy(),
  aws_s3_access_point: resourcePolicy(),
  aws_kms_key: resourcePolicy(),
  aws_kms_key_policy: resourcePolicy(),
  aws_sqs_queue_policy: resourcePolicy(),
  aws_sqs_queue: resourcePolicy(),
  aws_sns_topic_policy: resourcePolicy(),
  aws_sns_topic: resourcePolicy(),
  aws_ecr_repository_policy: resourcePolicy(),
  aws_ecr_registry_policy: resourcePolicy(),
  aws_ecrpublic_repository_policy: resourcePolicy(),
  aws_secretsmanager_secret_policy: resourcePolicy(),
  aws_secretsmanager_secret: resourcePolicy(),
  aws_vpc_endpoint: resourcePolicy(),
  aws_vpc_endpoint_policy: resourcePolicy(),
  aws_opensearch_domain_policy: resourcePolicy("access_policies"),
  aws_elasticsearch_domain_policy: resourcePolicy("access_policies"),
  aws_opensearch_domain: resourcePolicy("access_policies"),
  aws_elasticsearch_domain: resourcePolicy("access_policies"),
  aws_glacier_vault: resourcePolicy("access_policy"),
  aws_glacier_vault_lock: resourcePolicy(),
  aws_api_gateway_rest_api_policy: resourcePolicy(),
  aws_api_gateway_rest_api: resourcePolicy(),
  aws_cloudwatch_log_resource_policy: resourcePolicy("policy_document"),
  aws_cloudwatch_log_destination_policy: resourcePolicy("access_policy"),
  aws_cloudwatch_event_bus_policy: resourcePolicy(),
  aws_kinesis_resource_policy: resourcePolicy(),
  aws_efs_file_system_policy: resourcePolicy(),
  aws_backup_vault_policy: resourcePolicy(),
  aws_glue_resource_policy: resourcePolicy(),
  aws_codeartifact_domain_permissions_policy: resourcePolicy("policy_document"),
  aws_codeartifact_repository_permissions_policy: resourcePolicy("policy_document"),
};

/** The policy documents a resource type writes; `aws_s3control_*_policy` all use `policy`. */
export function documentAttributes(resourceType: string): DocumentAttribute[] {
  const listed = DOCUMENT_ATTRIBUTES[resourceType];
  if (listed) return listed;
  if (/^aws_s3control_\w+_policy$/.test(resourceType)) return resourcePolicy();
  return [];
}

/** Organizations policy types that are IAM policies (the rest, TAG/BACKUP/AISERVICES..., are not). */
export const IAM_ORGANIZATIONS_POLICY_TYPES = new Set(["SERVICE_CONTROL_POLICY", "RESOURCE_CONTROL_POLICY"]);

/** A resource that attaches managed policies (by ARN) to principals. */
export interface AttachmentRule {
  principals: { attribute: string; type: PrincipalType; list: boolean }[];
  policyArn: { attribute: string; list: boolean };
}

const single = (attribute: string, type: PrincipalType): AttachmentRule => ({
  principals: [{ attribute, type, list: false }],
  policyArn: { attribute: "policy_arn", list: false },
});
const exclusive = (attribute: string, type: PrincipalType): AttachmentRule => ({
  principals: [{ attribute, type, list: false }],
  policyArn: { attribute: "policy_arns", list: true },
});

export const ATTACHMENT_RULES: Readonly<Record<string, AttachmentRule>> = {
  aws_iam_role_policy_attachment: single("role", "role"),
  aws_iam_user_policy_attachment: single("user", "user"),
  aws_iam_group_policy_attachment: single("group", "group"),
  aws_iam_policy_attachment: {
    principals: [
      { attribute: "roles", type: "role", list: true },
      { attribute: "users", type: "user", list: true },
      { attribute: "groups", type: "group", list: true },
    ],
    policyArn: { attribute: "policy_arn", list: false },
  },
  aws_iam_role_policy_attachments_exclusive: exclusive("role_name", "role"),
  aws_iam_user_policy_attachments_exclusive: exclusive("user_name", "user"),
  aws_iam_group_policy_attachments_exclusive: exclusive("group_name", "group"),
};
