// Agreement with the resource-level labels of the shared corpus: checkov's passing/failing resources and
// cfn_nag's expected offending ids. For each check with an equivalent rule here, every labelled resource is
// judged by our whole registry (default config) and classed agree-fail / agree-pass / we-miss / they-miss.
// The counts are pinned per check, and every disagreement carries a verdict below, so agreement cannot drop
// (or a disagreement appear or vanish) silently. Machinery: ./agreement.ts.
import { describe, expect, it } from "vitest";
import type { Finding } from "../../src/rules/types.js";
import {
  addressOf,
  cfnNagLabels,
  checkovLabels,
  index,
  outcomeOf,
  scanned,
  subjects,
  withSuperseding,
  type Labelled,
  type Mapping,
  type Outcome,
  type Verdict,
} from "./agreement.js";

/** IAM102 findings about `iam` only: the checks are about full IAM access, not `s3:*` or `ec2:*`. */
function iamWildcard(finding: Finding): boolean {
  if (finding.ruleId !== "IAM102") return true;
  return String(finding.data.service ?? finding.data.services).split(", ").includes("iam");
}

// ------------------------------------------------------------------------------------------ checkov
// The rules that supersede a mapped rule count too (IAM101 replaces IAM102/103/105–108 on a statement,
// IAM404 replaces IAM401 on a Lambda permission); IAM102 is listed with IAM103 because it replaces IAM103
// for the same actions (RULES.md "One problem, one finding").
const CHECKOV: Record<string, Mapping> = {
  // Full admin `*` on `*` (data source / resources / the AdministratorAccess managed policy attached).
  CKV_AWS_1: { rules: ["IAM101"] },
  CKV_AWS_62: { rules: ["IAM101"] },
  CKV_AWS_274: { rules: ["IAM101"] },
  // Partial: checkov flags `Action: "*"` whatever the resource; IAM101 needs every resource.
  CKV_AWS_49: { rules: ["IAM101"] },
  // Partial: cloudsplaining's "restrictable action on `*`" includes reads and lists; ours judge writes,
  // permissions management and tagging (IAM103, IAM102) and data reads (IAM107) on `*`.
  CKV_AWS_355: { rules: ["IAM102", "IAM103", "IAM107"] },
  CKV_AWS_356: { rules: ["IAM102", "IAM103", "IAM107"] },
  // `iam:*` (or more): IAM102 for the iam service; IAM101 when the statement is full admin.
  CKV2_AWS_40: { rules: ["IAM102"], via: ["document"], only: iamWildcard },
  // The IAMFullAccess managed policy attached: IAM102 reports `iam:*` at the attachment, naming the policy.
  CKV2_AWS_56: { rules: ["IAM102"], only: iamWildcard },
  // Cloudsplaining's categories map one to one onto IAM108, IAM107, IAM105.
  CKV_AWS_107: { rules: ["IAM108"] },
  CKV_AWS_287: { rules: ["IAM108"] },
  CKV_AWS_108: { rules: ["IAM107"] },
  CKV_AWS_288: { rules: ["IAM107"] },
  CKV_AWS_110: { rules: ["IAM105"] },
  CKV_AWS_286: { rules: ["IAM105"] },
  // Permissions management / write "without constraints" (on `*`): IAM103, or IAM102 for a service wildcard.
  CKV_AWS_109: { rules: ["IAM102", "IAM103"] },
  CKV_AWS_289: { rules: ["IAM102", "IAM103"] },
  CKV_AWS_111: { rules: ["IAM102", "IAM103"] },
  CKV_AWS_290: { rules: ["IAM102", "IAM103"] },
  // Public resource policies: IAM401 (IAM404 for a Lambda permission, by supersession).
  CKV_AWS_32: { rules: ["IAM401"], via: ["document"] },
  CKV_AWS_33: { rules: ["IAM401"], via: ["document"] },
  CKV_AWS_70: { rules: ["IAM401"], via: ["document"] },
  CKV_AWS_167: { rules: ["IAM401"], via: ["document"] },
  CKV_AWS_168: { rules: ["IAM401"], via: ["document"] },
  CKV_AWS_169: { rules: ["IAM401"], via: ["document"] },
  CKV_AWS_387: { rules: ["IAM401"], via: ["document"] },
  // "Any AWS principal" in a policy document: public if it is a resource policy, any-principal if a trust.
  CKV_AWS_283: { rules: ["IAM401", "IAM301"] },
  // Plain HTTP not denied: checkov labels the public bucket's ACL; we judge the bucket's policy.
  CKV_AWS_379: { rules: ["IAM402"], via: ["bucket-policy"] },
  // Trust: `*` may assume the role; a whole account may assume it without a condition (IAM302 for another
  // account; IAM301 if that principal is `*`).
  CKV_AWS_60: { rules: ["IAM301"] },
  CKV_AWS_61: { rules: ["IAM301", "IAM302"], via: ["document"] },
  // GitHub OIDC trust without a pinned `sub` (IAM304 also requires `aud`).
  CKV_AWS_358: { rules: ["IAM304"] },
  CKV_AWS_393: { rules: ["IAM304"], via: ["document"] },
  CKV_AWS_40: { rules: ["IAM503"] },
  CKV_AWS_45: { rules: ["IAM502"] },
  // The notebook's role allows `*`: IAM101 on the role the notebook runs as.
  CKV2_AWS_68: { rules: ["IAM101"], via: ["role"] },
};

