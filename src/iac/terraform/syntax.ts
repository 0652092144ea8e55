// Reading the tree-sitter HCL syntax tree: blocks, attributes, traversals and positions.
import { position } from "../located.js";
import type { LineMap } from "../json.js";
import type { Position } from "../types.js";
import type { SyntaxNode } from "./parser.js";

/** A .tf file (or a file read by file()/templatefile()) with its text and line table. */
export interface SourceFile {
  path: string;
  text: string;
  lines: LineMap;
}

/** The 1-based position of a node; columns count UTF-16 units, like the rest of src/iac. */
export function nodePosition(path: string, node: SyntaxNode): Position {
  return position(
    path,
    node.startPosition.row + 1,
    node.endPosition.row + 1,
    node.startPosition.column + 1,
    node.endPosition.column + 1,
  );
}

/** Only the first line of a node: where a block "is" for a reader (its header). */
export function headerPosition(path: string, node: SyntaxNode): Position {
  const line = node.startPosition.row + 1;
  return position(path, line, line, node.startPosition.column + 1);
}

/** Named children without comments, which tree-sitter may place anywhere. */
export function significantChildren(node: SyntaxNode): SyntaxNode[] {
  return node.namedChildren.filter((child) => child.type !== "comment");
}

const WRAPPER_TYPES = new Set(["expression", "template_expr", "literal_value", "collection_value"]);

/** Unwraps `expression` nodes that hold a single child (parentheses, the grammar's wrapper), iteratively. */
export function unwrapExpression(node: SyntaxNode): SyntaxNode {
  let current = node;
  for (;;) {
    if (!WRAPPER_TYPES.has(current.type)) return current;
    const children = significantChildren(current);
    if (children.length !== 1) return current;
    current = children[0];
  }
}

/** The expression's text on one line, for `<unresolved:EXPR>` markers and messages. */
export function expressionText(node: SyntaxNode): string {
  return compactText(node.text);
}

export function compactText(text: string): string {
  return text.replace(/\s*\n\s*/g, " ").trim();
}

// ---------------------------------------------------------------------------------------------- blocks

export function blockType(block: SyntaxNode): string {
  return block.namedChildren.find((child) => child.type === "identifier")?.text ?? "";
}

/** The labels after the block type: `resource "aws_iam_role" "dev"` → ["aws_iam_role", "dev"]. */
export function blockLabels(block: SyntaxNode): string[] {
  const labels: string[] = [];
  let seenType = false;
  for (const child of block.namedChildren) {
    if (child.type === "identifier") {
      if (seenType) labels.push(child.text);
      seenType = true;
    } else if (child.type === "string_lit") {
      labels.push(child.namedChildren.find((part) => part.type === "template_literal")?.text ?? "");
    } else if (child.type === "block_start" || child.type === "body") {
      break;
    }
  }
  return labels;
}

export function blockBody(block: SyntaxNode): SyntaxNode | undefined {
  return block.namedChildren.find((child) => child.type === "body");
}

export interface Attribute {
  name: string;
  node: SyntaxNode;
  /** The value expression. */
  expr: SyntaxNode;
}

function asAttribute(node: SyntaxNode): Attribute | undefined {
  const name = node.namedChildren.find((child) => child.type === "identifier");
  const expr = node.namedChildren.find((child) => child.type === "expression");
  if (!name || !expr) return undefined;
  return { name: name.text, node, expr };
}

/** The attributes of a body, in source order. */
export function bodyAttributes(body: SyntaxNode | undefined): Attribute[] {
  if (!body) return [];
  const out: Attribute[] = [];
  for (const child of body.namedChildren) {
    if (child.type !== "attribute") continue;
    const attribute = asAttribute(child);
    if (attribute) out.push(attribute);
  }
  return out;
}

export function bodyAttribute(body: SyntaxNode | undefined, name: string): Attribute | undefined {
  return bodyAttributes(body).find((attribute) => attribute.name === name);
}

/** Nested blocks of a body, optionally only those of one type, in source order. */
export function bodyBlocks(body: SyntaxNode | undefined, type?: string): SyntaxNode[] {
  if (!body) return [];
  return body.namedChildren.filter((child) => child.type === "block" && (!type || blockType(child) === type));
}

