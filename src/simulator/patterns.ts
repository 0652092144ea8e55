// Reasoning about Resource patterns as sets of ARNs, without a concrete resource: "does this Deny cover
// everything that Allow grants?" (`patternCovers`) and "can these two patterns name a common resource?"
// (`certainlyDisjoint`). Both answer `true` only when certain, so a caller that is unsure keeps the broader,
// riskier answer (DESIGN.md "On `*` means on any resource": the question is whether *some* resource is
// allowed, and an uncertain Deny must not hide an Allow).
//
// Matching semantics follow src/iam/arn.ts: six colon-separated fields, wildcards within a field, case-sensitive;
// a pattern of fewer fields whose last field ends in `*` swallows the rest of the ARN.

import { hasUnresolved } from "../iac/located.js";
import { splitArnFields } from "../iam/arn.js";
import { compileWildcard, hasWildcard } from "../iam/wildcard.js";
import { BoundedCache } from "../iam/bounded-cache.js";

const ARN_FIELDS = 6;

export function isAllStars(pattern: string): boolean {
  if (pattern.length === 0) return false;
  for (let index = 0; index < pattern.length; index++) if (pattern[index] !== "*") return false;
  return true;
}

/** The characters before the first wildcard. */
function literalPrefix(glob: string): string {
  let end = 0;
  while (end < glob.length && glob[end] !== "*" && glob[end] !== "?") end++;
  return glob.slice(0, end);
}

/** The characters after the last wildcard. */
function literalSuffix(glob: string): string {
  let start = glob.length;
  while (start > 0 && glob[start - 1] !== "*" && glob[start - 1] !== "?") start--;
  return glob.slice(start);
}

/** Is every string that `specific` matches also matched by `general`? (one field, case-sensitive) */
export function globCovers(general: string, specific: string): boolean {
  if (general === specific) return true;
  if (isAllStars(general)) return true;
  if (!hasWildcard(specific)) return compileWildcard(general, { caseInsensitive: false })(specific);
  // `specific` is itself a set. Only the shape `prefix*suffix` of `general` is decided: every string that
  // `specific` matches starts with its literal prefix and ends with its literal suffix, which are separated
  // by a wildcard, so it is long enough for `general`'s prefix and suffix not to overlap.
  if (general.includes("?")) return false;
  const firstStar = general.indexOf("*");
  if (firstStar < 0 || firstStar !== general.lastIndexOf("*")) return false;
  const prefix = general.slice(0, firstStar);
  const suffix = general.slice(firstStar + 1);
  return literalPrefix(specific).startsWith(prefix) && literalSuffix(specific).endsWith(suffix);
}

/** Can no string match both globs? True only when their literal prefixes or suffixes conflict. */
export function globsCertainlyDisjoint(left: string, right: string): boolean {
  const leftWild = hasWildcard(left);
  const rightWild = hasWildcard(right);
  if (!leftWild && !rightWild) return left !== right;
  if (!leftWild) return !compileWildcard(right, { caseInsensitive: false })(left);
  if (!rightWild) return !compileWildcard(left, { caseInsensitive: false })(right);
  const leftPrefix = literalPrefix(left);
  const rightPrefix = literalPrefix(right);
  const prefixLength = Math.min(leftPrefix.length, rightPrefix.length);
  if (leftPrefix.slice(0, prefixLength) !== rightPrefix.slice(0, prefixLength)) return true;
  const leftSuffix = literalSuffix(left);
  const rightSuffix = literalSuffix(right);
  const suffixLength = Math.min(leftSuffix.length, rightSuffix.length);
  return leftSuffix.slice(leftSuffix.length - suffixLength) !== rightSuffix.slice(rightSuffix.length - suffixLength);
}

interface FieldView {
  fields: string[];
  /** Fewer than six fields and the last ends in `*`: it matches the rest of the ARN, colons included. */
  swallowsRest: boolean;
}

// The rules compare the same few hundred patterns and ARN formats again and again (every "on any
// resource" question splits both sides): each pattern is split once. Bounded, as patterns come from the
// scanned documents; entries are read-only.
const fieldViews = new BoundedCache<string, FieldView>(10_000);

function fieldView(pattern: string): FieldView {
  return fieldViews.get(pattern, () => {
    const fields = splitArnFields(pattern);
    const last = fields[fields.length - 1];
    return { fields, swallowsRest: fields.length < ARN_FIELDS && last.endsWith("*") };
  });
}

/**
 * Does the Resource pattern `general` match every ARN that `specific` matches? Conservative: true only when
 * certain. `arn:aws:s3:::bucket/*` does not cover `arn:aws:s3:::bucket`; a pattern with an unresolved
 * marker covers nothing (and is covered by nothing but `*`).
 */