/** Labelled checks that no rule here is about; their resources are not judged. */
const CHECKOV_NO_EQUIVALENT: Record<string, string> = {
  "(none)": "fixtures whose test names no check id (CustomPolicy1, APIGatewayMethodWOAuth, SagemakerNotebookEncryption)",
  CKV_AWS_72: "`*` as the action of an SQS policy: about actions, not principals (its failing resource is limited by aws:SourceArn, so not public either)",
  CKV_AWS_93: "S3 bucket policy that locks out all but root: no rule judges lock-out Denies",
  CKV_AWS_385: "SNS cross-account access: no rule judges named cross-account grants in resource policies (IAM302 is for trust policies)",
  CKV2_AWS_64: "KMS key without a key policy (AWS then applies the default, account-root policy)",
  CKV_AWS_227: "KMS key enabled",
  CKV_AWS_367: "SageMaker encryption",
  CKV_AWS_368: "SageMaker volume encryption",
  CKV_AWS_370: "SageMaker network isolation",
  CKV_AWS_371: "SageMaker IMDSv2 (IAM505 judges EC2 instances and launch templates only)",
  CKV2_AWS_66: "MWAA environment public access",
  CKV2_AWS_75: "Lambda function URL CORS",
};

// ------------------------------------------------------------------------------------------ cfn_nag
// cfn_nag's specs give each rule's offending logical ids; `judged` is the resource type each rule looks at, so
// the file's other resources of that type are its passing ones (the spec asserts the exact offending list).
const CFN_NAG: Record<string, Mapping & { judged: string[] }> = {
  // "Wildcard action" in a permissions policy: `*` (IAM101) or `service:*` (IAM102). Partial: cfn_nag matches
  // the pattern; ours decide by simulation what the statement grants.
  F3: { rules: ["IAM101", "IAM102"], judged: ["AWS::IAM::Role"] },
  F4: { rules: ["IAM101", "IAM102"], judged: ["AWS::IAM::Policy"] },
  F5: { rules: ["IAM101", "IAM102"], judged: ["AWS::IAM::ManagedPolicy"] },
  // Policies on users.
  F10: { rules: ["IAM503"], judged: ["AWS::IAM::User"] },
  F11: { rules: ["IAM503"], judged: ["AWS::IAM::Policy"] },
  F12: { rules: ["IAM503"], judged: ["AWS::IAM::ManagedPolicy"] },
  // Wildcard principals in resource policies and Lambda permissions.
  F13: { rules: ["IAM404"], judged: ["AWS::Lambda::Permission"] },
  F16: { rules: ["IAM401"], judged: ["AWS::S3::BucketPolicy"] },
  F18: { rules: ["IAM401"], judged: ["AWS::SNS::TopicPolicy"] },
  F21: { rules: ["IAM401"], judged: ["AWS::SQS::QueuePolicy"] },
  F76: { rules: ["IAM401"], judged: ["AWS::KMS::Key"] },
  // iam:PassRole on `*`.
  F38: { rules: ["IAM106"], judged: ["AWS::IAM::Role"] },
  F39: { rules: ["IAM106"], judged: ["AWS::IAM::Policy"] },
  F40: { rules: ["IAM106"], judged: ["AWS::IAM::ManagedPolicy"] },
  // NotAction / NotResource with Allow in identity policies.
  W15: { rules: ["IAM104"], judged: ["AWS::IAM::Role"] },
  W16: { rules: ["IAM104"], judged: ["AWS::IAM::Policy"] },
  W17: { rules: ["IAM104"], judged: ["AWS::IAM::ManagedPolicy"] },
  W21: { rules: ["IAM104"], judged: ["AWS::IAM::Role"] },
  W22: { rules: ["IAM104"], judged: ["AWS::IAM::Policy"] },
  W23: { rules: ["IAM104"], judged: ["AWS::IAM::ManagedPolicy"] },
  // AdministratorAccess attached; elevated managed policies (IAMFullAccess, PowerUserAccess) attached.
  W43: { rules: ["IAM101"], judged: ["AWS::IAM::Role"] },
  W44: { rules: ["IAM102", "IAM105"], judged: ["AWS::IAM::Role"] },
};

