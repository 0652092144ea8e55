// Condition operators (IAM User Guide › IAM JSON policy elements: Condition operators; › Conditions with
// multiple context keys or values; › Single-valued vs. multivalued context keys).
//
// - Operators in one Condition block, and keys under one operator, are AND'ed; the values of one key are
//   OR'ed, and for a negated operator (StringNotEquals…) NOR'ed: "none of these".
// - A key missing from the request: the condition is false, except that a negated operator is true,
//   `…IfExists` is true, `ForAllValues:` is true (also for an empty set) and `ForAnyValue:` is false.
//   `Null` tests presence itself.
// - Without a set operator, a key with several request values is treated like `ForAnyValue:` for a positive
//   operator, and as "no request value matches any policy value" for a negated one.
// - Condition keys compare case-insensitively; values per operator (StringEquals is case-sensitive…).
//
// Everything that can be decided when a policy is compiled is: operator parsing, lower-cased keys, numbers,
// dates, CIDRs, base-64 values and wildcard matchers. A request only parses its own values, once per key.

import { hasUnresolved } from "../iac/located.js";
import { compileResourcePattern } from "../iam/arn.js";
import type { ConditionClause } from "../iam/model.js";
import { compileWildcard, type WildcardMatcher } from "../iam/wildcard.js";
import {
  binaryValues,
  booleanValues,
  dateValues,
  hasMarkerValue,
  ipValues,
  loweredValues,
  numberValues,
  type ContextEntry,
  type RequestContext,
} from "./context.js";
import { cidrContains, parseCidr } from "./ip.js";
import { overApproximateArnPattern, replaceMarkers } from "./markers.js";
import { MAYBE, NO, YES, type Tri } from "./tristate.js";
import { parseBinary, parseBoolean, parseDate, parseNumber } from "./values.js";
import { escapeWildcards, parseTemplate, renderTemplate, type Template } from "./variables.js";
import { BoundedCache } from "../iam/bounded-cache.js";

export type OperatorFamily = "String" | "Numeric" | "Date" | "Bool" | "Binary" | "IpAddress" | "Arn" | "Null";
type Comparison = "equals" | "equalsIgnoreCase" | "like" | "lessThan" | "lessThanEquals" | "greaterThan" | "greaterThanEquals";

export interface OperatorInfo {
  /** The base name as AWS spells it (`StringNotEquals`). */
  name: string;
  family: OperatorFamily;
  comparison: Comparison;
  negated: boolean;
}

const OPERATOR_TABLE: OperatorInfo[] = [
  { name: "StringEquals", family: "String", comparison: "equals", negated: false },
  { name: "StringNotEquals", family: "String", comparison: "equals", negated: true },
  { name: "StringEqualsIgnoreCase", family: "String", comparison: "equalsIgnoreCase", negated: false },
  { name: "StringNotEqualsIgnoreCase", family: "String", comparison: "equalsIgnoreCase", negated: true },
  { name: "StringLike", family: "String", comparison: "like", negated: false },
  { name: "StringNotLike", family: "String", comparison: "like", negated: true },
  ...(["Numeric", "Date"] as const).flatMap((family): OperatorInfo[] => [
    { name: `${family}Equals`, family, comparison: "equals", negated: false },
    { name: `${family}NotEquals`, family, comparison: "equals", negated: true },
    { name: `${family}LessThan`, family, comparison: "lessThan", negated: false },
    { name: `${family}LessThanEquals`, family, comparison: "lessThanEquals", negated: false },
    { name: `${family}GreaterThan`, family, comparison: "greaterThan", negated: false },
    { name: `${family}GreaterThanEquals`, family, comparison: "greaterThanEquals", negated: false },
  ]),
  { name: "Bool", family: "Bool", comparison: "equals", negated: false },
  { name: "BinaryEquals", family: "Binary", comparison: "equals", negated: false },
  { name: "IpAddress", family: "IpAddress", comparison: "equals", negated: false },
  { name: "NotIpAddress", family: "IpAddress", comparison: "equals", negated: true },
  // "ArnEquals and ArnLike behave identically" (and so do their negations).
  { name: "ArnEquals", family: "Arn", comparison: "like", negated: false },
  { name: "ArnLike", family: "Arn", comparison: "like", negated: false },
  { name: "ArnNotEquals", family: "Arn", comparison: "like", negated: true },
  { name: "ArnNotLike", family: "Arn", comparison: "like", negated: true },
  { name: "Null", family: "Null", comparison: "equals", negated: false },
];

