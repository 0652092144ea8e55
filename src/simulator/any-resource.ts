// "Is this action allowed on some resource?" — DESIGN.md "On `*` means on any resource". Decided on the
// statements' Resource patterns symbolically, never by matching the literal string `*`:
//
// 1. Every Allow (identity-based or resource-based) that applies to the action, principal and context
//    proposes a region of resources: one of its Resource patterns, narrowed to the action's ARN formats when
//    `resourceFormatsOf` is given (an action with no resource types supports only the literal `*`).
// 2. Against a region, every other statement either covers all of it, part of it, none of it, or cannot be
//    decided (unresolved values). A Deny removes the region only when it certainly covers all of it
//    (`patternCovers`); a Deny on a narrower pattern leaves the rest allowed. A capping layer (boundary,
//    session policy, SCP) that allows only part of the region narrows it to that part.
// 3. The region is then decided by the same rules as a single request (evaluate.ts `decide`).
//
// A Deny that certainly covers a region needs one statement: several Denies that only together cover a
// region are not combined (glob patterns do not express their union), so the answer leans to "allowed",
// which for a risk review is the safe side.

import { hasUnresolved } from "../iac/located.js";
import type { CompiledLayer, CompiledStatement } from "./compile.js";
import type { RequestContext } from "./context.js";
import {
  collect,
  CompiledPolicySet,
  decide,
  LayerTally,
  statementApplies,
  undecidedLabel,
  type RequestFacts,
  type StatementScratch,
  type Tallies,
  type Verdict,
} from "./evaluate.js";
import { appliesSentence, describeStatement, missSentence, reasonSentence, undecidedSentence } from "./explain.js";
import { replaceMarkers } from "./markers.js";
import { formatExcludesPattern, formatToPattern, isAllStars, patternCovers, patternsCertainlyDisjoint } from "./patterns.js";
import { GRANT_NONE, isIamCaller, type Grant } from "./principals.js";
import { MAYBE, NO, YES, type Tri } from "./tristate.js";
import type { AnyResourceOptions, Decision, MatchedStatement, PolicySet } from "./types.js";
import { displayPattern, parseTemplate, renderTemplate, resourcePartStart } from "./variables.js";
import { BoundedCache } from "../iam/bounded-cache.js";

/** A set of resources: ARNs matching every conjunct and no exclusion; or only the literal `*`. */
interface Region {
  conjuncts: string[];
  exclusions: string[];
  starOnly: boolean;
  /** The Allow that proposed the region; undefined for the root user's implicit permission. */
  origin?: StatementView;
}

/** A statement with its non-resource parts decided, and its Resource patterns rendered for the request. */
interface StatementView {
  item: CompiledStatement;
  /** Action ∧ principal ∧ conditions. */
  base: Tri;
  grant: Grant;
  /**
   * Rendered for the request before regions are decided. Undefined: no Resource element (a resource-based
   * policy's own resource, i.e. every region).
   */
  resources?: { negated: boolean; patterns: string[]; unresolved: boolean };
}

const ALL = 3;
const SOME = 2;
const UNKNOWN = 1;
const NONE = 0;
type Relation = typeof ALL | typeof SOME | typeof UNKNOWN | typeof NONE;

const MAX_NARROWING_DEPTH = 3;

function renderPatterns(item: CompiledStatement, context: RequestContext): StatementView["resources"] {
  const statement = item.statement;
  const list = statement.resources ?? statement.notResources;
  if (!item.resources || !list) {
    return item.resources ? { negated: item.resources.negated, patterns: [], unresolved: true } : undefined;
  }
  const variables = item.policy.version?.value === "2012-10-17";
  const patterns: string[] = [];
  for (const { value } of list) {
    const start = variables ? resourcePartStart(value) : -1;
    const template = start >= 0 ? parseTemplate(value, start) : undefined;
    if (!template) {
      patterns.push(value);
      continue;
    }
    const rendered = renderTemplate(template, context, true);
    if (rendered !== undefined) patterns.push(rendered); // a missing variable: the pattern names nothing
  }
  return { negated: item.resources.negated, patterns, unresolved: item.resources.unresolved !== undefined };
}

