// Principal resolution: the roles, users and groups a scan defines, and the policies that apply to one of them
// (its effective policy set), each with where it comes from. The rules about what a principal can do, the
// access diff, `iam-review simulate --as` and the App's `/iam-review simulate … as ADDRESS` all call
// `effectivePolicies`, so they agree on what a principal holds.
//
// A principal's identity policies are its inline policies, the customer managed policies attached to it
// (by attachment resources, `managed_policy_arns`, `ManagedPolicyArns`, `Roles:`/`Users:`/`Groups:` of a
// policy), the AWS managed policies attached to it (their real documents, from src/iam/managed-policies.ts)
// and, for a user, the same of every group it belongs to. Its permissions boundary and (for a role) its trust
// policy are returned apart. Whatever cannot be known statically — an attachment whose ARN is `var.x` or
// `!Ref Param`, a group named by a variable, an ARN of a policy outside the scanned files — is listed in
// `unknown`, never silently dropped: the simulator then reports the answer as undecided.
//
// Addresses (DESIGN.md "Addresses"): `aws_iam_role.dev`, `DIR:aws_iam_role.dev` (`modules/ci:aws_iam_role.this`),
// a CloudFormation logical id `DevRole` or `FILE:DevRole`. The qualifier may be the one the scan gave an
// ambiguous address, or the directory (Terraform) / file (CloudFormation) where the principal is written.

import { posix } from "node:path";
import { fromPlain, getEntry, hasUnresolved, literalString } from "../iac/located.js";
import type { ScanResult } from "../iac/scan.js";
import type { IacResource, LocatedValue, PolicyAttachment, PolicyKind, PolicySource, Position } from "../iac/types.js";
import { isAwsManagedPolicyArn, managedPolicyOfAttachment, type ManagedPolicy } from "../iam/managed-policies.js";
import type { Policy } from "../iam/model.js";
import { normalizePolicy } from "../iam/normalize.js";
import { closestMatch } from "../iam/suggest.js";
import { policyKey } from "./model.js";

export type PrincipalType = "role" | "user" | "group";

/** A role, user or group defined in the scanned files (a SAM function stands for the role SAM generates). */
export interface ScanPrincipal {
  /** The address to use in questions: `aws_iam_role.dev`, `modules/ci:aws_iam_role.this`, `DevRole`. */
  address: string;
  type: PrincipalType;
  /** `aws_iam_role`, `AWS::IAM::User`, `AWS::Serverless::Function`… */
  resourceType: string;
  at: Position;
  /** The IAM name when written literally (`name`, `RoleName`…). */
  name?: string;
  /** The IAM path when written literally (`/` when not written). */
  iamPath: string;
}

/** Where a document of an effective policy set comes from. */
export type EffectivePolicyOrigin =
  | { kind: "scan"; path: string; line: number; resource: string; property: string }
  | { kind: "aws-managed"; name: string; arn: string; via: { path: string; line: number; resource: string } };

export interface EffectivePolicy {
  /** The normalised document; its `name` is what explanations and `matched` show. */
  policy: Policy;
  origin: EffectivePolicyOrigin;
  /** The group through which a user holds this policy. */
  viaGroup?: string;
}

/** Something that may apply to the principal but cannot be known statically. */
export interface UnknownPolicy {
  what: string;
  at: Position;
  /** Which part of the evaluation it would take part in. */
  layer: "identity" | "boundary" | "trust";
}

export interface EffectivePolicies {
  principal: ScanPrincipal;
  identity: EffectivePolicy[];
  boundary?: EffectivePolicy;
  /** Roles only: the trust policy, the resource-based policy of `sts:AssumeRole*` on this role. */
  trust?: EffectivePolicy;
  /** Users only: the groups of the scan the user belongs to. */
  groups: ScanPrincipal[];
  unknown: UnknownPolicy[];
}

export interface EffectivePolicyOptions {
  /**
   * The normalised form of a scanned document, when the caller already has it (the review model's
   * `AnalyzedPolicy.policy`); otherwise the document is normalised here (named `resource#property`, as the
   * review model names it).
   */
  policyOf?: (source: PolicySource) => Policy | undefined;
}

