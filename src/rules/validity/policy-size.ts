/**
 * IAM011 policy-size. AWS refuses a policy larger than its quota, and the deploy fails half-way: IAM counts
 * the characters of a policy without white space (IAM User Guide, "IAM and AWS STS quotas"; GetAccountSummary
 * names the quotas "in non-whitespace characters"), and the quota depends on what holds the policy:
 *
 *   managed policy (and a permissions boundary, which is one)      6,144
 *   inline policies of a role, in total                           10,240
 *   inline policies of a user, in total                            2,048
 *   inline policies of a group, in total                           5,120
 *   role trust policy                                              2,048 (default; adjustable)
 *   SCP / RCP                                                      5,120
 *   S3 bucket policy                                              20,480
 *   KMS key policy                                                32,768
 *
 * Other documents (SQS, SNS…) have other or unknown quotas and are not judged. A standalone policy file
 * could become any identity policy: it is an error only above the largest identity quota (10,240).
 *
 * The size is what AWS would receive, serialised compactly, without white space — a lower bound:
 * unresolved parts count for nothing, of a `Fn::If` only the smaller option counts, and Organizations also
 * counts white space in an SCP that we leave out. So an `error` is never an overestimate; when unresolved
 * parts exist the message says "at least". Over the quota is an error; from 90 % it is a warning, because
 * the next statement added will not fit.
 */

import { getEntry } from "../../iac/located.js";
import { BoundedCache } from "../../iam/bounded-cache.js";
import type { IacResource, LocatedEntry, LocatedValue, PolicySource } from "../../iac/types.js";
import { resourcesAt, type AnalyzedPolicy, type ReviewModel } from "../../engine/model.js";
import { defineRule } from "../types.js";
import { judgeablePolicies } from "./support.js";

type QuotaName =
  | "managed"
  | "roleInline"
  | "userInline"
  | "groupInline"
  | "trust"
  | "scp"
  | "s3Bucket"
  | "kmsKey"
  | "anyIdentity";

const QUOTAS: Record<QuotaName, { limit: number; label: string }> = {
  managed: { limit: 6_144, label: "a managed policy" },
  roleInline: { limit: 10_240, label: "a role's inline policies (in total)" },
  userInline: { limit: 2_048, label: "a user's inline policies (in total)" },
  groupInline: { limit: 5_120, label: "a group's inline policies (in total)" },
  trust: { limit: 2_048, label: "a role trust policy" },
  scp: { limit: 5_120, label: "a service control policy" },
  s3Bucket: { limit: 20_480, label: "an S3 bucket policy" },
  kmsKey: { limit: 32_768, label: "a KMS key policy" },
  // A standalone policy file could become any IAM identity policy: only more than the largest quota is sure.
  anyIdentity: { limit: 10_240, label: "any IAM identity policy (the largest, a role's inline policies)" },
};

const WARNING_SHARE = 0.9;

/** Resource types whose documents have one quota of their own, whatever their principal. */
const QUOTA_BY_RESOURCE_TYPE: Readonly<Record<string, QuotaName>> = {
  aws_iam_policy: "managed",
  "AWS::IAM::ManagedPolicy": "managed",
  aws_s3_bucket_policy: "s3Bucket",
  aws_s3_bucket: "s3Bucket",
  "AWS::S3::BucketPolicy": "s3Bucket",
  aws_kms_key: "kmsKey",
  aws_kms_key_policy: "kmsKey",
  "AWS::KMS::Key": "kmsKey",
  "AWS::KMS::ReplicaKey": "kmsKey",
};

/** Resource types whose documents are inline policies of a role, user or group. */
const INLINE_BY_RESOURCE_TYPE: Readonly<Record<string, "role" | "user" | "group">> = {
  aws_iam_role_policy: "role",
  aws_iam_role: "role", // inline_policy { } blocks (its trust policy has kind "trust")
  "AWS::IAM::RolePolicy": "role",
  "AWS::IAM::Role": "role",
  // SAM turns a function's or state machine's Policies into inline policies of the role it creates.
  "AWS::Serverless::Function": "role",
  "AWS::Serverless::StateMachine": "role",
  aws_iam_user_policy: "user",
  "AWS::IAM::UserPolicy": "user",
  "AWS::IAM::User": "user",
  aws_iam_group_policy: "group",
  "AWS::IAM::GroupPolicy": "group",
  "AWS::IAM::Group": "group",
};

const INLINE_QUOTA: Record<"role" | "user" | "group", QuotaName> = { role: "roleInline", user: "userInline", group: "groupInline" };

