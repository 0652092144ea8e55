#!/usr/bin/env node
// Runs the built command line (npm run build writes lib/). The build also bundles the command line's modules
// into one file, which starts in about half the time of loading ~150 modules; lib/cli/bin.js is the same
// program unbundled (and the one to run when the bundle is older: `tsc` alone does not rebuild it). In a
// checkout without a build, say how to get one.
import { existsSync, statSync } from "node:fs";

const bundle = new URL("../lib/cli/bundle.js", import.meta.url);
const modules = new URL("../lib/cli/bin.js", import.meta.url);
const bundleIsCurrent = existsSync(bundle) && existsSync(modules) && statSync(bundle).mtimeMs >= statSync(modules).mtimeMs;
const entry = bundleIsCurrent ? bundle : modules;
if (!existsSync(entry)) {
  process.stderr.write("iam-review: not built yet. Run `npm run build` (or use `npx tsx src/cli/bin.ts`).\n");
  process.exit(2);
}
await import(entry.href);
