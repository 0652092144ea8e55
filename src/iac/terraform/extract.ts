// Extraction for one module: IacResources for every block, PolicySources for every written document,
// PolicyAttachments for every managed-policy attachment, and who each document applies to.
import { MAX_DEPTH, literalString, unresolvedMarker } from "../located.js";
import type {
  ExtractResult,
  IacError,
  IacResource,
  LocatedEntry,
  LocatedValue,
  PolicyAttachment,
  PolicyKind,
  PolicySource,
  SourceReader,
} from "../types.js";
import { DocumentResolver } from "./documents.js";
import { Evaluator, NestingTooDeepError } from "./evaluate.js";
import type { BlockRef, ModuleIndex } from "./module.js";
import type { SyntaxNode } from "./parser.js";
import { hasPrincipal, PolicyDocumentRenderer } from "./policy-document.js";
import {
  ATTACHMENT_RULES,
  documentAttributes,
  IAM_ORGANIZATIONS_POLICY_TYPES,
  type DocumentAttribute,
  type PrincipalType,
} from "./resources.js";
import {
  blockLabels,
  blockType,
  bodyAttribute,
  expressionText,
  headerPosition,
  nestedBlocks,
  nodePosition,
  referencedResource,
  unwrapExpression,
  type SourceFile,
} from "./syntax.js";

/** Who a document applies to: principals directly, or whoever the named aws_iam_policy is attached to. */
interface Link {
  direct: string[];
  viaPolicies: string[];
}

interface DataUse {
  kind: PolicyKind;
  link: Link;
}

const NO_LINK: Link = { direct: [], viaPolicies: [] };

export class ModuleExtractor {
  private readonly evaluator: Evaluator;
  private readonly resolver: DocumentResolver;
  private readonly renderer: PolicyDocumentRenderer;
  private readonly links = new Map<PolicySource, Link>();
  private readonly dataUses = new Map<string, DataUse[]>();

  constructor(
    private readonly module: ModuleIndex,
    reader: SourceReader,
    private readonly result: ExtractResult,
  ) {
    this.evaluator = new Evaluator(module);
    this.resolver = new DocumentResolver(this.evaluator, reader);
    this.renderer = new PolicyDocumentRenderer(module, this.evaluator, this.resolver);
  }

  run(): void {
    const blocks = this.module.blocks;
    for (const block of blocks) this.guard(block, false, () => this.addResource(block));
    const managed = blocks.filter((block) => block.keyword === "resource");
    for (const block of managed) this.guard(block, true, () => this.documents(block));
    for (const block of managed) this.guard(block, false, () => this.attachments(block));
    for (const block of this.module.blocksOfType("data", "aws_iam_policy_document")) {
      this.guard(block, true, () => this.dataDocument(block));
    }
    this.linkPrincipals();
  }

  /** One block's failure is an error entry for that block; the others are still extracted. */
  private guard(block: BlockRef, policy: boolean, work: () => void): void {
    try {
      work();
    } catch (error) {
      if (error instanceof NestingTooDeepError) {
        this.error({ path: error.at.path, line: error.at.startLine, column: error.at.startColumn, message: `${block.address}: ${error.message}`, resource: block.address, policy });
        return;
      }
      const message = error instanceof Error ? error.message : String(error);
      const at = headerPosition(block.file.path, block.node);
      this.error({ path: at.path, line: at.startLine, message: `could not analyse ${block.address}: ${message}`, resource: block.address });
    }
  }

  private error(error: IacError): void {
    const duplicate = this.result.errors.some(
      (existing) => existing.path === error.path && existing.line === error.line && existing.message === error.message,
    );
    if (!duplicate) this.result.errors.push(error);
  }

  // ------------------------------------------------------------------------------------------ resources

  private addResource(block: BlockRef): void {
    if (block.keyword === "provider" && block.type !== "aws") return;
    const resource: IacResource = {
      type: block.keyword === "provider" ? `provider.${block.type}` : block.type,
      address: block.address,
      at: nodePosition(block.file.path, block.node),
      attributes: this.bodyValue(block.body, block.file, block, 0),
    };
    this.result.resources.push(resource);
  }