/** One quota a document counts against: alone, or with the other inline policies of `principal`. */
interface QuotaUse {
  quota: QuotaName;
  principal?: string;
}

interface Measured {
  analyzed: AnalyzedPolicy;
  size: number;
  /** Parts of the document are unknown: `size` is a lower bound. */
  partial: boolean;
}

export default defineRule({
  meta: {
    id: "IAM011",
    name: "policy-size",
    severity: "error",
    summary: "The policy exceeds (error) or nearly reaches (warning, 90 %) its AWS size quota.",
    messages: {
      exceeds:
        "{{subject}} {{size}} characters without white space, over the {{limit}}-character quota of {{quota}}: AWS will refuse it. Split it or remove statements.",
      near: "{{subject}} {{size}} characters without white space, {{percent}} % of the {{limit}}-character quota of {{quota}}: the next change may not fit.",
    },
  },
  check(context) {
    const groups = new Map<string, { quota: QuotaName; principal?: string; members: Measured[] }>();
    for (const analyzed of judgeablePolicies(context.model)) {
      const uses = quotaUses(analyzed.source, context.model);
      if (uses.length === 0) continue;
      const { document, trimmed } = withoutDynamicBlocks(analyzed.source, context.model.files);
      const size = measure(document);
      const measured: Measured = { analyzed, size: size.size, partial: size.partial || trimmed };
      for (const use of uses) {
        const key = use.principal ? `${use.quota}\u0000${use.principal}` : `${use.quota}\u0000${analyzed.key}`;
        const group = groups.get(key) ?? { quota: use.quota, ...(use.principal ? { principal: use.principal } : {}), members: [] };
        group.members.push(measured);
        groups.set(key, group);
      }
    }

    for (const group of groups.values()) {
      const { limit, label } = QUOTAS[group.quota];
      const size = group.members.reduce((total, member) => total + member.size, 0);
      // Where the real quota may be larger than the one we measure against, only "over" is certain.
      const threshold = group.quota === "anyIdentity" ? limit + 1 : limit * WARNING_SHARE;
      if (size < threshold) continue;
      const partial = group.members.some((member) => member.partial);
      // The biggest document is the one to split: the finding goes there.
      const largest = group.members.reduce((best, member) => (member.size > best.size ? member : best));
      const exceeds = size > limit;
      context.report({
        messageId: exceeds ? "exceeds" : "near",
        data: {
          subject: subjectOf(group.members.length, group.principal, partial),
          size,
          limit,
          quota: label,
          percent: Math.floor((size / limit) * 100),
        },
        at: largest.analyzed.source.at,
        resource: largest.analyzed.source.resource,
        identity: [group.quota, group.principal ?? largest.analyzed.source.property],
        severity: exceeds ? "error" : "warning",
      });
    }
  },
});

function subjectOf(count: number, principal: string | undefined, partial: boolean): string {
  const measure = partial ? "measure at least" : "measure";
  if (principal && count > 1) return `The ${count} inline policies of \`${principal}\` together ${measure}`;
  if (principal) return `This inline policy of \`${principal}\` ${partial ? "measures at least" : "measures"}`;
  return `This policy ${partial ? "measures at least" : "measures"}`;
}

// ------------------------------------------------------------------------------------------ which quota

function quotaUses(source: PolicySource, model: ReviewModel): QuotaUse[] {
  if (source.kind === "trust") return [{ quota: "trust" }];
  if (source.kind === "scp") return [{ quota: "scp" }];
  if (source.kind === "boundary") return [{ quota: "managed" }];
  if (source.kind === "session") return [];
  if (source.origin === "policy-file") return source.kind === "identity" ? [{ quota: "anyIdentity" }] : [];
  if (source.resourceType === "aws_iam_policy_document") return policyDocumentUses(source, model);
  if (source.resourceType === "AWS::IAM::Policy") return cloudFormationPolicyUses(source, model);
  const single = QUOTA_BY_RESOURCE_TYPE[source.resourceType];
  if (single) return [{ quota: single }];
  const inline = INLINE_BY_RESOURCE_TYPE[source.resourceType];
  if (inline && source.kind === "identity") return inlineUses(inline, source.attachedTo, model, source);
  return [];
}

/** An inline policy counts with the other inline policies of each principal it is embedded in. */
function inlineUses(type: "role" | "user" | "group", principals: string[], model: ReviewModel, source: PolicySource): QuotaUse[] {
  const quota = INLINE_QUOTA[type];
  const known = principals.filter((principal) => !principal.startsWith("<unresolved:") && principalType(principal, model, source) === type);
  // A principal we cannot name (a variable, an existing role): the document alone is what we know.
  return known.length > 0 ? known.map((principal) => ({ quota, principal })) : [{ quota }];
}

