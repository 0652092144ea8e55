// Shared state of one template's extraction: the resources by logical id, the result being built, and the
// helpers every resource handler uses to emit documents and attachments.

import { getEntry, literalString } from "../located.js";
import type {
  ExtractResult,
  LocatedValue,
  PolicyAttachment,
  PolicyKind,
  PolicySource,
  Position,
} from "../types.js";
import { branches, DocumentReader } from "./documents.js";
import { getAttTarget, intrinsicName, refTarget, resolveIntrinsics } from "./intrinsics.js";
import type { StringSource } from "./parse.js";

export interface TemplateResource {
  logicalId: string;
  type: string;
  /** The resource's `Properties` as written (long-form intrinsics), when it has any. */
  properties?: LocatedValue;
  /** The whole resource entry (Type, Properties, Condition, Metadata…). */
  definition: LocatedValue;
  condition?: string;
  at: Position;
}

export type PrincipalType = PolicyAttachment["principalType"];

/** Which property of a principal resource holds its name, for policies that name principals literally. */
const NAME_PROPERTY: Record<string, { type: string; property: string }> = {
  role: { type: "AWS::IAM::Role", property: "RoleName" },
  user: { type: "AWS::IAM::User", property: "UserName" },
  group: { type: "AWS::IAM::Group", property: "GroupName" },
};

export interface DocumentOptions {
  kind: PolicyKind;
  attachedTo: string[];
  name?: string;
}

export class TemplateContext {
  readonly result: ExtractResult = { policies: [], attachments: [], resources: [], errors: [] };
  readonly resources = new Map<string, TemplateResource>();
  private readonly reader: DocumentReader;

  constructor(
    readonly path: string,
    readonly strings: WeakMap<LocatedValue, StringSource>,
  ) {
    this.reader = new DocumentReader(path, strings);
  }

  error(at: Position, message: string, resource?: string, policy?: boolean): void {
    this.result.errors.push({
      path: this.path,
      line: at.startLine,
      ...(at.startColumn !== undefined ? { column: at.startColumn } : {}),
      message,
      ...(resource !== undefined ? { resource } : {}),
      ...(policy ? { policy } : {}),
    });
  }

  /** Emits one policy source per `Fn::If` branch of a document property (one when there is no `Fn::If`). */
  emitDocument(resource: TemplateResource, raw: LocatedValue | undefined, property: string, options: DocumentOptions): void {
    for (const branch of branches(raw, property)) this.emitOneDocument(resource, branch.value, branch.path, options);
  }

  emitOneDocument(resource: TemplateResource, raw: LocatedValue, property: string, options: DocumentOptions): void {
    const read = this.reader.read(raw);
    if (!read.ok) {
      this.result.errors.push({
        path: this.path,
        line: read.line,
        column: read.column,
        message: `${resource.logicalId}.${property}: ${read.message}`,
        resource: resource.logicalId,
        policy: true,
      });
      return;
    }
    this.addPolicy({
      kind: options.kind,
      resource: resource.logicalId,
      resourceType: resource.type,
      property,
      origin: read.origin,
      at: raw.at,
      document: read.document,
      attachedTo: [...options.attachedTo],
      ...(options.name !== undefined ? { name: options.name } : {}),
    }, resource);
  }

  addPolicy(source: PolicySource, resource: TemplateResource): void {
    if (resource.condition !== undefined) source.condition = resource.condition;
    this.result.policies.push(source);
  }

  /** `Policies: [{PolicyName, PolicyDocument}]` of a role, user or group: inline identity policies. */
  emitInlinePolicies(resource: TemplateResource, raw: LocatedValue | undefined, property: string, attachedTo: string[]): void {
    for (const list of branches(raw, property)) {
      if (list.value.kind !== "array") {
        this.notAList(resource, list.value, list.path);
        continue;
      }
      list.value.items.forEach((item, index) => {
        for (const policy of branches(item, `${list.path}[${index}]`)) {
          this.emitInlinePolicy(resource, policy.value, policy.path, attachedTo);
        }
      });
    }
  }

  private emitInlinePolicy(resource: TemplateResource, item: LocatedValue, path: string, attachedTo: string[]): void {
    const document = getEntry(item, "PolicyDocument");
    if (item.kind !== "object" || !document) {
      this.error(item.at, `${resource.logicalId}.${path}: an inline policy needs a PolicyDocument`, resource.logicalId, true);
      return;
    }
    const name = literalString(resolveOptional(getEntry(item, "PolicyName")));
    this.emitDocument(resource, document, `${path}.PolicyDocument`, { kind: "identity", attachedTo, name });
  }

