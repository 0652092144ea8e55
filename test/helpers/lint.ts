// Runs the real pipeline (scan → model → rules) over in-memory files, for rule tests.
import { parseConfig } from "../../src/engine/config.js";
import { reviewScan } from "../../src/engine/review-scan.js";
import { scanSources } from "../../src/iac/scan.js";
import { catalogue } from "../../src/iam/catalogue.js";
import { rules as registry } from "../../src/rules/index.js";
import type { Finding, Rule } from "../../src/rules/types.js";

export async function lintFiles(
  files: Record<string, string>,
  options: { rules?: readonly Rule[]; config?: string } = {},
): Promise<Finding[]> {
  const sources = Object.entries(files).map(([path, text]) => ({ path, text }));
  const reader = { read: (path: string) => files[path] };
  const scan = await scanSources(sources, reader);
  const { config } = parseConfig(options.config);
  const review = await reviewScan({
    scan,
    files: new Map(Object.entries(files)),
    config,
    catalogue,
    rules: options.rules ?? registry,
  });
  return review.findings;
}
