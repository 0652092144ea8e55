// Compiling a PolicySet once into matchers, so that an evaluation only runs closures: action patterns are
// lower-cased wildcard matchers, Resource patterns ARN matchers, conditions pre-parsed (see conditions.ts).
// Identical action and Resource patterns share one "slot" whose result is memoised per evaluation, and
// statements are indexed by the service prefix of their actions, so a 100-statement policy does not test
// 100 statements for every request.

import { hasUnresolved } from "../iac/located.js";
import type { Located } from "../iac/types.js";
import { compileResourcePattern } from "../iam/arn.js";
import type { Policy, PrincipalValue, Statement } from "../iam/model.js";
import { compileWildcard, hasWildcard, type WildcardMatcher } from "../iam/wildcard.js";
import type { Caller } from "./principals.js";
import {
  compileNotPrincipalLink,
  compilePrincipal,
  type LinkMatcher,
  type PrincipalMatcher,
} from "./principals.js";
import { compileCondition, type CompiledCondition } from "./conditions.js";
import type { RequestContext } from "./context.js";
import { overApproximateActionPattern, overApproximateArnPattern, replaceMarkers } from "./markers.js";
import { isAllStars, patternsCertainlyDisjoint } from "./patterns.js";
import { MAYBE, NO, YES, type Tri } from "./tristate.js";
import type { Layer, MatchedStatement } from "./types.js";
import { escapeWildcards, parseTemplate, renderTemplate, resourcePartStart, type Template } from "./variables.js";
import { BoundedCache } from "../iam/bounded-cache.js";

/** What one evaluation knows about the request, prepared once and shared by every statement. */
export interface PreparedRequest {
  /**
   * Unique to each evaluation, across every compiled set (sets may share slots, see SlotTable); pattern slots
   * memoise their result for the current epoch.
   */
  epoch: number;
  action: string;
  actionLower: string;
  serviceLower: string;
  resource: string;
  /** The resource with its `<unresolved:…>` parts as `*`, when it has any. */
  resourceApproximation?: string;
  caller: Caller;
  context: RequestContext;
  /** The principal has a permissions boundary (for the NotPrincipal rule in permissionsBoundaries). */
  hasBoundary: boolean;
}

/** A pattern shared by every statement that writes it, with its result for the current evaluation. */
interface Slot {
  readonly pattern: string;
  readonly test: (request: PreparedRequest) => Tri;
  epoch: number;
  result: Tri;
}

function runSlot(slot: Slot, request: PreparedRequest): Tri {
  if (slot.epoch !== request.epoch) {
    slot.result = slot.test(request);
    slot.epoch = request.epoch;
  }
  return slot.result;
}

export interface ElementMatcher {
  /** NotAction / NotResource. */
  negated: boolean;
  slots: Slot[];
  /** The element as a whole is not known statically (`var.actions`). */
  unresolved?: string;
}

export interface PrincipalElement {
  negated: boolean;
  values: PrincipalValue[];
  matchers: PrincipalMatcher[];
  linkMatchers: LinkMatcher[];
  unresolved?: string;
}

export type StatementEffect = "Allow" | "Deny" | "unresolved" | "invalid";

export interface CompiledStatement {
  readonly policy: Policy;
  readonly layer: Layer;
  readonly statement: Statement;
  /** Position of the statement across the whole set, for stable output order. */
  readonly ordinal: number;
  readonly effect: StatementEffect;
  /** The frozen record reported in `matched`. */
  readonly reference: MatchedStatement;
  readonly actions?: ElementMatcher;
  /** Undefined when the statement has no Resource/NotResource (trust policies: the resource is the role). */
  readonly resources?: ElementMatcher;
  readonly principals?: PrincipalElement;
  readonly conditions: CompiledCondition[];
  readonly conditionsUnresolved?: string;
  /** CloudFormation `Fn::If` conditions under which the statement exists. */
  readonly onlyIf?: string[];
  /** Statement-level reason why it can never apply (no Action, an invalid Effect…). */
  readonly invalidReason?: string;
}