/** An address that names no principal, or more than one. */
export class PrincipalAddressError extends Error {
  constructor(
    message: string,
    /** The addresses that would have been accepted (ambiguity) or the closest one (unknown address). */
    readonly candidates: string[],
  ) {
    super(message);
    this.name = "PrincipalAddressError";
  }
}

const PRINCIPAL_TYPES: Readonly<Record<string, PrincipalType>> = {
  aws_iam_role: "role",
  aws_iam_user: "user",
  aws_iam_group: "group",
  "AWS::IAM::Role": "role",
  "AWS::IAM::User": "user",
  "AWS::IAM::Group": "group",
  "AWS::Serverless::Function": "role",
  "AWS::Serverless::StateMachine": "role",
};

const SAM_ROLE_OWNERS = new Set(["AWS::Serverless::Function", "AWS::Serverless::StateMachine"]);

const NAME_ATTRIBUTE: Readonly<Record<string, string>> = {
  aws_iam_role: "name",
  aws_iam_user: "name",
  aws_iam_group: "name",
  aws_iam_policy: "name",
  "AWS::IAM::Role": "RoleName",
  "AWS::IAM::User": "UserName",
  "AWS::IAM::Group": "GroupName",
  "AWS::IAM::ManagedPolicy": "ManagedPolicyName",
};

/** Resource types whose documents are customer managed policies, attachable by ARN. */
const MANAGED_POLICY_TYPES = new Set(["aws_iam_policy", "AWS::IAM::ManagedPolicy"]);

/** Resource types that can make a user a member of a group (`groupsOf`). */
const MEMBERSHIP_TYPES = new Set(["aws_iam_user_group_membership", "aws_iam_group_membership", "AWS::IAM::UserToGroupAddition", "AWS::IAM::User"]);

/** Policy kinds that give a principal permissions when attached to it. */
const ATTACHABLE_KINDS: ReadonlySet<PolicyKind> = new Set(["identity", "boundary"]);

// ------------------------------------------------------------------------------------------------ addresses

/**
 * `modules/ci:aws_iam_role.this` → qualifier `modules/ci`, bare `aws_iam_role.this`. The qualifier ends at the
 * first `:` before any `[` (a `for_each` key in a plan address may hold a colon).
 */
export function splitAddress(address: string): { qualifier?: string; bare: string } {
  const bracket = address.indexOf("[");
  const colon = address.indexOf(":");
  if (colon < 0 || (bracket >= 0 && bracket < colon)) return { bare: address };
  return { qualifier: address.slice(0, colon), bare: address.slice(colon + 1) };
}

function normalizeQualifier(qualifier: string): string {
  const trimmed = qualifier.replace(/\\/g, "/").replace(/^\.\/+/, "").replace(/\/+$/, "");
  return trimmed === "" ? "." : trimmed;
}

/** Every principal the scan defines: roles, users, groups, and SAM functions and state machines that generate a role. */
export function listPrincipals(scan: ScanResult): ScanPrincipal[] {
  const referenced = new Set<string>();
  for (const source of scan.policies) for (const address of source.attachedTo) referenced.add(address);
  for (const attachment of scan.attachments) referenced.add(attachment.principal);
  const principals: ScanPrincipal[] = [];
  const seen = new Set<string>();
  for (const resource of scan.resources) {
    const type = PRINCIPAL_TYPES[resource.type];
    if (!type || seen.has(resource.address)) continue;
    // A SAM function with its own `Role` has no generated role; one that gets policies has (possibly under a condition).
    if (SAM_ROLE_OWNERS.has(resource.type) && getEntry(resource.attributes, "Role") && !referenced.has(resource.address)) continue;
    seen.add(resource.address);
    const principal: ScanPrincipal = {
      address: resource.address,
      type,
      resourceType: resource.type,
      at: resource.at,
      iamPath: literalString(getEntry(resource.attributes, resource.type.startsWith("AWS::") ? "Path" : "path")) ?? "/",
    };
    const nameAttribute = NAME_ATTRIBUTE[resource.type];
    const name = nameAttribute ? literalString(getEntry(resource.attributes, nameAttribute)) : undefined;
    if (name !== undefined) principal.name = name;
    principals.push(principal);
  }
  return principals;
}

