// The evaluation case table: every case names the AWS documentation section that justifies its expected
// decision. Decisions are AWS's documented semantics, not whatever the implementation happens to do.

import { describe, expect, it } from "vitest";
import { evaluate, type DecisionValue, type EvaluationRequest, type PolicySet } from "../../src/simulator/index.js";
import { buildPolicy, type PlainStatement } from "./build.js";
import {
  ACCOUNT,
  allow,
  boundary,
  BUCKET,
  deny,
  FOREIGN_ROLE_SESSION,
  FOREIGN_USER,
  FULL_AWS_ACCESS,
  identity,
  keyPolicy,
  named,
  OBJECT,
  OTHER_ACCOUNT,
  OTHER_SESSION,
  OTHER_USER,
  resourcePolicy,
  ROLE,
  scp,
  session,
  SESSION,
  trustPolicy,
  USER,
} from "./fixtures.js";

const GUIDE = "IAM User Guide";
const DOC = {
  denyAllow: `${GUIDE} › Policy evaluation logic › How AWS enforcement code logic evaluates requests to allow or deny access`,
  singleAccount: `${GUIDE} › Policy evaluation logic › Policy evaluation for requests within a single account`,
  crossAccount: `${GUIDE} › Policy evaluation logic › Cross-account policy evaluation logic`,
  explicitImplicit: `${GUIDE} › Policy evaluation logic › The difference between explicit and implicit denies`,
  identityVsResource: `${GUIDE} › Policy evaluation logic › Evaluating identity-based policies with resource-based policies`,
  action: `${GUIDE} › IAM JSON policy elements reference › Action`,
  notAction: `${GUIDE} › IAM JSON policy elements reference › NotAction`,
  resource: `${GUIDE} › IAM JSON policy elements reference › Resource`,
  notResource: `${GUIDE} › IAM JSON policy elements reference › NotResource`,
  principal: `${GUIDE} › AWS JSON policy elements: Principal`,
  notPrincipal: `${GUIDE} › AWS JSON policy elements: NotPrincipal`,
  arns: `${GUIDE} › IAM identifiers › IAM ARNs (ARNs are case-sensitive; wildcards within each colon-separated segment)`,
  s3Resources: "Amazon S3 User Guide › Policy resources for Amazon S3 (a bucket ARN and its objects' ARN `bucket/*` differ)",
  caseRules: `${GUIDE} › IAM JSON policy element reference (action names are case-insensitive, ARNs case-sensitive)`,
  boundaries: `${GUIDE} › Permissions boundaries for IAM entities › Evaluating effective permissions with boundaries`,
  sessions: `${GUIDE} › Policies and permissions in IAM › Session policies`,
  scps: "AWS Organizations User Guide › Service control policies (SCPs) › SCP evaluation",
  kms: "AWS KMS Developer Guide › Key policies in AWS KMS (IAM policies alone cannot allow access to a KMS key)",
  trust: `${GUIDE} › Policy evaluation logic › How AWS enforcement code logic evaluates requests (role trust policies and KMS key policies must explicitly allow)`,
  root: `${GUIDE} › Policy evaluation logic › How AWS enforcement code logic evaluates requests (the root user has full access by default)`,
  string: `${GUIDE} › IAM JSON policy elements: Condition operators › String condition operators`,
  numeric: `${GUIDE} › IAM JSON policy elements: Condition operators › Numeric condition operators`,
  date: `${GUIDE} › IAM JSON policy elements: Condition operators › Date condition operators`,
  bool: `${GUIDE} › IAM JSON policy elements: Condition operators › Boolean condition operators`,
  binary: `${GUIDE} › IAM JSON policy elements: Condition operators › Binary condition operators`,
  ip: `${GUIDE} › IAM JSON policy elements: Condition operators › IP address condition operators`,
  arn: `${GUIDE} › IAM JSON policy elements: Condition operators › Amazon Resource Name (ARN) condition operators`,
  ifExists: `${GUIDE} › IAM JSON policy elements: Condition operators › ...IfExists condition operators`,
  null: `${GUIDE} › IAM JSON policy elements: Condition operators › Condition operator to check existence of condition keys`,
  missingKey: `${GUIDE} › IAM JSON policy elements: Condition operators (a missing key: false, but true for a negated operator)`,
  multiple: `${GUIDE} › Conditions with multiple context keys or values › Evaluation logic for multiple context keys or values`,
  negatedMultiple: `${GUIDE} › Conditions with multiple context keys or values › Evaluation logic for negated matching condition operators`,
  setOperators: `${GUIDE} › Single-valued vs. multivalued context keys › Set operators for multivalued context keys`,
  conditionKeys: `${GUIDE} › IAM JSON policy elements: Condition (condition key names are case-insensitive)`,
  variables: `${GUIDE} › IAM policy elements: Variables and tags`,
  variableSpecials: `${GUIDE} › IAM policy elements: Variables and tags › Special characters`,
  variableDefaults: `${GUIDE} › IAM policy elements: Variables and tags › Specifying default values`,
  variableWhere: `${GUIDE} › IAM policy elements: Variables and tags › Where you can use policy variables`,
  version: `${GUIDE} › IAM JSON policy elements: Version (without 2012-10-17, variables are literal text)`,
  effect: `${GUIDE} › IAM JSON policy elements: Effect (only Allow and Deny)`,
  globalKeys: `${GUIDE} › AWS global condition context keys (aws:PrincipalArn, aws:PrincipalAccount, aws:username)`,
  undecided: `iam-review DESIGN.md › Decisions › Undecided, with ${GUIDE} › Policy evaluation logic (what the resolved statements decide)`,
} as const;

interface Case {
  name: string;
  doc: string;
  policies: PolicySet;
  request: EvaluationRequest;
  expected: DecisionValue;
  /** Expected `undecided` entries (labels); omitted means none. */
  undecided?: string[];
}

const ID = "aws_iam_policy.identity";

function request(action: string, resource: string, extra: Partial<EvaluationRequest> = {}): EvaluationRequest {
  return { action, resource, principal: USER, ...extra };
}

/** A condition case: an identity Allow of s3:GetObject on OBJECT guarded by `condition`. */
function conditionCase(
  name: string,
  doc: string,
  condition: NonNullable<PlainStatement["Condition"]>,
  context: EvaluationRequest["context"],
  applies: boolean,
): Case {
  return {
    name,
    doc,
    policies: { identity: [identity(allow("s3:GetObject", OBJECT, { Condition: condition }))] },
    request: request("s3:GetObject", OBJECT, { context }),
    expected: applies ? "allowed" : "implicitDeny",
  };
}

/** A Deny-condition case: Allow s3:* plus a Deny guarded by `condition`. */
function denyConditionCase(
  name: string,
  doc: string,
  condition: NonNullable<PlainStatement["Condition"]>,
  context: EvaluationRequest["context"],
  denies: boolean,
): Case {
  return {
    name,
    doc,
    policies: { identity: [identity(allow("s3:*"), deny("s3:DeleteObject", "*", { Condition: condition }))] },
    request: request("s3:DeleteObject", OBJECT, { context }),
    expected: denies ? "explicitDeny" : "allowed",
  };
}

const basics: Case[] = [
  { name: "no policy at all is an implicit deny", doc: DOC.explicitImplicit, policies: { identity: [] }, request: request("s3:GetObject", OBJECT), expected: "implicitDeny" },
  { name: "a matching Allow allows", doc: DOC.denyAllow, policies: { identity: [identity(allow("s3:GetObject", OBJECT))] }, request: request("s3:GetObject", OBJECT), expected: "allowed" },
  { name: "an Allow for another action does not allow", doc: DOC.explicitImplicit, policies: { identity: [identity(allow("s3:PutObject", OBJECT))] }, request: request("s3:GetObject", OBJECT), expected: "implicitDeny" },
  { name: "an explicit Deny overrides an Allow in the same policy", doc: DOC.explicitImplicit, policies: { identity: [identity(allow("s3:*"), deny("s3:GetObject"))] }, request: request("s3:GetObject", OBJECT), expected: "explicitDeny" },
  { name: "an explicit Deny in another policy overrides an Allow", doc: DOC.denyAllow, policies: { identity: [named("a", allow("s3:*")), named("b", deny("s3:GetObject", OBJECT))] }, request: request("s3:GetObject", OBJECT), expected: "explicitDeny" },
  { name: "a Deny alone is an explicit deny", doc: DOC.explicitImplicit, policies: { identity: [identity(deny("s3:GetObject"))] }, request: request("s3:GetObject", OBJECT), expected: "explicitDeny" },
  { name: "a Deny for another action leaves the Allow", doc: DOC.explicitImplicit, policies: { identity: [identity(allow("s3:*"), deny("s3:DeleteObject"))] }, request: request("s3:GetObject", OBJECT), expected: "allowed" },
  { name: "Allows in several policies are pooled", doc: DOC.denyAllow, policies: { identity: [named("a", allow("s3:ListBucket", BUCKET)), named("b", allow("s3:GetObject", OBJECT))] }, request: request("s3:GetObject", OBJECT), expected: "allowed" },
  { name: "an Effect other than Allow/Deny grants nothing", doc: DOC.effect, policies: { identity: [identity({ Effect: "allow", Action: "s3:*", Resource: "*" })] }, request: request("s3:GetObject", OBJECT), expected: "implicitDeny" },
  { name: "an Allow without Resource grants nothing in an identity policy", doc: DOC.resource, policies: { identity: [identity({ Effect: "Allow", Action: "s3:*" })] }, request: request("s3:GetObject", OBJECT), expected: "implicitDeny" },
];

