// What a policy attribute holds: a document written here (jsonencode, heredoc, JSON string, file), a reference
// to a `data "aws_iam_policy_document"`, or something that cannot be known statically.
import { LineMap } from "../json.js";
import { MAX_FILE_BYTES } from "../located.js";
import type { LocatedValue, PolicyOrigin, Position, SourceReader } from "../types.js";
import { type Evaluator, templateText } from "./evaluate.js";
import { resolveModulePath } from "./files.js";
import type { SyntaxNode } from "./parser.js";
import {
  expressionText,
  functionCallOf,
  nodePosition,
  significantChildren,
  traversalOf,
  unwrapExpression,
  type FunctionCall,
  type SourceFile,
} from "./syntax.js";
import { parseFileJson, parseTemplateJson, scanTemplateHoles, type Hole, type TemplateContent, type TemplatePart } from "./template.js";

export type DocumentResult =
  | { type: "document"; origin: PolicyOrigin; document: LocatedValue; at: Position }
  | { type: "data"; address: string; at: Position }
  | { type: "error"; path: string; line: number; column?: number; message: string; policy: boolean };

const ORIGIN_WORDS: Partial<Record<PolicyOrigin, string>> = {
  heredoc: "heredoc",
  "json-string": "JSON string",
  file: "file",
};

/** Functions that pass a policy document through: `one(data.x[*].json)`, `try(data.x[0].json, null)`; `replace()` only
 * edits placeholders in the rendered JSON, so the data source stays the document (and learns its use). */
const PASS_THROUGH = new Set(["one", "try", "coalesce", "element", "tostring", "sensitive", "nonsensitive", "replace"]);

export class DocumentResolver {
  private readonly resolving = new Set<string>();

  constructor(
    private readonly evaluator: Evaluator,
    private readonly reader: SourceReader,
  ) {}

  /** The documents an attribute expression stands for; `null` stands for none. */
  resolve(node: SyntaxNode, file: SourceFile): DocumentResult[] {
    const expr = unwrapExpression(node);
    const at = nodePosition(file.path, expr);
    switch (expr.type) {
      case "null_lit":
        return [];
      case "heredoc_template":
        return [this.templateDocument(expr, file, "heredoc", at)];
      case "string_lit":
      case "quoted_template":
        return this.quoted(expr, file, at);
      case "function_call":
        return this.call(expr, file, at);
      case "conditional":
        return this.conditional(expr, file, at);
      case "variable_expr":
      case "expression":
        return this.reference(expr, file, at);
      default:
        return [unknownDocument(expr, at)];
    }
  }

  /** The documents of a list attribute (`source_policy_documents`), element by element where it is written as a list. */
  resolveList(node: SyntaxNode, file: SourceFile): DocumentResult[] {
    const expr = unwrapExpression(node);
    if (expr.type === "tuple") {
      return expr.namedChildren.filter((child) => child.type === "expression").flatMap((child) => this.resolve(child, file));
    }
    if (expr.type === "conditional") {
      // Both branches are analysed: the merged document then over-approximates either outcome.
      const [, whenTrue, whenFalse] = significantChildren(expr);
      return [whenTrue, whenFalse].filter((branch) => branch !== undefined).flatMap((branch) => this.resolveList(branch, file));
    }
    const definition = this.definitionOf(expr);
    if (definition) return this.guarded(expressionText(expr), () => this.resolveList(definition.expr, definition.file), expr, file);
    return this.resolve(expr, file);
  }

  private quoted(node: SyntaxNode, file: SourceFile, at: Position): DocumentResult[] {
    // `"${data.aws_iam_policy_document.x.json}"` (Terraform 0.11 style) is the reference itself.
    const parts = significantChildren(node).filter((child) => child.type !== "quoted_template_start" && child.type !== "quoted_template_end");
    const only = parts.length === 1 && parts[0].type === "template_interpolation" ? parts[0] : undefined;
    const inner = only?.namedChildren.find((child) => child.type === "expression");
    if (inner) return this.resolve(inner, file);
    return [this.templateDocument(node, file, "json-string", at)];
  }