const CFN_NAG_NO_EQUIVALENT: Record<string, string> = {
  F2: "wildcard action in a trust policy",
  F6: "NotPrincipal in a trust policy",
  "F7 F8 F9": "NotPrincipal in SQS/SNS/S3 policies with any effect (a Deny with NotPrincipal is a normal pattern; an Allow with it is IAM401's and is flagged)",
  F20: "`*` action in an SQS policy (about actions, not principals)",
  "W12 W13": "any `Resource: *`: AWS requires it for actions without resource-level permissions; IAM103/IAM107 judge writes and data reads on `*`",
  W14: "NotAction in a trust policy",
  "W18 W19 W20": "NotAction in SQS/SNS/S3 policies (IAM104 judges identity policies)",
  W24: "Lambda permission for an action other than InvokeFunction",
  W28: "explicit resource names",
  W76: "policy complexity score (IAM701 counts services and statements instead)",
  "F19 F665 W1 W26 W37 W38 W39 W51 W58 W77 W89 W92": "not about IAM policies (key rotation, WAF, ELB logs, EBS, IoT policies, bucket without policy, Lambda logging/VPC/concurrency, secrets KMS)",
};

// ------------------------------------------------------------------------------------------ pinned results

type Counts = Partial<Record<Outcome, number>>;

const PINNED: Record<string, Counts> = {
  CKV_AWS_1: { "agree-fail": 2, "agree-pass": 2 },
  CKV_AWS_62: { "agree-fail": 4, "agree-pass": 3, "we-miss": 1 },
  CKV_AWS_274: { "agree-fail": 5, "agree-pass": 7, "we-miss": 1 },
  CKV_AWS_49: { "agree-pass": 3, "we-miss": 2 },
  CKV_AWS_355: { "agree-pass": 6, "we-miss": 5 },
  CKV_AWS_356: { "agree-pass": 3, "we-miss": 1, "they-miss": 1 },
  CKV2_AWS_40: { "agree-fail": 8, "agree-pass": 8, "we-miss": 1 },
  CKV2_AWS_56: { "agree-fail": 6, "agree-pass": 9, "we-miss": 3 },
  CKV_AWS_107: { "agree-fail": 1, "agree-pass": 2, "they-miss": 1 },
  CKV_AWS_287: { "agree-fail": 1, "agree-pass": 2, "they-miss": 1 },
  CKV_AWS_108: { "agree-fail": 1, "agree-pass": 1 },
  CKV_AWS_288: { "agree-fail": 1, "agree-pass": 1 },
  CKV_AWS_110: { "agree-fail": 1, "agree-pass": 1 },
  CKV_AWS_286: { "agree-fail": 1, "agree-pass": 1 },
  CKV_AWS_109: { "agree-fail": 1, "they-miss": 1 },
  CKV_AWS_289: { "agree-fail": 1, "they-miss": 1 },
  CKV_AWS_111: { "agree-fail": 1, "agree-pass": 1, "they-miss": 1 },
  CKV_AWS_290: { "agree-pass": 2, "we-miss": 1 },
  CKV_AWS_32: { "agree-fail": 3, "agree-pass": 9, "they-miss": 2 },
  CKV_AWS_33: { "agree-fail": 5, "agree-pass": 7, "we-miss": 3 },
  CKV_AWS_70: { "agree-fail": 6, "agree-pass": 11, "they-miss": 2 },
  CKV_AWS_167: { "agree-fail": 3, "agree-pass": 2, "we-miss": 1 },
  CKV_AWS_168: { "agree-fail": 6, "agree-pass": 4, "we-miss": 2 },
  CKV_AWS_169: { "agree-pass": 3, "we-miss": 4 },
  CKV_AWS_387: { "agree-fail": 2, "agree-pass": 2 },
  CKV_AWS_283: { "agree-fail": 2, "agree-pass": 5 },
  CKV_AWS_379: { "agree-fail": 2, "agree-pass": 4, "they-miss": 3 },
  CKV_AWS_60: { "agree-fail": 4, "agree-pass": 4 },
  CKV_AWS_61: { "agree-fail": 4, "agree-pass": 3 },
  CKV_AWS_358: { "agree-pass": 6, "we-miss": 6 },
  CKV_AWS_393: { "agree-fail": 6, "agree-pass": 5, "they-miss": 2 },
  CKV_AWS_40: { "agree-fail": 3, "agree-pass": 3 },
  CKV_AWS_45: { "agree-pass": 1 },
  CKV2_AWS_68: { "agree-pass": 4, "we-miss": 2 },
  F3: { "we-miss": 1 },
  F4: { "we-miss": 1 },
  F5: { "we-miss": 1 },
  F10: { "agree-fail": 1 },
  F11: { "agree-fail": 1 },
  F12: { "agree-fail": 1 },
  F13: { "agree-pass": 1, "we-miss": 1 },
  F16: { "agree-fail": 1, "agree-pass": 2 },
  F18: { "agree-fail": 4 },
  F21: { "agree-fail": 3, "agree-pass": 4 },
  F76: { "agree-fail": 3, "agree-pass": 1 },
  F38: { "agree-fail": 2, "agree-pass": 2 },
  F39: { "agree-fail": 1, "agree-pass": 2 },
  F40: { "agree-fail": 5, "agree-pass": 4 },
  W15: { "agree-fail": 1 },
  W16: { "agree-fail": 1 },
  W17: { "agree-fail": 1 },
  W21: { "agree-fail": 2 },
  W22: { "agree-fail": 1 },
  W23: { "agree-fail": 1 },
  W43: { "agree-fail": 1 },
  W44: { "agree-fail": 2 },
};

