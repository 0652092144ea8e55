// IAM wildcard matching: `*` matches any run of characters (including none), `?` exactly one character.
// Used for actions (case-insensitive), ARN fields (case-sensitive, see arn.ts) and the `*Like` condition
// operators. Patterns are compiled once into a closure; nothing is rebuilt per call.
//
// Unresolved values (`<unresolved:EXPR>`, see src/iac/located.ts) never match by accident:
// - a pattern that contains a marker matches nothing (we do not know what it would have matched);
// - a value that contains a marker is matched only by the universal pattern `*`, which matches every
//   value whatever the unknown part turns out to be; every other pattern answers false.
// Callers that must tell "no" from "unknown" (the simulator) check `hasUnresolved` themselves.
// Policy variables (`${aws:username}`) are literal text here; the simulator substitutes them first.

import { hasUnresolved } from "../iac/located.js";
import { BoundedCache } from "./bounded-cache.js";

export interface WildcardOptions {
  caseInsensitive: boolean;
}

export type WildcardMatcher = (value: string) => boolean;

const matchNothing: WildcardMatcher = () => false;
const matchEverything: WildcardMatcher = () => true;

/** `*`, `**`…: every action (or every value). */
export function isBareStar(pattern: string): boolean {
  return isAllStars(pattern);
}

/** An Action pattern that covers every action: `*` or `*:*` (stars on either side). */
export function isEveryActionPattern(pattern: string): boolean {
  return /^\*+(:\*+)?$/.test(pattern);
}

/** True when the text contains an IAM wildcard character. */
export function hasWildcard(text: string): boolean {
  return text.includes("*") || text.includes("?");
}

const lowerCase = (value: string) => value.toLowerCase();
const asWritten = (value: string) => value;

// Each shape returns one closure (a policy set compiles thousands of patterns: no helper closures per pattern).
export function compileWildcard(pattern: string, options: WildcardOptions): WildcardMatcher {
  if (hasUnresolved(pattern)) return matchNothing;
  if (isAllStars(pattern)) return matchEverything;

  const prepare = options.caseInsensitive ? lowerCase : asWritten;
  const wanted = prepare(pattern);

  if (!hasWildcard(wanted)) return (value) => !hasUnresolved(value) && prepare(value) === wanted;

  const firstStar = wanted.indexOf("*");
  const lastStar = wanted.lastIndexOf("*");
  const hasQuestion = wanted.includes("?");

  // `prefix*`: the most common shape (`s3:Get*`, `arn:aws:s3:::bucket/*`).
  if (!hasQuestion && firstStar === lastStar && firstStar === wanted.length - 1) {
    const prefix = wanted.slice(0, -1);
    return (value) => !hasUnresolved(value) && prepare(value).startsWith(prefix);
  }
  // `*suffix`.
  if (!hasQuestion && firstStar === lastStar && firstStar === 0) {
    const suffix = wanted.slice(1);
    return (value) => !hasUnresolved(value) && prepare(value).endsWith(suffix);
  }
  // No `*` at all, only `?`: same length, every other character equal.
  if (firstStar === -1) {
    return (value) => {
      if (hasUnresolved(value)) return false;
      const prepared = prepare(value);
      return prepared.length === wanted.length && matchesFrom(wanted, prepared, 0);
    };
  }

  // General case: split on `*` once. The first piece anchors the start, the last piece anchors the end,
  // the pieces in between are found left to right (leftmost match is always safe for `*` globs).
  const pieces = wanted.split("*");
  const middle = pieces.slice(1, -1).filter((piece) => piece.length > 0);
  const glob: Glob = {
    head: pieces[0],
    tail: pieces[pieces.length - 1],
    middle,
    middleHasQuestion: middle.map((piece) => piece.includes("?")),
    minimumLength: pieces.reduce((total, piece) => total + piece.length, 0),
  };
  return (value) => !hasUnresolved(value) && matchesGlob(glob, prepare(value));
}

interface Glob {
  head: string;
  tail: string;
  /** The pieces between the first and the last `*`, without empty ones. */
  middle: string[];
  middleHasQuestion: boolean[];
  minimumLength: number;
}

function matchesGlob({ head, tail, middle, middleHasQuestion, minimumLength }: Glob, value: string): boolean {
  if (value.length < minimumLength) return false;
  if (!matchesFrom(head, value, 0)) return false;
  const tailStart = value.length - tail.length;
  if (!matchesFrom(tail, value, tailStart)) return false;
  let cursor = head.length;
  for (let index = 0; index < middle.length; index++) {
    const piece = middle[index];
    const found = middleHasQuestion[index] ? findWithQuestionMarks(piece, value, cursor, tailStart) : indexWithin(value, piece, cursor, tailStart);
    if (found < 0) return false;
    cursor = found + piece.length;
  }
  return cursor <= tailStart;
}

function isAllStars(pattern: string): boolean {
  if (pattern.length === 0) return false;
  for (let index = 0; index < pattern.length; index++) if (pattern[index] !== "*") return false;
  return true;
}

const QUESTION = "?".charCodeAt(0);

/** Does `piece` (which may contain `?`) match `value` at `offset`, character for character? */
function matchesFrom(piece: string, value: string, offset: number): boolean {
  if (offset < 0 || offset + piece.length > value.length) return false;
  for (let index = 0; index < piece.length; index++) {
    const expected = piece.charCodeAt(index);
    if (expected !== QUESTION && expected !== value.charCodeAt(offset + index)) return false;
  }
  return true;
}

/** `value.indexOf(piece, from)`, but only where the piece ends at or before `end`. */
function indexWithin(value: string, piece: string, from: number, end: number): number {
  const found = value.indexOf(piece, from);
  return found >= 0 && found + piece.length <= end ? found : -1;
}

function findWithQuestionMarks(piece: string, value: string, from: number, end: number): number {
  for (let start = from; start + piece.length <= end; start++) {
    if (matchesFrom(piece, value, start)) return start;
  }
  return -1;
}

// Actions are case-insensitive everywhere in IAM (`S3:getobject` is `s3:GetObject`). The pattern covers
// the whole `service:action` text, so a wildcard in the service part (`s3*:Get*`, `*`) works as written.
// Policies repeat the same few hundred patterns.
const actionMatchers = new BoundedCache<string, WildcardMatcher>(10_000);

export function compileActionPattern(pattern: string): WildcardMatcher {
  return actionMatchers.get(pattern, () => compileWildcard(pattern, { caseInsensitive: true }));
}

export function matchesAction(pattern: string, action: string): boolean {
  return compileActionPattern(pattern)(action);
}
