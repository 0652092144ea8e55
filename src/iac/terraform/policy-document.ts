// `data "aws_iam_policy_document"`: the JSON the AWS provider renders from `statement` blocks, merged with
// source and override documents, every node positioned at the HCL that wrote it.
import { MAX_DEPTH, literalString, unresolvedMarker } from "../located.js";
import type { LocatedEntry, LocatedValue, Position } from "../types.js";
import type { DocumentResolver, DocumentResult } from "./documents.js";
import type { Evaluator } from "./evaluate.js";
import type { BlockRef, ModuleIndex } from "./module.js";
import type { SyntaxNode } from "./parser.js";
import { bodyAttribute, expressionText, headerPosition, nestedBlocks, nodePosition, type NestedBlock, type SourceFile } from "./syntax.js";

/** A problem met while rendering (a source document that does not parse), reported against the data source. */
export interface RenderProblem {
  path: string;
  line: number;
  column?: number;
  message: string;
  policy: boolean;
}

export interface RenderedDocument {
  document: LocatedValue;
  problems: RenderProblem[];
}

const STATEMENT_LISTS: [attribute: string, key: string][] = [
  ["actions", "Action"],
  ["not_actions", "NotAction"],
  ["resources", "Resource"],
  ["not_resources", "NotResource"],
];

const DEFAULT_VERSION = "2012-10-17";

export class PolicyDocumentRenderer {
  private readonly rendered = new Map<string, RenderedDocument>();
  private readonly rendering = new Set<string>();

  constructor(
    private readonly module: ModuleIndex,
    private readonly evaluator: Evaluator,
    private readonly resolver: DocumentResolver,
  ) {}

  /** The rendered document of a data source, computed once. Undefined when the address is not in the module. */
  render(address: string): RenderedDocument | undefined {
    const cached = this.rendered.get(address);
    if (cached) return cached;
    const block = this.module.block(address);
    if (!block || block.keyword !== "data" || block.type !== "aws_iam_policy_document") return undefined;
    if (this.rendering.has(address) || this.rendering.size > MAX_DEPTH) {
      const at = headerPosition(block.file.path, block.node);
      return { document: { kind: "unresolved", expr: `${address}.json`, at }, problems: [] };
    }
    this.rendering.add(address);
    try {
      const result = this.renderBlock(block);
      this.rendered.set(address, result);
      return result;
    } finally {
      this.rendering.delete(address);
    }
  }

  private renderBlock(block: BlockRef): RenderedDocument {
    const { file, body } = block;
    const problems: RenderProblem[] = [];
    const at = nodePosition(file.path, block.node);
    const statementsOf = (results: DocumentResult[]) => this.statementsOf(results, problems);
    const attributeDocuments = (name: string, list: boolean) => {
      const attribute = bodyAttribute(body, name);
      if (!attribute) return [];
      return list ? this.resolver.resolveList(attribute.expr, file) : this.resolver.resolve(attribute.expr, file);
    };

    const merged: LocatedValue[] = [];
    const versions: LocatedValue[] = [this.version(block)];
    const mergeAll = (results: DocumentResult[]) => {
      for (const document of statementsOf(results)) {
        mergeStatements(merged, document.statements);
        if (document.version) versions.push(document.version);
      }
    };
    // The provider's order: source_json, source_policy_documents, this document, override_policy_documents, override_json.
    mergeAll(attributeDocuments("source_json", false));
    mergeAll(attributeDocuments("source_policy_documents", true));
    mergeStatements(merged, nestedBlocks(body, "statement").map((statement) => this.statement(statement, file)));
    mergeAll(attributeDocuments("override_policy_documents", true));
    mergeAll(attributeDocuments("override_json", false));

    const entries: LocatedEntry[] = [entry("Version", newestVersion(versions))];
    const policyId = bodyAttribute(body, "policy_id");
    if (policyId) entries.push(attributeEntry("Id", policyId.node, this.evaluator.value(policyId.expr, file), file));
    entries.push({ key: "Statement", keyAt: at, value: { kind: "array", items: merged, at } });
    return { document: { kind: "object", entries, at }, problems };
  }