const OPERATORS = new Map(OPERATOR_TABLE.map((info) => [info.name.toLowerCase(), info]));

export type SetOperator = "ForAllValues" | "ForAnyValue";

export interface ParsedOperator {
  info?: OperatorInfo;
  setOperator?: SetOperator;
  ifExists: boolean;
  /** The qualifier before a colon, when it is not ForAllValues / ForAnyValue (the operator is then unknown). */
  unknownQualifier?: string;
}

/** The base operators in AWS's spelling (`StringNotEquals`, `Null`…), with their families. */
export function baseOperators(): readonly OperatorInfo[] {
  return OPERATOR_TABLE;
}

/**
 * `ForAnyValue:StringLikeIfExists` → StringLike, ForAnyValue, IfExists. Names are read case-insensitively
 * (validation, IAM005, reports a misspelling); `info` is undefined for an unknown operator.
 */
export function parseOperator(text: string): ParsedOperator {
  let rest = text.trim();
  let setOperator: SetOperator | undefined;
  const colon = rest.indexOf(":");
  if (colon >= 0) {
    const written = rest.slice(0, colon);
    const qualifier = written.toLowerCase();
    if (qualifier === "forallvalues") setOperator = "ForAllValues";
    else if (qualifier === "foranyvalue") setOperator = "ForAnyValue";
    else return { ifExists: false, unknownQualifier: written };
    rest = rest.slice(colon + 1);
  }
  let lowered = rest.toLowerCase();
  let ifExists = false;
  if (lowered.endsWith("ifexists") && lowered !== "ifexists") {
    ifExists = true;
    lowered = lowered.slice(0, -"ifexists".length);
  }
  const info = OPERATORS.get(lowered);
  // `NullIfExists` does not exist: "add IfExists to … any condition operator … except the Null condition".
  if (info?.family === "Null" && ifExists) return { setOperator, ifExists };
  return { info, setOperator, ifExists };
}

/** One policy value, compiled: tests request value `index` of a present key. */
type ValueTest = (entry: ContextEntry, index: number, context: RequestContext) => Tri;

export type NullExpectation = "absent" | "present" | "unresolved" | "invalid";

export interface CompiledCondition {
  clause: ConditionClause;
  keyLower: string;
  operator: ParsedOperator;
  /** Null only: what each policy value asks for (`true` = the key must be absent). */
  nullExpectations: NullExpectation[];
  tests: ValueTest[];
  /** Why the clause cannot be decided regardless of the request (unresolved key or value list). */
  unresolved?: string;
  /** The values use policy variables (for explanations). */
  usesVariables: boolean;
}

export function compileCondition(clause: ConditionClause, variablesEnabled: boolean): CompiledCondition {
  const operator = parseOperator(clause.operator);
  const compiled: CompiledCondition = {
    clause,
    keyLower: clause.key.toLowerCase(),
    operator,
    nullExpectations: [],
    tests: [],
    usesVariables: false,
  };
  if (hasUnresolved(clause.key)) compiled.unresolved = clause.key;
  else if (clause.valuesUnresolved !== undefined) compiled.unresolved = clause.valuesUnresolved;
  const info = operator.info;
  if (!info) return compiled;
  if (info.family === "Null") {
    compiled.nullExpectations = clause.values.map(({ value }): NullExpectation => {
      if (hasUnresolved(value)) return "unresolved";
      const expected = parseBoolean(value);
      return expected === undefined ? "invalid" : expected ? "absent" : "present";
    });
    return compiled;
  }
  for (const { value } of clause.values) {
    const template = variablesEnabled && (info.family === "String" || info.family === "Arn") ? parseTemplate(value) : undefined;
    if (template) compiled.usesVariables = true;
    compiled.tests.push(compileValueTest(info, value, template));
  }
  return compiled;
}