/**
 * The principal an address names. Throws PrincipalAddressError for an ambiguous bare address (listing the
 * qualified candidates) or an unknown one (naming the closest address).
 */
export function resolvePrincipal(scan: ScanResult, address: string, principals = listPrincipals(scan)): ScanPrincipal {
  const wanted = address.trim();
  const exact = principals.find((principal) => principal.address === wanted);
  if (exact) return exact;
  const { qualifier, bare } = splitAddress(wanted);
  const sameBare = principals.filter((principal) => splitAddress(principal.address).bare === bare);
  if (qualifier !== undefined) {
    const scope = normalizeQualifier(qualifier);
    const matches = sameBare.filter((principal) => qualifierMatches(principal, scope));
    if (matches.length === 1) return matches[0];
    if (matches.length > 1) throw ambiguous(wanted, matches);
  } else if (sameBare.length === 1) {
    return sameBare[0];
  } else if (sameBare.length > 1) {
    throw ambiguous(wanted, sameBare);
  }
  const resource = scan.resources.find((candidate) => candidate.address === wanted || splitAddress(candidate.address).bare === bare);
  if (resource) {
    throw new PrincipalAddressError(`${wanted} (${resource.type}) is not a role, user or group`, []);
  }
  const known = principals.map((principal) => principal.address);
  const closest = closestMatch(wanted, known, Math.max(3, Math.ceil(wanted.length / 3)));
  if (closest) throw new PrincipalAddressError(`no role, user or group ${wanted} in the scanned files; did you mean ${closest}?`, [closest]);
  const listing = known.length === 0 ? "the scanned files define none" : `known: ${known.slice(0, 20).join(", ")}${known.length > 20 ? ", …" : ""}`;
  throw new PrincipalAddressError(`no role, user or group ${wanted} in the scanned files (${listing})`, []);
}

function qualifierMatches(principal: ScanPrincipal, scope: string): boolean {
  const own = splitAddress(principal.address).qualifier;
  if (own !== undefined && normalizeQualifier(own) === scope) return true;
  // Terraform: a module is its directory; CloudFormation: a template is its file.
  const file = principal.at.path;
  const where = principal.resourceType.startsWith("AWS::") ? file : posix.dirname(file);
  return normalizeQualifier(where) === scope;
}

function ambiguous(address: string, matches: ScanPrincipal[]): PrincipalAddressError {
  const candidates = matches.map(qualifiedAddress);
  return new PrincipalAddressError(`${address} is ambiguous; use one of: ${candidates.join(", ")}`, candidates);
}

/** The address with a qualifier that tells it apart: the scan's own, else the directory or file. */
function qualifiedAddress(principal: ScanPrincipal): string {
  if (splitAddress(principal.address).qualifier !== undefined) return principal.address;
  const where = principal.resourceType.startsWith("AWS::") ? principal.at.path : posix.dirname(principal.at.path);
  return `${where}:${principal.address}`;
}

// ------------------------------------------------------------------------------------------ references

/** The scan's qualifier of an address (`modules/ci:` → `modules/ci`), or undefined. */
function qualifierOf(address: string): string | undefined {
  return splitAddress(address).qualifier;
}

function qualify(qualifier: string | undefined, bare: string): string {
  return qualifier === undefined ? bare : `${qualifier}:${bare}`;
}

/** The expression of a whole unresolved value (`var.x`, `aws_iam_user.alice.name`, `!Ref Alice`), else undefined. */
function wholeExpression(value: LocatedValue): string | undefined {
  if (value.kind === "unresolved") return value.expr;
  if (value.kind === "string") {
    const match = /^<unresolved:(.*)>$/s.exec(value.value);
    if (match && !match[1].includes("<unresolved:")) return match[1];
  }
  return undefined;
}

