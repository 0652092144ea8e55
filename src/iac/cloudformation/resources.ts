// What each CloudFormation resource type contributes: policy documents (with their kind and the principals
// they apply to) and managed-policy attachments. SAM types live in sam.ts.

import { getEntry, literalString } from "../located.js";
import type { LocatedEntry, LocatedValue, PolicyKind } from "../types.js";
import { propertyPath, resolveOptional, type TemplateContext, type TemplateResource } from "./context.js";
import { resolveIntrinsics } from "./intrinsics.js";

/** A handler reads one `Properties` map (one `Fn::If` branch of it, named by `prefix`). */
type Handler = (ctx: TemplateContext, resource: TemplateResource, properties: LocatedValue, prefix: string) => void;

/** Resource policies and other single-document properties: type → property → kind. */
const DOCUMENT_PROPERTIES: Record<string, { property: string; kind: PolicyKind }[]> = {
  "AWS::S3::BucketPolicy": [{ property: "PolicyDocument", kind: "resource" }],
  "AWS::S3Express::BucketPolicy": [{ property: "PolicyDocument", kind: "resource" }],
  "AWS::S3::AccessPoint": [{ property: "Policy", kind: "resource" }],
  "AWS::S3::MultiRegionAccessPointPolicy": [{ property: "Policy", kind: "resource" }],
  "AWS::S3Express::AccessPoint": [{ property: "Policy", kind: "resource" }],
  "AWS::S3Tables::TableBucketPolicy": [{ property: "ResourcePolicy", kind: "resource" }],
  "AWS::S3Tables::TablePolicy": [{ property: "ResourcePolicy", kind: "resource" }],
  "AWS::S3ObjectLambda::AccessPointPolicy": [{ property: "PolicyDocument", kind: "resource" }],
  "AWS::KMS::Key": [{ property: "KeyPolicy", kind: "resource" }],
  "AWS::KMS::ReplicaKey": [{ property: "KeyPolicy", kind: "resource" }],
  "AWS::SQS::QueuePolicy": [{ property: "PolicyDocument", kind: "resource" }],
  "AWS::SQS::QueueInlinePolicy": [{ property: "PolicyDocument", kind: "resource" }],
  "AWS::SNS::TopicPolicy": [{ property: "PolicyDocument", kind: "resource" }],
  "AWS::SNS::TopicInlinePolicy": [{ property: "PolicyDocument", kind: "resource" }],
  "AWS::SecretsManager::ResourcePolicy": [{ property: "ResourcePolicy", kind: "resource" }],
  "AWS::ECR::Repository": [{ property: "RepositoryPolicyText", kind: "resource" }],
  "AWS::ECR::PublicRepository": [{ property: "RepositoryPolicyText", kind: "resource" }],
  "AWS::ECR::RegistryPolicy": [{ property: "PolicyText", kind: "resource" }],
  "AWS::EC2::VPCEndpoint": [{ property: "PolicyDocument", kind: "resource" }],
  "AWS::OpenSearchService::Domain": [{ property: "AccessPolicies", kind: "resource" }],
  "AWS::Elasticsearch::Domain": [{ property: "AccessPolicies", kind: "resource" }],
  "AWS::ApiGateway::RestApi": [{ property: "Policy", kind: "resource" }],
  "AWS::ApiGateway::DomainNameV2": [{ property: "Policy", kind: "resource" }],
  "AWS::Logs::ResourcePolicy": [{ property: "PolicyDocument", kind: "resource" }],
  "AWS::Logs::Destination": [{ property: "DestinationPolicy", kind: "resource" }],
  "AWS::CloudTrail::ResourcePolicy": [{ property: "ResourcePolicy", kind: "resource" }],
  "AWS::Backup::BackupVault": [{ property: "AccessPolicy", kind: "resource" }],
  "AWS::MediaStore::Container": [{ property: "Policy", kind: "resource" }],
  "AWS::EFS::FileSystem": [{ property: "FileSystemPolicy", kind: "resource" }],
  "AWS::Glacier::Vault": [{ property: "AccessPolicy", kind: "resource" }],
  "AWS::CodeArtifact::Domain": [{ property: "PermissionsPolicyDocument", kind: "resource" }],
  "AWS::CodeArtifact::Repository": [{ property: "PermissionsPolicyDocument", kind: "resource" }],
  "AWS::Kinesis::ResourcePolicy": [{ property: "ResourcePolicy", kind: "resource" }],
  "AWS::EventSchemas::RegistryPolicy": [{ property: "Policy", kind: "resource" }],
  // An SSO permission set's inline policy is an identity policy of the roles it provisions.
  "AWS::SSO::PermissionSet": [{ property: "InlinePolicy", kind: "identity" }],
};