export interface CompiledLayer {
  layer: Layer;
  policies: Policy[];
  statements: CompiledStatement[];
  /** Statements whose actions all name one of these (lower-cased) service prefixes literally. */
  byService: ReadonlyMap<string, CompiledStatement[]>;
  /** Statements that may match an action of any service (NotAction, `*`, wildcards in the prefix, markers). */
  anyService: CompiledStatement[];
}

/**
 * Slots keyed by pattern text (and policy-variable support), shared by the statements of one compiled set —
 * or of several: sets compiled from the same documents (one per principal that holds them) can share a table,
 * which then holds each pattern's matcher once.
 */
export class SlotTable {
  private readonly actionSlots = new Map<string, Slot>();
  private readonly resourceSlots = new Map<string, Slot>();
  /**
   * A statement's compiled elements, by whether policy variables apply: the same statement is compiled into
   * many sets (one per principal that holds it, one per statement it is judged with), and an AWS managed
   * policy's statement lists thousands of actions.
   */
  private readonly elements = [new WeakMap<Statement, StatementElements>(), new WeakMap<Statement, StatementElements>()];

  /** How many patterns the table holds. */
  get size(): number {
    return this.actionSlots.size + this.resourceSlots.size;
  }

  elementsOf(statement: Statement, withVariables: boolean): StatementElements {
    const cache = this.elements[withVariables ? 1 : 0];
    let elements = cache.get(statement);
    if (!elements) {
      elements = compileElements(statement, this, withVariables);
      cache.set(statement, elements);
    }
    return elements;
  }

  action(pattern: string): Slot {
    let slot = this.actionSlots.get(pattern);
    if (!slot) {
      slot = { pattern, test: actionTest(pattern), epoch: -1, result: NO };
      this.actionSlots.set(pattern, slot);
    }
    return slot;
  }

  resource(pattern: string, variablesEnabled: boolean): Slot {
    const key = `${variablesEnabled ? "v" : "l"}${pattern}`;
    let slot = this.resourceSlots.get(key);
    if (!slot) {
      slot = { pattern, test: resourceTest(pattern, variablesEnabled), epoch: -1, result: NO };
      this.resourceSlots.set(key, slot);
    }
    return slot;
  }
}

/** What a statement compiles to whichever set and layer it is in. Shared: never changed after it is built. */
interface StatementElements {
  actions?: ElementMatcher;
  resources?: ElementMatcher;
  conditions: CompiledCondition[];
  /** The service prefixes the actions can match, or undefined when any service (see literalServices). */
  services?: Set<string>;
}

function compileElements(statement: Statement, slots: SlotTable, withVariables: boolean): StatementElements {
  const elements: StatementElements = { conditions: statement.conditions.map((clause) => compileCondition(clause, withVariables)) };
  const actions = elementMatcher(statement, "Action", statement.actions, statement.notActions, (pattern) => slots.action(pattern));
  if (actions) elements.actions = actions;
  const resources = elementMatcher(statement, "Resource", statement.resources, statement.notResources, (pattern) => slots.resource(pattern, withVariables));
  if (resources) elements.resources = resources;
  elements.services = literalServices(elements.actions);
  return elements;
}

/** Action/NotAction or Resource/NotResource as slots; undefined when the statement has neither. */
function elementMatcher(
  statement: Statement,
  element: "Action" | "Resource",
  listed: Located<string>[] | undefined,
  negatedList: Located<string>[] | undefined,
  slotOf: (pattern: string) => Slot,
): ElementMatcher | undefined {
  const list = listed ?? negatedList;
  const negated = listed === undefined && negatedList !== undefined;
  const unresolved = lookupUnresolved(statement, negated ? `Not${element}` : element);
  if (!list && unresolved === undefined) return undefined;
  return { negated, slots: (list ?? []).map((pattern) => slotOf(pattern.value)), unresolved };
}

function actionTest(pattern: string): (request: PreparedRequest) => Tri {
  if (hasUnresolved(pattern)) {
    const approximation = overApproximateActionPattern(pattern);
    return (request) => (approximation(request.actionLower) ? MAYBE : NO);
  }
  // Actions are case-insensitive: the pattern is lower-cased once here and the action once per request, so
  // the matcher itself compares case-sensitively (same semantics as compileActionPattern, less work per call).
  const matcher = compileWildcard(pattern.toLowerCase(), { caseInsensitive: false });
  return (request) => (matcher(request.actionLower) ? YES : NO);
}