  /** A block body as an object: attributes by name, nested blocks (and `dynamic` contents) as arrays of objects. */
  private bodyValue(body: SyntaxNode | undefined, file: SourceFile, block: BlockRef, depth: number): LocatedValue {
    const at = body ? nodePosition(file.path, body) : headerPosition(file.path, block.node);
    if (depth > MAX_DEPTH) throw new NestingTooDeepError(at);
    const entries: LocatedEntry[] = [];
    const nested = new Map<string, LocatedEntry>();
    for (const child of body?.namedChildren ?? []) {
      if (child.type === "attribute") {
        const name = child.namedChildren.find((part) => part.type === "identifier");
        const expr = child.namedChildren.find((part) => part.type === "expression");
        if (!name || !expr) continue;
        entries.push({ key: name.text, keyAt: nodePosition(file.path, name), value: this.attributeValue(expr, file, block) });
      } else if (child.type === "block") {
        const dynamic = blockType(child) === "dynamic";
        const name = dynamic ? (blockLabels(child)[0] ?? "dynamic") : blockType(child);
        const content = dynamic ? nestedBlocks(child.namedChildren.find((part) => part.type === "body"), "content")[0]?.body : undefined;
        const value = this.bodyValue(dynamic ? content : child.namedChildren.find((part) => part.type === "body"), file, block, depth + 1);
        let list = nested.get(name);
        if (!list) {
          list = { key: name, keyAt: headerPosition(file.path, child), value: { kind: "array", items: [], at: nodePosition(file.path, child) } };
          nested.set(name, list);
          entries.push(list);
        }
        if (list.value.kind === "array") list.value.items.push(value);
      }
    }
    return { kind: "object", entries, at };
  }

  private attributeValue(expr: SyntaxNode, file: SourceFile, block: BlockRef): LocatedValue {
    try {
      return this.evaluator.value(expr, file);
    } catch (error) {
      if (!(error instanceof NestingTooDeepError)) throw error;
      this.error({ path: error.at.path, line: error.at.startLine, column: error.at.startColumn, message: `${block.address}: ${error.message}`, resource: block.address });
      return { kind: "unresolved", expr: "(nested too deep)", at: nodePosition(file.path, expr) };
    }
  }

  // ------------------------------------------------------------------------------------------ documents

  private documents(block: BlockRef): void {
    if (block.type === "aws_lambda_permission") {
      this.lambdaPermission(block);
      return;
    }
    if (block.type === "aws_organizations_policy" && !this.isIamOrganizationsPolicy(block)) return;
    for (const spec of documentAttributes(block.type)) {
      const attribute = bodyAttribute(block.body, spec.attribute);
      if (!attribute) continue;
      const name = spec.kind === "identity" || spec.kind === "scp" ? this.literalAttribute(block.body, block.file, "name") : undefined;
      this.documentAttribute(block, attribute.expr, block.file, { property: spec.attribute, kind: spec.kind, name }, this.linkFor(block, spec));
    }
    if (block.type === "aws_iam_role") this.roleInlinePolicies(block);
  }

  private documentAttribute(
    block: BlockRef,
    expr: SyntaxNode,
    file: SourceFile,
    what: { property: string; kind: PolicyKind; name?: string },
    link: Link,
  ): void {
    for (const result of this.resolver.resolve(expr, file)) {
      if (result.type === "error") {
        const { path, line, column, message, policy } = result;
        this.error({ path, line, column, message: `${block.address} ${what.property}: ${message}`, resource: block.address, policy });
      } else if (result.type === "data" && this.module.block(result.address)) {
        const uses = this.dataUses.get(result.address) ?? [];
        uses.push({ kind: what.kind, link });
        this.dataUses.set(result.address, uses);
      } else {
        const document: LocatedValue =
          result.type === "data" ? { kind: "unresolved", expr: `${result.address}.json`, at: result.at } : result.document;
        const source: PolicySource = {
          kind: what.kind,
          resource: block.address,
          resourceType: block.type,
          property: what.property,
          origin: result.type === "data" ? "json-string" : result.origin,
          at: result.at,
          document,
          attachedTo: [],
        };
        if (what.name !== undefined) source.name = what.name;
        this.result.policies.push(source);
        this.links.set(source, link);
      }
    }
  }

  private linkFor(block: BlockRef, spec: DocumentAttribute): Link {
    if (block.type === "aws_iam_policy") return { direct: [], viaPolicies: [block.address] };
    if (spec.kind === "trust") return { direct: [block.address], viaPolicies: [] };
    if (!spec.principal) return NO_LINK;
    const attribute = bodyAttribute(block.body, spec.principal.attribute);
    if (!attribute) return NO_LINK;
    return { direct: [this.principalAddress(attribute.expr, block.file, spec.principal.resourceType)], viaPolicies: [] };
  }

  /** `inline_policy { name, policy }` blocks (static or dynamic) of an aws_iam_role. */
  private roleInlinePolicies(block: BlockRef): void {
    nestedBlocks(block.body, "inline_policy").forEach((inline, index) => {
      const policy = bodyAttribute(inline.body, "policy");
      if (!policy) return;
      const name = this.literalAttribute(inline.body, block.file, "name");
      const what = { property: `inline_policy[${index}].policy`, kind: "identity" as const, name };
      this.documentAttribute(block, policy.expr, block.file, what, { direct: [block.address], viaPolicies: [] });
    });
  }