  private templateDocument(node: SyntaxNode, file: SourceFile, origin: PolicyOrigin, at: Position): DocumentResult {
    const content = this.evaluator.template(node, file, 0);
    if (!content) {
      const message = node.type === "heredoc_template" ? "heredoc has no end marker" : "empty string";
      return { type: "error", path: file.path, line: at.startLine, column: at.startColumn, message: `policy ${message}`, policy: true };
    }
    return jsonDocument(content, file, origin, at);
  }

  private call(node: SyntaxNode, file: SourceFile, at: Position): DocumentResult[] {
    const call = functionCallOf(node);
    if (!call) return [unknownDocument(node, at)];
    if (call.name === "jsonencode" && call.args[0]) {
      return [{ type: "document", origin: "jsonencode", document: this.evaluator.value(call.args[0], file), at }];
    }
    if (call.name === "file" || call.name === "templatefile") return [this.fileDocument(call, node, file, at)];
    if (PASS_THROUGH.has(call.name) && call.args[0]) {
      const inner = this.resolve(call.args[0], file);
      if (inner.every((result) => result.type === "data")) return inner;
    }
    return [unknownDocument(node, at)];
  }

  private conditional(node: SyntaxNode, file: SourceFile, at: Position): DocumentResult[] {
    const [condition, whenTrue, whenFalse] = significantChildren(node);
    if (!condition || !whenTrue || !whenFalse) return [unknownDocument(node, at)];
    // A branch that is null or "" means "no policy" in that case, not a document.
    const results = [whenTrue, whenFalse].filter((branch) => !isNoDocument(branch)).flatMap((branch) => this.resolve(branch, file));
    const documents = results.filter((result) => result.type === "document");
    if (documents.length !== 2) return results;
    // Two documents written in one attribute are one document that depends on the condition.
    const [first, second] = documents;
    const document: LocatedValue = { kind: "choice", condition: expressionText(condition), options: [first.document, second.document], at };
    return [...results.filter((result) => result.type !== "document"), { type: "document", origin: first.origin, document, at }];
  }

  private reference(node: SyntaxNode, file: SourceFile, at: Position): DocumentResult[] {
    const address = policyDocumentAddress(node);
    if (address) return [{ type: "data", address, at }];
    const definition = this.definitionOf(node);
    if (definition) return this.guarded(expressionText(node), () => this.resolve(definition.expr, definition.file), node, file);
    return [unknownDocument(node, at)];
  }

  /** `local.x` or `var.x` (with a default), written without further steps. */
  private definitionOf(node: SyntaxNode): { expr: SyntaxNode; file: SourceFile } | undefined {
    const traversal = traversalOf(node);
    if (!traversal || traversal.steps.length !== 1) return undefined;
    return this.evaluator.definitionOf(traversal);
  }

  private guarded(key: string, resolve: () => DocumentResult[], node: SyntaxNode, file: SourceFile): DocumentResult[] {
    if (this.resolving.has(key)) return [unknownDocument(node, nodePosition(file.path, node))];
    this.resolving.add(key);
    try {
      return resolve();
    } finally {
      this.resolving.delete(key);
    }
  }

  // ------------------------------------------------------------------------------ file(), templatefile()

  private fileDocument(call: FunctionCall, node: SyntaxNode, file: SourceFile, at: Position): DocumentResult {
    const pathArg = call.args[0];
    const written = pathArg ? this.evaluator.value(pathArg, file) : undefined;
    if (written?.kind !== "string" || written.value.includes("<unresolved:")) return unknownDocument(node, at);
    const resolved = resolveModulePath(this.evaluator.module.dir, written.value);
    const fail = (message: string, policy: boolean): DocumentResult => ({
      type: "error", path: file.path, line: at.startLine, column: at.startColumn, message, policy,
    });
    if (!resolved.ok) return fail(`${call.name}(): ${resolved.message}`, false);
    const text = this.reader.read(resolved.path);
    if (text === undefined) return fail(`${call.name}(): "${resolved.path}" not found`, false);
    if (text.length > MAX_FILE_BYTES) return fail(`${call.name}(): "${resolved.path}" is larger than ${MAX_FILE_BYTES} bytes: not read`, false);
    const target: SourceFile = { path: resolved.path, text, lines: new LineMap(text) };
    if (call.name === "file") return fromParse(parseFileJson(target), target, "file", at);
    const vars = call.args[1] ? this.evaluator.value(call.args[1], file) : undefined;
    return jsonDocument(templateFileContent(text, vars), target, "file", at);
  }
}