/** Readable text of a value for messages: the literal, or the expression that is not known. */
function valueText(value: LocatedValue): string {
  if (value.kind === "string") return wholeExpression(value) ?? value.value;
  if (value.kind === "unresolved") return value.expr;
  return value.kind;
}

/** The resource address an expression refers to: `aws_iam_group.devs.name` → `aws_iam_group.devs`, `!GetAtt Alice.Arn` → `Alice`. */
function referencedAddress(expr: string): string | undefined {
  const terraform = /^((?:data\.)?[a-z][a-z0-9_]*\.[A-Za-z_][\w-]*)(?:\[[^\]]*\])?(?:\.|$)/.exec(expr);
  if (terraform && !terraform[1].startsWith("var.") && !terraform[1].startsWith("local.") && !terraform[1].startsWith("module.")) {
    return terraform[1];
  }
  const cloudFormation = /^!(?:Ref|GetAtt) ([A-Za-z0-9]+)(?:\.|$)/.exec(expr);
  return cloudFormation?.[1];
}

function listItems(value: LocatedValue | undefined): LocatedValue[] {
  if (!value) return [];
  if (value.kind === "array") return value.items;
  if (value.kind === "choice") return value.options.flatMap(listItems);
  if (value.kind === "absent" || value.kind === "null") return [];
  return [value];
}

// ------------------------------------------------------------------------------------------ the index

/**
 * Lookups over one scan, built per call (cheap next to normalising documents). The per-address lists keep
 * the scan's order, so a principal's policies come out in the order a walk over the whole scan gives them.
 */
class ScanIndex {
  readonly principals: ScanPrincipal[];
  private readonly byAddress = new Map<string, ScanPrincipal>();
  private readonly resources = new Map<string, IacResource>();
  private readonly attachmentsByPrincipal = new Map<string, PolicyAttachment[]>();
  /** Documents by each address in their `attachedTo`, once per document. */
  private readonly policiesByHolder = new Map<string, PolicySource[]>();
  /** Identity and boundary documents by the resource that writes them. */
  private readonly attachableByResource = new Map<string, PolicySource[]>();
  private readonly policyPosition = new Map<PolicySource, number>();
  /** The first customer managed policy resource of each literal IAM name. */
  private readonly managedPolicyByName = new Map<string, string>();
  /** The resources that can make a user a member of a group, in scan order. */
  readonly membershipResources: IacResource[] = [];
  /**
   * Documents normalised for this call, so that every principal holding one gets the same object. They go
   * with the index: a scan outlives its review, and AWS managed documents are large.
   */
  readonly normalizedSources = new Map<PolicySource, Map<PolicyKind, Policy>>();
  readonly normalizedManaged = new Map<PolicyAttachment, Policy>();

  constructor(readonly scan: ScanResult) {
    this.principals = listPrincipals(scan);
    for (const principal of this.principals) this.byAddress.set(principal.address, principal);
    for (const resource of scan.resources) {
      if (!this.resources.has(resource.address)) this.resources.set(resource.address, resource);
      if (MEMBERSHIP_TYPES.has(resource.type)) this.membershipResources.push(resource);
      if (MANAGED_POLICY_TYPES.has(resource.type)) {
        const name = literalString(getEntry(resource.attributes, NAME_ATTRIBUTE[resource.type]));
        if (name !== undefined && !this.managedPolicyByName.has(name)) this.managedPolicyByName.set(name, resource.address);
      }
    }
    for (const attachment of scan.attachments) append(this.attachmentsByPrincipal, attachment.principal, attachment);
    scan.policies.forEach((source, position) => {
      this.policyPosition.set(source, position);
      for (const address of new Set(source.attachedTo)) append(this.policiesByHolder, address, source);
      if (ATTACHABLE_KINDS.has(source.kind)) append(this.attachableByResource, source.resource, source);
    });
  }

  principal(address: string): ScanPrincipal | undefined {
    return this.byAddress.get(address);
  }

  resource(address: string): IacResource | undefined {
    return this.resources.get(address);
  }

  /** The attachments whose principal is `address`. */
  attachmentsOf(address: string): readonly PolicyAttachment[] {
    return this.attachmentsByPrincipal.get(address) ?? [];
  }

