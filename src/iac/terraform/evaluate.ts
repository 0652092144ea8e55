// Static evaluation of HCL expressions into located values: literals, objects, tuples, templates, locals and
// variable defaults. Whatever cannot be known statically becomes an `unresolved` value or a marker, never a guess.
import { MAX_DEPTH, hasUnresolved, toPlain, unresolvedMarker } from "../located.js";
import type { LocatedEntry, LocatedValue, Position } from "../types.js";
import type { ModuleIndex } from "./module.js";
import type { SyntaxNode } from "./parser.js";
import {
  expressionText,
  functionCallOf,
  nodePosition,
  significantChildren,
  traversalOf,
  unwrapExpression,
  type SourceFile,
  type Traversal,
} from "./syntax.js";
import { renderString, stripIndentation, templateContent, type Hole, type TemplateContent } from "./template.js";

/** Thrown when an expression nests deeper than MAX_DEPTH: the caller reports it and refuses the value. */
export class NestingTooDeepError extends Error {
  constructor(readonly at: Position) {
    super(`expression nested more than ${MAX_DEPTH} levels deep: refused`);
  }
}

export class Evaluator {
  /** References being resolved right now (`local.a` → `local.b` → `local.a` is a cycle, not a stack overflow). */
  private readonly resolving = new Set<string>();
  /** Names bound by enclosing `for` expressions, innermost last. */
  private readonly scopes: Map<string, LocatedValue>[] = [];

  constructor(readonly module: ModuleIndex) {}

  /** The located value of an expression written in `file`. */
  value(node: SyntaxNode, file: SourceFile, depth = 0): LocatedValue {
    const expr = unwrapExpression(node);
    const at = nodePosition(file.path, expr);
    if (depth > MAX_DEPTH) throw new NestingTooDeepError(at);
    switch (expr.type) {
      case "numeric_lit":
        return { kind: "number", value: Number(expr.text), raw: expr.text, at };
      case "bool_lit":
        return { kind: "boolean", value: expr.text === "true", at };
      case "null_lit":
        return { kind: "null", at };
      case "string_lit":
      case "quoted_template":
        return { kind: "string", value: this.quotedString(expr, file, depth), at };
      case "heredoc_template":
        return this.heredocString(expr, file, depth, at);
      case "tuple":
        return this.tuple(expr, file, depth, at);
      case "object":
        return this.object(expr, file, depth, at);
      case "function_call":
        return this.call(expr, file, depth, at);
      case "conditional":
        return this.conditional(expr, file, depth, at);
      case "for_expr":
        return this.forExpression(expr, file, depth, at);
      case "variable_expr":
      case "expression":
        return this.reference(expr, file, depth, at);
      default:
        return unresolved(expr, at);
    }
  }

  /** The text of a quoted string, escapes decoded and interpolations substituted or marked. */
  quotedString(node: SyntaxNode, file: SourceFile, depth: number): string {
    const content = this.template(node, file, depth);
    return content ? renderString(content) : "";
  }

  /** The parts of a quoted template or heredoc, each interpolation evaluated. */
  template(node: SyntaxNode, file: SourceFile, depth: number): TemplateContent | undefined {
    return templateContent(file, node, (hole) => this.hole(hole, file, depth));
  }

  private hole(node: SyntaxNode, file: SourceFile, depth: number): Hole {
    const base = { start: node.startIndex, end: node.endIndex };
    if (node.type !== "template_interpolation") return { ...base, expr: expressionText(node) };
    const inner = node.namedChildren.find((child) => child.type === "expression");
    if (!inner) return { ...base, expr: expressionText(node) };
    const value = this.value(inner, file, depth + 1);
    // A local that stands for `data.aws_caller_identity.current.account_id` is marked with what it stands for.
    const expr = value.kind === "unresolved" ? value.expr : expressionText(inner);
    return { ...base, expr, text: templateText(value) };
  }

  private heredocString(node: SyntaxNode, file: SourceFile, depth: number, at: Position): LocatedValue {
    const content = this.template(node, file, depth);
    if (!content) return unresolved(node, at);
    const text = renderString(content);
    return { kind: "string", value: isIndentedHeredoc(node) ? stripIndentation(text) : text, at };
  }

  private tuple(node: SyntaxNode, file: SourceFile, depth: number, at: Position): LocatedValue {
    const items = node.namedChildren
      .filter((child) => child.type === "expression")
      .map((child) => this.value(child, file, depth + 1));
    return { kind: "array", items, at };
  }

  private object(node: SyntaxNode, file: SourceFile, depth: number, at: Position): LocatedValue {
    const entries: LocatedEntry[] = [];
    for (const element of node.namedChildren) {
      if (element.type !== "object_elem") continue;
      const keyNode = element.childForFieldName("key");
      const valueNode = element.childForFieldName("val");
      if (!keyNode || !valueNode) continue;
      entries.push({
        key: this.objectKey(keyNode, file, depth),
        keyAt: nodePosition(file.path, keyNode),
        value: this.value(valueNode, file, depth + 1),
      });
    }
    return { kind: "object", entries, at };
  }