/** The parts of a template file, with the literal `templatefile()` variables substituted. */
function templateFileContent(text: string, vars: LocatedValue | undefined): TemplateContent {
  const parts: TemplatePart[] = [];
  let cursor = 0;
  for (const found of scanTemplateHoles(text)) {
    if (found.start > cursor) parts.push({ kind: "literal", start: cursor, end: found.start });
    parts.push({ kind: "hole", hole: templateVariable(found, vars) });
    cursor = found.end;
  }
  if (text.length > cursor) parts.push({ kind: "literal", start: cursor, end: text.length });
  return { source: text, start: 0, end: text.length, parts, escapes: "heredoc" };
}

function templateVariable(found: { start: number; end: number; inner: string; directive: boolean }, vars: LocatedValue | undefined): Hole {
  const hole: Hole = { start: found.start, end: found.end, expr: found.inner };
  if (found.directive || !/^[A-Za-z_][\w-]*$/.test(found.inner) || vars?.kind !== "object") return hole;
  const value = vars.entries.find((entry) => entry.key === found.inner)?.value;
  if (!value) return hole;
  if (value.kind === "unresolved") return { ...hole, expr: value.expr };
  return { ...hole, text: templateText(value) };
}

/** JSON ignores indentation, so a `<<-` heredoc parses the same before and after Terraform strips it. */
function jsonDocument(content: TemplateContent, file: SourceFile, origin: PolicyOrigin, at: Position): DocumentResult {
  return fromParse(parseTemplateJson(content, file), file, origin, at);
}

function fromParse(
  parsed: ReturnType<typeof parseTemplateJson>,
  file: SourceFile,
  origin: PolicyOrigin,
  at: Position,
): DocumentResult {
  if (parsed.ok) return { type: "document", origin, document: parsed.value, at };
  const where = ORIGIN_WORDS[origin] ?? origin;
  return { type: "error", path: file.path, line: parsed.line, column: parsed.column, message: `${where} is not a valid policy document: ${parsed.message}`, policy: true };
}

/** A document that cannot be known statically (`var.policy` without a default, `module.x.json`). */
function unknownDocument(node: SyntaxNode, at: Position): DocumentResult {
  return { type: "document", origin: "json-string", document: { kind: "unresolved", expr: expressionText(node), at }, at };
}

function isNoDocument(node: SyntaxNode): boolean {
  const expr = unwrapExpression(node);
  if (expr.type === "null_lit") return true;
  return (expr.type === "string_lit" || expr.type === "quoted_template") && expr.text.trim() === '""';
}

/** `data.aws_iam_policy_document.NAME` for `data.aws_iam_policy_document.NAME[0].json` and similar. */
export function policyDocumentAddress(node: SyntaxNode): string | undefined {
  const traversal = traversalOf(node);
  if (!traversal || traversal.root !== "data") return undefined;
  const [type, name, ...rest] = traversal.steps;
  if (type?.kind !== "attr" || type.name !== "aws_iam_policy_document" || name?.kind !== "attr") return undefined;
  const last = rest[rest.length - 1];
  if (last?.kind !== "attr" || (last.name !== "json" && last.name !== "minified_json")) return undefined;
  if (rest.slice(0, -1).some((step) => step.kind === "attr")) return undefined;
  return `data.aws_iam_policy_document.${name.name}`;
}
