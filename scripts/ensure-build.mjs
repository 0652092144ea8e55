// `npm start` builds first when the build output is missing or older than the sources (DESIGN.md).
import { execFileSync, execSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import process from "node:process";

function newest(dir) {
  let latest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    latest = Math.max(latest, entry.isDirectory() ? newest(path) : statSync(path).mtimeMs);
  }
  return latest;
}

const built = existsSync("lib/main.js") && newest("lib") >= newest("src");
if (!built) execSync("npm run build", { stdio: "inherit" });
// The build writes the managed policy and action catalogue snapshots too, but lib/ can be current while a
// snapshot is missing or from an older package: each script is a fast no-op when its snapshot is current.
else {
  execFileSync(process.execPath, ["scripts/build-managed-policies.mjs"], { stdio: "inherit" });
  execFileSync(process.execPath, ["scripts/build-catalogue.mjs"], { stdio: "inherit" });
}