export function patternCovers(general: string, specific: string): boolean {
  if (isAllStars(general)) return true;
  if (hasUnresolved(general) || hasUnresolved(specific)) return false;
  if (general === specific) return true;
  if (isAllStars(specific)) return false;
  const outer = fieldView(general);
  const inner = fieldView(specific);
  if (!outer.swallowsRest) {
    if (inner.swallowsRest || inner.fields.length !== outer.fields.length) return false;
    return outer.fields.every((field, index) => globCovers(field, inner.fields[index]));
  }
  // `general` swallows the rest after its fixed fields: compare those, then its last field with the rest of
  // `specific` (which may itself swallow: `arn:aws:*` covers `arn:aws:s3:*`).
  const fixed = outer.fields.length - 1;
  if (inner.fields.length < fixed + 1) return false;
  for (let index = 0; index < fixed; index++) {
    if (!globCovers(outer.fields[index], inner.fields[index])) return false;
  }
  const rest = inner.fields.slice(fixed).join(":");
  return globCovers(outer.fields[fixed], rest);
}

/** Can no ARN match both patterns? True only when certain (a field's literal parts conflict). */
export function patternsCertainlyDisjoint(left: string, right: string): boolean {
  if (isAllStars(left) || isAllStars(right)) return false;
  if (hasUnresolved(left) || hasUnresolved(right)) return false;
  const a = fieldView(left);
  const b = fieldView(right);
  if (a.swallowsRest || b.swallowsRest) {
    // Only the fields before either pattern starts swallowing can be compared one to one.
    const comparable = Math.min(a.swallowsRest ? a.fields.length - 1 : a.fields.length, b.swallowsRest ? b.fields.length - 1 : b.fields.length);
    for (let index = 0; index < comparable; index++) {
      if (globsCertainlyDisjoint(a.fields[index], b.fields[index])) return true;
    }
    return false;
  }
  if (a.fields.length !== b.fields.length) return true; // neither swallows: ARNs of different field counts
  for (let index = 0; index < a.fields.length; index++) {
    if (globsCertainlyDisjoint(a.fields[index], b.fields[index])) return true;
  }
  return false;
}

// Every "on any resource" question turns the action's ARN formats into patterns: once per format, for the
// partition nearly every question is in. Formats come from the catalogue; the bound only guards other callers.
const awsFormatPatterns = new BoundedCache<string, string>(10_000);

/**
 * A catalogue ARN format (`arn:${Partition}:s3:::${BucketName}/${ObjectName}`) as a Resource pattern. The
 * partition is the principal's (a principal cannot reach resources of another partition); every other
 * placeholder becomes `*`.
 */
export function formatToPattern(format: string, partition = "aws"): string {
  if (partition !== "aws") return placeholdersToWildcards(format, partition);
  return awsFormatPatterns.get(format, () => placeholdersToWildcards(format, partition));
}

function placeholdersToWildcards(format: string, partition: string): string {
  return format.replace(/\$\{Partition\}/g, partition).replace(/\$\{[^}]*\}/g, "*");
}

// Placeholders of catalogue ARN formats whose values never contain a `/` (bucket, function, table, queue and
// topic names, key and instance ids). Others may (`${ObjectName}`, `${RoleNameWithPath}`, log group names,
// parameter names, repository names).
const SLASH_FREE_PLACEHOLDERS = new Set(["BucketName", "FunctionName", "TableName", "QueueName", "TopicName", "KeyId", "InstanceId"]);

/**
 * Can no resource of this catalogue format match the pattern? Besides the field-by-field test, a format whose
 * resource part holds no `/` — only slash-free placeholders and literal text — cannot match a pattern whose
 * resource part requires one: `arn:aws:s3:::b/*` names objects, never a bucket (`arn:aws:s3:::${BucketName}`).
 */
export function formatExcludesPattern(format: string, pattern: string, partition = "aws"): boolean {
  if (patternsCertainlyDisjoint(pattern, formatToPattern(format, partition))) return true;
  if (isAllStars(pattern) || hasUnresolved(pattern)) return false;
  const formatResource = resourcePart(format);
  const patternResource = resourcePart(pattern);
  if (formatResource === undefined || patternResource === undefined || !patternResource.includes("/")) return false;
  const placeholders = [...formatResource.matchAll(/\$\{([^}]*)\}/g)].map((m) => m[1]);
  const literal = formatResource.replace(/\$\{[^}]*\}/g, "");
  return !literal.includes("/") && placeholders.every((name) => SLASH_FREE_PLACEHOLDERS.has(name));
}

/** The text after an ARN's fifth colon (undefined for something that is not an ARN with six fields). */
function resourcePart(arn: string): string | undefined {
  let index = -1;
  for (let colon = 0; colon < 5; colon++) {
    index = arn.indexOf(":", index + 1);
    if (index === -1) return undefined;
  }
  return arn.slice(index + 1);
}