/**
 * The bodies that write a nested block `name`: the static `name { }` blocks and the `content { }` of each
 * `dynamic "name" { }`, in source order. `iterator` is the name the content uses for the current element.
 */
export interface NestedBlock {
  /** The `name { }` block, or the `dynamic "name" { }` block. */
  node: SyntaxNode;
  body: SyntaxNode | undefined;
  dynamic: boolean;
}

export function nestedBlocks(body: SyntaxNode | undefined, name: string): NestedBlock[] {
  const out: NestedBlock[] = [];
  for (const block of bodyBlocks(body)) {
    const type = blockType(block);
    if (type === name) {
      out.push({ node: block, body: blockBody(block), dynamic: false });
    } else if (type === "dynamic" && blockLabels(block)[0] === name) {
      const content = bodyBlocks(blockBody(block), "content")[0];
      out.push({ node: block, body: content ? blockBody(content) : undefined, dynamic: true });
    }
  }
  return out;
}

// ------------------------------------------------------------------------------------------ traversals

export type TraversalStep =
  | { kind: "attr"; name: string }
  | { kind: "index"; expr: SyntaxNode }
  | { kind: "legacy-index"; index: number }
  | { kind: "splat" };

/** A reference such as `data.aws_iam_policy_document.x[0].json`: its root name and the steps after it. */
export interface Traversal {
  root: string;
  steps: TraversalStep[];
}

/** The traversal an expression is, when it is one (`var.x`, `aws_iam_role.r.name`, `local.a[0]`). */
export function traversalOf(node: SyntaxNode): Traversal | undefined {
  const expr = unwrapExpression(node);
  if (expr.type === "variable_expr") {
    return { root: expr.text, steps: [] };
  }
  if (expr.type !== "expression") return undefined;
  const parts = significantChildren(expr);
  if (parts[0]?.type !== "variable_expr") return undefined;
  const steps: TraversalStep[] = [];
  for (const part of parts.slice(1)) {
    if (!appendSteps(part, steps)) return undefined;
  }
  return { root: parts[0].text, steps };
}

function appendSteps(part: SyntaxNode, steps: TraversalStep[]): boolean {
  switch (part.type) {
    case "get_attr": {
      const name = part.namedChildren.find((child) => child.type === "identifier");
      if (!name) return false;
      steps.push({ kind: "attr", name: name.text });
      return true;
    }
    case "index": {
      const inner = part.namedChildren[0];
      if (inner?.type === "legacy_index") {
        steps.push({ kind: "legacy-index", index: Number(inner.text.replace(/^\./, "")) });
        return true;
      }
      const expr = inner?.namedChildren.find((child) => child.type === "expression");
      if (!expr) return false;
      steps.push({ kind: "index", expr });
      return true;
    }
    case "splat": {
      steps.push({ kind: "splat" });
      const splat = part.namedChildren[0];
      for (const child of splat?.namedChildren ?? []) {
        if (!appendSteps(child, steps)) return false;
      }
      return true;
    }
    default:
      return false;
  }
}

/** `aws_iam_role.dev` for `aws_iam_role.dev.name`, `aws_iam_role.dev[0].arn`...: the managed resource referred to. */
export function referencedResource(node: SyntaxNode): string | undefined {
  const traversal = traversalOf(node);
  if (!traversal || NON_RESOURCE_ROOTS.has(traversal.root)) return undefined;
  const first = traversal.steps[0];
  if (first?.kind !== "attr") return undefined;
  return `${traversal.root}.${first.name}`;
}

const NON_RESOURCE_ROOTS = new Set(["var", "local", "data", "module", "each", "count", "path", "self", "terraform"]);

// -------------------------------------------------------------------------------------------- calls

export interface FunctionCall {
  name: string;
  args: SyntaxNode[];
}

export function functionCallOf(node: SyntaxNode): FunctionCall | undefined {
  const expr = unwrapExpression(node);
  if (expr.type !== "function_call") return undefined;
  const name = expr.namedChildren.find((child) => child.type === "identifier")?.text ?? "";
  const args = expr.namedChildren.find((child) => child.type === "function_arguments");
  return { name, args: args ? args.namedChildren.filter((child) => child.type === "expression") : [] };
}