/** Labels whose resource our scan does not have, and why; they count as "we pass" (no finding). */
const UNREADABLE: Record<string, string> = {
  "CKV_AWS_1 example_AdminPolicyDocument/main.tf aws_iam_policy_document.list":
    "not valid HCL (a `principals` block inside an object literal): Terraform rejects it, our parser skips the block",
  "CKV_AWS_49 example_StarActionPolicyDocument/main.tf aws_iam_policy_document.unknown": "the same invalid `statement = [{ … principals { … } }]`",
};

const INVALID_JSON = "the heredoc is not valid JSON (trailing comma): Terraform rejects the policy and we report IAM001 on it";

/** Every disagreement, with who is wrong and why. Key: check, labelled file (dir/name), label. */
const VERDICTS: Record<string, Verdict> = {
  // ---- full admin / `*` actions
  "CKV_AWS_62 example_IAMAdminPolicyDocument/iam.tf aws_iam_policy.fail4": {
    outcome: "we-miss", wrong: "fixture",
    why: "the statement has no Effect: AWS rejects the policy (Effect is required); checkov reads it as Allow, we report IAM001",
  },
  "CKV_AWS_274 example_IAMManagedAdminPolicy/IAMManagedAdminPolicy.tf aws_ssoadmin_managed_policy_attachment.fail6": {
    outcome: "we-miss", wrong: "ours",
    why: "real gap: AdministratorAccess attached to an IAM Identity Center permission set; we do not model aws_ssoadmin_managed_policy_attachment",
  },
  "CKV_AWS_49 example_StarActionPolicyDocument/main.tf aws_iam_policy_document.fail": {
    outcome: "we-miss", wrong: "ours",
    why: "real gap: `*` on one bucket's objects (`arn:aws:s3:::my_corporate_bucket/*`) grants every object action there, s3:PutObjectAcl included; IAM101 needs every resource and IAM102 leaves `*` to IAM101, so nothing judges it (IAM105's ssm:SendCommand finding on it is a false positive, see the report)",
  },
  "CKV_AWS_49 example_StarActionPolicyDocument/main.tf aws_iam_policy_document.no_effect": {
    outcome: "we-miss", wrong: "ours",
    why: "as `fail` (a data source statement without `effect` is an Allow)",
  },
  "CKV_AWS_355 example_IAMStarResourcePolicyDocument/main.tf aws_iam_group_policy.fail": {
    outcome: "we-miss", wrong: "scope",
    why: "`ec2:Describe*` on `*`: reads of metadata, most of which AWS cannot restrict by resource; cloudsplaining counts every restrictable action, ours judge writes (IAM103) and data reads (IAM107)",
  },
  "CKV_AWS_355 example_IAMStarResourcePolicyDocument/main.tf aws_iam_policy.fail": { outcome: "we-miss", wrong: "scope", why: "as aws_iam_group_policy.fail" },
  "CKV_AWS_355 example_IAMStarResourcePolicyDocument/main.tf aws_iam_role_policy.fail": { outcome: "we-miss", wrong: "scope", why: "as aws_iam_group_policy.fail" },
  "CKV_AWS_355 example_IAMStarResourcePolicyDocument/main.tf aws_iam_user_policy.fail": { outcome: "we-miss", wrong: "scope", why: "as aws_iam_group_policy.fail" },
  "CKV_AWS_355 example_IAMStarResourcePolicyDocument/main.tf aws_ssoadmin_permission_set_inline_policy.fail": {
    outcome: "we-miss", wrong: "scope", why: "as aws_iam_group_policy.fail",
  },
  "CKV_AWS_356 example_ResourcePolicyDocument/main.tf aws_iam_policy_document.fail": {
    outcome: "we-miss", wrong: "scope",
    why: "`s3:Describe*` on `*` (job and access-point metadata reads): not a write (IAM103) nor a data read (IAM107)",
  },
  "CKV_AWS_356 example_ResourcePolicyDocument/main.tf aws_iam_policy_document.pass": {
    outcome: "they-miss", wrong: "scope",
    why: "`s3:*` on the caller's home prefix: IAM102 judges the pattern whatever the resource (s3:* hands over PutObjectAcl there); checkov only asks for a resource",
  },
  // ---- full IAM access
  "CKV2_AWS_40 IAMPolicyNotAllowFullIAMAccess/main.tf aws_iam_policy_document.fail1": {
    outcome: "we-miss", wrong: "checkov",
    why: "`iam:*` on `arn:aws:iam:::/home/${aws:username}…`: no account and no IAM resource type, so it matches no IAM resource and grants nothing; checkov matches the pattern",
  },
  "CKV2_AWS_56 IAMManagedIAMFullAccessPolicy/main.tf aws_iam_policy.name_fail1": {
    outcome: "we-miss", wrong: "scope",
    why: "a `data \"aws_iam_policy\"` lookup of IAMFullAccess grants nothing by itself; we report the policy where it is attached (fail3…fail7 agree)",
  },
  "CKV2_AWS_56 IAMManagedIAMFullAccessPolicy/main.tf aws_iam_policy.arn_fail2": { outcome: "we-miss", wrong: "scope", why: "as name_fail1 (lookup by ARN)" },
  "CKV2_AWS_56 IAMManagedIAMFullAccessPolicy/main.tf aws_ssoadmin_managed_policy_attachment.fail8": {
    outcome: "we-miss", wrong: "ours", why: "real gap: IAM Identity Center permission-set attachments are not modelled (as CKV_AWS_274 fail6)",
  },
  // ---- cloudsplaining categories
  "CKV_AWS_107 example_CloudSplainingCredentialsExposure/main.tf aws_iam_policy_document.allowed_action": {
    outcome: "they-miss", wrong: "scope",
    why: "ecr:GetAuthorizationToken on `*`: RULES.md lists it for IAM108 unless the holder is an ECR role (this document has no holder); cloudsplaining allow-lists it",
  },
  "CKV_AWS_287 example_IAMCredentialsExposure/main.tf aws_iam_policy.allowed_action": { outcome: "they-miss", wrong: "scope", why: "as CKV_AWS_107 allowed_action" },
  "CKV_AWS_109 example_CloudsplainingPermissionsManagement/main.tf aws_iam_policy_document.pass": {
    outcome: "they-miss", wrong: "scope",
    why: "`s3:*` on one bucket: checkov passes it (constrained); IAM102 flags the wildcard, which lets the holder rewrite that bucket's policy and make it public",
  },
  "CKV_AWS_289 example_IAMPermissionsManagement/main.tf aws_iam_policy.pass": { outcome: "they-miss", wrong: "scope", why: "as CKV_AWS_109 pass" },
  "CKV_AWS_111 example_CloudsplainingIAMWrite/main.tf aws_iam_policy_document.restrictable": { outcome: "they-miss", wrong: "scope", why: "as CKV_AWS_109 pass" },
  "CKV_AWS_290 example_IAMWriteAccess/main.tf aws_iam_policy.fail": { outcome: "we-miss", wrong: "fixture", why: INVALID_JSON },
  // ---- public resource policies
  "CKV_AWS_32 example_ECRPolicy/ECRPolicy-PASSED-2.yaml AWS::ECR::Repository.CondAllPass": {
    outcome: "they-miss", wrong: "checkov",
    why: "`ForAllValues:StringEquals aws:PrincipalOrgID`: ForAllValues on a key missing from the request is true, so anyone outside any organisation gets in — really public (we also report IAM005)",
  },
  "CKV_AWS_32 example_ECRPolicy/main.tf aws_ecr_repository_policy.pass_conditional": { outcome: "they-miss", wrong: "checkov", why: "as CondAllPass: ForAllValues on aws:PrincipalOrgID" },
  "CKV_AWS_33 example_KMSKeyWildcardPrincipal/fail.tf aws_kms_key.fail_0": { outcome: "we-miss", wrong: "fixture", why: INVALID_JSON },
  "CKV_AWS_33 example_KMSKeyWildcardPrincipal/fail.tf aws_kms_key.fail_1": {
    outcome: "we-miss", wrong: "fixture", why: "`Principal` is a JSON list: AWS rejects the key policy; we report IAM001",
  },
  "CKV_AWS_33 example_KMSKeyWildcardPrincipal/fail.tf aws_kms_key.fail_3": { outcome: "we-miss", wrong: "fixture", why: "as fail_1 (Principal as a list)" },
  "CKV_AWS_70 example_S3AllowsAnyPrincipal/main.tf aws_s3_bucket_policy.pass_w_condition": {
    outcome: "they-miss", wrong: "checkov",
    why: "`ArnNotEquals aws:PrincipalArn` one user: everyone but that user may read — really public; checkov takes any aws:PrincipalArn condition as a restriction and ignores the negated operator",
  },
  "CKV_AWS_70 example_S3AllowsAnyPrincipal/main.tf aws_s3_bucket.pass_w_condition": { outcome: "they-miss", wrong: "checkov", why: "as aws_s3_bucket_policy.pass_w_condition" },
  "CKV_AWS_167 example_GlacierVaultAnyPrincipal/main.tf aws_glacier_vault.my_archive3": {
    outcome: "we-miss", wrong: "fixture", why: "principal `arn:aws:iam::*:role/vault-reader`: AWS rejects wildcards in principal ARNs; we report IAM008",
  },
  "CKV_AWS_168 example_SQSQueuePolicyAnyPrincipal/main.tf aws_sqs_queue_policy.q3": {
    outcome: "we-miss", wrong: "fixture", why: "principal `arn:aws:iam::*:role/sqs`: AWS rejects wildcards in principal ARNs; we report IAM008",
  },
  "CKV_AWS_168 example_SQSQueuePolicyAnyPrincipal/main.tf aws_sqs_queue.aq3": { outcome: "we-miss", wrong: "fixture", why: "as q3" },
  "CKV_AWS_169 example_SNSTopicPolicyAnyPrincipal/main.tf aws_sns_topic_policy.sns_tp2": { outcome: "we-miss", wrong: "fixture", why: INVALID_JSON },
  "CKV_AWS_169 example_SNSTopicPolicyAnyPrincipal/main.tf aws_sns_topic_policy.sns_tp3": { outcome: "we-miss", wrong: "fixture", why: INVALID_JSON },
  "CKV_AWS_169 example_SNSTopicPolicyAnyPrincipal/main.tf aws_sns_topic_policy.sns_tp4": { outcome: "we-miss", wrong: "fixture", why: INVALID_JSON },
  "CKV_AWS_169 example_SNSTopicPolicyAnyPrincipal/main.tf aws_sns_topic_policy.sns_tp5": { outcome: "we-miss", wrong: "fixture", why: INVALID_JSON },
  // ---- S3 secure transport
  "CKV_AWS_379 example_S3SecureDataTransport/main.tf aws_s3_bucket_acl.pass_policy1": {
    outcome: "they-miss", wrong: "checkov",
    why: "an Allow conditioned on aws:SecureTransport=true does not stop plain HTTP that the public-read ACL allows; only a Deny does",
  },
  "CKV_AWS_379 example_S3SecureDataTransport/main.tf aws_s3_bucket_acl.pass_policy2": {
    outcome: "they-miss", wrong: "checkov", why: "the Deny on aws:SecureTransport=false names only the bucket ARN, not `BUCKET/*`: objects are still served over HTTP",
  },
  "CKV_AWS_379 example_S3SecureDataTransport/main.tf aws_s3_bucket_acl.pass_policy3": {
    outcome: "they-miss", wrong: "checkov",
    why: "as pass_policy1 (an Allow on SecureTransport=true); the fixture also declares aws_s3_bucket_policy.pass_policy2 twice, which Terraform rejects",
  },
  // ---- GitHub OIDC
  ...Object.fromEntries(
    ["fail-abusable", "fail-misused-repo", "fail-wildcard", "fail-wildcard-assertion", "fail1", "fail2"].map((name) => [
      `CKV_AWS_358 example_GithubActionsOIDCTrustPolicy/main.tf aws_iam_policy_document.${name}`,
      {
        outcome: "we-miss",
        wrong: "fixture",
        why: "the statement uses `action`, not an argument of aws_iam_policy_document (`actions`): Terraform rejects it and we report IAM001. Corrected, the same trust is flagged by IAM304 once a role uses it (CKV_AWS_393 agrees 6/6)",
      } satisfies Verdict,
    ]),
  ),
  "CKV_AWS_393 example_GithubActionsOIDCTrustPolicyOnRole/main.tf aws_iam_role.pass-org-only": {
    outcome: "they-miss", wrong: "scope",
    why: "no `token.actions.githubusercontent.com:aud` condition: RULES.md IAM304 requires it, checkov checks `sub` only (and `StringEquals` with `repo:myOrg/*` matches no real subject)",
  },
  "CKV_AWS_393 example_GithubActionsOIDCTrustPolicyOnRole/main.tf aws_iam_role.pass-fm-customer": {
    outcome: "they-miss", wrong: "scope", why: "`repo:freddiemac/*` is accepted by both; the finding is the missing `aud` condition",
  },
  // ---- SageMaker notebook role
  "CKV2_AWS_68 SageMakerIAMPolicyOverlyPermissiveToAllTraffic/template.yaml AWS::SageMaker::NotebookInstance.aws_sagemaker_notebook_instance_fail": {
    outcome: "we-miss", wrong: "checkov",
    why: "the `Action: '*'` is in the role's trust policy (what sagemaker.amazonaws.com may do to the role); the role has no permissions policy, so the notebook can do nothing",
  },
  "CKV2_AWS_68 SageMakerIAMPolicyOverlyPermissiveToAllTraffic/main.tf aws_sagemaker_notebook_instance.fail1": {
    outcome: "we-miss", wrong: "fixture", why: "`policy` is not an argument of aws_iam_role (Terraform rejects it); we do not read it as a policy",
  },
  // ---- cfn_nag
  "F3 iam_role/iam_role_with_wildcard_action.json WildcardActionRole": {
    outcome: "we-miss", wrong: "cfn_nag", why: "`Action: *` with `NotResource: *` matches no resource: it grants nothing (we report IAM104 for the NotResource)",
  },
  "F4 iam_policy/iam_policy_with_wildcard_action.json WildcardActionPolicy": {
    outcome: "we-miss", wrong: "scope",
    why: "`rds:*` on `db:test*` with an rds:DatabaseEngine condition: IAM102 counts a condition the request must meet as a restriction; cfn_nag flags any `*` in an action",
  },
  "F5 iam_managed_policy/iam_managed_policy_with_wildcard_action.json CreateTestDBPolicy3": { outcome: "we-miss", wrong: "scope", why: "as F4" },
  "F13 lambda_permission/lambda_with_wildcard_principal_and_non_invoke_function_permission.json lambdaPermission": {
    outcome: "we-miss", wrong: "cfn_nag", why: "Principal `*` with SourceAccount and SourceArn (one SNS topic): not public; cfn_nag ignores the conditions",
  },
};