/** `AWS::IAM::Policy` embeds its document in every role, user and group it lists. */
function cloudFormationPolicyUses(source: PolicySource, model: ReviewModel): QuotaUse[] {
  const resource = resourcesAt(model, source.resource).find((candidate) => candidate.type === source.resourceType);
  const uses: QuotaUse[] = [];
  for (const [property, type] of [["Roles", "role"], ["Users", "user"], ["Groups", "group"]] as const) {
    const listed = resource ? getEntry(resource.attributes, property) : undefined;
    const principals = source.attachedTo.filter((principal) => principalType(principal, model, source) === type);
    if (listed || principals.length > 0) uses.push(...inlineUses(type, principals, model, source));
  }
  return uses;
}

/**
 * A `data "aws_iam_policy_document"` has the quota of the resources that use its `.json`: found through
 * the references in the resources of the same module.
 */
function policyDocumentUses(source: PolicySource, model: ReviewModel): QuotaUse[] {
  const bareAddress = source.resource.slice(source.resource.lastIndexOf(":") + 1);
  const uses: QuotaUse[] = [];
  for (const resource of documentUsers(model).get(`${directoryOf(source.at.path)}\u0000${bareAddress}`) ?? []) {
    const single = QUOTA_BY_RESOURCE_TYPE[resource.type];
    if (single) uses.push({ quota: single });
    const inline = INLINE_BY_RESOURCE_TYPE[resource.type];
    if (inline) uses.push(...inlineUses(inline, source.attachedTo, model, source));
  }
  return uses;
}

const DATA_REFERENCE = /data\.aws_iam_policy_document\.[A-Za-z0-9_-]+/g;

// The resources that reference each policy-document data source, by directory and address, built once per
// model: every data-source document asks, and a scan holds thousands of resources.
const usersIndex = new WeakMap<ReviewModel, Map<string, IacResource[]>>();

function documentUsers(model: ReviewModel): Map<string, IacResource[]> {
  let index = usersIndex.get(model);
  if (index) return index;
  index = new Map();
  for (const resource of model.scan.resources) {
    const addresses = new Set<string>();
    collectDocumentReferences(resource.attributes, addresses);
    for (const address of addresses) {
      const key = `${directoryOf(resource.at.path)}\u0000${address}`;
      index.set(key, [...(index.get(key) ?? []), resource]);
    }
  }
  usersIndex.set(model, index);
  return index;
}

function collectDocumentReferences(value: LocatedValue, into: Set<string>): void {
  switch (value.kind) {
    case "unresolved":
      for (const match of value.expr.matchAll(DATA_REFERENCE)) into.add(match[0]);
      return;
    case "string":
      if (value.value.includes("data.aws_iam_policy_document.")) for (const match of value.value.matchAll(DATA_REFERENCE)) into.add(match[0]);
      return;
    case "array":
      for (const item of value.items) collectDocumentReferences(item, into);
      return;
    case "object":
      for (const entry of value.entries) collectDocumentReferences(entry.value, into);
      return;
    case "choice":
      for (const option of value.options) collectDocumentReferences(option, into);
      return;
    default:
      return;
  }
}

/** Terraform addresses say their type; CloudFormation logical ids are looked up among the template's resources. */
function principalType(principal: string, model: ReviewModel, source: PolicySource): "role" | "user" | "group" | undefined {
  const terraform = /(?:^|:)aws_iam_(role|user|group)\./.exec(principal);
  if (terraform) return terraform[1] === "role" ? "role" : terraform[1] === "user" ? "user" : "group";
  const resource = resourcesAt(model, principal).find((candidate) => directoryOf(candidate.at.path) === directoryOf(source.at.path));
  return resource ? INLINE_BY_RESOURCE_TYPE[resource.type] : undefined;
}

function directoryOf(path: string): string {
  const slash = path.lastIndexOf("/");
  return slash < 0 ? "" : path.slice(0, slash);
}

// ------------------------------------------------------------------------------------------ measuring

const DYNAMIC_BLOCK = /^\s*dynamic\s+"/;
const BLOCK_ELEMENTS = new Set(["Principal", "NotPrincipal", "Condition"]);

/**
 * An `aws_iam_policy_document` renders each `dynamic "statement"` (and `dynamic "principals"` /
 * `"condition"`) once, although its `for_each` may produce none: to stay a lower bound, such statements
 * count for nothing, and in a document with dynamic blocks the Principal and Condition parts of the
 * other statements (which merge static and dynamic blocks) count for nothing either.
 */