function disjointFromRegion(pattern: string, region: Region): boolean {
  for (const conjunct of region.conjuncts) if (patternsCertainlyDisjoint(pattern, conjunct)) return true;
  for (const exclusion of region.exclusions) if (patternCovers(exclusion, pattern)) return true;
  return false;
}

function coversRegion(pattern: string, region: Region): boolean {
  for (const conjunct of region.conjuncts) if (patternCovers(pattern, conjunct)) return true;
  return false;
}

/** How much of the region a statement's Resource / NotResource element covers. */
function relation(view: StatementView, region: Region): Relation {
  const resources = view.resources;
  if (!resources) return ALL;
  if (region.starOnly) {
    // The only resource is the literal `*`, which only an all-star pattern matches.
    let hit: Tri = NO;
    for (const pattern of resources.patterns) {
      if (isAllStars(pattern)) hit = YES;
      else if (hasUnresolved(pattern) && hit === NO) hit = MAYBE;
    }
    if (hit === NO && resources.unresolved) hit = MAYBE;
    if (hit === MAYBE) return UNKNOWN;
    return (hit === YES) !== resources.negated ? ALL : NONE;
  }
  if (!resources.negated) {
    let some = false;
    let unknown = resources.unresolved;
    for (const pattern of resources.patterns) {
      if (hasUnresolved(pattern)) {
        if (!disjointFromRegion(replaceMarkers(pattern, "*"), region)) unknown = true;
        continue;
      }
      if (coversRegion(pattern, region)) return ALL;
      if (!disjointFromRegion(pattern, region)) some = true;
    }
    return some ? SOME : unknown ? UNKNOWN : NONE;
  }
  // NotResource: the statement covers the resources that match none of the patterns.
  let allDisjoint = !resources.unresolved;
  let unknown = resources.unresolved;
  for (const pattern of resources.patterns) {
    if (hasUnresolved(pattern)) {
      // Whatever the unknown part is, the pattern stays within its over-approximation.
      if (disjointFromRegion(replaceMarkers(pattern, "*"), region)) continue;
      unknown = true;
      allDisjoint = false;
      continue;
    }
    if (coversRegion(pattern, region)) return NONE;
    if (!disjointFromRegion(pattern, region)) allDisjoint = false;
  }
  if (allDisjoint) return ALL;
  return unknown ? UNKNOWN : SOME;
}

interface RegionResult {
  region: Region;
  tallies: Tallies;
  verdict: Verdict;
  withAllows: Verdict;
  withDenies: Verdict;
}

interface LayerViews {
  compiled: CompiledLayer;
  views: StatementView[];
}

function tallyRegion(layers: LayerViews[], region: Region, countPartialAllows: boolean, partial: StatementView[]): Tallies {
  const tallies: Tallies = {};
  for (const { compiled, views } of layers) {
    const tally = new LayerTally(compiled);
    for (const view of views) {
      const item = view.item;
      const fit = relation(view, region);
      if (fit === NONE) continue;
      const grant = compiled.layer === "resource" ? view.grant : GRANT_NONE;
      const certain = view.base === YES && fit !== UNKNOWN;
      const isDeny = item.effect === "Deny" || item.effect === "unresolved";
      const isAllow = item.effect === "Allow" || item.effect === "unresolved";
      if (isDeny && fit !== SOME) (certain && item.effect === "Deny" ? tally.denyYes : tally.denyMaybe).push(item);
      if (!isAllow) continue;
      if (fit === SOME) {
        partial.push(view);
        if (!countPartialAllows) continue;
      } else if (fit === UNKNOWN && view.resources?.negated && !view.resources.unresolved) {
        // "Everything except an unresolved pattern": certain outside the pattern's over-approximation.
        partial.push(view);
      }
      if (certain && item.effect === "Allow") {
        tally.allowYes.push(item);
        if (grant > tally.grantYes) tally.grantYes = grant;
      } else {
        tally.allowMaybe.push(item);
        if (grant > tally.grantMaybe) tally.grantMaybe = grant;
      }
    }
    tallies[compiled.layer] = tally;
  }
  return tallies;
}