const TEMPLATE_CACHE_LIMIT = 256;

function resourceTest(pattern: string, variablesEnabled: boolean): (request: PreparedRequest) => Tri {
  if (isAllStars(pattern)) return () => YES;
  if (hasUnresolved(pattern)) {
    const approximation = overApproximateArnPattern(pattern);
    return (request) => {
      if (request.resourceApproximation !== undefined) {
        return patternsCertainlyDisjoint(replaceMarkers(pattern, "*"), request.resourceApproximation) ? NO : MAYBE;
      }
      return approximation(request.resource) ? MAYBE : NO;
    };
  }
  const start = variablesEnabled ? resourcePartStart(pattern) : -1;
  const template: Template | undefined = start >= 0 ? parseTemplate(pattern, start) : undefined;
  if (template) return templateResourceTest(template);
  const matcher = compileResourcePattern(pattern);
  return (request) => {
    if (request.resourceApproximation !== undefined) {
      return patternsCertainlyDisjoint(pattern, request.resourceApproximation) ? NO : MAYBE;
    }
    return matcher(request.resource) ? YES : NO;
  };
}

function templateResourceTest(template: Template): (request: PreparedRequest) => Tri {
  const cache = new BoundedCache<string, WildcardMatcher>(TEMPLATE_CACHE_LIMIT);
  return (request) => {
    const rendered = renderTemplate(template, request.context, true);
    if (rendered === undefined) return NO; // a variable missing from the request: the pattern matches nothing
    if (hasUnresolved(rendered) || request.resourceApproximation !== undefined) return MAYBE;
    const matcher = cache.get(rendered, compileResourcePattern);
    return matcher(template.hasLiteralWildcard ? escapeWildcards(request.resource) : request.resource) ? YES : NO;
  };
}

/** Evaluates an Action/NotAction or Resource/NotResource element: does the statement cover the request? */
export function matchElement(element: ElementMatcher, request: PreparedRequest): Tri {
  let matched: Tri = NO;
  const slots = element.slots;
  for (let index = 0; index < slots.length; index++) {
    const outcome = runSlot(slots[index], request);
    if (outcome === YES) {
      matched = YES;
      break;
    }
    if (outcome === MAYBE) matched = MAYBE;
  }
  // A list not known statically may hold more patterns: a known match stands, a known miss does not.
  if (matched === NO && element.unresolved !== undefined) matched = MAYBE;
  if (!element.negated) return matched;
  return matched === MAYBE ? MAYBE : matched === YES ? NO : YES;
}

// ---------------------------------------------------------------------------------------------------

/**
 * The expression of an element that is not known statically. The normaliser records a whole unknown value
 * under the element (`Action`) or, for map-valued elements, under its part (`Principal.AWS` for
 * `Principal = { AWS = var.x }`): either way the element names somebody or something unknown.
 */
function lookupUnresolved(statement: Statement, element: string): string | undefined {
  const unresolved = statement.unresolved ?? {};
  if (element in unresolved) return unresolved[element];
  const lowered = element.toLowerCase();
  for (const key of Object.keys(unresolved)) {
    const candidate = key.toLowerCase();
    if (candidate === lowered || candidate.startsWith(`${lowered}.`)) return unresolved[key];
  }
  return undefined;
}

const LAYER_ORDER: Record<Layer, number> = { scp: 0, resource: 1, boundary: 2, session: 3, identity: 4 };

export interface LayerInput {
  layer: Layer;
  policies: Policy[];
}

/** Variables work only with `"Version": "2012-10-17"`; otherwise `${…}` is literal text. */
function variablesEnabled(policy: Policy): boolean {
  return policy.version?.value === "2012-10-17";
}

/** The index of a layer none of whose statements names a service literally (most sets hold one statement). */
const NO_SERVICES: ReadonlyMap<string, CompiledStatement[]> = new Map();