const HANDLERS: Record<string, Handler> = {
  "AWS::IAM::Policy": iamPolicy,
  "AWS::IAM::ManagedPolicy": iamPolicy,
  "AWS::IAM::Role": (ctx, resource, properties, prefix) => {
    const id = resource.logicalId;
    ctx.emitDocument(resource, getEntry(properties, "AssumeRolePolicyDocument"), propertyPath(prefix, "AssumeRolePolicyDocument"), {
      kind: "trust",
      attachedTo: [id],
    });
    principalPolicies(ctx, resource, properties, prefix, "role");
  },
  "AWS::IAM::User": (ctx, resource, properties, prefix) => principalPolicies(ctx, resource, properties, prefix, "user"),
  "AWS::IAM::Group": (ctx, resource, properties, prefix) => principalPolicies(ctx, resource, properties, prefix, "group"),
  "AWS::IAM::RolePolicy": (ctx, resource, properties, prefix) => namedPrincipalPolicy(ctx, resource, properties, prefix, "RoleName", "role"),
  "AWS::IAM::UserPolicy": (ctx, resource, properties, prefix) => namedPrincipalPolicy(ctx, resource, properties, prefix, "UserName", "user"),
  "AWS::IAM::GroupPolicy": (ctx, resource, properties, prefix) => namedPrincipalPolicy(ctx, resource, properties, prefix, "GroupName", "group"),
  "AWS::Organizations::Policy": organizationsPolicy,
  "AWS::Lambda::Permission": lambdaPermission,
  "AWS::Serverless::Api": samApiPolicies,
};

export function handlerFor(type: string): Handler | undefined {
  const handler = HANDLERS[type];
  if (handler) return handler;
  const documents = DOCUMENT_PROPERTIES[type];
  if (!documents) return undefined;
  return (ctx, resource, properties, prefix) => {
    for (const { property, kind } of documents) {
      const raw = getEntry(properties, property);
      if (raw) ctx.emitDocument(resource, raw, propertyPath(prefix, property), { kind, attachedTo: [] });
    }
  };
}

/** `AWS::IAM::Policy` / `ManagedPolicy`: one identity document attached to the Roles, Users and Groups it names. */
function iamPolicy(ctx: TemplateContext, resource: TemplateResource, properties: LocatedValue, prefix: string): void {
  const attachedTo = [
    ...ctx.principalIds(getEntry(properties, "Roles"), "role"),
    ...ctx.principalIds(getEntry(properties, "Users"), "user"),
    ...ctx.principalIds(getEntry(properties, "Groups"), "group"),
  ];
  const nameProperty = resource.type === "AWS::IAM::ManagedPolicy" ? "ManagedPolicyName" : "PolicyName";
  const name = literalString(resolveOptional(getEntry(properties, nameProperty)));
  const document = getEntry(properties, "PolicyDocument");
  if (!document) {
    ctx.error(properties.at, `${resource.logicalId}: ${resource.type} without a PolicyDocument`, resource.logicalId, true);
    return;
  }
  ctx.emitDocument(resource, document, propertyPath(prefix, "PolicyDocument"), { kind: "identity", attachedTo, name });
}