  /** The documents that name `address` among the principals they are attached to. */
  policiesAttachedTo(address: string): readonly PolicySource[] {
    return this.policiesByHolder.get(address) ?? [];
  }

  /**
   * The principal of `type` a value names, seen from a resource whose address has `scopeOf`'s qualifier:
   * a reference (`aws_iam_group.devs.name`, `!Ref Devs`) or a literal IAM name of a principal in the scan.
   */
  principalNamedBy(value: LocatedValue, type: PrincipalType, scopeOf: string): ScanPrincipal | undefined {
    const qualifier = qualifierOf(scopeOf);
    const expr = wholeExpression(value);
    if (expr !== undefined) {
      const target = referencedAddress(expr);
      if (!target) return undefined;
      const found = this.principal(qualify(qualifier, target)) ?? this.principal(target);
      return found?.type === type ? found : undefined;
    }
    const name = literalString(value);
    if (name === undefined) return undefined;
    const named = this.principals.filter((principal) => principal.type === type && principal.name === name);
    return named.find((principal) => qualifierOf(principal.address) === qualifier && samePlace(principal.address, scopeOf, this)) ?? named[0];
  }

  /** The documents of a customer managed policy resource: its own, and a `data.aws_iam_policy_document` it renders. */
  managedPolicyDocuments(policyResource: string): PolicySource[] {
    const direct = this.attachableByResource.get(policyResource) ?? [];
    if (direct.length > 0) return [...direct];
    const resource = this.resource(policyResource);
    const expr = resource ? wholeExpression(getEntry(resource.attributes, "policy") ?? { kind: "null", at: resource.at }) : undefined;
    const rendered = expr ? /^(data\.aws_iam_policy_document\.[\w-]+)\.json$/.exec(expr)?.[1] : undefined;
    if (!rendered) return [];
    const address = qualify(qualifierOf(policyResource), rendered);
    const sources = [...(this.attachableByResource.get(address) ?? [])];
    if (address !== rendered) sources.push(...(this.attachableByResource.get(rendered) ?? []));
    return sources.sort((left, right) => this.policyPosition.get(left)! - this.policyPosition.get(right)!);
  }

  /** A customer managed policy of the scan whose IAM name is `name` (for literal `arn:aws:iam::ACCOUNT:policy/NAME`). */
  managedPolicyNamed(name: string): string | undefined {
    return this.managedPolicyByName.get(name);
  }
}

function append<Item>(map: Map<string, Item[]>, key: string, item: Item): void {
  const list = map.get(key);
  if (list) list.push(item);
  else map.set(key, [item]);
}

/** Two addresses of the same module or template (their files share a directory, or are the same file). */
function samePlace(left: string, right: string, index: ScanIndex): boolean {
  const a = index.resource(left)?.at.path;
  const b = index.resource(right)?.at.path;
  if (a === undefined || b === undefined) return true;
  return a === b || posix.dirname(a) === posix.dirname(b);
}

// ------------------------------------------------------------------------------------------ policies

function scanPolicy(index: ScanIndex, source: PolicySource, kind: PolicyKind, options: EffectivePolicyOptions): EffectivePolicy {
  const origin: EffectivePolicyOrigin = {
    kind: "scan",
    path: source.at.path,
    line: source.at.startLine,
    resource: source.resource,
    property: source.property,
  };
  const given = options.policyOf?.(source);
  if (given) return { policy: given, origin };
  let byKind = index.normalizedSources.get(source);
  if (!byKind) index.normalizedSources.set(source, (byKind = new Map()));
  let policy = byKind.get(kind);
  if (!policy) {
    policy = normalizePolicy({ kind, name: policyKey(source), document: source.document, at: source.at }).policy;
    byKind.set(kind, policy);
  }
  return { policy, origin };
}

/** `AWS managed: AdministratorAccess via attachment at main.tf:12` — the name explanations show. */
export function awsManagedPolicyLabel(name: string, at: Position): string {
  return `AWS managed: ${name} via attachment at ${at.path}:${at.startLine}`;
}