function judge(region: Region, tallies: Tallies, facts: RequestFacts): RegionResult {
  return {
    region,
    tallies,
    verdict: decide(tallies, facts, "resolved"),
    withAllows: decide(tallies, facts, "maybe-allows"),
    withDenies: decide(tallies, facts, "maybe-denies"),
  };
}

/** Decides one region, narrowing it by the capping Allows that cover only part of it. */
function isEmptyRegion(region: Region): boolean {
  return region.exclusions.some((exclusion) => coversRegion(exclusion, region));
}

function evaluateRegion(layers: LayerViews[], region: Region, facts: RequestFacts, depth: number): RegionResult {
  if (isEmptyRegion(region)) {
    // Nothing is left in the region, so nothing in it is allowed.
    const nothing: Verdict = { decision: "implicitDeny", reason: "no-allow" };
    return { region, tallies: {}, verdict: nothing, withAllows: nothing, withDenies: nothing };
  }
  const partial: StatementView[] = [];
  const strict = judge(region, tallyRegion(layers, region, false, partial), facts);
  if (strict.verdict.decision === "allowed" || partial.length === 0) return strict;
  if (depth >= MAX_NARROWING_DEPTH) {
    return judge(region, tallyRegion(layers, region, true, []), facts);
  }
  let best = strict;
  for (const view of partial) {
    const resources = view.resources;
    if (!resources) continue;
    // A partial Resource list narrows to one of its patterns; a partial NotResource list excludes its patterns.
    const narrowings: Region[] = resources.negated
      ? [{ ...region, exclusions: [...region.exclusions, ...resources.patterns.map((pattern) => (hasUnresolved(pattern) ? replaceMarkers(pattern, "*") : pattern))] }]
      : resources.patterns
          .filter((pattern) => !hasUnresolved(pattern) && !disjointFromRegion(pattern, region))
          .map((pattern) => ({ ...region, conjuncts: [...region.conjuncts, pattern] }));
    for (const narrowed of narrowings) {
      const result = evaluateRegion(layers, narrowed, facts, depth + 1);
      if (result.verdict.decision === "allowed") return result;
      // Prefer the narrowed answer when it shows more: a MAYBE Allow that would allow there, or every layer
      // allowing there but a Deny covering it (explicit rather than implicit).
      if (best.withAllows.decision !== "allowed" && result.withAllows.decision === "allowed") best = result;
      else if (best === strict && result.verdict.decision === "explicitDeny") best = result;
    }
  }
  return best;
}

/** The regions an Allow proposes, within the action's resource formats. */
function regionsOf(view: StatementView | undefined, formats: string[] | undefined, partition: string): Region[] {
  const resources = view?.resources;
  const universe: (string | undefined)[] = formats === undefined ? [undefined] : formats.map((format) => formatToPattern(format, partition));
  const rawFormats: (string | undefined)[] = formats ?? [undefined];
  if (formats !== undefined && formats.length === 0) {
    return [{ conjuncts: [], exclusions: [], starOnly: true, origin: view }];
  }
  const regions: Region[] = [];
  if (!resources || resources.negated) {
    // Excluding a marker pattern's over-approximation leaves the part the statement certainly covers.
    const exclusions = resources?.patterns.map((pattern) => (hasUnresolved(pattern) ? replaceMarkers(pattern, "*") : pattern)) ?? [];
    for (const format of universe) {
      const conjuncts = format === undefined ? ["*"] : [format];
      if (exclusions.some((exclusion) => conjuncts.some((conjunct) => patternCovers(exclusion, conjunct)))) continue;
      regions.push({ conjuncts, exclusions, starOnly: false, origin: view });
    }
    return regions;
  }
  for (const pattern of resources.patterns) {
    // A pattern with an unresolved part proposes its over-approximation; the statement is MAYBE anyway.
    const proposed = hasUnresolved(pattern) ? replaceMarkers(pattern, "*") : pattern;
    for (const [index, format] of universe.entries()) {
      if (format === undefined) {
        regions.push({ conjuncts: [proposed], exclusions: [], starOnly: false, origin: view });
        continue;
      }
      const raw = rawFormats[index];
      if (raw !== undefined ? formatExcludesPattern(raw, proposed, partition) : patternsCertainlyDisjoint(proposed, format)) continue;
      const conjuncts = patternCovers(proposed, format) ? [format] : patternCovers(format, proposed) ? [proposed] : [proposed, format];
      regions.push({ conjuncts, exclusions: [], starOnly: false, origin: view });
    }
  }
  return regions;
}