export function compileLayer(input: LayerInput, slots: SlotTable, ordinalBase: { next: number }): CompiledLayer {
  const statements: CompiledStatement[] = [];
  const anyService: CompiledStatement[] = [];
  let byService: Map<string, CompiledStatement[]> | undefined;
  for (const policy of input.policies) {
    const withVariables = variablesEnabled(policy);
    for (const statement of policy.statements) {
      const item = compileStatement(policy, input.layer, statement, slots, withVariables, ordinalBase.next++);
      statements.push(item);
      const services = slots.elementsOf(statement, withVariables).services;
      if (!services) anyService.push(item);
      else {
        for (const service of services) {
          byService ??= new Map();
          let bucket = byService.get(service);
          if (!bucket) byService.set(service, (bucket = []));
          bucket.push(item);
        }
      }
    }
  }
  return { layer: input.layer, policies: input.policies, statements, byService: byService ?? NO_SERVICES, anyService };
}

/** The service prefixes a statement's actions can match, or undefined when they may match any service. */
function literalServices(actions: ElementMatcher | undefined): Set<string> | undefined {
  if (!actions || actions.negated || actions.unresolved !== undefined) return actions ? undefined : new Set();
  const services = new Set<string>();
  for (const slot of actions.slots) {
    const colon = slot.pattern.indexOf(":");
    if (colon < 0 || hasUnresolved(slot.pattern)) return undefined;
    const service = slot.pattern.slice(0, colon);
    if (hasWildcard(service)) return undefined;
    services.add(service.toLowerCase());
  }
  return services;
}

function compileStatement(
  policy: Policy,
  layer: Layer,
  statement: Statement,
  slots: SlotTable,
  withVariables: boolean,
  ordinal: number,
): CompiledStatement {
  const effectText = statement.effect.value;
  let effect: StatementEffect;
  let invalidReason: string | undefined;
  if (effectText === "Allow" || effectText === "Deny") effect = effectText;
  else if (hasUnresolved(effectText) || lookupUnresolved(statement, "Effect") !== undefined) effect = "unresolved";
  else {
    effect = "invalid";
    invalidReason = `its Effect "${effectText}" is neither "Allow" nor "Deny" (AWS rejects the policy)`;
  }

  const reference: MatchedStatement = {
    effect: effect === "Deny" ? "Deny" : "Allow",
    policy: policy.name,
    policyKind: policy.kind,
    layer,
    index: statement.index,
  };
  if (statement.sid) reference.sid = statement.sid.value;
  reference.at = statement.at;
  Object.freeze(reference);

  const { actions, resources, conditions } = slots.elementsOf(statement, withVariables);
  if (!actions && !invalidReason) invalidReason = "it has neither Action nor NotAction (AWS rejects the policy)";
  if (!resources && layer !== "resource" && !invalidReason) {
    // Only a resource-based policy may leave the resource implicit (it is the resource it is attached to).
    invalidReason = "it has neither Resource nor NotResource (AWS rejects the policy)";
  }

  let principals: PrincipalElement | undefined;
  if (layer === "resource") {
    const values = statement.principals ?? statement.notPrincipals;
    const negated = statement.principals === undefined && statement.notPrincipals !== undefined;
    const unresolved = lookupUnresolved(statement, negated ? "NotPrincipal" : "Principal");
    if (values || unresolved !== undefined) {
      principals = {
        negated,
        values: values ?? [],
        matchers: negated ? [] : (values ?? []).map(compilePrincipal),
        linkMatchers: negated ? (values ?? []).map(compileNotPrincipalLink) : [],
        unresolved,
      };
    } else if (!invalidReason) {
      invalidReason = "it has neither Principal nor NotPrincipal (a resource-based policy needs one)";
    }
  }

  return {
    policy,
    layer,
    statement,
    ordinal: LAYER_ORDER[layer] * 1_000_000 + ordinal,
    effect,
    reference,
    actions,
    resources,
    principals,
    conditions,
    conditionsUnresolved: lookupUnresolved(statement, "Condition"),
    onlyIf: statement.onlyIf && statement.onlyIf.length > 0 ? statement.onlyIf : undefined,
    invalidReason,
  };
}
