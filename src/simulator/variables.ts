// Policy variables (IAM User Guide › IAM policy elements: Variables and tags): `${aws:username}`,
// `${aws:PrincipalTag/team}`, the fixed `${*}` `${?}` `${$}` (a literal `*`, `?`, `$`), and defaults
// `${aws:username, 'anonymous'}`. They work only in policies with `"Version": "2012-10-17"` (otherwise the
// text is literal), in the resource part of a `Resource` ARN (after the fifth colon) and in the values of the
// String and ARN condition operators. A variable whose key is missing from the request (and has no default)
// makes that value match nothing; a multivalued key cannot be a variable.
//
// A template is parsed once; rendering it is a string concatenation per request.

import type { RequestContext } from "./context.js";

/** Stand-ins for a literal `*` / `?` inside a pattern (from `${*}` / `${?}`): private-use code points that no
 * wildcard helper treats as special. Values are escaped the same way before matching (see `escapeWildcards`). */
export const LITERAL_STAR = "\uE000";
export const LITERAL_QUESTION = "\uE001";

type Segment =
  | { kind: "text"; text: string }
  | { kind: "variable"; keyLower: string; fallback?: string }
  | { kind: "literal-char"; char: "*" | "?" | "$" };

export interface Template {
  readonly segments: readonly Segment[];
  /** True when a `${*}` or `${?}` must stay literal in a wildcard pattern. */
  readonly hasLiteralWildcard: boolean;
}

const VARIABLE_WITH_DEFAULT = /^(.+?)\s*,\s*'(.*)'$/s;

/** Parses `${…}` references in `text`; undefined when there are none (the common case: no per-request work). */
export function parseTemplate(text: string, from = 0): Template | undefined {
  if (!text.includes("${", from)) return undefined;
  const segments: Segment[] = [];
  let hasLiteralWildcard = false;
  let cursor = 0;
  let searchFrom = from;
  for (;;) {
    const start = text.indexOf("${", searchFrom);
    if (start < 0) break;
    const end = text.indexOf("}", start + 2);
    if (end < 0) break;
    const inner = text.slice(start + 2, end).trim();
    let segment: Segment | undefined;
    if (inner === "*" || inner === "?" || inner === "$") {
      segment = { kind: "literal-char", char: inner };
      if (inner !== "$") hasLiteralWildcard = true;
    } else if (inner.length > 0) {
      const withDefault = VARIABLE_WITH_DEFAULT.exec(inner);
      segment = withDefault
        ? { kind: "variable", keyLower: withDefault[1].trim().toLowerCase(), fallback: withDefault[2] }
        : { kind: "variable", keyLower: inner.toLowerCase() };
    }
    if (!segment) {
      searchFrom = end + 1;
      continue;
    }
    if (start > cursor) segments.push({ kind: "text", text: text.slice(cursor, start) });
    segments.push(segment);
    cursor = end + 1;
    searchFrom = cursor;
  }
  if (segments.length === 0) return undefined;
  if (cursor < text.length) segments.push({ kind: "text", text: text.slice(cursor) });
  return { segments, hasLiteralWildcard };
}

/**
 * The index after the fifth colon of an ARN pattern, not counting colons inside `${…}`; -1 when the text has
 * fewer than five colons (it is not an ARN and gets no substitution).
 */
export function resourcePartStart(text: string): number {
  let colons = 0;
  for (let index = 0; index < text.length; index++) {
    const char = text[index];
    if (char === "$" && text[index + 1] === "{") {
      const end = text.indexOf("}", index + 2);
      if (end < 0) return -1;
      index = end;
      continue;
    }
    if (char === ":" && ++colons === 5) return index + 1;
  }
  return -1;
}

/**
 * The text with variables replaced from the request context, or undefined when a variable is missing.
 * `forPattern`: `${*}` and `${?}` become the literal stand-ins (for Like/ARN/Resource matching); otherwise
 * they become the plain characters (for Equals comparisons, where nothing is a wildcard).
 */
export function renderTemplate(template: Template, context: RequestContext, forPattern: boolean): string | undefined {
  let result = "";
  for (const segment of template.segments) {
    switch (segment.kind) {
      case "text":
        result += segment.text;
        break;
      case "literal-char":
        result +=
          forPattern && segment.char === "*"
            ? LITERAL_STAR
            : forPattern && segment.char === "?"
              ? LITERAL_QUESTION
              : segment.char;
        break;
      case "variable": {
        const entry = context.get(segment.keyLower);
        if (entry && entry.values.length === 1) {
          result += entry.values[0];
        } else if (segment.fallback !== undefined && (!entry || entry.values.length === 0)) {
          result += segment.fallback;
        } else {
          return undefined;
        }
        break;
      }
    }
  }
  return result;
}

/** The names of the variables a template reads, as written in lower case (for explanations). */
export function templateVariables(template: Template): string[] {
  const names: string[] = [];
  for (const segment of template.segments) if (segment.kind === "variable") names.push(segment.keyLower);
  return names;
}

/** Escapes a request value so that a pattern's literal stand-ins match its real `*` and `?`. */
export function escapeWildcards(value: string): string {
  return value.replaceAll("*", LITERAL_STAR).replaceAll("?", LITERAL_QUESTION);
}

/** Puts real `*` / `?` back into a rendered pattern, for showing it to a person. */
export function displayPattern(rendered: string): string {
  return rendered.replaceAll(LITERAL_STAR, "*").replaceAll(LITERAL_QUESTION, "?");
}