// ------------------------------------------------------------------------------------ alike requests

// Without an explanation, the answer depends on the action only through which statements apply to it (and
// how) and through its resource formats; everything else comes from the caller, the context and the compiled
// set. Rules ask one set about hundreds of actions that are alike in both (`iam:*` allows every IAM action
// the same way), so each such answer is worked out once per set. Answers are shared: callers only read them.
const answersBySet = new WeakMap<CompiledPolicySet, BoundedCache<string, Decision>>();
const objectIds = new WeakMap<object, number>();
let lastObjectId = 0;

function answersOf(compiled: CompiledPolicySet): BoundedCache<string, Decision> {
  let answers = answersBySet.get(compiled);
  if (!answers) answersBySet.set(compiled, (answers = new BoundedCache(1_000)));
  return answers;
}

/** A number for an object (the caller, the request context), to tell requests apart by identity. */
function idOf(value: object | undefined): number {
  if (value === undefined) return 0;
  let id = objectIds.get(value);
  if (id === undefined) objectIds.set(value, (id = ++lastObjectId));
  return id;
}

// Resource format lists by content, as numbers: keys stay short (the lists are long ARN formats), and the
// lists of two actions with the same resource types give the same number. Numbers are never reused.
const formatListIds = new WeakMap<readonly string[], number>();
const formatListIdsByContent = new BoundedCache<string, number>(10_000);

function formatListId(formats: readonly string[]): number {
  let id = formatListIds.get(formats);
  if (id === undefined) {
    id = formatListIdsByContent.get(`${formats.length}:${formats.join("\u0000")}`, () => ++lastObjectId);
    formatListIds.set(formats, id);
  }
  return id;
}

/** What the answer depends on besides the compiled set (see above); equal keys give equal decisions. */
function likenessKey(options: AnyResourceOptions, caller: object, formats: string[] | undefined, layers: LayerViews[]): string {
  // Joined once (a key built with += is a chain of pieces that a map lookup copies into one string anyway).
  const parts: (string | number | boolean | undefined)[] = [idOf(caller), idOf(options.context), options.resourceAccount ?? "", options.resourcePolicyMustAllow, formats === undefined ? "any" : formatListId(formats)];
  for (const { views } of layers) {
    parts.push("");
    for (const view of views) parts.push(view.item.ordinal, view.base, view.grant);
  }
  return parts.join("|");
}

/**
 * The statements of a layer that may name the action's service, in the layer's order: a statement whose
 * actions all name other services (compile.ts `byService`) cannot apply.
 */
function statementsNaming(layer: CompiledLayer, serviceLower: string): readonly CompiledStatement[] {
  const named = layer.byService.get(serviceLower);
  const anyService = layer.anyService;
  if (!named) return anyService;
  if (anyService.length === 0) return named;
  const merged: CompiledStatement[] = [];
  let left = 0;
  let right = 0;
  while (left < named.length && right < anyService.length) {
    merged.push(named[left].ordinal < anyService[right].ordinal ? named[left++] : anyService[right++]);
  }
  while (left < named.length) merged.push(named[left++]);
  while (right < anyService.length) merged.push(anyService[right++]);
  return merged;
}

