// Parsing condition values for the typed operator families (IAM User Guide › Condition operators).
// A value that does not parse never matches: AWS would have rejected the policy (IAM006 reports it).

/** Integers and decimals, as the Numeric operators accept them. */
const NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

export function parseNumber(text: string): number | undefined {
  const trimmed = text.trim();
  if (!NUMBER.test(trimmed)) return undefined;
  const value = Number(trimmed);
  return Number.isFinite(value) ? value : undefined;
}

// The W3C profile of ISO 8601 (YYYY-MM-DD, with an optional time, seconds, fraction and zone).
const ISO_DATE = /^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;
const ISO_MONTH = /^\d{4}-\d{2}$/;
const EPOCH = /^\d+(?:\.\d+)?$/;

/**
 * Milliseconds since 1970 for a Date operator value or context value: ISO 8601 (`2020-01-01T00:00:00Z`,
 * `2020-01-01`), or epoch seconds (`1577836800`). A time without a zone is UTC (AWS has no local time). A
 * bare number is always epoch seconds, also when it has four digits like a year.
 */
export function parseDate(text: string): number | undefined {
  const trimmed = text.trim();
  if (EPOCH.test(trimmed)) return Number(trimmed) * 1000;
  let iso: string;
  if (ISO_MONTH.test(trimmed)) {
    iso = `${trimmed}-01T00:00:00Z`;
  } else {
    const match = ISO_DATE.exec(trimmed);
    if (!match) return undefined;
    iso = trimmed.includes("T") ? (match[1] === undefined ? `${trimmed}Z` : trimmed) : `${trimmed}T00:00:00Z`;
  }
  const value = Date.parse(iso);
  return Number.isNaN(value) ? undefined : value;
}

/** `true` / `false`, case-insensitively; anything else is not a boolean. */
export function parseBoolean(text: string): boolean | undefined {
  const lowered = text.trim().toLowerCase();
  if (lowered === "true") return true;
  if (lowered === "false") return false;
  return undefined;
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** Decoded bytes of a base-64 value (BinaryEquals), as a latin1 string so that equal bytes compare equal. */
export function parseBinary(text: string): string | undefined {
  const compact = text.trim();
  if (!BASE64.test(compact)) return undefined;
  return Buffer.from(compact, "base64").toString("latin1");
}