  /** `ManagedPolicyArns`: one attachment per ARN (per `Fn::If` option), linked to policies of the template. */
  emitManagedPolicyArns(
    resource: TemplateResource,
    raw: LocatedValue | undefined,
    property: string,
    principal: string,
    principalType: PrincipalType,
  ): void {
    for (const list of branches(raw, property)) {
      if (list.value.kind !== "array") {
        // A whole list from a parameter or an import: one attachment whose ARN is unknown.
        this.attach(resource, list.value, list.path, principal, principalType, false);
        continue;
      }
      list.value.items.forEach((item, index) => {
        for (const arn of branches(item, `${list.path}[${index}]`)) {
          this.attach(resource, arn.value, arn.path, principal, principalType, false);
        }
      });
    }
  }

  emitBoundary(resource: TemplateResource, raw: LocatedValue | undefined, property: string, principal: string, principalType: PrincipalType): void {
    for (const boundary of branches(raw, property)) {
      this.attach(resource, boundary.value, boundary.path, principal, principalType, true);
    }
  }

  attach(
    resource: TemplateResource,
    raw: LocatedValue,
    via: string,
    principal: string,
    principalType: PrincipalType,
    boundary: boolean,
    byName = false,
  ): void {
    const attachment: PolicyAttachment = {
      principal,
      principalType,
      policyArn: resolveIntrinsics(raw),
      via,
      resource: resource.logicalId,
      boundary,
      at: raw.at,
    };
    const policyResource = this.managedPolicyReference(raw);
    if (policyResource) attachment.policyResource = policyResource;
    if (byName) attachment.byName = true;
    this.result.attachments.push(attachment);
  }

  /** `!Ref Policy` / `!GetAtt Policy.PolicyArn` naming an `AWS::IAM::ManagedPolicy` of this template. */
  private managedPolicyReference(raw: LocatedValue): string | undefined {
    const target = refTarget(raw) ?? getAttTarget(raw)?.[0];
    return target && this.resources.get(target)?.type === "AWS::IAM::ManagedPolicy" ? target : undefined;
  }

  /**
   * The logical ids of the principals a list property names (`Roles: [!Ref Role, literal-name]`). A literal
   * name counts when a resource of the template has that name; principals outside the template are not
   * addresses of the scan.
   */
  principalIds(raw: LocatedValue | undefined, principalType: keyof typeof NAME_PROPERTY): string[] {
    const ids: string[] = [];
    const visit = (value: LocatedValue | undefined) => {
      for (const branch of branches(value, "")) {
        if (branch.value.kind === "array") branch.value.items.forEach(visit);
        else {
          const id = this.principalId(branch.value, principalType);
          if (id && !ids.includes(id)) ids.push(id);
        }
      }
    };
    visit(raw);
    return ids;
  }

  private principalId(value: LocatedValue, principalType: keyof typeof NAME_PROPERTY): string | undefined {
    const target = refTarget(value) ?? getAttTarget(value)?.[0];
    if (target) return this.resources.has(target) ? target : undefined;
    const name = literalString(value);
    if (name === undefined) return undefined;
    const { type, property } = NAME_PROPERTY[principalType];
    for (const candidate of this.resources.values()) {
      if (candidate.type === type && literalString(getEntry(candidate.properties ?? nothing(candidate.at), property)) === name) {
        return candidate.logicalId;
      }
    }
    return undefined;
  }

  private notAList(resource: TemplateResource, value: LocatedValue, path: string): void {
    if (intrinsicName(value)) {
      this.error(value.at, `${resource.logicalId}.${path}: the policy list is not known statically (${intrinsicName(value)}); not analysed`, resource.logicalId);
    } else {
      this.error(value.at, `${resource.logicalId}.${path}: expected a list of policies`, resource.logicalId, true);
    }
  }

  /** After all resources: a managed policy attached by `!Ref` applies to the principal that attaches it. */
  linkManagedPolicies(): void {
    for (const attachment of this.result.attachments) {
      if (!attachment.policyResource || attachment.principal.startsWith("<unresolved:")) continue;
      for (const source of this.result.policies) {
        if (source.resource === attachment.policyResource && !source.attachedTo.includes(attachment.principal)) {
          source.attachedTo.push(attachment.principal);
        }
      }
    }
  }
}

export function resolveOptional(value: LocatedValue | undefined): LocatedValue | undefined {
  return value ? resolveIntrinsics(value) : undefined;
}

export function nothing(at: Position): LocatedValue {
  return { kind: "object", entries: [], at };
}

/** `prefix` + `.name`, where the prefix may be empty or start with the `.Fn::If[n]` of a Properties branch. */
export function propertyPath(prefix: string, name: string): string {
  const joined = prefix ? `${prefix}.${name}` : name;
  return joined.startsWith(".") ? joined.slice(1) : joined;
}
