#!/usr/bin/env node
// Runs the built command line (npm run build writes lib/). In a checkout without a build, say how to get one.
import { existsSync } from "node:fs";

const entry = new URL("../lib/cli/bin.js", import.meta.url);
if (!existsSync(entry)) {
  process.stderr.write("iam-review: not built yet. Run `npm run build` (or use `npx tsx src/cli/bin.ts`).\n");
  process.exit(2);
}
await import(entry.href);