  private version(block: BlockRef): LocatedValue {
    const version = bodyAttribute(block.body, "version");
    if (version) return this.evaluator.value(version.expr, block.file);
    return { kind: "string", value: DEFAULT_VERSION, at: headerPosition(block.file.path, block.node) };
  }

  /** The statements of documents merged in; an unknown document contributes an unresolved statement. */
  private statementsOf(results: DocumentResult[], problems: RenderProblem[]): { statements: LocatedValue[]; version?: LocatedValue }[] {
    const out: { statements: LocatedValue[]; version?: LocatedValue }[] = [];
    for (const result of results) {
      if (result.type === "error") {
        problems.push({ path: result.path, line: result.line, column: result.column, message: result.message, policy: result.policy });
        continue;
      }
      if (result.type === "document") {
        out.push(documentStatements(result.document));
        continue;
      }
      const rendered = this.render(result.address);
      out.push(rendered ? documentStatements(rendered.document) : { statements: [{ kind: "unresolved", expr: `${result.address}.json`, at: result.at }] });
    }
    return out;
  }

  // ------------------------------------------------------------------------------------------- statements

  private statement(statement: NestedBlock, file: SourceFile): LocatedValue {
    const at = nodePosition(file.path, statement.node);
    const body = statement.body;
    const entries: LocatedEntry[] = [];
    const sid = bodyAttribute(body, "sid");
    if (sid) entries.push(attributeEntry("Sid", sid.node, this.evaluator.value(sid.expr, file), file));
    const effect = bodyAttribute(body, "effect");
    entries.push(
      effect
        ? attributeEntry("Effect", effect.node, this.evaluator.value(effect.expr, file), file)
        : entry("Effect", { kind: "string", value: "Allow", at: headerPosition(file.path, statement.node) }),
    );
    for (const [attribute, key] of STATEMENT_LISTS) {
      const found = bodyAttribute(body, attribute);
      if (found) entries.push(attributeEntry(key, found.node, this.evaluator.value(found.expr, file), file));
    }
    for (const [blockName, key] of [["principals", "Principal"], ["not_principals", "NotPrincipal"]] as const) {
      const principals = this.principals(nestedBlocks(body, blockName), file);
      if (principals) entries.push(principals.keyAt ? { key, keyAt: principals.keyAt, value: principals.value } : entry(key, principals.value));
    }
    const conditions = this.conditions(nestedBlocks(body, "condition"), file);
    if (conditions) entries.push(entry("Condition", conditions));
    return { kind: "object", entries, at };
  }

  /** `principals { type, identifiers }` blocks as `{"AWS": [...], "Service": [...]}`; a lone `type = "*"` is `"*"`. */
  private principals(blocks: NestedBlock[], file: SourceFile): { value: LocatedValue; keyAt?: Position } | undefined {
    if (blocks.length === 0) return undefined;
    const byType = new Map<string, LocatedEntry>();
    for (const block of blocks) {
      const at = nodePosition(file.path, block.node);
      const type = bodyAttribute(block.body, "type");
      const identifiers = bodyAttribute(block.body, "identifiers");
      const typeValue = type ? this.evaluator.value(type.expr, file) : undefined;
      const key = keyText(typeValue, type?.expr);
      if (key === "*" && blocks.length === 1) return { value: { kind: "string", value: "*", at }, keyAt: at };
      const value = identifiers ? this.evaluator.value(identifiers.expr, file) : { kind: "array" as const, items: [], at };
      addMerged(byType, key, typeValue?.at ?? at, value);
    }
    const at = nodePosition(file.path, blocks[0].node);
    return { value: { kind: "object", entries: [...byType.values()], at }, keyAt: at };
  }

