// A Terraform module is its directory: the blocks of all its files, and the names they can refer to.
import type { IacError } from "../types.js";
import type { SyntaxNode } from "./parser.js";
import {
  blockBody,
  blockLabels,
  blockType,
  bodyAttribute,
  bodyAttributes,
  bodyBlocks,
  expressionText,
  type SourceFile,
} from "./syntax.js";

/** A top-level `resource`, `data` or `provider` block. */
export interface BlockRef {
  file: SourceFile;
  node: SyntaxNode;
  /** `resource`, `data`, `provider`. */
  keyword: string;
  /** The resource type (`aws_iam_role`) or provider name (`aws`). */
  type: string;
  name: string;
  address: string;
  body: SyntaxNode | undefined;
}

/** Where a local value or a variable default is written. */
export interface Definition {
  file: SourceFile;
  expr: SyntaxNode;
}

export class ModuleIndex {
  readonly blocks: BlockRef[] = [];
  private readonly byAddress = new Map<string, BlockRef>();
  private readonly locals = new Map<string, Definition>();
  private readonly variableDefaults = new Map<string, Definition | null>();

  constructor(readonly dir: string) {}

  /** Indexes the top-level blocks of a parsed file; blocks that contain syntax errors are skipped and listed. */
  addFile(file: SourceFile, root: SyntaxNode): string[] {
    const skipped: string[] = [];
    const body = root.namedChildren.find((child) => child.type === "body");
    for (const block of bodyBlocks(body)) {
      if (!block.hasError) {
        this.addBlock(file, block);
        continue;
      }
      skipped.push(describeBlock(block));
      // Error recovery can swallow the blocks after a broken one as if they were nested in it.
      for (const salvaged of swallowedBlocks(block)) this.addBlock(file, salvaged);
    }
    return skipped;
  }

  block(address: string): BlockRef | undefined {
    return this.byAddress.get(address);
  }

  local(name: string): Definition | undefined {
    return this.locals.get(name);
  }

  /** The default of `variable "name"`: undefined when there is no such variable, null when it has no default. */
  variableDefault(name: string): Definition | null | undefined {
    return this.variableDefaults.get(name);
  }

  blocksOfType(keyword: string, type: string): BlockRef[] {
    return this.blocks.filter((block) => block.keyword === keyword && block.type === type);
  }

  private addBlock(file: SourceFile, node: SyntaxNode): void {
    const keyword = blockType(node);
    const labels = blockLabels(node);
    const body = blockBody(node);
    switch (keyword) {
      case "locals":
        for (const attribute of bodyAttributes(body)) {
          if (!this.locals.has(attribute.name)) this.locals.set(attribute.name, { file, expr: attribute.expr });
        }
        return;
      case "variable": {
        const defaultValue = bodyAttribute(body, "default");
        if (labels[0] !== undefined && !this.variableDefaults.has(labels[0])) {
          this.variableDefaults.set(labels[0], defaultValue ? { file, expr: defaultValue.expr } : null);
        }
        return;
      }
      case "resource":
      case "data":
        if (labels.length >= 2) this.register({ file, node, keyword, type: labels[0], name: labels[1], body, address: resourceAddress(keyword, labels[0], labels[1]) });
        return;
      case "provider":
        if (labels.length >= 1) this.register({ file, node, keyword, type: labels[0], name: "", body, address: providerAddress(labels[0], body) });
        return;
      default:
        return;
    }
  }

  private register(block: BlockRef): void {
    this.blocks.push(block);
    // A duplicate address is invalid Terraform; the first definition is the one references resolve to.
    if (!this.byAddress.has(block.address)) this.byAddress.set(block.address, block);
  }
}

const TOP_LEVEL_KEYWORDS = new Set(["resource", "data", "provider", "locals", "variable"]);

/** Error-free top-level-looking blocks (`resource "t" "n" {}`) inside a broken block, found without recursion. */
function swallowedBlocks(broken: SyntaxNode): SyntaxNode[] {
  const found: SyntaxNode[] = [];
  const stack = [...(blockBody(broken)?.namedChildren ?? [])];
  while (stack.length > 0) {
    const node = stack.pop() as SyntaxNode;
    if (node.type !== "block") continue;
    if (!node.hasError && TOP_LEVEL_KEYWORDS.has(blockType(node))) found.push(node);
    else if (node.hasError) stack.push(...(blockBody(node)?.namedChildren ?? []));
  }
  return found.sort((a, b) => a.startIndex - b.startIndex);
}

function resourceAddress(keyword: string, type: string, name: string): string {
  return keyword === "data" ? `data.${type}.${name}` : `${type}.${name}`;
}

function providerAddress(name: string, body: SyntaxNode | undefined): string {
  const alias = bodyAttribute(body, "alias");
  const aliasText = alias ? expressionText(alias.expr).replace(/^"|"$/g, "") : "";
  return aliasText ? `provider.${name}.${aliasText}` : `provider.${name}`;
}

function describeBlock(block: SyntaxNode): string {
  const labels = blockLabels(block);
  return [blockType(block), ...labels].filter((part) => part !== "").join(".") || `block at line ${block.startPosition.row + 1}`;
}

/** The first ERROR or MISSING node in document order, found without recursion. */
export function firstSyntaxError(root: SyntaxNode): SyntaxNode | undefined {
  if (!root.hasError) return undefined;
  const stack: SyntaxNode[] = [root];
  while (stack.length > 0) {
    const node = stack.pop() as SyntaxNode;
    if (node.isError || node.isMissing) return node;
    if (!node.hasError) continue;
    const children = node.children;
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]);
  }
  return undefined;
}

/** A syntax error entry: the line of the first ERROR/MISSING node, and what extraction had to skip. */
export function syntaxError(file: SourceFile, root: SyntaxNode, skipped: string[]): IacError {
  const node = firstSyntaxError(root) ?? root;
  // An unterminated heredoc is reported where it opens: the parser only notices at the end of the file.
  const where = enclosingHeredoc(node) ?? node;
  const line = where.startPosition.row + 1;
  const column = where.startPosition.column + 1;
  const what = skipped.length > 0 ? `; skipped ${skipped.join(", ")}` : "";
  return { path: file.path, line, column, message: `Terraform syntax error: ${describeSyntaxError(node)}${what}` };
}

function describeSyntaxError(node: SyntaxNode): string {
  const heredoc = enclosingHeredoc(node);
  if (heredoc) {
    const marker = heredoc.namedChildren.find((child) => child.type === "heredoc_identifier")?.text ?? "";
    return `heredoc <<${marker} opened at line ${heredoc.startPosition.row + 1} has no end marker${marker ? ` "${marker}"` : ""}`;
  }
  if (node.isMissing) return `missing "${node.type}"`;
  const text = node.text.split("\n")[0].slice(0, 40);
  return text ? `unexpected "${text}"` : "unexpected end of file";
}

function enclosingHeredoc(node: SyntaxNode): SyntaxNode | undefined {
  for (let current: SyntaxNode | null = node; current; current = current.parent) {
    if (current.type === "heredoc_template") {
      const markers = current.namedChildren.filter((child) => child.type === "heredoc_identifier");
      if (markers.length < 2 || markers[1].isMissing) return current;
    }
  }
  return undefined;
}