function awsManagedPolicy(index: ScanIndex, managed: ManagedPolicy, attachment: PolicyAttachment, kind: PolicyKind): EffectivePolicy {
  let policy = index.normalizedManaged.get(attachment);
  if (!policy) {
    // Every element of the AWS document is placed at the attachment: that is where the user wrote it.
    const document = fromPlain(managed.document, attachment.at);
    policy = normalizePolicy({ kind, name: awsManagedPolicyLabel(managed.name, attachment.at), document, at: attachment.at }).policy;
    index.normalizedManaged.set(attachment, policy);
  }
  return {
    policy,
    origin: {
      kind: "aws-managed",
      name: managed.name,
      arn: managed.arn,
      via: { path: attachment.at.path, line: attachment.at.startLine, resource: attachment.resource },
    },
  };
}

/** Readable origin: `aws_iam_role_policy.x policy at main.tf:12` or `AWS managed: X via attachment at main.tf:3`. */
export function describeOrigin(origin: EffectivePolicyOrigin): string {
  if (origin.kind === "aws-managed") return `AWS managed: ${origin.name} via attachment at ${origin.via.path}:${origin.via.line}`;
  const property = origin.property ? ` ${origin.property}` : "";
  return `${origin.resource}${property} at ${origin.path}:${origin.line}`;
}

/** What an attachment's ARN brings: documents (from the scan or AWS managed), or why it is not known. */
function resolveAttachment(
  index: ScanIndex,
  attachment: PolicyAttachment,
  kind: PolicyKind,
  options: EffectivePolicyOptions,
): { policies: EffectivePolicy[]; sources: PolicySource[]; unknown?: string } {
  const role = attachment.boundary ? "permissions boundary" : "managed policy";
  const arnText = valueText(attachment.policyArn);
  if (attachment.policyResource) {
    const sources = index.managedPolicyDocuments(attachment.policyResource);
    if (sources.length === 0) {
      return { policies: [], sources, unknown: `${role} ${attachment.policyResource} (attached by ${attachment.resource} ${attachment.via}): its document is not in the scanned files` };
    }
    return { policies: sources.map((source) => scanPolicy(index, source, kind, options)), sources };
  }
  const arn = attachment.policyArn.kind === "string" ? attachment.policyArn.value : undefined;
  if (arn !== undefined && isAwsManagedPolicyArn(arn)) {
    const managed = managedPolicyOfAttachment(arn, attachment.byName);
    if (managed) return { policies: [awsManagedPolicy(index, managed, attachment, kind)], sources: [] };
    return { policies: [], sources: [], unknown: `${role} ${arn} (attached by ${attachment.resource} ${attachment.via}): no AWS managed policy has this name and path` };
  }
  if (arn !== undefined && !hasUnresolved(arn)) {
    const name = /^arn:[^:]+:iam::\d{12}:policy\/(?:.*\/)?([^/]+)$/.exec(arn)?.[1];
    const local = name ? index.managedPolicyNamed(name) : undefined;
    const sources = local ? index.managedPolicyDocuments(local) : [];
    if (sources.length > 0) return { policies: sources.map((source) => scanPolicy(index, source, kind, options)), sources };
    return { policies: [], sources: [], unknown: `${role} ${arn} (attached by ${attachment.resource} ${attachment.via}): not defined in the scanned files` };
  }
  return { policies: [], sources: [], unknown: `${role} ${arnText} (attached by ${attachment.resource} ${attachment.via}): the ARN is not known statically` };
}