/** Roles, users and groups: inline `Policies`, `ManagedPolicyArns` and the `PermissionsBoundary`. */
function principalPolicies(
  ctx: TemplateContext,
  resource: TemplateResource,
  properties: LocatedValue,
  prefix: string,
  principalType: "role" | "user" | "group",
): void {
  const id = resource.logicalId;
  ctx.emitInlinePolicies(resource, getEntry(properties, "Policies"), propertyPath(prefix, "Policies"), [id]);
  ctx.emitManagedPolicyArns(resource, getEntry(properties, "ManagedPolicyArns"), propertyPath(prefix, "ManagedPolicyArns"), id, principalType);
  ctx.emitBoundary(resource, getEntry(properties, "PermissionsBoundary"), propertyPath(prefix, "PermissionsBoundary"), id, principalType);
}

/** `AWS::IAM::RolePolicy` and friends: one document attached to the principal named by `RoleName`… */
function namedPrincipalPolicy(
  ctx: TemplateContext,
  resource: TemplateResource,
  properties: LocatedValue,
  prefix: string,
  nameProperty: string,
  principalType: "role" | "user" | "group",
): void {
  const attachedTo = ctx.principalIds(getEntry(properties, nameProperty), principalType);
  const name = literalString(resolveOptional(getEntry(properties, "PolicyName")));
  ctx.emitDocument(resource, getEntry(properties, "PolicyDocument"), propertyPath(prefix, "PolicyDocument"), {
    kind: "identity",
    attachedTo,
    name,
  });
}

// SAM generates these statements itself from lists of accounts, IP ranges or VPCs; only `CustomStatements`
// are written by the author.
const GENERATED_API_POLICY_KEYS = [
  "AwsAccountWhitelist",
  "AwsAccountBlacklist",
  "IpRangeWhitelist",
  "IpRangeBlacklist",
  "SourceVpcWhitelist",
  "SourceVpcBlacklist",
  "IntrinsicVpcWhitelist",
  "IntrinsicVpcBlacklist",
  "IntrinsicVpceWhitelist",
  "IntrinsicVpceBlacklist",
];

/**
 * `AWS::Serverless::Api`: the private custom domain's `Domain.Policy` and the API's
 * `Auth.ResourcePolicy.CustomStatements` are resource policies of the API.
 */
export function samApiPolicies(ctx: TemplateContext, resource: TemplateResource, properties: LocatedValue, prefix: string): void {
  const domain = getEntry(properties, "Domain");
  if (domain) ctx.emitDocument(resource, getEntry(domain, "Policy"), propertyPath(prefix, "Domain.Policy"), { kind: "resource", attachedTo: [] });
  const resourcePolicy = getEntry(getEntry(properties, "Auth") ?? nothingAt(properties), "ResourcePolicy");
  if (!resourcePolicy) return;
  const custom = getEntry(resourcePolicy, "CustomStatements");
  if (custom) {
    const at = custom.at;
    const document: LocatedValue = {
      kind: "object",
      at,
      entries: [
        { key: "Version", keyAt: at, value: { kind: "string", value: "2012-10-17", at } },
        { key: "Statement", keyAt: at, value: custom },
      ],
    };
    ctx.emitDocument(resource, document, propertyPath(prefix, "Auth.ResourcePolicy.CustomStatements"), { kind: "resource", attachedTo: [] });
  }
  const generated = GENERATED_API_POLICY_KEYS.filter((key) => getEntry(resourcePolicy, key) !== undefined);
  if (generated.length > 0) {
    ctx.error(
      resourcePolicy.at,
      `${resource.logicalId}: the statements SAM generates from ${generated.join(", ")} are not analysed`,
      resource.logicalId,
    );
  }
}

function nothingAt(value: LocatedValue): LocatedValue {
  return { kind: "null", at: value.at };
}

