// The request context, prepared once per evaluation: keys folded to lower case (condition keys are
// case-insensitive, IAM User Guide › Variables and tags: "Key names are case-insensitive"), every value a
// list, and the typed parses (numbers, dates, IPs…) computed lazily and at most once per key.

import { hasUnresolved } from "../iac/located.js";
import type { Caller } from "./principals.js";
import type { ContextValue } from "./types.js";
import { parseIpAddress, type IpAddress } from "./ip.js";
import { parseBinary, parseBoolean, parseDate, parseNumber } from "./values.js";

export interface ContextEntry {
  /** The key as the request wrote it, for explanations. */
  key: string;
  values: string[];
  /** Some value holds an `<unresolved:…>` marker: comparisons with it cannot be decided. Computed lazily. */
  hasMarker?: boolean;
  /** True when the simulator derived the key from the principal rather than the caller giving it. */
  derived: boolean;
  lowered?: string[];
  numbers?: (number | undefined)[];
  dates?: (number | undefined)[];
  booleans?: (boolean | undefined)[];
  binaries?: (string | undefined)[];
  ips?: (IpAddress | undefined)[];
}

export type RequestContext = Map<string, ContextEntry>;

export function contextEntry(key: string, value: ContextValue, derived: boolean): ContextEntry {
  // The request's own array is not copied: entries are read-only views of it for one evaluation.
  return { key, values: typeof value === "string" ? [value] : value, derived };
}

export function hasMarkerValue(entry: ContextEntry): boolean {
  if (entry.hasMarker === undefined) {
    entry.hasMarker = false;
    for (const item of entry.values) if (hasUnresolved(item)) entry.hasMarker = true;
  }
  return entry.hasMarker;
}

/**
 * Builds the context; keys derived from the principal fill in only what the request did not give. The
 * derived entries belong to the (cached) caller and are shared between evaluations: their lazy parses depend
 * on their values only.
 */
export function prepareContext(given: Record<string, ContextValue> | undefined, caller: Caller): RequestContext {
  const context: RequestContext = new Map();
  if (given) {
    for (const key in given) context.set(key.toLowerCase(), contextEntry(key, given[key], false));
  }
  for (const [lowered, entry] of caller.derivedEntries) {
    if (!context.has(lowered)) context.set(lowered, entry);
  }
  return context;
}

export function loweredValues(entry: ContextEntry): string[] {
  return (entry.lowered ??= entry.values.map((value) => value.toLowerCase()));
}

export function numberValues(entry: ContextEntry): (number | undefined)[] {
  return (entry.numbers ??= entry.values.map(parseNumber));
}

export function dateValues(entry: ContextEntry): (number | undefined)[] {
  return (entry.dates ??= entry.values.map(parseDate));
}

export function booleanValues(entry: ContextEntry): (boolean | undefined)[] {
  return (entry.booleans ??= entry.values.map(parseBoolean));
}

export function binaryValues(entry: ContextEntry): (string | undefined)[] {
  return (entry.binaries ??= entry.values.map(parseBinary));
}

export function ipValues(entry: ContextEntry): (IpAddress | undefined)[] {
  return (entry.ips ??= entry.values.map(parseIpAddress));
}
