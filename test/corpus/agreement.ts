// Machinery for test/corpus/agreement.test.ts: reads the resource-level labels of the shared corpus (checkov's
// passing/failing resources, cfn_nag's expected offending ids), scans each labelled file once with the whole
// registry and the default config, and decides per labelled resource whether one of the mapped rules flags it.
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { loadRoot } from "../../src/cli/read-files.js";
import { parseConfig } from "../../src/engine/config.js";
import { reviewScan } from "../../src/engine/review-scan.js";
import { scanSources, type ScanResult } from "../../src/iac/scan.js";
import type { IacResource, LocatedValue } from "../../src/iac/types.js";
import { catalogue } from "../../src/iam/catalogue.js";
import { rules as registry } from "../../src/rules/index.js";
import type { Finding } from "../../src/rules/types.js";

export const corpus = join(import.meta.dirname, "../../../shared/corpus");

/**
 * How a labelled resource reaches the findings that concern it, beyond findings reported on itself:
 * - `document`: the `data.aws_iam_policy_document` it renders (`policy = data.aws_iam_policy_document.x.json`):
 *   our rules report a document's problems on the data source, checkov on the resource that uses it.
 * - `role`: the IAM role it runs as (`role_arn = aws_iam_role.x.arn`, `RoleArn: !GetAtt X.Arn`).
 * - `bucket-policy`: the bucket policies (and their documents) of the bucket it configures
 *   (`aws_s3_bucket_acl.x` → `aws_s3_bucket.x` ← `aws_s3_bucket_policy.y`).
 */
export type Via = "document" | "role" | "bucket-policy";

export interface Mapping {
  /** Our rules judging the same property; the rules that supersede them are added (one problem, one finding). */
  rules: string[];
  via?: Via[];
  /** Narrows the mapped rules' findings to the property the check is about (CKV2_AWS_40: IAM102 for `iam` only). */
  only?: (finding: Finding) => boolean;
}

export type Outcome = "agree-fail" | "agree-pass" | "we-miss" | "they-miss";

export interface Verdict {
  outcome: Outcome;
  /** Who is wrong: the other tool, us (a real gap), the fixture (not valid input), or the rules differ in scope. */
  wrong: "checkov" | "cfn_nag" | "ours" | "fixture" | "scope";
  why: string;
}

export interface Labelled {
  tool: "checkov" | "cfn_nag";
  check: string;
  /** Corpus path of the labelled file. */
  file: string;
  /** The label as the tool writes it (`AWS::KMS::Key.Wildcard`, `aws_iam_policy_document.fail`, `myKey`). */
  label: string;
  theyFail: boolean;
}

interface IndexEntry {
  path: string;
  kind: string;
  labels?: {
    tool?: string;
    checks?: { id: string | null }[];
    failing_resources?: string[];
    passing_resources?: string[];
    specs?: { rule_id: string; expected_offending_ids: string[] | null }[];
  };
}

export const index: IndexEntry[] = JSON.parse(readFileSync(join(corpus, "index.json"), "utf8"));

/** checkov: one check per labelled file, its passing and failing resources as listed. */
export function checkovLabels(): Labelled[] {
  const out: Labelled[] = [];
  for (const entry of index) {
    const labels = entry.labels;
    if (labels?.tool !== "checkov" || (!labels.failing_resources && !labels.passing_resources)) continue;
    const check = labels.checks?.[0]?.id ?? "(none)";
    for (const label of labels.failing_resources ?? []) out.push({ tool: "checkov", check, file: entry.path, label, theyFail: true });
    for (const label of labels.passing_resources ?? []) out.push({ tool: "checkov", check, file: entry.path, label, theyFail: false });
  }
  return out;
}

/**
 * cfn_nag: its specs list only the offending ids of each rule. The other resources of the type the rule
 * judges (`judged`) in the same file are its passing resources — the spec asserts that exact list.
 */
export async function cfnNagLabels(judged: Record<string, string[]>): Promise<Labelled[]> {
  const out = new Map<string, Labelled>();
  for (const entry of index) {
    const labels = entry.labels;
    if (labels?.tool !== "cfn_nag") continue;
    for (const spec of labels.specs ?? []) {
      const types = judged[spec.rule_id];
      if (!types || spec.expected_offending_ids === null) continue;
      const unit = await scanned(entry.path, false);
      for (const resource of unit.scan.resources) {
        if (!types.includes(resource.type)) continue;
        const theyFail = spec.expected_offending_ids.includes(resource.address);
        const key = `${spec.rule_id} ${entry.path} ${resource.address}`;
        // A spec file may run the same rule twice (cfn_nag W76); a resource is offending if either run says so.
        const previous = out.get(key);
        out.set(key, { tool: "cfn_nag", check: spec.rule_id, file: entry.path, label: resource.address, theyFail: theyFail || (previous?.theyFail ?? false) });
      }
    }
  }
  return [...out.values()];
}