/** The identity policies of one principal, without its groups' (groups have no boundary and no groups). */
function ownIdentityPolicies(
  index: ScanIndex,
  principal: ScanPrincipal,
  options: EffectivePolicyOptions,
): { identity: EffectivePolicy[]; unknown: UnknownPolicy[] } {
  const address = principal.address;
  const identity: EffectivePolicy[] = [];
  const unknown: UnknownPolicy[] = [];
  const attachments = index.attachmentsOf(address);
  const attachedAsIdentity = new Set<PolicySource>();
  const attachedAsBoundary = new Set<PolicySource>();
  const included = new Set<PolicySource>();

  for (const attachment of attachments) {
    if (attachment.boundary) {
      if (attachment.policyResource) for (const source of index.managedPolicyDocuments(attachment.policyResource)) attachedAsBoundary.add(source);
      continue;
    }
    const resolved = resolveAttachment(index, attachment, "identity", options);
    if (resolved.unknown) unknown.push({ what: resolved.unknown, at: attachment.at, layer: "identity" });
    for (const source of resolved.sources) attachedAsIdentity.add(source);
    resolved.policies.forEach((policy, position) => {
      const source = resolved.sources[position];
      if (source) {
        if (included.has(source)) return;
        included.add(source);
      }
      identity.push(policy);
    });
  }
  // Inline policies and documents that name the principal themselves (`Roles:` of AWS::IAM::Policy, role policies…).
  for (const source of index.policiesAttachedTo(address)) {
    if (!ATTACHABLE_KINDS.has(source.kind) || included.has(source)) continue;
    // A customer managed policy used as this principal's boundary is not also one of its identity policies.
    const boundaryOnly = (attachedAsBoundary.has(source) || source.kind === "boundary") && !attachedAsIdentity.has(source);
    if (boundaryOnly) continue;
    included.add(source);
    identity.push(scanPolicy(index, source, "identity", options));
  }
  return { identity, unknown };
}

/** The groups a user belongs to: Terraform memberships, CloudFormation `Groups` and UserToGroupAddition. */
function groupsOf(index: ScanIndex, user: ScanPrincipal): { groups: { group: ScanPrincipal; at: Position }[]; unknown: UnknownPolicy[] } {
  const groups: { group: ScanPrincipal; at: Position }[] = [];
  const unknown: UnknownPolicy[] = [];
  const addGroup = (value: LocatedValue, resource: IacResource) => {
    const group = index.principalNamedBy(value, "group", resource.address);
    if (group) {
      if (!groups.some((entry) => entry.group === group)) groups.push({ group, at: value.at });
    } else {
      unknown.push({ what: `group ${valueText(value)} (membership ${resource.address}): not a group of the scanned files, its policies are not known`, at: value.at, layer: "identity" });
    }
  };
  const namesUser = (value: LocatedValue, resource: IacResource) => index.principalNamedBy(value, "user", resource.address) === user;
  const maybeUser = (value: LocatedValue, resource: IacResource) =>
    index.principalNamedBy(value, "user", resource.address) === undefined && literalString(value) === undefined;

  for (const resource of index.membershipResources) {
    const attributes = resource.attributes;
    switch (resource.type) {
      case "aws_iam_user_group_membership": {
        const userValue = getEntry(attributes, "user");
        if (!userValue) break;
        if (namesUser(userValue, resource)) for (const item of listItems(getEntry(attributes, "groups"))) addGroup(item, resource);
        else if (maybeUser(userValue, resource)) unknownMembership(unknown, resource, userValue);
        break;
      }
      case "aws_iam_group_membership":
      case "AWS::IAM::UserToGroupAddition": {
        const terraform = resource.type === "aws_iam_group_membership";
        const users = listItems(getEntry(attributes, terraform ? "users" : "Users"));
        const groupValue = getEntry(attributes, terraform ? "group" : "GroupName");
        if (!groupValue) break;
        if (users.some((item) => namesUser(item, resource))) addGroup(groupValue, resource);
        else {
          const unclear = users.find((item) => maybeUser(item, resource));
          if (unclear) unknownMembership(unknown, resource, unclear);
        }
        break;
      }
      case "AWS::IAM::User":
        if (resource.address === user.address) for (const item of listItems(getEntry(attributes, "Groups"))) addGroup(item, resource);
        break;
      default:
        break;
    }
  }
  return { groups, unknown };
}

function unknownMembership(unknown: UnknownPolicy[], resource: IacResource, value: LocatedValue): void {
  unknown.push({
    what: `group membership ${resource.address} names a user that is not known statically (${valueText(value)}); it may add this user to more groups`,
    at: value.at,
    layer: "identity",
  });
}