const neverMatches: ValueTest = () => NO;
const alwaysMaybe: ValueTest = () => MAYBE;

function compileValueTest(info: OperatorInfo, value: string, template: Template | undefined): ValueTest {
  if (template) return compileTemplateTest(info, template);
  if (hasUnresolved(value)) return compileMarkerTest(info, value);
  switch (info.family) {
    case "String":
      return compileStringTest(info.comparison, value);
    case "Numeric": {
      const expected = parseNumber(value);
      if (expected === undefined) return neverMatches;
      const compare = comparator(info.comparison);
      return (entry, index) => {
        const actual = numberValues(entry)[index];
        return actual !== undefined && compare(actual, expected) ? YES : NO;
      };
    }
    case "Date": {
      const expected = parseDate(value);
      if (expected === undefined) return neverMatches;
      const compare = comparator(info.comparison);
      return (entry, index) => {
        const actual = dateValues(entry)[index];
        return actual !== undefined && compare(actual, expected) ? YES : NO;
      };
    }
    case "Bool": {
      const expected = parseBoolean(value);
      if (expected === undefined) return neverMatches;
      return (entry, index) => (booleanValues(entry)[index] === expected ? YES : NO);
    }
    case "Binary": {
      const expected = parseBinary(value);
      if (expected === undefined) return neverMatches;
      return (entry, index) => (binaryValues(entry)[index] === expected ? YES : NO);
    }
    case "IpAddress": {
      const range = parseCidr(value);
      if (!range) return neverMatches;
      return (entry, index) => {
        const address = ipValues(entry)[index];
        return address !== undefined && cidrContains(range, address) ? YES : NO;
      };
    }
    case "Arn": {
      const matcher = compileResourcePattern(value);
      return (entry, index) => (matcher(entry.values[index]) ? YES : NO);
    }
    case "Null":
      return neverMatches;
  }
}

function comparator(comparison: Comparison): (actual: number, expected: number) => boolean {
  switch (comparison) {
    case "lessThan":
      return (actual, expected) => actual < expected;
    case "lessThanEquals":
      return (actual, expected) => actual <= expected;
    case "greaterThan":
      return (actual, expected) => actual > expected;
    case "greaterThanEquals":
      return (actual, expected) => actual >= expected;
    default:
      return (actual, expected) => actual === expected;
  }
}

function compileStringTest(comparison: Comparison, value: string): ValueTest {
  switch (comparison) {
    case "equalsIgnoreCase": {
      const lowered = value.toLowerCase();
      return (entry, index) => (loweredValues(entry)[index] === lowered ? YES : NO);
    }
    case "like": {
      const matcher = compileWildcard(value, { caseInsensitive: false });
      return (entry, index) => (matcher(entry.values[index]) ? YES : NO);
    }
    default:
      return (entry, index) => (entry.values[index] === value ? YES : NO);
  }
}

/**
 * A policy value with an `<unresolved:…>` part: it matches nothing for certain only when even "the unknown
 * part is anything" does not match; otherwise the answer is MAYBE. Typed values (numbers, CIDRs…) with a
 * marker are always MAYBE.
 */
function compileMarkerTest(info: OperatorInfo, value: string): ValueTest {
  if (info.family === "String") {
    const matcher = compileWildcard(replaceMarkers(value, "*"), { caseInsensitive: info.comparison === "equalsIgnoreCase" });
    return (entry, index) => (matcher(entry.values[index]) ? MAYBE : NO);
  }
  if (info.family === "Arn") {
    const approximation = overApproximateArnPattern(value);
    return (entry, index) => (approximation(entry.values[index]) ? MAYBE : NO);
  }
  return alwaysMaybe;
}

const TEMPLATE_CACHE_LIMIT = 256;