  /** A bare identifier key is its own name; a quoted or parenthesised key is evaluated. */
  private objectKey(node: SyntaxNode, file: SourceFile, depth: number): string {
    const key = unwrapExpression(node);
    if (key.type === "variable_expr") return key.text;
    const value = this.value(key, file, depth + 1);
    return templateText(value) ?? unresolvedMarker(expressionText(key));
  }

  private call(node: SyntaxNode, file: SourceFile, depth: number, at: Position): LocatedValue {
    const call = functionCallOf(node);
    if (!call) return unresolved(node, at);
    const args = () => call.args.map((arg) => this.value(arg, file, depth + 1));
    switch (call.name) {
      case "jsonencode": {
        const [value] = args();
        return value && isFullyKnown(value) ? { kind: "string", value: JSON.stringify(toPlain(value)), at } : unresolved(node, at);
      }
      case "concat": {
        const values = args();
        if (!values.every((value) => value.kind === "array")) return unresolved(node, at);
        return { kind: "array", items: values.flatMap((value) => (value.kind === "array" ? value.items : [])), at };
      }
      case "merge": {
        const values = args();
        if (!values.every((value) => value.kind === "object")) return unresolved(node, at);
        return { kind: "object", entries: mergeEntries(values), at };
      }
      case "tolist":
      case "toset":
      case "tomap":
      case "tostring": {
        const [value] = args();
        return value && call.args.length === 1 ? value : unresolved(node, at);
      }
      case "try": {
        const [first] = args();
        return first && isFullyKnown(first) ? first : unresolved(node, at);
      }
      default:
        return unresolved(node, at);
    }
  }

  private conditional(node: SyntaxNode, file: SourceFile, depth: number, at: Position): LocatedValue {
    const [condition, whenTrue, whenFalse] = significantChildren(node);
    if (!condition || !whenTrue || !whenFalse) return unresolved(node, at);
    const test = this.value(condition, file, depth + 1);
    if (test.kind === "boolean") return this.value(test.value ? whenTrue : whenFalse, file, depth + 1);
    return {
      kind: "choice",
      condition: expressionText(condition),
      options: [this.value(whenTrue, file, depth + 1), this.value(whenFalse, file, depth + 1)],
      at,
    };
  }

  /**
   * A `for` expression over a known collection (`[for p in ["user/$${aws:username}"] : "arn:...:${p}"]`);
   * anything that depends on an unknown value (the collection, a condition) leaves the whole expression unresolved.
   */
  private forExpression(node: SyntaxNode, file: SourceFile, depth: number, at: Position): LocatedValue {
    const form = node.namedChildren[0];
    const intro = form?.namedChildren.find((child) => child.type === "for_intro");
    if (!form || !intro || form.namedChildren.some((child) => child.type === "ellipsis")) return unresolved(node, at);
    const names = intro.namedChildren.filter((child) => child.type === "identifier").map((child) => child.text);
    const collectionNode = intro.namedChildren.find((child) => child.type === "expression");
    const bodies = form.namedChildren.filter((child) => child.type === "expression");
    const condition = form.namedChildren.find((child) => child.type === "for_cond")?.namedChildren.find((child) => child.type === "expression");
    if (!collectionNode || names.length === 0) return unresolved(node, at);
    const collection = this.value(collectionNode, file, depth + 1);
    const elements = iterationOf(collection);
    if (!elements) return unresolved(node, at);
    const objectForm = form.type === "for_object_expr";
    const items: LocatedValue[] = [];
    const entries: LocatedEntry[] = [];
    for (const element of elements) {
      const scope = new Map<string, LocatedValue>();
      if (names.length === 2) scope.set(names[0], element.key);
      scope.set(names[names.length - 1], element.value);
      this.scopes.push(scope);
      try {
        const keep = condition ? this.value(condition, file, depth + 1) : undefined;
        if (keep && keep.kind !== "boolean") return unresolved(node, at);
        if (keep?.kind === "boolean" && !keep.value) continue;
        if (!objectForm) {
          items.push(this.value(bodies[0] ?? node, file, depth + 1));
          continue;
        }
        const key = bodies[0] ? templateText(this.value(bodies[0], file, depth + 1)) : undefined;
        if (key === undefined || !bodies[1]) return unresolved(node, at);
        entries.push({ key, keyAt: nodePosition(file.path, bodies[0]), value: this.value(bodies[1], file, depth + 1) });
      } finally {
        this.scopes.pop();
      }
    }
    return objectForm ? { kind: "object", entries, at } : { kind: "array", items, at };
  }

  private scoped(name: string): LocatedValue | undefined {
    for (let i = this.scopes.length - 1; i >= 0; i--) {
      const value = this.scopes[i].get(name);
      if (value) return value;
    }
    return undefined;
  }