  /** `condition { test, variable, values }` blocks as `{"StringEquals": {"aws:SourceVpce": [...]}}`. */
  private conditions(blocks: NestedBlock[], file: SourceFile): LocatedValue | undefined {
    if (blocks.length === 0) return undefined;
    const byTest = new Map<string, { keyAt: Position; at: Position; variables: Map<string, LocatedEntry> }>();
    for (const block of blocks) {
      const at = nodePosition(file.path, block.node);
      const test = bodyAttribute(block.body, "test");
      const variable = bodyAttribute(block.body, "variable");
      const values = bodyAttribute(block.body, "values");
      const testValue = test ? this.evaluator.value(test.expr, file) : undefined;
      const variableValue = variable ? this.evaluator.value(variable.expr, file) : undefined;
      const testKey = keyText(testValue, test?.expr);
      let group = byTest.get(testKey);
      if (!group) {
        group = { keyAt: testValue?.at ?? at, at, variables: new Map() };
        byTest.set(testKey, group);
      }
      const value = values ? this.evaluator.value(values.expr, file) : { kind: "array" as const, items: [], at };
      addMerged(group.variables, keyText(variableValue, variable?.expr), variableValue?.at ?? at, value);
    }
    const at = nodePosition(file.path, blocks[0].node);
    const entries = [...byTest.entries()].map(([key, group]) => ({
      key,
      keyAt: group.keyAt,
      value: { kind: "object" as const, entries: [...group.variables.values()], at: group.at },
    }));
    return { kind: "object", entries, at };
  }
}

/** A key written as a value: its literal text, else the `<unresolved:EXPR>` marker. */
function keyText(value: LocatedValue | undefined, node: SyntaxNode | undefined): string {
  const literal = literalString(value);
  if (literal !== undefined) return literal;
  if (value?.kind === "string") return value.value;
  if (value?.kind === "unresolved") return unresolvedMarker(value.expr);
  return unresolvedMarker(node ? expressionText(node) : "missing");
}

/** Adds values under a key, concatenating lists when the key repeats (two `principals` blocks of one type). */
function addMerged(map: Map<string, LocatedEntry>, key: string, keyAt: Position, value: LocatedValue): void {
  const existing = map.get(key);
  if (!existing) {
    map.set(key, { key, keyAt, value });
    return;
  }
  existing.value = { kind: "array", items: [...asItems(existing.value), ...asItems(value)], at: existing.value.at };
}

function asItems(value: LocatedValue): LocatedValue[] {
  return value.kind === "array" ? value.items : [value];
}

/** The provider's merge: a statement with a non-empty Sid replaces the one with the same Sid, others append. */
function mergeStatements(merged: LocatedValue[], statements: LocatedValue[]): void {
  for (const statement of statements) {
    const sid = sidOf(statement);
    const index = sid ? merged.findIndex((existing) => sidOf(existing) === sid) : -1;
    if (index >= 0) merged[index] = statement;
    else merged.push(statement);
  }
}

function sidOf(statement: LocatedValue): string | undefined {
  if (statement.kind !== "object") return undefined;
  const sid = literalString(statement.entries.find((entry) => entry.key === "Sid")?.value);
  return sid === "" ? undefined : sid;
}

function documentStatements(document: LocatedValue): { statements: LocatedValue[]; version?: LocatedValue } {
  if (document.kind !== "object") return { statements: [document] };
  const statement = document.entries.find((entry) => entry.key === "Statement")?.value;
  const version = document.entries.find((entry) => entry.key === "Version")?.value;
  if (!statement) return { statements: [], version };
  return { statements: statement.kind === "array" ? statement.items : [statement], version };
}

/** The provider keeps the newest version among the merged documents. */
function newestVersion(versions: LocatedValue[]): LocatedValue {
  let newest = versions[0];
  for (const candidate of versions.slice(1)) {
    const current = literalString(newest);
    const other = literalString(candidate);
    if (current !== undefined && other !== undefined && other > current) newest = candidate;
  }
  return newest;
}

function entry(key: string, value: LocatedValue): LocatedEntry {
  return { key, keyAt: value.at, value };
}

function attributeEntry(key: string, attribute: SyntaxNode, value: LocatedValue, file: SourceFile): LocatedEntry {
  const name = attribute.namedChildren.find((child) => child.type === "identifier") ?? attribute;
  return { key, keyAt: nodePosition(file.path, name), value };
}

/** True when a rendered document names a principal (such documents are resource or trust policies). */
export function hasPrincipal(document: LocatedValue): boolean {
  return documentStatements(document).statements.some(
    (statement) => statement.kind === "object" && statement.entries.some((e) => e.key === "Principal" || e.key === "NotPrincipal"),
  );
}