// ------------------------------------------------------------------------------------------ the test

interface Judged {
  label: Labelled;
  key: string;
  address?: string;
  outcome: Outcome;
}

const judged: Promise<Judged[]> = (async () => {
  const judgedTypes = Object.fromEntries(Object.entries(CFN_NAG).map(([id, mapping]) => [id, mapping.judged]));
  const labels = [...checkovLabels(), ...(await cfnNagLabels(judgedTypes))];
  const out: Judged[] = [];
  for (const label of labels) {
    const mapping = label.tool === "checkov" ? CHECKOV[label.check] : CFN_NAG[label.check];
    if (!mapping) continue;
    // Terraform files are scanned as their module (directory); templates on their own.
    const unit = await scanned(label.file, label.tool === "checkov" && label.file.endsWith(".tf"));
    const address = addressOf(unit, label);
    const rules = withSuperseding(mapping.rules);
    const about = address ? subjects(unit, address, mapping.via) : new Set<string>();
    const flagged = unit.findings.some(
      (finding) => rules.has(finding.ruleId) && (mapping.only?.(finding) ?? true) && finding.resource !== undefined && about.has(finding.resource),
    );
    const key = `${label.check} ${label.file.split("/").slice(-2).join("/")} ${label.label}`;
    out.push({ label, key, address, outcome: outcomeOf(label.theyFail, flagged) });
  }
  return out;
})();