  private isIamOrganizationsPolicy(block: BlockRef): boolean {
    const type = bodyAttribute(block.body, "type");
    if (!type) return true;
    const value = literalString(this.evaluator.value(type.expr, block.file));
    return value !== undefined && IAM_ORGANIZATIONS_POLICY_TYPES.has(value);
  }

  private literalAttribute(body: SyntaxNode | undefined, file: SourceFile, name: string): string | undefined {
    const attribute = bodyAttribute(body, name);
    return attribute ? literalString(this.evaluator.value(attribute.expr, file)) : undefined;
  }

  /** The address of the role/user/group an expression names: a reference, or a literal matching a `name`. */
  private principalAddress(expr: SyntaxNode, file: SourceFile, resourceType: string): string {
    const referenced = referencedResource(expr);
    if (referenced?.startsWith(`${resourceType}.`)) return referenced;
    const name = literalString(this.evaluator.value(expr, file));
    if (name !== undefined) {
      const match = this.module
        .blocksOfType("resource", resourceType)
        .find((candidate) => this.literalAttribute(candidate.body, candidate.file, "name") === name);
      if (match) return match.address;
    }
    return unresolvedMarker(expressionText(expr));
  }

  /** aws_lambda_permission: the statement AWS adds to the function's resource policy, built from its attributes. */
  private lambdaPermission(block: BlockRef): void {
    const { file, body } = block;
    const header = headerPosition(file.path, block.node);
    const attribute = (name: string) => {
      const found = bodyAttribute(body, name);
      if (!found) return undefined;
      const key = found.node.namedChildren.find((child) => child.type === "identifier") ?? found.node;
      return { value: this.evaluator.value(found.expr, file), keyAt: nodePosition(file.path, key) };
    };
    const entries: LocatedEntry[] = [{ key: "Effect", keyAt: header, value: { kind: "string", value: "Allow", at: header } }];
    const principal = attribute("principal");
    if (principal) {
      const literal = literalString(principal.value);
      const type = literal !== undefined && /\.amazonaws\.com(\.cn)?$/.test(literal) ? "Service" : "AWS";
      const value: LocatedValue = { kind: "object", entries: [{ key: type, keyAt: principal.keyAt, value: principal.value }], at: principal.value.at };
      entries.push({ key: "Principal", keyAt: principal.keyAt, value });
    }
    for (const [name, key] of [["action", "Action"], ["function_name", "Resource"]] as const) {
      const found = attribute(name);
      if (found) entries.push({ key, keyAt: found.keyAt, value: found.value });
    }
    const conditions: LocatedEntry[] = [];
    for (const [operator, keys] of LAMBDA_CONDITIONS) {
      const found = keys.flatMap(([name, conditionKey]) => {
        const value = attribute(name);
        return value ? [{ key: conditionKey, keyAt: value.keyAt, value: value.value }] : [];
      });
      if (found.length > 0) conditions.push({ key: operator, keyAt: found[0].keyAt, value: { kind: "object", entries: found, at: found[0].value.at } });
    }
    if (conditions.length > 0) entries.push({ key: "Condition", keyAt: conditions[0].keyAt, value: { kind: "object", entries: conditions, at: conditions[0].value.at } });
    const at = nodePosition(file.path, block.node);
    const statement: LocatedValue = { kind: "object", entries, at };
    const document: LocatedValue = {
      kind: "object",
      at,
      entries: [
        { key: "Version", keyAt: header, value: { kind: "string", value: "2012-10-17", at: header } },
        { key: "Statement", keyAt: header, value: { kind: "array", items: [statement], at } },
      ],
    };
    const source: PolicySource = {
      kind: "resource", resource: block.address, resourceType: block.type, property: "attributes", origin: "attributes", at, document, attachedTo: [],
    };
    this.result.policies.push(source);
  }

  // ---------------------------------------------------------------------------------------- attachments

  private attachments(block: BlockRef): void {
    if (block.type === "aws_iam_role" || block.type === "aws_iam_user") {
      const principalType = block.type === "aws_iam_role" ? "role" : "user";
      if (block.type === "aws_iam_role") this.arnAttachments(block, "managed_policy_arns", true, [block.address], principalType, false);
      this.arnAttachments(block, "permissions_boundary", false, [block.address], principalType, true);
      return;
    }
    const rule = ATTACHMENT_RULES[block.type];
    if (!rule) return;
    for (const spec of rule.principals) {
      const attribute = bodyAttribute(block.body, spec.attribute);
      if (!attribute) continue;
      const expressions = spec.list ? listElements(attribute.expr) : [attribute.expr];
      const principals = expressions.map((expr) => this.principalAddress(expr, block.file, `aws_iam_${spec.type}`));
      this.arnAttachments(block, rule.policyArn.attribute, rule.policyArn.list, principals, spec.type, false);
    }
  }