/**
 * The policies that apply to the principal at `address`: identity policies (inline, attached customer
 * managed, attached AWS managed, and a user's groups'), the permissions boundary, the trust policy, and what
 * cannot be known statically. Throws PrincipalAddressError when the address names no principal or several.
 */
export function effectivePolicies(scan: ScanResult, address: string, options: EffectivePolicyOptions = {}): EffectivePolicies {
  const index = new ScanIndex(scan);
  return effectivePoliciesOf(index, resolvePrincipal(scan, address, index.principals), options);
}

/**
 * The effective policies of every principal of the scan, in `listPrincipals` order — what `effectivePolicies`
 * gives for each address, with the scan's lookups built once instead of once per principal.
 */
export function effectivePoliciesOfEvery(scan: ScanResult, options: EffectivePolicyOptions = {}): EffectivePolicies[] {
  const index = new ScanIndex(scan);
  return index.principals.map((principal) => effectivePoliciesOf(index, principal, options));
}

function effectivePoliciesOf(index: ScanIndex, principal: ScanPrincipal, options: EffectivePolicyOptions): EffectivePolicies {
  const own = ownIdentityPolicies(index, principal, options);
  const result: EffectivePolicies = { principal, identity: own.identity, groups: [], unknown: own.unknown };

  if (principal.type === "user") {
    const membership = groupsOf(index, principal);
    result.unknown.push(...membership.unknown);
    for (const { group } of membership.groups) {
      result.groups.push(group);
      const ofGroup = ownIdentityPolicies(index, group, options);
      for (const policy of ofGroup.identity) result.identity.push({ ...policy, viaGroup: group.address });
      for (const item of ofGroup.unknown) result.unknown.push({ ...item, what: `${item.what} (via group ${group.address})` });
    }
  }

  if (principal.type !== "group") {
    const boundaries = index.attachmentsOf(principal.address).filter((attachment) => attachment.boundary);
    for (const attachment of boundaries) {
      const resolved = resolveAttachment(index, attachment, "boundary", options);
      if (resolved.unknown) {
        result.unknown.push({ what: resolved.unknown, at: attachment.at, layer: "boundary" });
        continue;
      }
      for (const policy of resolved.policies) {
        if (!result.boundary) result.boundary = policy;
        // CloudFormation `Fn::If` gives a boundary per branch: the first decides, the others are listed.
        else result.unknown.push({ what: `another possible permissions boundary, ${describeOrigin(policy.origin)} (under a condition)`, at: attachment.at, layer: "boundary" });
      }
    }
  }

  if (principal.type === "role") {
    const trusts = index.policiesAttachedTo(principal.address).filter((source) => source.kind === "trust");
    const [first, ...others] = trusts;
    if (first) result.trust = scanPolicy(index, first, "trust", options);
    for (const other of others) {
      result.unknown.push({ what: `another possible trust policy, ${other.resource} ${other.property} (under a condition)`, at: other.at, layer: "trust" });
    }
  }
  capIdentityStatements(result);
  return result;
}

/**
 * Statements of identity policies evaluated together for one principal. Simulating a principal costs more than
 * linearly in its statements, and no real principal comes close (AWS's quotas allow at most ten managed
 * policies of 6,144 characters plus 10,240 of inline policy, a few hundred statements): past the cap the
 * remaining policies are not evaluated and are listed as unknown, so answers that depend on them are
 * undecided rather than slow.
 */
export const MAX_PRINCIPAL_STATEMENTS = 1000;

function capIdentityStatements(result: EffectivePolicies): void {
  let total = 0;
  const kept: EffectivePolicy[] = [];
  for (const policy of result.identity) {
    total += policy.policy.statements.length;
    if (total <= MAX_PRINCIPAL_STATEMENTS) {
      kept.push(policy);
      continue;
    }
    result.unknown.push({
      what: `${describeOrigin(policy.origin)}: not evaluated, the principal's policies hold more than ${MAX_PRINCIPAL_STATEMENTS} statements`,
      at: policy.policy.at,
      layer: "identity",
    });
  }
  result.identity = kept;
}
