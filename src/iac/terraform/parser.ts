// The tree-sitter boundary: loading the prebuilt Terraform grammar once per process and parsing text.
import { createRequire } from "node:module";
import { Language, Parser, type Node, type Tree } from "web-tree-sitter";

export type SyntaxNode = Node;
export type SyntaxTree = Tree;

const require = createRequire(import.meta.url);
let parserReady: Promise<Parser> | undefined;

/** The shared parser; the WASM runtime and grammar load on first use only. */
export function terraformParser(): Promise<Parser> {
  parserReady ??= loadParser().catch((error: unknown) => {
    // A failed load must not poison the process: the next call tries again.
    parserReady = undefined;
    throw error;
  });
  return parserReady;
}

async function loadParser(): Promise<Parser> {
  await Parser.init();
  const language = await Language.load(
    require.resolve("@tree-sitter-grammars/tree-sitter-hcl/tree-sitter-terraform.wasm"),
  );
  const parser = new Parser();
  parser.setLanguage(language);
  return parser;
}

/** Parses HCL; the caller owns the tree and must `delete()` it (it lives on the WASM heap). */
export async function parseHcl(text: string): Promise<Tree> {
  const parser = await terraformParser();
  const tree = parser.parse(text);
  if (!tree) throw new Error("tree-sitter returned no tree");
  return tree;
}