  /** Attachments of the ARNs written in `attribute` to each principal. */
  private arnAttachments(block: BlockRef, attribute: string, list: boolean, principals: string[], principalType: PrincipalType, boundary: boolean): void {
    const found = bodyAttribute(block.body, attribute);
    if (!found) return;
    const arns = list ? this.arnList(found.expr, block.file, attribute) : [{ node: found.expr, value: this.evaluator.value(found.expr, block.file), via: attribute }];
    for (const principal of principals) {
      for (const arn of arns) {
        const attachment: PolicyAttachment = {
          principal,
          principalType: principal.startsWith("<unresolved:") ? "unknown" : principalType,
          policyArn: arn.value,
          via: arn.via,
          resource: block.address,
          boundary,
          at: arn.value.at,
        };
        const policyResource = arn.node ? referencedResource(arn.node) : undefined;
        if (policyResource?.startsWith("aws_iam_policy.")) attachment.policyResource = policyResource;
        this.result.attachments.push(attachment);
      }
    }
  }

  private arnList(expr: SyntaxNode, file: SourceFile, attribute: string): { node?: SyntaxNode; value: LocatedValue; via: string }[] {
    const elements = listElements(expr);
    if (elements.length !== 1 || elements[0] !== expr) {
      return elements.map((node, index) => ({ node, value: this.evaluator.value(node, file), via: `${attribute}[${index}]` }));
    }
    const value = this.evaluator.value(expr, file);
    if (value.kind === "array") return value.items.map((item, index) => ({ value: item, via: `${attribute}[${index}]` }));
    return [{ node: expr, value, via: attribute }];
  }

  // ---------------------------------------------------------------------------------- policy documents

  private dataDocument(block: BlockRef): void {
    const rendered = this.renderer.render(block.address);
    if (!rendered) return;
    for (const problem of rendered.problems) {
      this.error({ ...problem, message: `${block.address}: ${problem.message}`, resource: block.address });
    }
    const uses = this.dataUses.get(block.address) ?? [];
    const kind = uses.length > 0 ? this.useKind(uses[0]) : hasPrincipal(rendered.document) ? "resource" : "identity";
    const source: PolicySource = {
      kind,
      resource: block.address,
      resourceType: block.type,
      property: "json",
      origin: "policy-document",
      at: nodePosition(block.file.path, block.node),
      document: rendered.document,
      attachedTo: [],
    };
    this.result.policies.push(source);
    this.links.set(source, {
      direct: uses.flatMap((use) => use.link.direct),
      viaPolicies: uses.flatMap((use) => use.link.viaPolicies),
    });
  }

  private useKind(use: DataUse): PolicyKind {
    const [policy] = use.link.viaPolicies;
    return policy ? this.managedPolicyKind(policy) : use.kind;
  }

  /** A customer managed policy that is only ever attached as a permissions boundary is a boundary policy. */
  private managedPolicyKind(policy: string): PolicyKind {
    const attachments = this.result.attachments.filter((attachment) => attachment.policyResource === policy);
    return attachments.length > 0 && attachments.every((attachment) => attachment.boundary) ? "boundary" : "identity";
  }

  private linkPrincipals(): void {
    for (const [source, link] of this.links) {
      const viaAttachments = link.viaPolicies.flatMap((policy) =>
        this.result.attachments.filter((attachment) => attachment.policyResource === policy).map((attachment) => attachment.principal),
      );
      source.attachedTo = [...new Set([...link.direct, ...viaAttachments])];
      if (source.resourceType === "aws_iam_policy" && source.kind === "identity") source.kind = this.managedPolicyKind(source.resource);
    }
  }
}

const LAMBDA_CONDITIONS: [operator: string, keys: [attribute: string, conditionKey: string][]][] = [
  ["ArnLike", [["source_arn", "aws:SourceArn"]]],
  [
    "StringEquals",
    [
      ["source_account", "aws:SourceAccount"],
      ["principal_org_id", "aws:PrincipalOrgID"],
      ["function_url_auth_type", "lambda:FunctionUrlAuthType"],
    ],
  ],
];

/** The element expressions of a list written as `[a, b]`; any other expression is its own single element. */
function listElements(expr: SyntaxNode): SyntaxNode[] {
  const inner = unwrapExpression(expr);
  if (inner.type !== "tuple") return [expr];
  return inner.namedChildren.filter((child) => child.type === "expression");
}
