// Terraform (HCL2) extraction: every IAM policy document of a module, with exact positions.
import { LineMap } from "../json.js";
import { MAX_FILE_BYTES } from "../located.js";
import type { ExtractResult, SourceReader } from "../types.js";
import { ModuleExtractor } from "./extract.js";
import { ModuleIndex, syntaxError } from "./module.js";
import { parseHcl, type SyntaxTree } from "./parser.js";
import type { SourceFile } from "./syntax.js";

/**
 * The HCL parser (tree-sitter, in WebAssembly) needs about 200 bytes of memory per byte of input, and
 * WebAssembly memory never shrinks: a 5 MB file would keep a gigabyte. Real Terraform files are far smaller
 * (the largest of the shared corpus is 180 KB), so larger ones are refused before they are parsed.
 */
export const MAX_TERRAFORM_FILE_BYTES = 1024 * 1024;

export interface TerraformModuleInput {
  /** Module directory relative to the scan root, POSIX, "" for the root. */
  dir: string;
  /** Every .tf file of that directory (paths relative to the scan root). */
  files: { path: string; text: string }[];
  /** For file()/templatefile() targets; paths relative to the scan root. */
  reader: SourceReader;
}

/**
 * Extracts the policies, attachments and resources of one Terraform module (a directory: its files see each
 * other's locals, variables and data sources). Never throws: every problem is an entry in `errors`.
 */
export async function extractTerraformModule(input: TerraformModuleInput): Promise<ExtractResult> {
  const result: ExtractResult = { policies: [], attachments: [], resources: [], errors: [] };
  const trees: SyntaxTree[] = [];
  try {
    const module = new ModuleIndex(input.dir);
    for (const { path, text } of input.files) {
      if (text.length > MAX_FILE_BYTES) {
        result.errors.push({ path, line: 1, message: `file larger than ${MAX_FILE_BYTES} bytes: not analysed` });
        continue;
      }
      if (text.length > MAX_TERRAFORM_FILE_BYTES) {
        const mb = (text.length / (1024 * 1024)).toFixed(1);
        result.errors.push({ path, line: 1, message: `file is ${mb} MB, over the 1 MB limit for Terraform files: not analysed` });
        continue;
      }
      const tree = await parseHcl(text);
      trees.push(tree);
      const file: SourceFile = { path, text, lines: new LineMap(text) };
      const skipped = module.addFile(file, tree.rootNode);
      if (tree.rootNode.hasError) result.errors.push(syntaxError(file, tree.rootNode, skipped));
    }
    new ModuleExtractor(module, input.reader, result).run();
  } catch (error) {
    // Per-block failures are caught below this point; reaching here means the parser itself failed.
    const message = error instanceof Error ? error.message : String(error);
    result.errors.push({ path: input.files[0]?.path ?? input.dir, line: 1, message: `Terraform extraction failed: ${message}` });
  } finally {
    for (const tree of trees) tree.delete();
  }
  return result;
}
