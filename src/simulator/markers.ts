// Unresolved IaC values (`<unresolved:EXPR>`, DESIGN.md "Unresolved values") never match by accident. When a
// pattern holds a marker, the simulator asks a safe over-approximation instead: the same text with every
// marker replaced by `*`. If even that does not match, the real pattern cannot match either (NO); if it does,
// the answer depends on the unknown value (MAYBE).
//
// For ARNs the approximation is a plain wildcard match over the whole text. That is never narrower than
// AWS's field-by-field match (fields that match one by one also match when joined with their colons), so it
// stays safe when a marker stands for several fields (`<unresolved:aws_s3_bucket.logs.arn>/*`).

import { compileWildcard, type WildcardMatcher } from "../iam/wildcard.js";

const MARKER = /<unresolved:[^>]*>/g;

export function replaceMarkers(text: string, replacement: string): string {
  return text.replace(MARKER, replacement);
}

/** The over-approximation of an ARN / Resource pattern with markers (case-sensitive, like ARNs). */
export function overApproximateArnPattern(pattern: string): WildcardMatcher {
  return compileWildcard(replaceMarkers(pattern, "*"), { caseInsensitive: false });
}

/** The over-approximation of an action pattern with markers, for an already lower-cased action. */
export function overApproximateActionPattern(pattern: string): WildcardMatcher {
  return compileWildcard(replaceMarkers(pattern, "*").toLowerCase(), { caseInsensitive: false });
}

/** The expressions of the markers in a text, for explanations: `<unresolved:var.x>` → `var.x`. */
export function markerExpressions(text: string): string[] {
  return [...text.matchAll(MARKER)].map((match) => match[0].slice("<unresolved:".length, -1));
}