const actions: Case[] = [
  { name: "service wildcard s3:* matches s3:GetObject", doc: DOC.action, policies: { identity: [identity(allow("s3:*"))] }, request: request("s3:GetObject", OBJECT), expected: "allowed" },
  { name: "prefix wildcard s3:Get* matches s3:GetObjectAcl", doc: DOC.action, policies: { identity: [identity(allow("s3:Get*"))] }, request: request("s3:GetObjectAcl", OBJECT), expected: "allowed" },
  { name: "s3:Get* does not match s3:PutObject", doc: DOC.action, policies: { identity: [identity(allow("s3:Get*"))] }, request: request("s3:PutObject", OBJECT), expected: "implicitDeny" },
  { name: "* matches every action", doc: DOC.action, policies: { identity: [identity(allow("*"))] }, request: request("iam:CreateUser", `arn:aws:iam::${ACCOUNT}:user/x`), expected: "allowed" },
  { name: "? matches exactly one character", doc: DOC.action, policies: { identity: [identity(allow("s3:GetObj?ct"))] }, request: request("s3:GetObject", OBJECT), expected: "allowed" },
  { name: "? does not match zero characters", doc: DOC.action, policies: { identity: [identity(allow("s3:GetObject?"))] }, request: request("s3:GetObject", OBJECT), expected: "implicitDeny" },
  { name: "the requested action is compared case-insensitively", doc: DOC.caseRules, policies: { identity: [identity(allow("s3:GetObject"))] }, request: request("S3:GETOBJECT", OBJECT), expected: "allowed" },
  { name: "the action pattern is compared case-insensitively", doc: DOC.caseRules, policies: { identity: [identity(allow("S3:getobject"))] }, request: request("s3:GetObject", OBJECT), expected: "allowed" },
  { name: "s3:* does not match another service that starts with s3", doc: DOC.action, policies: { identity: [identity(allow("s3:*"))] }, request: request("s3-object-lambda:GetObject", OBJECT), expected: "implicitDeny" },
  { name: "a wildcard inside the action iam:*Policy* matches iam:PutRolePolicy", doc: DOC.action, policies: { identity: [identity(allow("iam:*Policy*"))] }, request: request("iam:PutRolePolicy", ROLE), expected: "allowed" },
  { name: "any action of a list matches", doc: DOC.action, policies: { identity: [identity(allow(["ec2:StartInstances", "s3:GetObject"]))] }, request: request("s3:GetObject", OBJECT), expected: "allowed" },
  { name: "a wildcard in the service part (*:Describe*) matches any service", doc: DOC.action, policies: { identity: [identity(allow("*:Describe*"))] }, request: request("ec2:DescribeInstances", "*"), expected: "allowed" },
];

const notActions: Case[] = [
  { name: "Allow with NotAction grants every other action", doc: DOC.notAction, policies: { identity: [identity({ Effect: "Allow", NotAction: "iam:*", Resource: "*" })] }, request: request("s3:DeleteBucket", BUCKET), expected: "allowed" },
  { name: "Allow with NotAction does not grant the listed actions", doc: DOC.notAction, policies: { identity: [identity({ Effect: "Allow", NotAction: "iam:*", Resource: "*" })] }, request: request("iam:CreateUser", `arn:aws:iam::${ACCOUNT}:user/x`), expected: "implicitDeny" },
  { name: "Deny with NotAction denies every other action", doc: DOC.notAction, policies: { identity: [identity(allow("*"), { Effect: "Deny", NotAction: ["iam:Get*", "iam:List*"], Resource: "*" })] }, request: request("s3:GetObject", OBJECT), expected: "explicitDeny" },
  { name: "Deny with NotAction leaves the listed actions to the Allow", doc: DOC.notAction, policies: { identity: [identity(allow("*"), { Effect: "Deny", NotAction: ["iam:Get*", "iam:List*"], Resource: "*" })] }, request: request("iam:ListUsers", "*"), expected: "allowed" },
  { name: "NotAction compares case-insensitively", doc: DOC.caseRules, policies: { identity: [identity({ Effect: "Allow", NotAction: "IAM:*", Resource: "*" })] }, request: request("iam:CreateUser", "*"), expected: "implicitDeny" },
  { name: "NotAction with a prefix wildcard excludes only that prefix", doc: DOC.notAction, policies: { identity: [identity({ Effect: "Allow", NotAction: "s3:Delete*", Resource: "*" })] }, request: request("s3:PutObject", OBJECT), expected: "allowed" },
  { name: "NotAction Allow combined with a Resource only covers that resource", doc: DOC.notAction, policies: { identity: [identity({ Effect: "Allow", NotAction: "iam:*", Resource: BUCKET })] }, request: request("s3:GetObject", OBJECT), expected: "implicitDeny" },
  { name: "Deny NotAction on a Resource leaves other resources alone", doc: DOC.notAction, policies: { identity: [identity(allow("s3:*"), { Effect: "Deny", NotAction: "s3:GetObject", Resource: "arn:aws:s3:::secret/*" })] }, request: request("s3:PutObject", OBJECT), expected: "allowed" },
];

const resources: Case[] = [
  { name: "an exact object ARN matches", doc: DOC.resource, policies: { identity: [identity(allow("s3:GetObject", OBJECT))] }, request: request("s3:GetObject", OBJECT), expected: "allowed" },
  { name: "bucket/* covers objects of the bucket", doc: DOC.s3Resources, policies: { identity: [identity(allow("s3:*", "arn:aws:s3:::logs/*"))] }, request: request("s3:GetObject", OBJECT), expected: "allowed" },
  { name: "bucket/* does not cover the bucket itself", doc: DOC.s3Resources, policies: { identity: [identity(allow("s3:*", "arn:aws:s3:::logs/*"))] }, request: request("s3:ListBucket", BUCKET), expected: "implicitDeny" },
  { name: "the bucket ARN does not cover its objects", doc: DOC.s3Resources, policies: { identity: [identity(allow("s3:*", BUCKET))] }, request: request("s3:GetObject", OBJECT), expected: "implicitDeny" },
  { name: "bucket* covers the bucket and its objects", doc: DOC.s3Resources, policies: { identity: [identity(allow("s3:*", "arn:aws:s3:::logs*"))] }, request: request("s3:ListBucket", BUCKET), expected: "allowed" },
  { name: "Resource * matches any ARN", doc: DOC.resource, policies: { identity: [identity(allow("s3:GetObject", "*"))] }, request: request("s3:GetObject", OBJECT), expected: "allowed" },
  { name: "ARNs are case-sensitive", doc: DOC.arns, policies: { identity: [identity(allow("s3:GetObject", "arn:aws:s3:::Logs/*"))] }, request: request("s3:GetObject", OBJECT), expected: "implicitDeny" },
  { name: "a wildcard region and account field match", doc: DOC.arns, policies: { identity: [identity(allow("sqs:SendMessage", "arn:aws:sqs:*:*:orders"))] }, request: request("sqs:SendMessage", `arn:aws:sqs:eu-west-1:${ACCOUNT}:orders`), expected: "allowed" },
  { name: "a * within a field does not cross a colon", doc: DOC.arns, policies: { identity: [identity(allow("sqs:SendMessage", "arn:aws:sqs:*:orders"))] }, request: request("sqs:SendMessage", `arn:aws:sqs:eu-west-1:${ACCOUNT}:orders`), expected: "implicitDeny" },
  { name: "a pattern of fewer fields ending in * swallows the rest (arn:aws:logs:*)", doc: DOC.arns, policies: { identity: [identity(allow("logs:PutLogEvents", "arn:aws:logs:*"))] }, request: request("logs:PutLogEvents", `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:app:log-stream:1`), expected: "allowed" },
  { name: "an account field mismatch does not match", doc: DOC.arns, policies: { identity: [identity(allow("sqs:SendMessage", `arn:aws:sqs:us-east-1:${OTHER_ACCOUNT}:orders`))] }, request: request("sqs:SendMessage", `arn:aws:sqs:us-east-1:${ACCOUNT}:orders`), expected: "implicitDeny" },
  { name: "a partition mismatch does not match", doc: DOC.arns, policies: { identity: [identity(allow("s3:GetObject", "arn:aws-cn:s3:::logs/*"))] }, request: request("s3:GetObject", OBJECT), expected: "implicitDeny" },
  { name: "a specific ARN does not match a request on Resource *", doc: DOC.resource, policies: { identity: [identity(allow("s3:ListAllMyBuckets", "arn:aws:s3:::*"))] }, request: request("s3:ListAllMyBuckets", "*"), expected: "implicitDeny" },
  { name: "? in a resource matches one character", doc: DOC.arns, policies: { identity: [identity(allow("s3:GetObject", "arn:aws:s3:::log?/*"))] }, request: request("s3:GetObject", OBJECT), expected: "allowed" },
  { name: "any resource of a list matches", doc: DOC.resource, policies: { identity: [identity(allow("s3:GetObject", ["arn:aws:s3:::other/*", "arn:aws:s3:::logs/*"]))] }, request: request("s3:GetObject", OBJECT), expected: "allowed" },
  { name: "a colon in the resource part is matched by * there", doc: DOC.arns, policies: { identity: [identity(allow("lambda:InvokeFunction", `arn:aws:lambda:us-east-1:${ACCOUNT}:function:*`))] }, request: request("lambda:InvokeFunction", `arn:aws:lambda:us-east-1:${ACCOUNT}:function:app:live`), expected: "allowed" },
];

const notResources: Case[] = [
  { name: "Allow with NotResource grants every other resource", doc: DOC.notResource, policies: { identity: [identity({ Effect: "Allow", Action: "s3:*", NotResource: "arn:aws:s3:::secret/*" })] }, request: request("s3:GetObject", OBJECT), expected: "allowed" },
  { name: "Allow with NotResource does not grant the listed resource", doc: DOC.notResource, policies: { identity: [identity({ Effect: "Allow", Action: "s3:*", NotResource: "arn:aws:s3:::logs/*" })] }, request: request("s3:GetObject", OBJECT), expected: "implicitDeny" },
  { name: "Deny with NotResource denies everything but the listed resources", doc: DOC.notResource, policies: { identity: [identity(allow("s3:*"), { Effect: "Deny", Action: "s3:*", NotResource: ["arn:aws:s3:::public", "arn:aws:s3:::public/*"] })] }, request: request("s3:GetObject", OBJECT), expected: "explicitDeny" },
  { name: "Deny with NotResource leaves the listed resources", doc: DOC.notResource, policies: { identity: [identity(allow("s3:*"), { Effect: "Deny", Action: "s3:*", NotResource: ["arn:aws:s3:::logs", "arn:aws:s3:::logs/*"] })] }, request: request("s3:GetObject", OBJECT), expected: "allowed" },
  { name: "NotResource is case-sensitive like Resource", doc: DOC.arns, policies: { identity: [identity({ Effect: "Allow", Action: "s3:*", NotResource: "arn:aws:s3:::LOGS/*" })] }, request: request("s3:GetObject", OBJECT), expected: "allowed" },
  { name: "NotResource * excludes everything", doc: DOC.notResource, policies: { identity: [identity({ Effect: "Allow", Action: "s3:*", NotResource: "*" })] }, request: request("s3:GetObject", OBJECT), expected: "implicitDeny" },
];