export interface Unit {
  scan: ScanResult;
  findings: Finding[];
  byAddress: Map<string, IacResource>;
}

const units = new Map<string, Promise<Unit>>();

/**
 * Scans a Terraform file's whole directory (a module: data sources and resources may sit in sibling files) and
 * a CloudFormation template on its own. Each unit is scanned once and reused by every label in it.
 */
export function scanned(file: string, module: boolean): Promise<Unit> {
  const root = module ? dirname(file) : file;
  let unit = units.get(root);
  if (!unit) {
    unit = scanUnit(root);
    units.set(root, unit);
  }
  return unit;
}

async function scanUnit(root: string): Promise<Unit> {
  const loaded = loadRoot(join(corpus, root));
  const scan = await scanSources(loaded.sources, loaded.reader);
  const files = new Map(loaded.sources.flatMap((s) => ("text" in s ? [[s.path, s.text] as const] : [])));
  const review = await reviewScan({ scan, files, config: parseConfig(undefined).config, catalogue, rules: registry });
  return { scan, findings: review.findings, byAddress: new Map(scan.resources.map((r) => [r.address, r])) };
}

/**
 * Our address for a label: CloudFormation `TYPE.LogicalId` → the logical id (of that type); Terraform
 * `type.name` → the address, or `data.type.name` (checkov drops the `data.` of data sources). Undefined when
 * the scan has no such resource (the block did not parse).
 */
export function addressOf(unit: Unit, label: Labelled): string | undefined {
  if (label.tool === "cfn_nag") return unit.byAddress.has(label.label) ? label.label : undefined;
  const cfn = /^(AWS::[A-Za-z0-9]+::[A-Za-z0-9]+)\.(.+)$/.exec(label.label);
  if (cfn) return unit.byAddress.get(cfn[2])?.type === cfn[1] ? cfn[2] : undefined;
  if (unit.byAddress.has(label.label)) return label.label;
  if (unit.byAddress.has(`data.${label.label}`)) return `data.${label.label}`;
  return undefined;
}

/** Addresses a resource's attributes refer to: Terraform `type.name(.attr)`, CloudFormation `!Ref X` / `!GetAtt X.Attr`. */
export function references(resource: IacResource): string[] {
  const found = new Set<string>();
  const scanText = (text: string) => {
    for (const m of text.matchAll(/\b((?:data\.)?aws_[a-z0-9_]+\.[A-Za-z0-9_-]+)/g)) found.add(m[1]);
    for (const m of text.matchAll(/!(?:Ref|GetAtt)\s+([A-Za-z0-9_]+)/g)) found.add(m[1]);
  };
  const walk = (value: LocatedValue) => {
    switch (value.kind) {
      case "unresolved":
        scanText(value.expr);
        break;
      case "string":
        if (value.value.includes("<unresolved:")) scanText(value.value);
        break;
      case "array":
        value.items.forEach(walk);
        break;
      case "object":
        for (const entry of value.entries) walk(entry.value);
        break;
      case "choice":
        value.options.forEach(walk);
        break;
      default:
        break;
    }
  };
  walk(resource.attributes);
  return [...found];
}

const ROLE_TYPES = new Set(["aws_iam_role", "AWS::IAM::Role"]);

/** The addresses whose findings count for a labelled resource (see `Via`). */
export function subjects(unit: Unit, address: string, via: Via[] = []): Set<string> {
  const out = new Set([address]);
  const resource = unit.byAddress.get(address);
  if (!resource) return out;
  const refs = references(resource);
  if (via.includes("document")) for (const ref of refs) if (ref.startsWith("data.aws_iam_policy_document.")) out.add(ref);
  if (via.includes("role")) for (const ref of refs) if (ROLE_TYPES.has(unit.byAddress.get(ref)?.type ?? "")) out.add(ref);
  if (via.includes("bucket-policy")) {
    // By address: checkov's fixtures often leave the aws_s3_bucket itself undefined.
    const buckets = refs.filter((ref) => ref.startsWith("aws_s3_bucket."));
    for (const bucket of buckets) {
      out.add(bucket);
      for (const other of unit.scan.resources) {
        if (other.type !== "aws_s3_bucket_policy" || !references(other).includes(bucket)) continue;
        out.add(other.address);
        for (const ref of references(other)) if (ref.startsWith("data.aws_iam_policy_document.")) out.add(ref);
      }
    }
  }
  return out;
}

/** The mapped rules and every rule that supersedes one of them (its finding replaces theirs on a statement). */
export function withSuperseding(ruleIds: string[]): Set<string> {
  const out = new Set(ruleIds);
  for (const rule of registry) if (rule.meta.supersedes?.some((id) => ruleIds.includes(id))) out.add(rule.meta.id);
  return out;
}

export function outcomeOf(theyFail: boolean, weFlag: boolean): Outcome {
  if (theyFail) return weFlag ? "agree-fail" : "we-miss";
  return weFlag ? "they-miss" : "agree-pass";
}