const SCP_TYPES = new Set(["SERVICE_CONTROL_POLICY", "RESOURCE_CONTROL_POLICY"]);

/** Only service and resource control policies are IAM grammar; tag, backup and AI opt-out policies are not. */
function organizationsPolicy(ctx: TemplateContext, resource: TemplateResource, properties: LocatedValue, prefix: string): void {
  const type = literalString(resolveOptional(getEntry(properties, "Type")));
  if (type === undefined || !SCP_TYPES.has(type)) return;
  const name = literalString(resolveOptional(getEntry(properties, "Name")));
  ctx.emitDocument(resource, getEntry(properties, "Content"), propertyPath(prefix, "Content"), {
    kind: "scp",
    attachedTo: [],
    name,
  });
}

const SERVICE_PRINCIPAL = /^[a-z0-9-]+(\.[a-z0-9-]+)*\.(amazonaws\.com(\.cn)?|amazon\.com)$/;

/**
 * `AWS::Lambda::Permission` is a resource policy written as properties: the statement it stands for is
 * synthesised, each element at the property it comes from.
 */
function lambdaPermission(ctx: TemplateContext, resource: TemplateResource, properties: LocatedValue, prefix: string): void {
  const at = properties.at;
  const property = (name: string) => {
    const raw = getEntry(properties, name);
    return raw ? resolveIntrinsics(raw) : undefined;
  };
  const entry = (key: string, value: LocatedValue): LocatedEntry => ({ key, keyAt: value.at, value });
  const statement: LocatedEntry[] = [entry("Effect", { kind: "string", value: "Allow", at })];
  const principal = property("Principal");
  if (principal) {
    const principalType = literalString(principal) !== undefined && SERVICE_PRINCIPAL.test(literalString(principal)!) ? "Service" : "AWS";
    statement.push(entry("Principal", { kind: "object", entries: [entry(principalType, principal)], at: principal.at }));
  }
  const action = property("Action");
  if (action) statement.push(entry("Action", action));
  const functionName = property("FunctionName");
  if (functionName) statement.push(entry("Resource", functionName));
  const conditions = lambdaConditions(property);
  if (conditions.length > 0) statement.push(entry("Condition", { kind: "object", entries: conditions, at }));
  const document: LocatedValue = {
    kind: "object",
    at,
    entries: [
      entry("Version", { kind: "string", value: "2012-10-17", at }),
      entry("Statement", { kind: "array", items: [{ kind: "object", entries: statement, at }], at }),
    ],
  };
  ctx.addPolicy(
    {
      kind: "resource",
      resource: resource.logicalId,
      resourceType: resource.type,
      property: `Properties${prefix}`,
      origin: "attributes",
      at,
      document,
      attachedTo: [],
    },
    resource,
  );
}

/** SourceArn, SourceAccount, PrincipalOrgID and FunctionUrlAuthType as the conditions AWS adds for them. */
function lambdaConditions(property: (name: string) => LocatedValue | undefined): LocatedEntry[] {
  const operators = new Map<string, LocatedEntry[]>();
  const add = (operator: string, key: string, value: LocatedValue | undefined) => {
    if (!value) return;
    const entries = operators.get(operator) ?? [];
    entries.push({ key, keyAt: value.at, value });
    operators.set(operator, entries);
  };
  add("ArnLike", "aws:SourceArn", property("SourceArn"));
  add("StringEquals", "aws:SourceAccount", property("SourceAccount"));
  add("StringEquals", "aws:PrincipalOrgID", property("PrincipalOrgID"));
  add("StringEquals", "lambda:FunctionUrlAuthType", property("FunctionUrlAuthType"));
  return [...operators].map(([operator, entries]) => ({
    key: operator,
    keyAt: entries[0].keyAt,
    value: { kind: "object", entries, at: entries[0].keyAt },
  }));
}