/** A value with policy variables: rendered per request, its matcher cached by the rendered text. */
function compileTemplateTest(info: OperatorInfo, template: Template): ValueTest {
  const forPattern = info.comparison === "like" || info.family === "Arn";
  const cache = new BoundedCache<string, WildcardMatcher>(TEMPLATE_CACHE_LIMIT);
  const matcherFor = (rendered: string): WildcardMatcher =>
    cache.get(rendered, () => (info.family === "Arn" ? compileResourcePattern(rendered) : compileWildcard(rendered, { caseInsensitive: false })));
  return (entry, index, context) => {
    const rendered = renderTemplate(template, context, forPattern);
    if (rendered === undefined) return NO; // a missing variable: this value matches nothing
    if (hasUnresolved(rendered)) return MAYBE;
    const actual = entry.values[index];
    if (forPattern) {
      const subject = template.hasLiteralWildcard ? escapeWildcards(actual) : actual;
      return matcherFor(rendered)(subject) ? YES : NO;
    }
    if (info.comparison === "equalsIgnoreCase") return loweredValues(entry)[index] === rendered.toLowerCase() ? YES : NO;
    return actual === rendered ? YES : NO;
  };
}

/** Evaluates one condition clause against the request context. */
export function evaluateCondition(condition: CompiledCondition, context: RequestContext): Tri {
  const info = condition.operator.info;
  if (!info) return NO; // an unknown operator: AWS rejects the policy, so it grants and denies nothing
  const entry = context.get(condition.keyLower);
  const present = entry !== undefined && entry.values.length > 0;

  if (info.family === "Null") {
    if (condition.unresolved !== undefined) return MAYBE;
    let result: Tri = NO;
    for (const expectation of condition.nullExpectations) {
      if (expectation === "unresolved") result = MAYBE;
      else if ((expectation === "absent" && !present) || (expectation === "present" && present)) return YES;
    }
    return result;
  }

  if (!present) {
    if (condition.operator.ifExists) return YES;
    if (condition.operator.setOperator === "ForAllValues") return YES;
    if (condition.operator.setOperator === "ForAnyValue") return NO;
    return info.negated ? YES : NO;
  }
  if (condition.unresolved !== undefined) return MAYBE;

  const tests = condition.tests;
  const setOperator = condition.operator.setOperator;
  const valueCount = entry.values.length;

  if (setOperator === "ForAllValues") {
    let result: Tri = YES;
    for (let index = 0; index < valueCount; index++) {
      const outcome = perValue(matchesSome(tests, entry, index, context), info.negated);
      if (outcome === NO) return NO;
      if (outcome === MAYBE) result = MAYBE;
    }
    return result;
  }
  if (setOperator === "ForAnyValue") {
    let result: Tri = NO;
    for (let index = 0; index < valueCount; index++) {
      const outcome = perValue(matchesSome(tests, entry, index, context), info.negated);
      if (outcome === YES) return YES;
      if (outcome === MAYBE) result = MAYBE;
    }
    return result;
  }
  let anyMatch: Tri = NO;
  for (let index = 0; index < valueCount; index++) {
    const outcome = matchesSome(tests, entry, index, context);
    if (outcome === YES) {
      anyMatch = YES;
      break;
    }
    if (outcome === MAYBE) anyMatch = MAYBE;
  }
  return perValue(anyMatch, info.negated);
}

/** Does request value `index` match some policy value (OR, three-valued)? */
function matchesSome(tests: ValueTest[], entry: ContextEntry, index: number, context: RequestContext): Tri {
  if (hasMarkerValue(entry) && hasUnresolved(entry.values[index])) return MAYBE;
  let result: Tri = NO;
  for (let test = 0; test < tests.length; test++) {
    const outcome = tests[test](entry, index, context);
    if (outcome === YES) return YES;
    if (outcome === MAYBE) result = MAYBE;
  }
  return result;
}

function perValue(match: Tri, negated: boolean): Tri {
  if (!negated || match === MAYBE) return match;
  return match === YES ? NO : YES;
}