function describeRegion(region: Region): string {
  if (region.starOnly) return `"*" (the action supports no resource-level permissions)`;
  const narrowest = region.conjuncts[region.conjuncts.length - 1] ?? "*";
  const shown = region.conjuncts.length > 1 ? region.conjuncts.map((conjunct) => `"${displayPattern(conjunct)}"`).join(" ∩ ") : `"${displayPattern(narrowest)}"`;
  const except = region.exclusions.length > 0 ? ` except ${region.exclusions.map((pattern) => `"${displayPattern(pattern)}"`).join(", ")}` : "";
  return `${shown}${except}`;
}

/**
 * Is `action` allowed on some resource? Same result shape as `evaluate`; `matched` holds the statements
 * that allow it on the example region (or the Denies that cover every allowed region).
 */
export function evaluateOnAnyResource(action: string, policies: PolicySet | CompiledPolicySet, options: AnyResourceOptions = {}): Decision {
  const compiled = policies instanceof CompiledPolicySet ? policies : new CompiledPolicySet(policies);
  const explain = options.explain !== false;
  const { prepared, facts } = compiled.prepare({
    action,
    resource: "*",
    principal: options.principal,
    principalAccount: options.principalAccount,
    sessionIssuer: options.sessionIssuer,
    context: options.context,
    resourceAccount: options.resourceAccount,
    resourcePolicyMustAllow: options.resourcePolicyMustAllow,
  });
  // Identity policies, boundaries, session policies and SCPs exist only for IAM principals.
  const scratch: StatementScratch = { grant: GRANT_NONE, failedCondition: -1 };
  const applicable = isIamCaller(facts.caller)
    ? [compiled.scps, compiled.resource, compiled.boundary, compiled.session, compiled.identity]
    : [compiled.resource];
  const layers: LayerViews[] = [];
  const misses: { statement: CompiledStatement; conditionIndex: number }[] = [];
  for (const layer of applicable) {
    if (!layer) continue;
    const views: StatementView[] = [];
    for (const item of statementsNaming(layer, prepared.serviceLower)) {
      const base = statementApplies(item, prepared, scratch, true);
      if (base === NO) {
        if (scratch.failedCondition >= 0) misses.push({ statement: item, conditionIndex: scratch.failedCondition });
        continue;
      }
      // Resource patterns are rendered below, once the answer is known not to be one already worked out.
      views.push({ item, base, grant: scratch.grant });
    }
    layers.push({ compiled: layer, views });
  }

  const formats = options.resourceFormatsOf?.(action);
  // Answers are kept for sets the caller compiled (a set compiled for this call is not asked again), and
  // only without an explanation, which names the action.
  const answers = explain || !(policies instanceof CompiledPolicySet) ? undefined : answersOf(compiled);
  const likeness = answers ? likenessKey(options, prepared.caller, formats, layers) : "";
  const known = answers?.find(likeness);
  if (known) return known;
  for (const { views } of layers) for (const view of views) view.resources = renderPatterns(view.item, prepared.context);
  const results: RegionResult[] = [];
  // The root user needs no Allow in its own account: every resource of the action is a candidate.
  if (facts.caller.kind === "root") {
    for (const region of regionsOf(undefined, formats, prepared.caller.partition)) results.push(evaluateRegion(layers, region, facts, 0));
  }
  for (const { compiled: layer, views } of layers) {
    if (layer.layer !== "identity" && layer.layer !== "resource") continue;
    for (const view of views) {
      if (view.item.effect === "Deny") continue;
      for (const region of regionsOf(view, formats, prepared.caller.partition)) results.push(evaluateRegion(layers, region, facts, 0));
    }
  }

  const allowedResult = results.find((result) => result.verdict.decision === "allowed");
  let decisionValue: Decision["decision"];
  let deciding: CompiledStatement[];
  let example: RegionResult | undefined;
  if (allowedResult) {
    decisionValue = "allowed";
    example = allowedResult;
    deciding = collect(allowedResult.tallies, "allowYes");
  } else if (results.length > 0 && results.every((result) => result.verdict.decision === "explicitDeny")) {
    decisionValue = "explicitDeny";
    example = results[0];
    const denies = new Set<CompiledStatement>();
    for (const result of results) for (const item of collect(result.tallies, "denyYes")) denies.add(item);
    deciding = [...denies].sort((left, right) => left.ordinal - right.ordinal);
  } else {
    decisionValue = "implicitDeny";
    example = results.find((result) => result.verdict.decision === "implicitDeny");
    deciding = example ? collect(example.tallies, "allowYes") : [];
  }

  // Undecided: an allowed answer that every MAYBE Deny could take away, or a denied one that a MAYBE Allow
  // could turn around.
  const undecided = new Set<CompiledStatement>();
  if (decisionValue === "allowed") {
    const allowed = results.filter((result) => result.verdict.decision === "allowed");
    if (allowed.every((result) => result.withDenies.decision !== "allowed")) {
      for (const result of allowed) for (const item of collect(result.tallies, "denyMaybe")) undecided.add(item);
    }
  } else {
    for (const result of results) {
      if (result.withAllows.decision === "allowed") {
        for (const item of collect(result.tallies, "allowMaybe")) undecided.add(item);
      }
    }
  }
  const undecidedList = [...undecided].sort((left, right) => left.ordinal - right.ordinal);

  const matched: MatchedStatement[] = deciding.map((item) => item.reference);
  const decision: Decision = { decision: decisionValue, matched, explanation: [] };
  if (undecidedList.length > 0) decision.undecided = undecidedList.map(undecidedLabel);
  answers?.keep(likeness, decision);
  if (!explain) return decision;

  const lines: string[] = [];
  const by = prepared.caller.text ? ` by ${prepared.caller.text}` : "";
  const scope = formats === undefined ? "" : formats.length === 0 ? " (it supports only Resource \"*\")" : ` (resource formats: ${formats.join(", ")})`;
  if (decisionValue === "allowed" && example) {
    lines.push(`${action}${by} is allowed on some resource, for example ${describeRegion(example.region)}${scope}.`);
  } else if (decisionValue === "explicitDeny") {
    lines.push(`${action}${by} is explicitly denied on every resource that a policy allows${scope}.`);
  } else {
    lines.push(`${action}${by} is not allowed on any resource${scope}.`);
  }
  if (example) {
    lines.push(reasonSentence({ verdict: example.verdict, tallies: example.tallies, facts }));
    for (const item of deciding) lines.push(appliesSentence(item, prepared.context));
  } else {
    lines.push(`No Allow statement applies to ${action} for this principal and context${formats && formats.length > 0 ? " within the action's resource formats" : ""}.`);
  }
  if (decisionValue === "explicitDeny") {
    for (const result of results) {
      const covering = collect(result.tallies, "denyYes")[0];
      if (!covering) continue;
      const grantor = result.region.origin ? describeStatement(result.region.origin.item) : "the root user's own permissions";
      lines.push(`The Deny in ${describeStatement(covering)} covers every resource of ${describeRegion(result.region)} that ${grantor} allow${result.region.origin ? "s" : ""}.`);
    }
  }
  misses.sort((left, right) => left.statement.ordinal - right.statement.ordinal);
  const seen = new Set<CompiledStatement>();
  for (const miss of misses) {
    if (seen.has(miss.statement)) continue;
    seen.add(miss.statement);
    if (miss.statement.effect === "Deny" || decisionValue !== "allowed") lines.push(missSentence(miss.statement, miss.conditionIndex, prepared.context));
  }
  for (const item of undecidedList) lines.push(undecidedSentence(item));
  decision.explanation = lines;
  return decision;
}