describe("agreement with checkov and cfn_nag resource labels", () => {
  it("maps or explicitly skips every labelled check", () => {
    const checkov = new Set(checkovLabels().map((label) => label.check));
    const unaccounted = [...checkov].filter((check) => !(check in CHECKOV) && !(check in CHECKOV_NO_EQUIVALENT));
    expect(unaccounted).toEqual([]);
    // Each listed exception is a check the corpus labels.
    expect(Object.keys(CHECKOV_NO_EQUIVALENT).filter((check) => !checkov.has(check))).toEqual([]);
    const nag = new Set(index.flatMap((entry) => (entry.labels?.tool === "cfn_nag" ? (entry.labels.specs ?? []).map((spec) => spec.rule_id) : [])));
    const skipped = new Set(Object.keys(CFN_NAG_NO_EQUIVALENT).flatMap((group) => group.split(" ")));
    expect([...nag].filter((rule) => !(rule in CFN_NAG) && !skipped.has(rule))).toEqual([]);
    expect([...skipped].filter((rule) => !nag.has(rule))).toEqual([]);
  });

  it("finds every labelled resource in our scan, except those that do not parse", async () => {
    const unresolved = (await judged).filter((item) => item.address === undefined).map((item) => item.key);
    expect(unresolved.sort()).toEqual(Object.keys(UNREADABLE).sort());
  });

  it("agrees as pinned, per check", async () => {
    const table: Record<string, Counts> = {};
    for (const item of await judged) {
      const counts = (table[item.label.check] ??= {});
      counts[item.outcome] = (counts[item.outcome] ?? 0) + 1;
    }
    expect(table).toEqual(PINNED);
  });

  it("pins the overall figure, per tool, and who is wrong in each disagreement", async () => {
    const figures: Record<string, { resources: number; agree: number }> = {};
    for (const item of await judged) {
      const figure = (figures[item.label.tool] ??= { resources: 0, agree: 0 });
      figure.resources += 1;
      if (item.outcome.startsWith("agree")) figure.agree += 1;
    }
    expect(figures).toEqual({ checkov: { resources: 253, agree: 205 }, cfn_nag: { resources: 52, agree: 48 } });
    const wrong: Record<string, number> = {};
    for (const verdict of Object.values(VERDICTS)) wrong[`${verdict.outcome} ${verdict.wrong}`] = (wrong[`${verdict.outcome} ${verdict.wrong}`] ?? 0) + 1;
    expect(wrong).toEqual({
      "we-miss fixture": 19,
      "we-miss scope": 10,
      "we-miss ours": 4,
      "we-miss checkov": 2,
      "we-miss cfn_nag": 2,
      "they-miss checkov": 7,
      "they-miss scope": 8,
    });
  });

  it("explains every disagreement", async () => {
    const found = Object.fromEntries(
      (await judged).filter((item) => !item.outcome.startsWith("agree")).map((item) => [item.key, item.outcome]),
    );
    const explained = Object.fromEntries(Object.entries(VERDICTS).map(([key, verdict]) => [key, verdict.outcome]));
    expect(found).toEqual(explained);
  });
});