  /** `local.x`, `var.x` (its default), `path.module`, a `for` variable; any other reference is unresolved. */
  private reference(node: SyntaxNode, file: SourceFile, depth: number, at: Position): LocatedValue {
    const traversal = traversalOf(node);
    if (!traversal) return unresolved(node, at);
    const bound = this.scoped(traversal.root);
    if (bound) return this.applySteps(bound, traversal, 0, file, depth) ?? unresolved(node, at);
    const first = traversal.steps[0];
    if (traversal.root === "path" && first?.kind === "attr" && traversal.steps.length === 1) {
      // Paths are relative to the module directory, which is where file() and templatefile() resolve them.
      return ["module", "root", "cwd"].includes(first.name) ? { kind: "string", value: ".", at } : unresolved(node, at);
    }
    const definition = this.definitionOf(traversal);
    if (!definition || first?.kind !== "attr") return unresolved(node, at);
    const key = `${traversal.root}.${first.name}`;
    if (this.resolving.has(key)) return unresolved(node, at);
    this.resolving.add(key);
    try {
      const value = this.value(definition.expr, definition.file, depth + 1);
      return this.applySteps(value, traversal, 1, file, depth) ?? unresolved(node, at);
    } finally {
      this.resolving.delete(key);
    }
  }

  /** Where `local.x` or `var.x` (with a default) is written. */
  definitionOf(traversal: Traversal): { expr: SyntaxNode; file: SourceFile } | undefined {
    const first = traversal.steps[0];
    if (first?.kind !== "attr") return undefined;
    if (traversal.root === "local") return this.module.local(first.name);
    if (traversal.root === "var") return this.module.variableDefault(first.name) ?? undefined;
    return undefined;
  }

  /** Follows `.attr` and `[index]` steps into a known value; undefined when a step cannot be followed. */
  private applySteps(value: LocatedValue, traversal: Traversal, from: number, file: SourceFile, depth: number): LocatedValue | undefined {
    let current: LocatedValue | undefined = value;
    for (const step of traversal.steps.slice(from)) {
      if (!current) return undefined;
      if (step.kind === "attr") current = entryOf(current, step.name);
      else if (step.kind === "legacy-index") current = itemOf(current, step.index);
      else if (step.kind === "index") {
        const index = this.value(step.expr, file, depth + 1);
        if (index.kind === "number") current = itemOf(current, index.value);
        else if (index.kind === "string" && !hasUnresolved(index.value)) current = entryOf(current, index.value);
        else return undefined;
      } else return undefined;
    }
    return current;
  }
}

/** The key/value pairs a `for` expression iterates: index and item of a list, key and value of a map. */
function iterationOf(collection: LocatedValue): { key: LocatedValue; value: LocatedValue }[] | undefined {
  if (collection.kind === "array") {
    return collection.items.map((value, index) => ({ key: { kind: "number", value: index, raw: String(index), at: value.at }, value }));
  }
  if (collection.kind === "object") {
    return collection.entries.map((entry) => ({ key: { kind: "string", value: entry.key, at: entry.keyAt }, value: entry.value }));
  }
  return undefined;
}

function entryOf(value: LocatedValue, key: string): LocatedValue | undefined {
  return value.kind === "object" ? value.entries.find((entry) => entry.key === key)?.value : undefined;
}

function itemOf(value: LocatedValue, index: number): LocatedValue | undefined {
  return value.kind === "array" ? value.items[index] : undefined;
}

function mergeEntries(values: LocatedValue[]): LocatedEntry[] {
  const merged = new Map<string, LocatedEntry>();
  for (const value of values) {
    if (value.kind !== "object") continue;
    for (const entry of value.entries) {
      merged.delete(entry.key); // a later map wins, and its key takes the later position
      merged.set(entry.key, entry);
    }
  }
  return [...merged.values()];
}

export function unresolved(node: SyntaxNode, at: Position): LocatedValue {
  return { kind: "unresolved", expr: expressionText(node), at };
}

/** The text a value renders to inside a string template, when it is a string, number or boolean. */
export function templateText(value: LocatedValue): string | undefined {
  switch (value.kind) {
    case "string":
      return value.value;
    case "number":
      return value.raw;
    case "boolean":
      return String(value.value);
    default:
      return undefined;
  }
}

/** True when nothing in the value depends on something unknown. Iterative: values can be deep. */
export function isFullyKnown(value: LocatedValue): boolean {
  const stack: LocatedValue[] = [value];
  while (stack.length > 0) {
    const current = stack.pop() as LocatedValue;
    switch (current.kind) {
      case "unresolved":
      case "choice":
        return false;
      case "string":
        if (hasUnresolved(current.value)) return false;
        break;
      case "array":
        stack.push(...current.items);
        break;
      case "object":
        for (const entry of current.entries) stack.push(entry.value);
        break;
      default:
        break;
    }
  }
  return true;
}

export function isIndentedHeredoc(node: SyntaxNode): boolean {
  return node.namedChildren.some((child) => child.type === "heredoc_start" && child.text === "<<-");
}