function withoutDynamicBlocks(source: PolicySource, files: ReadonlyMap<string, string>): { document: LocatedValue; trimmed: boolean } {
  const { document } = source;
  if (source.origin !== "policy-document" || document.kind !== "object") return { document, trimmed: false };
  const text = files.get(source.at.path);
  // Most files have no dynamic block at all: no need to split them into lines for every document.
  if (text === undefined || !text.includes("dynamic")) return { document, trimmed: false };
  const lines = text.split("\n");
  const dynamicLines: number[] = [];
  for (let line = source.at.startLine; line <= source.at.endLine; line++) {
    if (DYNAMIC_BLOCK.test(lines[line - 1] ?? "")) dynamicLines.push(line);
  }
  if (dynamicLines.length === 0) return { document, trimmed: false };
  const within = (value: LocatedValue, line: number) => value.at.startLine <= line && line <= value.at.endLine;
  const trimStatement = (statement: LocatedValue): LocatedValue[] => {
    if (statement.kind !== "object") return [statement];
    if (dynamicLines.includes(statement.at.startLine)) return [];
    if (!dynamicLines.some((line) => within(statement, line))) return [statement];
    return [{ ...statement, entries: statement.entries.filter((entry) => !BLOCK_ELEMENTS.has(entry.key)) }];
  };
  const entries: LocatedEntry[] = document.entries.map((entry) =>
    entry.key === "Statement" && entry.value.kind === "array"
      ? { ...entry, value: { ...entry.value, items: entry.value.items.flatMap(trimStatement) } }
      : entry,
  );
  return { document: { ...document, entries }, trimmed: true };
}

const MARKER = /<unresolved:[^>]*>/g;

/**
 * Characters of the compact JSON of a value, white space left out; unknown parts count for nothing and
 * of a choice only the smallest option counts, so the result never exceeds the real size.
 */
export function measure(value: LocatedValue): { size: number; partial: boolean } {
  switch (value.kind) {
    case "string": {
      const known = value.value.includes("<unresolved:") ? value.value.replace(MARKER, "") : value.value;
      return { size: nonWhiteSpaceLength(JSON.stringify(known)), partial: known.length !== value.value.length };
    }
    case "number":
      return { size: nonWhiteSpaceLength(value.raw), partial: false };
    case "boolean":
      return { size: value.value ? 4 : 5, partial: false };
    case "null":
      return { size: 4, partial: false };
    case "unresolved":
      return { size: 0, partial: true };
    case "absent":
      return { size: 0, partial: false };
    case "choice": {
      const options = value.options.map(measure);
      const smallest = options.reduce((best, option) => (option.size < best.size ? option : best));
      return { size: smallest.size, partial: true };
    }
    case "array": {
      // An item that may be absent (`Fn::If` with `AWS::NoValue`) may not be there: not counted.
      let size = 2;
      let counted = 0;
      let partial = false;
      for (const item of value.items) {
        if (mayBeAbsent(item)) partial = true;
        else if (item.kind !== "absent") {
          const inner = measure(item);
          size += inner.size;
          counted++;
          if (inner.partial) partial = true;
        }
      }
      return { size: size + Math.max(0, counted - 1), partial };
    }
    case "object": {
      // An entry whose value may be absent (`Fn::If` with `AWS::NoValue`) may not be there: not counted.
      let size = 2;
      let counted = 0;
      let partial = false;
      for (const entry of value.entries) {
        if (mayBeAbsent(entry.value)) partial = true;
        else if (entry.value.kind !== "absent") {
          const inner = measure(entry.value);
          size += keySize(entry.key) + inner.size;
          counted++;
          if (inner.partial) partial = true;
        }
      }
      return { size: size + Math.max(0, counted - 1), partial };
    }
  }
}

// `"Effect":` and the like: the same few keys in every document.
const keySizes = new BoundedCache<string, number>(1_000);

/** A key's quoted length without white space, and its colon. */
function keySize(key: string): number {
  return keySizes.get(key, () => nonWhiteSpaceLength(JSON.stringify(key)) + 1);
}

function mayBeAbsent(value: LocatedValue): boolean {
  return value.kind === "choice" && value.options.some((option) => option.kind === "absent" || mayBeAbsent(option));
}

const WHITE_SPACE = /\s/;

function nonWhiteSpaceLength(text: string): number {
  // Most values hold no white space: test before building a copy without it.
  return WHITE_SPACE.test(text) ? text.replace(/\s/g, "").length : text.length;
}