const principals: Case[] = [
  { name: "a resource policy with Principal * allows a same-account user without identity policy", doc: DOC.identityVsResource, policies: { identity: [], resource: resourcePolicy(allow("s3:GetObject", "arn:aws:s3:::logs/*", { Principal: "*" })) }, request: request("s3:GetObject", OBJECT), expected: "allowed" },
  { name: "Principal {AWS: *} is the same as *", doc: DOC.principal, policies: { identity: [], resource: resourcePolicy(allow("s3:GetObject", "arn:aws:s3:::logs/*", { Principal: { AWS: "*" } })) }, request: request("s3:GetObject", OBJECT), expected: "allowed" },
  { name: "a resource policy naming the user allows it without identity policy (same account)", doc: DOC.singleAccount, policies: { identity: [], resource: resourcePolicy(allow("s3:GetObject", "arn:aws:s3:::logs/*", { Principal: { AWS: USER } })) }, request: request("s3:GetObject", OBJECT), expected: "allowed" },
  { name: "a resource policy naming another user does not allow", doc: DOC.principal, policies: { identity: [], resource: resourcePolicy(allow("s3:GetObject", "arn:aws:s3:::logs/*", { Principal: { AWS: OTHER_USER } })) }, request: request("s3:GetObject", OBJECT), expected: "implicitDeny" },
  { name: "an account principal delegates: without identity Allow the user is not allowed", doc: DOC.principal, policies: { identity: [], resource: resourcePolicy(allow("s3:GetObject", "arn:aws:s3:::logs/*", { Principal: { AWS: ACCOUNT } })) }, request: request("s3:GetObject", OBJECT), expected: "implicitDeny" },
  { name: "an account principal with an identity Allow allows", doc: DOC.principal, policies: { identity: [identity(allow("s3:GetObject"))], resource: resourcePolicy(allow("s3:GetObject", "arn:aws:s3:::logs/*", { Principal: { AWS: ACCOUNT } })) }, request: request("s3:GetObject", OBJECT), expected: "allowed" },
  { name: "arn:aws:iam::ACCOUNT:root means the account, like the bare id", doc: DOC.principal, policies: { identity: [], resource: resourcePolicy(deny("s3:GetObject", "*", { Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` } }), allow("s3:*", "*", { Principal: "*" })) }, request: request("s3:GetObject", OBJECT), expected: "explicitDeny" },
  { name: "an account principal covers every principal of the account (role session)", doc: DOC.principal, policies: { identity: [], resource: resourcePolicy(deny("s3:GetObject", "*", { Principal: { AWS: ACCOUNT } }), allow("s3:*", "*", { Principal: "*" })) }, request: request("s3:GetObject", OBJECT, { principal: SESSION }), expected: "explicitDeny" },
  { name: "a role ARN matches sessions of that role", doc: DOC.principal, policies: { identity: [], resource: resourcePolicy(allow("s3:GetObject", "*", { Principal: { AWS: ROLE } })) }, request: request("s3:GetObject", OBJECT, { principal: SESSION }), expected: "allowed" },
  { name: "a role ARN does not match sessions of another role", doc: DOC.principal, policies: { identity: [], resource: resourcePolicy(allow("s3:GetObject", "*", { Principal: { AWS: `arn:aws:iam::${ACCOUNT}:role/other` } })) }, request: request("s3:GetObject", OBJECT, { principal: SESSION }), expected: "implicitDeny" },
  { name: "a role ARN with a path matches the session (role names are unique per account)", doc: DOC.principal, policies: { identity: [], resource: resourcePolicy(allow("s3:GetObject", "*", { Principal: { AWS: `arn:aws:iam::${ACCOUNT}:role/service/app` } })) }, request: request("s3:GetObject", OBJECT, { principal: SESSION }), expected: "allowed" },
  { name: "an exact session issuer must equal the role ARN", doc: DOC.principal, policies: { identity: [], resource: resourcePolicy(allow("s3:GetObject", "*", { Principal: { AWS: `arn:aws:iam::${ACCOUNT}:role/service/app` } })) }, request: request("s3:GetObject", OBJECT, { principal: SESSION, sessionIssuer: `arn:aws:iam::${ACCOUNT}:role/service/app` }), expected: "allowed" },
  { name: "an assumed-role session ARN matches that session", doc: DOC.principal, policies: { identity: [], resource: resourcePolicy(allow("s3:GetObject", "*", { Principal: { AWS: SESSION } })) }, request: request("s3:GetObject", OBJECT, { principal: SESSION }), expected: "allowed" },
  { name: "an assumed-role session ARN does not match another session of the role", doc: DOC.principal, policies: { identity: [], resource: resourcePolicy(allow("s3:GetObject", "*", { Principal: { AWS: SESSION } })) }, request: request("s3:GetObject", OBJECT, { principal: OTHER_SESSION }), expected: "implicitDeny" },
  { name: "a service principal is matched by name", doc: DOC.principal, policies: { identity: [], resource: resourcePolicy(allow("sqs:SendMessage", "*", { Principal: { Service: "sns.amazonaws.com" } })) }, request: request("sqs:SendMessage", `arn:aws:sqs:us-east-1:${ACCOUNT}:q`, { principal: "sns.amazonaws.com" }), expected: "allowed" },
  { name: "another service principal does not match", doc: DOC.principal, policies: { identity: [], resource: resourcePolicy(allow("sqs:SendMessage", "*", { Principal: { Service: "sns.amazonaws.com" } })) }, request: request("sqs:SendMessage", `arn:aws:sqs:us-east-1:${ACCOUNT}:q`, { principal: "events.amazonaws.com" }), expected: "implicitDeny" },
  { name: "a service principal is not allowed by identity policies", doc: DOC.principal, policies: { identity: [identity(allow("*"))] }, request: request("sqs:SendMessage", `arn:aws:sqs:us-east-1:${ACCOUNT}:q`, { principal: "sns.amazonaws.com" }), expected: "implicitDeny" },
  { name: "a federated OIDC provider in a trust policy allows AssumeRoleWithWebIdentity", doc: DOC.principal, policies: { identity: [], resource: trustPolicy({ Effect: "Allow", Action: "sts:AssumeRoleWithWebIdentity", Principal: { Federated: `arn:aws:iam::${ACCOUNT}:oidc-provider/token.actions.githubusercontent.com` } }) }, request: request("sts:AssumeRoleWithWebIdentity", ROLE, { principal: `arn:aws:iam::${ACCOUNT}:oidc-provider/token.actions.githubusercontent.com` }), expected: "allowed" },
  { name: "a federated-user session ARN matches that session", doc: DOC.principal, policies: { identity: [], resource: resourcePolicy(allow("s3:GetObject", "*", { Principal: { AWS: `arn:aws:sts::${ACCOUNT}:federated-user/dana` } })) }, request: request("s3:GetObject", OBJECT, { principal: `arn:aws:sts::${ACCOUNT}:federated-user/dana` }), expected: "allowed" },
  { name: "a resource-policy Deny with Principal * denies everyone", doc: DOC.denyAllow, policies: { identity: [identity(allow("s3:*"))], resource: resourcePolicy(deny("s3:GetObject", "*", { Principal: "*" })) }, request: request("s3:GetObject", OBJECT), expected: "explicitDeny" },
  { name: "a resource-policy Deny naming someone else does not apply", doc: DOC.principal, policies: { identity: [identity(allow("s3:*"))], resource: resourcePolicy(deny("s3:GetObject", "*", { Principal: { AWS: OTHER_USER } })) }, request: request("s3:GetObject", OBJECT), expected: "allowed" },
  { name: "an unknown principal against a specific Principal is undecided", doc: DOC.undecided, policies: { identity: [], resource: resourcePolicy({ Sid: "Reader", ...allow("s3:GetObject", "*", { Principal: { AWS: OTHER_USER } }) }) }, request: { action: "s3:GetObject", resource: OBJECT }, expected: "implicitDeny", undecided: ['aws_s3_bucket_policy.logs statement "Reader" (#0)'] },
];

const crossAccount: Case[] = [
  { name: "cross-account: resource policy and identity policy both allow", doc: DOC.crossAccount, policies: { identity: [identity(allow("s3:GetObject"))], resource: resourcePolicy(allow("s3:GetObject", "*", { Principal: { AWS: OTHER_ACCOUNT } })) }, request: request("s3:GetObject", OBJECT, { principal: FOREIGN_USER, resourceAccount: ACCOUNT }), expected: "allowed" },
  { name: "cross-account: the resource policy alone is not enough", doc: DOC.crossAccount, policies: { identity: [], resource: resourcePolicy(allow("s3:GetObject", "*", { Principal: { AWS: FOREIGN_USER } })) }, request: request("s3:GetObject", OBJECT, { principal: FOREIGN_USER, resourceAccount: ACCOUNT }), expected: "implicitDeny" },
  { name: "cross-account: the identity policy alone is not enough", doc: DOC.crossAccount, policies: { identity: [identity(allow("s3:GetObject"))] }, request: request("s3:GetObject", OBJECT, { principal: FOREIGN_USER, resourceAccount: ACCOUNT }), expected: "implicitDeny" },
  { name: "cross-account: a resource policy naming a third account does not allow", doc: DOC.crossAccount, policies: { identity: [identity(allow("s3:GetObject"))], resource: resourcePolicy(allow("s3:GetObject", "*", { Principal: { AWS: "999988887777" } })) }, request: request("s3:GetObject", OBJECT, { principal: FOREIGN_USER, resourceAccount: ACCOUNT }), expected: "implicitDeny" },
  { name: "cross-account: the resource account comes from the resource ARN", doc: DOC.crossAccount, policies: { identity: [identity(allow("sqs:SendMessage"))] }, request: request("sqs:SendMessage", `arn:aws:sqs:us-east-1:${OTHER_ACCOUNT}:q`), expected: "implicitDeny" },
  { name: "an S3 ARN has no account: the resource is in the principal's account by default", doc: DOC.singleAccount, policies: { identity: [identity(allow("s3:GetObject"))] }, request: request("s3:GetObject", OBJECT), expected: "allowed" },
  { name: "cross-account: a role session of another account named by the resource policy, with identity Allow", doc: DOC.crossAccount, policies: { identity: [identity(allow("sqs:SendMessage"))], resource: resourcePolicy(allow("sqs:SendMessage", "*", { Principal: { AWS: `arn:aws:iam::${OTHER_ACCOUNT}:role/ci` } })) }, request: request("sqs:SendMessage", `arn:aws:sqs:us-east-1:${ACCOUNT}:q`, { principal: FOREIGN_ROLE_SESSION }), expected: "allowed" },
  { name: "cross-account: the permissions boundary still caps the identity side", doc: DOC.crossAccount, policies: { identity: [identity(allow("sqs:SendMessage"))], boundary: boundary(allow("s3:*")), resource: resourcePolicy(allow("sqs:SendMessage", "*", { Principal: { AWS: OTHER_ACCOUNT } })) }, request: request("sqs:SendMessage", `arn:aws:sqs:us-east-1:${ACCOUNT}:q`, { principal: FOREIGN_USER }), expected: "implicitDeny" },
];

const notPrincipals: Case[] = [
  { name: "Deny NotPrincipal naming the user and its account exempts the user", doc: DOC.notPrincipal, policies: { identity: [identity(allow("s3:*"))], resource: resourcePolicy({ Effect: "Deny", Action: "s3:*", Resource: "*", NotPrincipal: { AWS: [USER, `arn:aws:iam::${ACCOUNT}:root`] } }) }, request: request("s3:GetObject", OBJECT), expected: "allowed" },
  { name: "Deny NotPrincipal naming only the user (not its account) still denies", doc: DOC.notPrincipal, policies: { identity: [identity(allow("s3:*"))], resource: resourcePolicy({ Effect: "Deny", Action: "s3:*", Resource: "*", NotPrincipal: { AWS: USER } }) }, request: request("s3:GetObject", OBJECT), expected: "explicitDeny" },
  { name: "Deny NotPrincipal naming the role and its account exempts its sessions", doc: DOC.notPrincipal, policies: { identity: [identity(allow("s3:*"))], resource: resourcePolicy({ Effect: "Deny", Action: "s3:*", Resource: "*", NotPrincipal: { AWS: [ROLE, ACCOUNT] } }) }, request: request("s3:GetObject", OBJECT, { principal: SESSION }), expected: "allowed" },
  { name: "Deny NotPrincipal naming the session and account but not the role still denies", doc: DOC.notPrincipal, policies: { identity: [identity(allow("s3:*"))], resource: resourcePolicy({ Effect: "Deny", Action: "s3:*", Resource: "*", NotPrincipal: { AWS: [SESSION, ACCOUNT] } }) }, request: request("s3:GetObject", OBJECT, { principal: SESSION }), expected: "explicitDeny" },
  { name: "Deny NotPrincipal denies a principal that is not listed", doc: DOC.notPrincipal, policies: { identity: [identity(allow("s3:*"))], resource: resourcePolicy({ Effect: "Deny", Action: "s3:*", Resource: "*", NotPrincipal: { AWS: [OTHER_USER, ACCOUNT] } }) }, request: request("s3:GetObject", OBJECT), expected: "explicitDeny" },
  { name: "Deny NotPrincipal always denies a principal with a permissions boundary", doc: DOC.boundaries, policies: { identity: [identity(allow("s3:*"))], boundary: boundary(allow("s3:*")), resource: resourcePolicy({ Effect: "Deny", Action: "s3:*", Resource: "*", NotPrincipal: { AWS: [USER, ACCOUNT] } }) }, request: request("s3:GetObject", OBJECT), expected: "explicitDeny" },
];

const boundaries: Case[] = [
  { name: "identity and boundary both allow", doc: DOC.boundaries, policies: { identity: [identity(allow("s3:GetObject"))], boundary: boundary(allow("s3:*")) }, request: request("s3:GetObject", OBJECT), expected: "allowed" },
  { name: "the boundary does not allow: implicit deny (intersection)", doc: DOC.boundaries, policies: { identity: [identity(allow("*"))], boundary: boundary(allow("s3:*")) }, request: request("iam:CreateUser", `arn:aws:iam::${ACCOUNT}:user/x`), expected: "implicitDeny" },
  { name: "the boundary allows but no identity policy does", doc: DOC.boundaries, policies: { identity: [], boundary: boundary(allow("*")) }, request: request("s3:GetObject", OBJECT), expected: "implicitDeny" },
  { name: "a Deny in the boundary is an explicit deny", doc: DOC.boundaries, policies: { identity: [identity(allow("*"))], boundary: boundary(allow("*"), deny("s3:DeleteBucket")) }, request: request("s3:DeleteBucket", BUCKET), expected: "explicitDeny" },
  { name: "a resource policy naming the IAM user is not limited by the boundary", doc: DOC.boundaries, policies: { identity: [], boundary: boundary(allow("ec2:*")), resource: resourcePolicy(allow("s3:GetObject", "*", { Principal: { AWS: USER } })) }, request: request("s3:GetObject", OBJECT), expected: "allowed" },
  { name: "a resource policy naming the role ARN is limited by the boundary", doc: DOC.boundaries, policies: { identity: [], boundary: boundary(allow("ec2:*")), resource: resourcePolicy(allow("s3:GetObject", "*", { Principal: { AWS: ROLE } })) }, request: request("s3:GetObject", OBJECT, { principal: SESSION }), expected: "implicitDeny" },
  { name: "a resource policy naming the role ARN, boundary allows: allowed without identity Allow", doc: DOC.boundaries, policies: { identity: [], boundary: boundary(allow("s3:*")), resource: resourcePolicy(allow("s3:GetObject", "*", { Principal: { AWS: ROLE } })) }, request: request("s3:GetObject", OBJECT, { principal: SESSION }), expected: "allowed" },
  { name: "a resource policy naming the role session is not limited by the boundary", doc: DOC.boundaries, policies: { identity: [], boundary: boundary(allow("ec2:*")), resource: resourcePolicy(allow("s3:GetObject", "*", { Principal: { AWS: SESSION } })) }, request: request("s3:GetObject", OBJECT, { principal: SESSION }), expected: "allowed" },
  { name: "a resource policy naming the account needs identity and boundary", doc: DOC.boundaries, policies: { identity: [identity(allow("s3:*"))], boundary: boundary(allow("ec2:*")), resource: resourcePolicy(allow("s3:GetObject", "*", { Principal: { AWS: ACCOUNT } })) }, request: request("s3:GetObject", OBJECT), expected: "implicitDeny" },
  { name: "a boundary with a condition allows only when it holds", doc: DOC.boundaries, policies: { identity: [identity(allow("s3:*"))], boundary: boundary(allow("s3:*", "*", { Condition: { StringEquals: { "aws:RequestedRegion": "eu-west-1" } } })) }, request: request("s3:GetObject", OBJECT, { context: { "aws:RequestedRegion": "us-east-1" } }), expected: "implicitDeny" },
];

const sessions: Case[] = [
  { name: "session policy and role policy intersect: both allow", doc: DOC.sessions, policies: { identity: [identity(allow("s3:*"))], session: session(allow("s3:GetObject")) }, request: request("s3:GetObject", OBJECT, { principal: SESSION }), expected: "allowed" },
  { name: "the session policy does not allow: implicit deny", doc: DOC.sessions, policies: { identity: [identity(allow("s3:*"))], session: session(allow("s3:GetObject")) }, request: request("s3:PutObject", OBJECT, { principal: SESSION }), expected: "implicitDeny" },
  { name: "a session policy cannot grant more than the identity policy", doc: DOC.sessions, policies: { identity: [identity(allow("s3:GetObject"))], session: session(allow("*")) }, request: request("s3:PutObject", OBJECT, { principal: SESSION }), expected: "implicitDeny" },
  { name: "a resource policy naming the session is not limited by the session policy", doc: DOC.sessions, policies: { identity: [], session: session(allow("ec2:*")), resource: resourcePolicy(allow("s3:GetObject", "*", { Principal: { AWS: SESSION } })) }, request: request("s3:GetObject", OBJECT, { principal: SESSION }), expected: "allowed" },
  { name: "a resource policy naming the role ARN is limited by the session policy", doc: DOC.sessions, policies: { identity: [], session: session(allow("ec2:*")), resource: resourcePolicy(allow("s3:GetObject", "*", { Principal: { AWS: ROLE } })) }, request: request("s3:GetObject", OBJECT, { principal: SESSION }), expected: "implicitDeny" },
  { name: "a federated-user session: a resource policy naming the IAM user is limited by the session policy", doc: DOC.sessions, policies: { identity: [], session: session(allow("ec2:*")), resource: resourcePolicy(allow("s3:GetObject", "*", { Principal: { AWS: USER } })) }, request: request("s3:GetObject", OBJECT, { principal: `arn:aws:sts::${ACCOUNT}:federated-user/dana`, sessionIssuer: USER }), expected: "implicitDeny" },
  { name: "a Deny in the session policy is an explicit deny", doc: DOC.sessions, policies: { identity: [identity(allow("s3:*"))], session: session(allow("s3:*"), deny("s3:DeleteObject")) }, request: request("s3:DeleteObject", OBJECT, { principal: SESSION }), expected: "explicitDeny" },
];

const scps: Case[] = [
  { name: "FullAWSAccess SCP and an identity Allow: allowed", doc: DOC.scps, policies: { identity: [identity(allow("s3:*"))], scps: [FULL_AWS_ACCESS] }, request: request("s3:GetObject", OBJECT), expected: "allowed" },
  { name: "an SCP that does not allow the action: implicit deny", doc: DOC.scps, policies: { identity: [identity(allow("*"))], scps: [scp("AllowS3Only", allow("s3:*"))] }, request: request("ec2:RunInstances", "*"), expected: "implicitDeny" },
  { name: "an SCP Deny is an explicit deny", doc: DOC.scps, policies: { identity: [identity(allow("*"))], scps: [FULL_AWS_ACCESS, scp("DenyLeaveOrg", deny("organizations:LeaveOrganization"))] }, request: request("organizations:LeaveOrganization", "*"), expected: "explicitDeny" },
  { name: "an SCP allows but grants nothing by itself", doc: DOC.scps, policies: { identity: [], scps: [FULL_AWS_ACCESS] }, request: request("s3:GetObject", OBJECT), expected: "implicitDeny" },
  { name: "one of several SCPs allowing is enough", doc: DOC.scps, policies: { identity: [identity(allow("*"))], scps: [scp("AllowS3", allow("s3:*")), scp("AllowEc2", allow("ec2:*"))] }, request: request("ec2:StartInstances", "*"), expected: "allowed" },
  { name: "an SCP region guard (Deny with StringNotEquals) denies other regions", doc: DOC.scps, policies: { identity: [identity(allow("*"))], scps: [FULL_AWS_ACCESS, scp("RegionGuard", deny("*", "*", { Condition: { StringNotEquals: { "aws:RequestedRegion": ["eu-west-1"] } } }))] }, request: request("ec2:RunInstances", "*", { context: { "aws:RequestedRegion": "us-east-1" } }), expected: "explicitDeny" },
  { name: "an SCP region guard lets the allowed region through", doc: DOC.scps, policies: { identity: [identity(allow("*"))], scps: [FULL_AWS_ACCESS, scp("RegionGuard", deny("*", "*", { Condition: { StringNotEquals: { "aws:RequestedRegion": ["eu-west-1"] } } }))] }, request: request("ec2:RunInstances", "*", { context: { "aws:RequestedRegion": "eu-west-1" } }), expected: "allowed" },
  { name: "SCPs also cap a same-account resource-policy grant", doc: DOC.denyAllow, policies: { identity: [], scps: [scp("AllowEc2", allow("ec2:*"))], resource: resourcePolicy(allow("s3:GetObject", "*", { Principal: { AWS: USER } })) }, request: request("s3:GetObject", OBJECT), expected: "implicitDeny" },
  { name: "SCPs do not apply to a service principal", doc: DOC.scps, policies: { identity: [], scps: [scp("AllowEc2", allow("ec2:*"))], resource: resourcePolicy(allow("sqs:SendMessage", "*", { Principal: { Service: "sns.amazonaws.com" } })) }, request: request("sqs:SendMessage", `arn:aws:sqs:us-east-1:${ACCOUNT}:q`, { principal: "sns.amazonaws.com" }), expected: "allowed" },
  { name: "an empty SCP list means no SCP applies", doc: DOC.scps, policies: { identity: [identity(allow("s3:*"))], scps: [] }, request: request("s3:GetObject", OBJECT), expected: "allowed" },
];

const KEY = `arn:aws:kms:us-east-1:${ACCOUNT}:key/1234abcd`;
const mustAllow: Case[] = [
  { name: "KMS: an identity Allow without a key policy does not allow", doc: DOC.kms, policies: { identity: [identity(allow("kms:Decrypt"))] }, request: request("kms:Decrypt", KEY), expected: "implicitDeny" },
  { name: "KMS: the key policy enables IAM (root) and the identity policy allows", doc: DOC.kms, policies: { identity: [identity(allow("kms:Decrypt"))], resource: keyPolicy(allow("kms:*", "*", { Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` } })) }, request: request("kms:Decrypt", KEY), expected: "allowed" },
  { name: "KMS: the key policy enables IAM but no identity policy allows", doc: DOC.kms, policies: { identity: [], resource: keyPolicy(allow("kms:*", "*", { Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` } })) }, request: request("kms:Decrypt", KEY), expected: "implicitDeny" },
  { name: "KMS: a key policy naming the user allows without identity policy", doc: DOC.kms, policies: { identity: [], resource: keyPolicy(allow("kms:Decrypt", "*", { Principal: { AWS: USER } })) }, request: request("kms:Decrypt", KEY), expected: "allowed" },
  { name: "KMS: resourcePolicyMustAllow=false lets the identity policy decide", doc: DOC.kms, policies: { identity: [identity(allow("kms:Decrypt"))] }, request: request("kms:Decrypt", KEY, { resourcePolicyMustAllow: false }), expected: "allowed" },
  { name: "trust: an account principal plus an identity Allow of sts:AssumeRole", doc: DOC.trust, policies: { identity: [identity(allow("sts:AssumeRole", ROLE))], resource: trustPolicy({ Effect: "Allow", Action: "sts:AssumeRole", Principal: { AWS: ACCOUNT } }) }, request: request("sts:AssumeRole", ROLE), expected: "allowed" },
  { name: "trust: an account principal without an identity Allow", doc: DOC.trust, policies: { identity: [], resource: trustPolicy({ Effect: "Allow", Action: "sts:AssumeRole", Principal: { AWS: ACCOUNT } }) }, request: request("sts:AssumeRole", ROLE), expected: "implicitDeny" },
  { name: "trust: naming the user directly allows within the account", doc: DOC.trust, policies: { identity: [], resource: trustPolicy({ Effect: "Allow", Action: "sts:AssumeRole", Principal: { AWS: USER } }) }, request: request("sts:AssumeRole", ROLE), expected: "allowed" },
  { name: "trust: an identity Allow is not enough when the trust policy does not name the principal", doc: DOC.trust, policies: { identity: [identity(allow("sts:AssumeRole"))], resource: trustPolicy({ Effect: "Allow", Action: "sts:AssumeRole", Principal: { AWS: OTHER_USER } }) }, request: request("sts:AssumeRole", ROLE), expected: "implicitDeny" },
  { name: "trust: a cross-account role session named by the trust policy, identity allows", doc: DOC.crossAccount, policies: { identity: [identity(allow("sts:AssumeRole"))], resource: trustPolicy({ Effect: "Allow", Action: "sts:AssumeRole", Principal: { AWS: `arn:aws:iam::${OTHER_ACCOUNT}:role/ci` } }) }, request: request("sts:AssumeRole", ROLE, { principal: FOREIGN_ROLE_SESSION }), expected: "allowed" },
];

const rootUser: Case[] = [
  { name: "the root user is allowed in its own account without policies", doc: DOC.root, policies: { identity: [] }, request: request("s3:DeleteBucket", BUCKET, { principal: `arn:aws:iam::${ACCOUNT}:root` }), expected: "allowed" },
  { name: "an explicit Deny in a resource policy also denies the root user", doc: DOC.root, policies: { identity: [], resource: resourcePolicy(deny("s3:DeleteBucket", "*", { Principal: "*" })) }, request: request("s3:DeleteBucket", BUCKET, { principal: `arn:aws:iam::${ACCOUNT}:root` }), expected: "explicitDeny" },
  { name: "SCPs restrict the root user of a member account", doc: DOC.scps, policies: { identity: [], scps: [scp("AllowEc2", allow("ec2:*"))] }, request: request("s3:DeleteBucket", BUCKET, { principal: `arn:aws:iam::${ACCOUNT}:root` }), expected: "implicitDeny" },
];

const strings: Case[] = [
  conditionCase("StringEquals matches an equal value", DOC.string, { StringEquals: { "aws:PrincipalTag/team": "platform" } }, { "aws:PrincipalTag/team": "platform" }, true),
  conditionCase("StringEquals does not match another value", DOC.string, { StringEquals: { "aws:PrincipalTag/team": "platform" } }, { "aws:PrincipalTag/team": "data" }, false),
  conditionCase("StringEquals is case-sensitive", DOC.string, { StringEquals: { "aws:PrincipalTag/team": "platform" } }, { "aws:PrincipalTag/team": "Platform" }, false),
  conditionCase("StringNotEquals is true for another value", DOC.string, { StringNotEquals: { "aws:PrincipalTag/team": "platform" } }, { "aws:PrincipalTag/team": "data" }, true),
  conditionCase("StringNotEquals is false for the value", DOC.string, { StringNotEquals: { "aws:PrincipalTag/team": "platform" } }, { "aws:PrincipalTag/team": "platform" }, false),
  conditionCase("StringEqualsIgnoreCase ignores case", DOC.string, { StringEqualsIgnoreCase: { "aws:PrincipalTag/team": "PLATFORM" } }, { "aws:PrincipalTag/team": "platform" }, true),
  conditionCase("StringNotEqualsIgnoreCase is false for the value in another case", DOC.string, { StringNotEqualsIgnoreCase: { "aws:PrincipalTag/team": "PLATFORM" } }, { "aws:PrincipalTag/team": "Platform" }, false),
  conditionCase("StringLike matches with *", DOC.string, { StringLike: { "s3:prefix": "home/*" } }, { "s3:prefix": "home/alice/docs" }, true),
  conditionCase("StringLike matches ? as one character", DOC.string, { StringLike: { "aws:RequestedRegion": "eu-west-?" } }, { "aws:RequestedRegion": "eu-west-1" }, true),
  conditionCase("StringLike is case-sensitive", DOC.string, { StringLike: { "s3:prefix": "home/*" } }, { "s3:prefix": "Home/alice" }, false),
  conditionCase("StringLike without a wildcard needs the whole value", DOC.string, { StringLike: { "s3:prefix": "home" } }, { "s3:prefix": "home/alice" }, false),
  conditionCase("StringNotLike is true when no pattern matches", DOC.string, { StringNotLike: { "s3:prefix": ["tmp/*", "cache/*"] } }, { "s3:prefix": "home/alice" }, true),
  conditionCase("StringNotLike is false when a pattern matches", DOC.string, { StringNotLike: { "s3:prefix": ["tmp/*", "cache/*"] } }, { "s3:prefix": "cache/x" }, false),
  conditionCase("several values of one key are OR'ed", DOC.multiple, { StringEquals: { "aws:PrincipalTag/team": ["data", "platform"] } }, { "aws:PrincipalTag/team": "platform" }, true),
  conditionCase("several values of a negated operator are NOR'ed", DOC.negatedMultiple, { StringNotEquals: { "aws:PrincipalTag/team": ["data", "platform"] } }, { "aws:PrincipalTag/team": "platform" }, false),
  conditionCase("condition keys are case-insensitive", DOC.conditionKeys, { StringEquals: { "AWS:PRINCIPALTAG/TEAM": "platform" } }, { "aws:PrincipalTag/team": "platform" }, true),
  conditionCase("an empty string value matches an empty context value", DOC.string, { StringEquals: { "s3:prefix": "" } }, { "s3:prefix": "" }, true),
];

const numerics: Case[] = [
  conditionCase("NumericEquals matches the same number", DOC.numeric, { NumericEquals: { "s3:max-keys": "10" } }, { "s3:max-keys": "10" }, true),
  conditionCase("NumericEquals compares numbers, not text (10 = 10.0)", DOC.numeric, { NumericEquals: { "s3:max-keys": "10" } }, { "s3:max-keys": "10.0" }, true),
  conditionCase("NumericNotEquals is true for another number", DOC.numeric, { NumericNotEquals: { "s3:max-keys": "10" } }, { "s3:max-keys": "11" }, true),
  conditionCase("NumericLessThan is strict", DOC.numeric, { NumericLessThan: { "s3:max-keys": "10" } }, { "s3:max-keys": "10" }, false),
  conditionCase("NumericLessThanEquals includes the bound", DOC.numeric, { NumericLessThanEquals: { "s3:max-keys": "10" } }, { "s3:max-keys": "10" }, true),
  conditionCase("NumericGreaterThan compares numerically (9 < 10)", DOC.numeric, { NumericGreaterThan: { "s3:max-keys": "9" } }, { "s3:max-keys": "10" }, true),
  conditionCase("NumericGreaterThanEquals rejects a smaller number", DOC.numeric, { NumericGreaterThanEquals: { "s3:max-keys": "100" } }, { "s3:max-keys": "99" }, false),
  conditionCase("a non-numeric request value never matches", DOC.numeric, { NumericLessThan: { "s3:max-keys": "10" } }, { "s3:max-keys": "ten" }, false),
  conditionCase("a decimal policy value", DOC.numeric, { NumericLessThanEquals: { "aws:MultiFactorAuthAge": "3600.5" } }, { "aws:MultiFactorAuthAge": "3600" }, true),
];

const dates: Case[] = [
  conditionCase("DateLessThan with ISO 8601 times", DOC.date, { DateLessThan: { "aws:CurrentTime": "2030-01-01T00:00:00Z" } }, { "aws:CurrentTime": "2026-05-01T12:00:00Z" }, true),
  conditionCase("DateLessThan is false after the date", DOC.date, { DateLessThan: { "aws:CurrentTime": "2020-01-01T00:00:00Z" } }, { "aws:CurrentTime": "2026-05-01T12:00:00Z" }, false),
  conditionCase("DateGreaterThan with an epoch policy value and an ISO request value", DOC.date, { DateGreaterThan: { "aws:CurrentTime": "1577836800" } }, { "aws:CurrentTime": "2020-01-01T00:00:01Z" }, true),
  conditionCase("DateEquals: the same instant in epoch and ISO form", DOC.date, { DateEquals: { "aws:EpochTime": "2020-01-01T00:00:00Z" } }, { "aws:EpochTime": "1577836800" }, true),
  conditionCase("DateNotEquals is false for the same instant", DOC.date, { DateNotEquals: { "aws:CurrentTime": "2020-01-01T00:00:00Z" } }, { "aws:CurrentTime": "2020-01-01T00:00:00.000Z" }, false),
  conditionCase("DateGreaterThanEquals with a date-only value", DOC.date, { DateGreaterThanEquals: { "aws:CurrentTime": "2026-05-01" } }, { "aws:CurrentTime": "2026-05-01T00:00:00Z" }, true),
  conditionCase("DateLessThanEquals with a time-zone offset", DOC.date, { DateLessThanEquals: { "aws:CurrentTime": "2026-05-01T12:00:00+02:00" } }, { "aws:CurrentTime": "2026-05-01T10:00:00Z" }, true),
  conditionCase("a date that does not parse never matches", DOC.date, { DateLessThan: { "aws:CurrentTime": "2030-01-01T00:00:00Z" } }, { "aws:CurrentTime": "yesterday" }, false),
];

const booleans: Case[] = [
  conditionCase("Bool true matches a true key", DOC.bool, { Bool: { "aws:SecureTransport": "true" } }, { "aws:SecureTransport": "true" }, true),
  conditionCase("Bool true does not match false", DOC.bool, { Bool: { "aws:SecureTransport": "true" } }, { "aws:SecureTransport": "false" }, false),
  conditionCase("Bool values compare case-insensitively", DOC.bool, { Bool: { "aws:SecureTransport": "true" } }, { "aws:SecureTransport": "True" }, true),
  denyConditionCase("trap: Deny Bool aws:MultiFactorAuthPresent false does not stop long-term keys (key absent)", DOC.missingKey, { Bool: { "aws:MultiFactorAuthPresent": "false" } }, {}, false),
  denyConditionCase("BoolIfExists false denies when the MFA key is absent", DOC.ifExists, { BoolIfExists: { "aws:MultiFactorAuthPresent": "false" } }, {}, true),
  denyConditionCase("Bool false denies a session without MFA (key present, false)", DOC.bool, { Bool: { "aws:MultiFactorAuthPresent": "false" } }, { "aws:MultiFactorAuthPresent": "false" }, true),
  denyConditionCase("BoolIfExists false does not deny with MFA", DOC.ifExists, { BoolIfExists: { "aws:MultiFactorAuthPresent": "false" } }, { "aws:MultiFactorAuthPresent": "true" }, false),
];

const binaries: Case[] = [
  conditionCase("BinaryEquals compares the decoded bytes", DOC.binary, { BinaryEquals: { "custom:blob": "QmluYXJ5VmFsdWVJbkJhc2U2NA==" } }, { "custom:blob": "QmluYXJ5VmFsdWVJbkJhc2U2NA==" }, true),
  conditionCase("BinaryEquals with other bytes", DOC.binary, { BinaryEquals: { "custom:blob": "QmluYXJ5VmFsdWVJbkJhc2U2NA==" } }, { "custom:blob": "T3RoZXI=" }, false),
];

const ips: Case[] = [
  conditionCase("IpAddress: an IPv4 address in the range", DOC.ip, { IpAddress: { "aws:SourceIp": "203.0.113.0/24" } }, { "aws:SourceIp": "203.0.113.77" }, true),
  conditionCase("IpAddress: an IPv4 address outside the range", DOC.ip, { IpAddress: { "aws:SourceIp": "203.0.113.0/24" } }, { "aws:SourceIp": "203.0.114.1" }, false),
  conditionCase("IpAddress: an address without a prefix means /32", DOC.ip, { IpAddress: { "aws:SourceIp": "203.0.113.5" } }, { "aws:SourceIp": "203.0.113.5" }, true),
  conditionCase("IpAddress: /32 excludes the neighbour", DOC.ip, { IpAddress: { "aws:SourceIp": "203.0.113.5" } }, { "aws:SourceIp": "203.0.113.6" }, false),
  conditionCase("IpAddress: IPv6 in a /64", DOC.ip, { IpAddress: { "aws:SourceIp": "2001:DB8:1234:5678::/64" } }, { "aws:SourceIp": "2001:db8:1234:5678:abcd::1" }, true),
  conditionCase("IpAddress: IPv6 outside the /64", DOC.ip, { IpAddress: { "aws:SourceIp": "2001:DB8:1234:5678::/64" } }, { "aws:SourceIp": "2001:db8:1234:5679::1" }, false),
  conditionCase("IpAddress: mixed IPv4 and IPv6 ranges are OR'ed", DOC.ip, { IpAddress: { "aws:SourceIp": ["203.0.113.0/24", "2001:DB8:1234:5678::/64"] } }, { "aws:SourceIp": "2001:db8:1234:5678::9" }, true),
  conditionCase("IpAddress: an IPv4 address is not in an IPv6 range", DOC.ip, { IpAddress: { "aws:SourceIp": "2001:DB8::/32" } }, { "aws:SourceIp": "203.0.113.5" }, false),
  conditionCase("NotIpAddress: true outside the range", DOC.ip, { NotIpAddress: { "aws:SourceIp": "10.0.0.0/8" } }, { "aws:SourceIp": "192.0.2.1" }, true),
  conditionCase("NotIpAddress: false inside the range", DOC.ip, { NotIpAddress: { "aws:SourceIp": "10.0.0.0/8" } }, { "aws:SourceIp": "10.20.30.40" }, false),
  conditionCase("IpAddress: /0 covers every IPv4 address", DOC.ip, { IpAddress: { "aws:SourceIp": "0.0.0.0/0" } }, { "aws:SourceIp": "198.51.100.1" }, true),
];

const arnConditions: Case[] = [
  conditionCase("ArnLike with a wildcard resource part", DOC.arn, { ArnLike: { "aws:SourceArn": `arn:aws:sns:us-east-1:${ACCOUNT}:*` } }, { "aws:SourceArn": `arn:aws:sns:us-east-1:${ACCOUNT}:alerts` }, true),
  conditionCase("ArnEquals behaves like ArnLike (wildcards allowed)", DOC.arn, { ArnEquals: { "aws:SourceArn": "arn:aws:sns:*:*:alerts" } }, { "aws:SourceArn": `arn:aws:sns:us-east-1:${ACCOUNT}:alerts` }, true),
  conditionCase("ArnLike matches field by field: * does not cross colons", DOC.arn, { ArnLike: { "aws:SourceArn": `arn:aws:someservice:*:${ACCOUNT}:finance/*` } }, { "aws:SourceArn": `arn:aws:someservice:us-east-2:999999999999:store/abc:${ACCOUNT}:finance/document.txt` }, false),
  conditionCase("StringLike on the same values matches across colons", DOC.arn, { StringLike: { "aws:SourceArn": `arn:aws:someservice:*:${ACCOUNT}:finance/*` } }, { "aws:SourceArn": `arn:aws:someservice:us-east-2:999999999999:store/abc:${ACCOUNT}:finance/document.txt` }, true),
  conditionCase("ArnNotEquals is true for another ARN", DOC.arn, { ArnNotEquals: { "aws:PrincipalArn": `arn:aws:iam::${ACCOUNT}:role/admin` } }, { "aws:PrincipalArn": USER }, true),
  conditionCase("ArnNotLike is false for a matching ARN", DOC.arn, { ArnNotLike: { "aws:SourceArn": "arn:aws:sns:*:*:*" } }, { "aws:SourceArn": `arn:aws:sns:us-east-1:${ACCOUNT}:alerts` }, false),
  conditionCase("ARN conditions are case-sensitive", DOC.arn, { ArnEquals: { "aws:SourceArn": `arn:aws:sns:us-east-1:${ACCOUNT}:Alerts` } }, { "aws:SourceArn": `arn:aws:sns:us-east-1:${ACCOUNT}:alerts` }, false),
];

const nulls: Case[] = [
  conditionCase("Null true: the key is absent", DOC.null, { Null: { "aws:TokenIssueTime": "true" } }, {}, true),
  conditionCase("Null true: the key is present", DOC.null, { Null: { "aws:TokenIssueTime": "true" } }, { "aws:TokenIssueTime": "2026-05-01T00:00:00Z" }, false),
  conditionCase("Null false: the key is present", DOC.null, { Null: { "aws:TokenIssueTime": "false" } }, { "aws:TokenIssueTime": "2026-05-01T00:00:00Z" }, true),
  conditionCase("Null false: the key is absent", DOC.null, { Null: { "aws:TokenIssueTime": "false" } }, {}, false),
  conditionCase("Null true: an empty multivalued key counts as absent", DOC.null, { Null: { "aws:TagKeys": "true" } }, { "aws:TagKeys": [] }, true),
];

const missingKeys: Case[] = [
  conditionCase("a missing key: StringEquals is false", DOC.missingKey, { StringEquals: { "aws:PrincipalTag/team": "platform" } }, {}, false),
  conditionCase("a missing key: StringNotEquals is true", DOC.missingKey, { StringNotEquals: { "aws:PrincipalTag/team": "platform" } }, {}, true),
  conditionCase("a missing key: StringNotLike is true", DOC.missingKey, { StringNotLike: { "s3:prefix": "tmp/*" } }, {}, true),
  conditionCase("a missing key: ArnNotLike is true", DOC.missingKey, { ArnNotLike: { "aws:SourceArn": "arn:aws:sns:*:*:*" } }, {}, true),
  conditionCase("a missing key: NotIpAddress is true", DOC.missingKey, { NotIpAddress: { "aws:SourceIp": "10.0.0.0/8" } }, {}, true),
  conditionCase("a missing key: NumericLessThan is false", DOC.missingKey, { NumericLessThan: { "s3:max-keys": "10" } }, {}, false),
  conditionCase("a missing key: DateGreaterThan is false", DOC.missingKey, { DateGreaterThan: { "aws:TokenIssueTime": "2020-01-01T00:00:00Z" } }, {}, false),
  denyConditionCase("trap: Deny StringNotEquals aws:PrincipalOrgID applies when the key is missing", DOC.missingKey, { StringNotEquals: { "aws:PrincipalOrgID": "o-abc123" } }, {}, true),
  conditionCase("a missing key: IpAddress is false", DOC.missingKey, { IpAddress: { "aws:SourceIp": "10.0.0.0/8" } }, {}, false),
];

const ifExists: Case[] = [
  conditionCase("StringLikeIfExists: a missing key is true", DOC.ifExists, { StringLikeIfExists: { "ec2:InstanceType": ["t3.*"] } }, {}, true),
  conditionCase("StringLikeIfExists: a present key is checked", DOC.ifExists, { StringLikeIfExists: { "ec2:InstanceType": ["t3.*"] } }, { "ec2:InstanceType": "m5.large" }, false),
  conditionCase("NumericLessThanIfExists: a present key within the bound", DOC.ifExists, { NumericLessThanIfExists: { "s3:max-keys": "100" } }, { "s3:max-keys": "5" }, true),
  conditionCase("IpAddressIfExists: a missing key is true", DOC.ifExists, { IpAddressIfExists: { "aws:SourceIp": "10.0.0.0/8" } }, {}, true),
  denyConditionCase("StringNotEqualsIfExists in a Deny: a missing key still denies", DOC.ifExists, { StringNotEqualsIfExists: { "aws:PrincipalTag/team": "platform" } }, {}, true),
  conditionCase("ArnLikeIfExists: a present non-matching key is false", DOC.ifExists, { ArnLikeIfExists: { "aws:SourceArn": "arn:aws:sns:*:*:alerts" } }, { "aws:SourceArn": "arn:aws:sns:us-east-1:1:other" }, false),
];

const combinations: Case[] = [
  conditionCase("two operators are AND'ed: both hold", DOC.multiple, { StringEquals: { "aws:PrincipalTag/team": "platform" }, Bool: { "aws:SecureTransport": "true" } }, { "aws:PrincipalTag/team": "platform", "aws:SecureTransport": "true" }, true),
  conditionCase("two operators are AND'ed: one fails", DOC.multiple, { StringEquals: { "aws:PrincipalTag/team": "platform" }, Bool: { "aws:SecureTransport": "true" } }, { "aws:PrincipalTag/team": "platform", "aws:SecureTransport": "false" }, false),
  conditionCase("two keys under one operator are AND'ed", DOC.multiple, { StringEquals: { "aws:PrincipalTag/team": "platform", "aws:RequestedRegion": "eu-west-1" } }, { "aws:PrincipalTag/team": "platform", "aws:RequestedRegion": "us-east-1" }, false),
  conditionCase("an unknown operator never holds", DOC.string, { StringEqualz: { "aws:PrincipalTag/team": "platform" } }, { "aws:PrincipalTag/team": "platform" }, false),
];

const sets: Case[] = [
  conditionCase("trap: ForAllValues on a missing key is true", DOC.setOperators, { "ForAllValues:StringEquals": { "aws:TagKeys": ["team", "env"] } }, {}, true),
  conditionCase("ForAllValues on an empty set is true", DOC.setOperators, { "ForAllValues:StringEquals": { "aws:TagKeys": ["team", "env"] } }, { "aws:TagKeys": [] }, true),
  conditionCase("ForAllValues: every request value is allowed", DOC.setOperators, { "ForAllValues:StringEquals": { "aws:TagKeys": ["team", "env"] } }, { "aws:TagKeys": ["env", "team"] }, true),
  conditionCase("ForAllValues: one request value is not allowed", DOC.setOperators, { "ForAllValues:StringEquals": { "aws:TagKeys": ["team", "env"] } }, { "aws:TagKeys": ["team", "owner"] }, false),
  conditionCase("ForAnyValue on a missing key is false", DOC.setOperators, { "ForAnyValue:StringEquals": { "aws:TagKeys": ["team"] } }, {}, false),
  conditionCase("ForAnyValue: one request value matches", DOC.setOperators, { "ForAnyValue:StringEquals": { "aws:TagKeys": ["team"] } }, { "aws:TagKeys": ["owner", "team"] }, true),
  conditionCase("ForAnyValue: no request value matches", DOC.setOperators, { "ForAnyValue:StringLike": { "aws:TagKeys": ["team*"] } }, { "aws:TagKeys": ["owner", "env"] }, false),
  denyConditionCase("ForAllValues:StringNotLike in a Deny: every key lacks the prefix → denied (AWS example)", DOC.setOperators, { "ForAllValues:StringNotLike": { "aws:TagKeys": "key1*" } }, { "aws:TagKeys": ["key2:audit"] }, true),
  denyConditionCase("ForAllValues:StringNotLike in a Deny: a key with the prefix → not denied (AWS example)", DOC.setOperators, { "ForAllValues:StringNotLike": { "aws:TagKeys": "key1*" } }, { "aws:TagKeys": ["key1:legal"] }, false),
  conditionCase("ForAnyValue:StringNotEquals: some request value differs from all policy values", DOC.setOperators, { "ForAnyValue:StringNotEquals": { "aws:TagKeys": ["team", "env"] } }, { "aws:TagKeys": ["team", "owner"] }, true),
  conditionCase("ForAllValues:StringEqualsIfExists: a missing key is true", DOC.ifExists, { "ForAllValues:StringEqualsIfExists": { "aws:TagKeys": ["team"] } }, {}, true),
];

const variables: Case[] = [
  { name: "${aws:username} in the Resource names the caller's own folder", doc: DOC.variables, policies: { identity: [identity(allow("s3:*", "arn:aws:s3:::home/${aws:username}/*"))] }, request: request("s3:GetObject", "arn:aws:s3:::home/alice/notes.txt"), expected: "allowed" },
  { name: "${aws:username} does not match another user's folder", doc: DOC.variables, policies: { identity: [identity(allow("s3:*", "arn:aws:s3:::home/${aws:username}/*"))] }, request: request("s3:GetObject", "arn:aws:s3:::home/bob/notes.txt"), expected: "implicitDeny" },
  { name: "a variable missing from the request matches nothing (role sessions have no aws:username)", doc: DOC.variables, policies: { identity: [identity(allow("s3:*", "arn:aws:s3:::home/${aws:username}/*"))] }, request: request("s3:GetObject", "arn:aws:s3:::home/app/notes.txt", { principal: SESSION }), expected: "implicitDeny" },
  { name: "a default value stands in for a missing variable", doc: DOC.variableDefaults, policies: { identity: [identity(allow("s3:*", "arn:aws:s3:::home/${aws:username, 'shared'}/*"))] }, request: request("s3:GetObject", "arn:aws:s3:::home/shared/x", { principal: SESSION }), expected: "allowed" },
  { name: "${aws:PrincipalTag/team} in the Resource", doc: DOC.variables, policies: { identity: [identity(allow("s3:*", "arn:aws:s3:::${aws:PrincipalTag/team}-data/*"))] }, request: request("s3:GetObject", "arn:aws:s3:::platform-data/x", { context: { "aws:PrincipalTag/team": "platform" } }), expected: "allowed" },
  { name: "${*} is a literal asterisk, not a wildcard", doc: DOC.variableSpecials, policies: { identity: [identity(allow("s3:*", "arn:aws:s3:::bucket/${*}"))] }, request: request("s3:GetObject", "arn:aws:s3:::bucket/anything"), expected: "implicitDeny" },
  { name: "${*} matches an object literally named *", doc: DOC.variableSpecials, policies: { identity: [identity(allow("s3:*", "arn:aws:s3:::bucket/${*}"))] }, request: request("s3:GetObject", "arn:aws:s3:::bucket/*"), expected: "allowed" },
  { name: "${?} is a literal question mark", doc: DOC.variableSpecials, policies: { identity: [identity(allow("s3:*", "arn:aws:s3:::bucket/what${?}"))] }, request: request("s3:GetObject", "arn:aws:s3:::bucket/whatx"), expected: "implicitDeny" },
  { name: "${$} is a literal dollar sign", doc: DOC.variableSpecials, policies: { identity: [identity(allow("s3:*", "arn:aws:s3:::bucket/${$}price"))] }, request: request("s3:GetObject", "arn:aws:s3:::bucket/$price"), expected: "allowed" },
  conditionCase("a variable in a StringLike condition value", DOC.variableWhere, { StringLike: { "s3:prefix": "home/${aws:username}/*" } }, { "s3:prefix": "home/alice/docs" }, true),
  conditionCase("a variable in a StringEquals condition value, other user", DOC.variableWhere, { StringEquals: { "aws:PrincipalTag/owner": "${aws:username}" } }, { "aws:PrincipalTag/owner": "bob" }, false),
  conditionCase("a variable in an ArnLike condition value", DOC.variableWhere, { ArnLike: { "aws:SourceArn": "arn:aws:sns:*:*:${aws:PrincipalTag/team}-*" } }, { "aws:SourceArn": "arn:aws:sns:us-east-1:1:platform-alerts", "aws:PrincipalTag/team": "platform" }, true),
  { name: "without Version 2012-10-17 a variable is literal text", doc: DOC.version, policies: { identity: [buildPolicy({ Version: "2008-10-17", Statement: [allow("s3:*", "arn:aws:s3:::home/${aws:username}/*")] })] }, request: request("s3:GetObject", "arn:aws:s3:::home/alice/x"), expected: "implicitDeny" },
  { name: "a multivalued key cannot be a variable", doc: DOC.variableWhere, policies: { identity: [identity(allow("s3:*", "arn:aws:s3:::${aws:TagKeys}/*"))] }, request: request("s3:GetObject", "arn:aws:s3:::team/x", { context: { "aws:TagKeys": ["team", "env"] } }), expected: "implicitDeny" },
  { name: "aws:PrincipalArn of a role session is the role ARN", doc: DOC.globalKeys, policies: { identity: [identity(allow("s3:*", "*", { Condition: { ArnEquals: { "aws:PrincipalArn": ROLE } } }))] }, request: request("s3:GetObject", OBJECT, { principal: SESSION }), expected: "allowed" },
];

const RESOLVED_BUCKET = "arn:aws:s3:::<unresolved:aws_s3_bucket.logs.bucket>/*";
const unresolved: Case[] = [
  { name: "an Allow on an unresolved bucket: implicit deny, undecided", doc: DOC.undecided, policies: { identity: [identity({ Sid: "Logs", ...allow("s3:GetObject", RESOLVED_BUCKET) })] }, request: request("s3:GetObject", OBJECT), expected: "implicitDeny", undecided: [`${ID} statement "Logs" (#0)`] },
  { name: "a Deny on an unresolved bucket: allowed by the resolved parts, undecided", doc: DOC.undecided, policies: { identity: [identity(allow("s3:*"), { Sid: "Guard", ...deny("s3:*", RESOLVED_BUCKET) })] }, request: request("s3:GetObject", OBJECT), expected: "allowed", undecided: [`${ID} statement "Guard" (#1)`] },
  { name: "an unresolved pattern that cannot match (other service) is decided", doc: DOC.undecided, policies: { identity: [identity(allow("s3:*"), deny("sqs:*", "arn:aws:sqs:us-east-1:<unresolved:var.account>:q"))] }, request: request("s3:GetObject", OBJECT), expected: "allowed" },
  { name: "an unresolved Deny does not matter once a resolved Deny applies", doc: DOC.undecided, policies: { identity: [identity(allow("s3:*"), deny("s3:GetObject"), deny("s3:*", RESOLVED_BUCKET))] }, request: request("s3:GetObject", OBJECT), expected: "explicitDeny" },
  { name: "an unresolved condition value list: undecided", doc: DOC.undecided, policies: { identity: [identity({ Sid: "FromVpc", ...allow("s3:*", "*", { Condition: { StringEquals: { "aws:SourceVpce": { unresolved: "var.vpce_ids" } } } }) })] }, request: request("s3:GetObject", OBJECT, { context: { "aws:SourceVpce": "vpce-1" } }), expected: "implicitDeny", undecided: [`${ID} statement "FromVpc" (#0)`] },
  { name: "an unresolved condition list on a missing key with a negated operator is decided (true)", doc: DOC.missingKey, policies: { identity: [identity(allow("s3:*"), deny("s3:*", "*", { Condition: { StringNotEquals: { "aws:SourceVpce": { unresolved: "var.vpce_ids" } } } }))] }, request: request("s3:GetObject", OBJECT), expected: "explicitDeny" },
  { name: "a whole Action list not known statically: undecided", doc: DOC.undecided, policies: { identity: [identity({ Sid: "Dynamic", Effect: "Allow", Resource: "*", Unresolved: { Action: "var.actions" } })] }, request: request("s3:GetObject", OBJECT), expected: "implicitDeny", undecided: [`${ID} statement "Dynamic" (#0)`] },
  { name: "a statement under a CloudFormation condition (Fn::If): undecided", doc: DOC.undecided, policies: { identity: [identity({ Sid: "ProdOnly", ...allow("s3:*"), OnlyIf: ["IsProd"] })] }, request: request("s3:GetObject", OBJECT), expected: "implicitDeny", undecided: [`${ID} statement "ProdOnly" (#0)`] },
  { name: "an unresolved principal in a resource policy: undecided", doc: DOC.undecided, policies: { identity: [identity(allow("s3:GetObject"))], resource: resourcePolicy({ Sid: "Partner", ...allow("s3:GetObject", "*", { Principal: { AWS: "arn:aws:iam::<unresolved:var.partner>:root" } }) }) }, request: request("s3:GetObject", OBJECT, { principal: FOREIGN_USER, resourceAccount: ACCOUNT }), expected: "implicitDeny", undecided: ['aws_s3_bucket_policy.logs statement "Partner" (#0)'] },
  { name: "a marker never matches by accident: identical marker text in the request", doc: DOC.undecided, policies: { identity: [identity({ Sid: "Same", ...allow("s3:GetObject", RESOLVED_BUCKET) })] }, request: request("s3:GetObject", "arn:aws:s3:::<unresolved:aws_s3_bucket.logs.bucket>/x"), expected: "implicitDeny", undecided: [`${ID} statement "Same" (#0)`] },
  { name: "an unresolved Effect may allow or deny: undecided", doc: DOC.undecided, policies: { identity: [identity({ Sid: "Either", Effect: "<unresolved:var.effect>", Action: "s3:*", Resource: "*" })] }, request: request("s3:GetObject", OBJECT), expected: "implicitDeny", undecided: [`${ID} statement "Either" (#0)`] },
  { name: "cross-account without an identity Allow is decided whatever the unresolved principal is", doc: DOC.crossAccount, policies: { identity: [], resource: resourcePolicy(allow("s3:GetObject", "*", { Principal: { AWS: "arn:aws:iam::<unresolved:var.partner>:root" } })) }, request: request("s3:GetObject", OBJECT, { principal: FOREIGN_USER, resourceAccount: ACCOUNT }), expected: "implicitDeny" },
  { name: "a resolved Allow makes an unresolved Allow irrelevant", doc: DOC.undecided, policies: { identity: [identity(allow("s3:GetObject"), allow("s3:GetObject", RESOLVED_BUCKET))] }, request: request("s3:GetObject", OBJECT), expected: "allowed" },
];

const groups: Record<string, Case[]> = {
  basics,
  actions,
  notActions,
  resources,
  notResources,
  principals,
  crossAccount,
  notPrincipals,
  boundaries,
  sessions,
  scps,
  mustAllow,
  rootUser,
  strings,
  numerics,
  dates,
  booleans,
  binaries,
  ips,
  arnConditions,
  nulls,
  missingKeys,
  ifExists,
  combinations,
  sets,
  variables,
  unresolved,
};

const allCases = Object.values(groups).flat();

describe("evaluation cases", () => {
  it("has at least 150 cases, each citing its documentation", () => {
    expect(allCases.length).toBeGreaterThanOrEqual(150);
    for (const entry of allCases) expect(entry.doc.length, entry.name).toBeGreaterThan(20);
    expect(new Set(allCases.map((entry) => entry.name)).size).toBe(allCases.length);
  });

  for (const [group, cases] of Object.entries(groups)) {
    describe(group, () => {
      it.each(cases.map((entry) => [entry.name, entry] as const))("%s", (_name, entry) => {
        const decision = evaluate(entry.request, entry.policies);
        expect(decision.decision, `${entry.doc}\n${decision.explanation.join("\n")}`).toBe(entry.expected);
        expect(decision.undecided, decision.explanation.join("\n")).toEqual(entry.undecided);
      });
    });
  }
});
