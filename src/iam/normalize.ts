// From a located policy document (any syntax) to the normalised model of model.ts, leniently: every form
// AWS accepts is read (string-or-list elements, a single Statement object, every Principal form), and
// every way the document departs from AWS's grammar is listed as a ShapeProblem for IAM001 — without
// stopping, so the other rules still see what can be read.
//
// Unknown values are never invented: a whole element that cannot be known (`Action = var.actions`) is
// recorded in `statement.unresolved` and left out of the lists; a list item or a string that is partly
// unknown stays a string with its `<unresolved:…>` marker. A problem that only an unresolved value causes
// is not a problem. `choice` values (CloudFormation `Fn::If`, HCL conditionals) contribute the union of
// their options; a choice of whole statements gives each option's statements with `onlyIf`.

import { hasUnresolved, unresolvedMarker } from "../iac/located.js";
import type { Located, LocatedEntry, LocatedValue, PolicyKind, Position } from "../iac/types.js";
import type { ConditionClause, Policy, PrincipalType, PrincipalValue, Statement } from "./model.js";
import { closestMatch } from "./suggest.js";

export interface ShapeProblem {
  message: string;
  at: Position;
  /** The element concerned: `Statement`, `Effect`, `Action`, `Condition`, `Version`, `Policy`… */
  element: string;
  /** The statement's 0-based index in the Statement list, when the problem is inside a statement. */
  statementIndex?: number;
}

export interface PolicyInput {
  kind: PolicyKind;
  name: string;
  document: LocatedValue;
  at: Position;
}

export interface NormalizeResult {
  policy: Policy;
  problems: ShapeProblem[];
}

const TOP_LEVEL_KEYS = ["Version", "Id", "Statement"] as const;
const STATEMENT_KEYS = [
  "Sid",
  "Effect",
  "Principal",
  "NotPrincipal",
  "Action",
  "NotAction",
  "Resource",
  "NotResource",
  "Condition",
] as const;
type StatementKey = (typeof STATEMENT_KEYS)[number];
const PRINCIPAL_KEYS = ["AWS", "Service", "Federated", "CanonicalUser"] as const;
const VALID_VERSIONS = ["2012-10-17", "2008-10-17"];

/**
 * Kinds whose statements apply to the principal they are attached to: no Principal, Resource required.
 * The IAM guide's Resource page: "Statements must include either a Resource or a NotResource element";
 * the SCP syntax page lists Resource/NotResource among SCP elements and every AWS example SCP has one, so
 * SCPs are held to it too. Resource policies are not: some services' policies omit Resource (ECR
 * repository policies apply to their repository), and AWS accepts them.
 */
const IDENTITY_LIKE_KINDS: ReadonlySet<PolicyKind> = new Set(["identity", "boundary", "session", "scp"]);
/** Kinds whose statements must name who they apply to. */
const PRINCIPAL_KINDS: ReadonlySet<PolicyKind> = new Set(["resource", "trust"]);

const KIND_LABEL: Record<PolicyKind, string> = {
  identity: "an identity policy",
  boundary: "a permissions boundary",
  session: "a session policy",
  scp: "a service control policy",
  resource: "a resource policy",
  trust: "a trust policy",
};

export function normalizePolicy(source: PolicyInput): NormalizeResult {
  const normalizer = new Normalizer(source);
  normalizer.readDocument(source.document, []);
  return { policy: normalizer.policy, problems: normalizer.problems };
}

/** The strings an element holds, read from a string, a list, or choices of them. */
interface FlatStrings {
  strings: Located<string>[];
  /** The expression of a whole value that is not known (the first one, when options differ). */
  unresolved?: string;
  /** Values of a type the element does not accept. */
  wrongTypes: LocatedValue[];
  /** True when the value is `absent` (AWS::NoValue) in every option: the element is not there. */
  absent: boolean;
}

/** What reading one statement element found, for the cross-element checks. */
interface ElementPresence {
  present: Set<StatementKey>;
  /** Elements that an unknown key most likely meant (`action` → Action): not reported as missing again. */
  meant: Set<StatementKey>;
  /** Where each present element's key is written. */
  keyAt: Map<StatementKey, Position>;
}

class Normalizer {
  readonly policy: Policy;
  readonly problems: ShapeProblem[] = [];
  private readonly reported = new Set<string>();
  private readonly kind: PolicyKind;

  constructor(source: PolicyInput) {
    this.kind = source.kind;
    this.policy = { kind: source.kind, name: source.name, statements: [], at: source.at };
  }

  readDocument(document: LocatedValue, onlyIf: string[]): void {
    switch (document.kind) {
      case "object":
        this.readTopLevel(document, onlyIf);
        return;
      case "unresolved":
        this.policy.unresolved ??= document.expr;
        return;
      case "choice":
        for (const option of document.options) this.readDocument(option, [...onlyIf, document.condition]);
        return;
      case "absent":
        return;
      default:
        this.report("Policy", document.at, `The policy document must be a JSON object, not ${describe(document)}.`);
    }
  }

  private readTopLevel(document: Extract<LocatedValue, { kind: "object" }>, onlyIf: string[]): void {
    let statementEntry: LocatedEntry | undefined;
    let statementMeant = false;
    for (const entry of document.entries) {
      switch (entry.key) {
        case "Version":
          this.readVersion(entry.value);
          break;
        case "Id":
          this.readId(entry.value);
          break;
        case "Statement":
          statementEntry = entry;
          break;
        default: {
          const suggestion = this.reportUnknownKey(entry, TOP_LEVEL_KEYS, "top-level element", undefined);
          if (suggestion === "Statement") statementMeant = true;
        }
      }
    }
    if (statementEntry && statementEntry.value.kind !== "absent") {
      this.readStatementList(statementEntry.value, onlyIf);
    } else if (!statementMeant) {
      this.report("Statement", document.at, "The policy has no Statement element.");
    }
  }

  private readVersion(value: LocatedValue): void {
    if (value.kind === "unresolved" || value.kind === "absent") return;
    if (value.kind !== "string") {
      this.report("Version", value.at, `Version must be the string "2012-10-17", not ${describe(value)}.`);
      return;
    }
    this.policy.version = { value: value.value, at: value.at };
    if (!hasUnresolved(value.value) && !VALID_VERSIONS.includes(value.value)) {
      this.report(
        "Version",
        value.at,
        `Version "${value.value}" is not a policy language version; AWS accepts "2012-10-17" (current) or "2008-10-17".`,
      );
    }
  }

  private readId(value: LocatedValue): void {
    if (value.kind === "unresolved" || value.kind === "absent") return;
    if (value.kind !== "string") {
      this.report("Id", value.at, `Id must be a string, not ${describe(value)}.`);
      return;
    }
    this.policy.id = { value: value.value, at: value.at };
  }

  private readStatementList(value: LocatedValue, onlyIf: string[]): void {
    switch (value.kind) {
      case "object":
        this.readStatement(value, 0, onlyIf);
        return;
      case "array":
        value.items.forEach((item, index) => this.readStatementItem(item, index, onlyIf));
        return;
      case "unresolved":
        this.addUnresolvedStatements(value.expr, value.at);
        return;
      case "choice":
        for (const option of value.options) {
          if (option.kind !== "absent") this.readStatementList(option, [...onlyIf, value.condition]);
        }
        return;
      default:
        this.report("Statement", value.at, `Statement must be an object or a list of objects, not ${describe(value)}.`);
    }
  }

  private readStatementItem(item: LocatedValue, index: number, onlyIf: string[]): void {
    switch (item.kind) {
      case "object":
        this.readStatement(item, index, onlyIf);
        return;
      case "unresolved":
        this.addUnresolvedStatements(item.expr, item.at);
        return;
      case "choice":
        for (const option of item.options) this.readStatementItem(option, index, [...onlyIf, item.condition]);
        return;
      case "absent":
        return;
      default:
        this.report("Statement", item.at, `Each statement must be an object, not ${describe(item)}.`, index);
    }
  }

  private addUnresolvedStatements(expr: string, at: Position): void {
    (this.policy.unresolvedStatements ??= []).push({ value: expr, at });
  }

  private readStatement(value: Extract<LocatedValue, { kind: "object" }>, index: number, onlyIf: string[]): void {
    const statement: Statement = {
      index,
      effect: { value: "", at: value.at },
      conditions: [],
      unresolved: {},
      at: value.at,
    };
    if (onlyIf.length > 0) statement.onlyIf = [...onlyIf];
    const presence: ElementPresence = { present: new Set(), meant: new Set(), keyAt: new Map() };

    for (const entry of value.entries) {
      if (!isStatementKey(entry.key)) {
        const suggestion = this.reportUnknownKey(entry, STATEMENT_KEYS, "statement element", index);
        if (suggestion) presence.meant.add(suggestion);
        continue;
      }
      if (this.readStatementElement(statement, entry.key, entry.value, index)) {
        presence.present.add(entry.key);
        presence.keyAt.set(entry.key, entry.keyAt);
      }
    }
    this.checkStatementShape(statement, presence);
    this.policy.statements.push(statement);
  }

  /** Reads one element into the statement; false when the element is not there after all (absent). */
  private readStatementElement(statement: Statement, key: StatementKey, value: LocatedValue, index: number): boolean {
    switch (key) {
      case "Sid":
        return this.readSid(statement, value, index);
      case "Effect":
        return this.readEffect(statement, value, index);
      case "Action":
      case "NotAction":
      case "Resource":
      case "NotResource":
        return this.readStringList(statement, key, value, index);
      case "Principal":
      case "NotPrincipal":
        return this.readPrincipalElement(statement, key, value, index);
      case "Condition":
        return this.readCondition(statement, value, index);
    }
  }

  private readSid(statement: Statement, value: LocatedValue, index: number): boolean {
    if (value.kind === "absent") return false;
    if (value.kind === "unresolved") {
      statement.unresolved.Sid = value.expr;
      return true;
    }
    if (value.kind !== "string") {
      this.report("Sid", value.at, `Sid must be a string, not ${describe(value)}.`, index);
      return true;
    }
    statement.sid = { value: value.value, at: value.at };
    return true;
  }

  private readEffect(statement: Statement, value: LocatedValue, index: number): boolean {
    const flat = flattenStrings(value, false);
    if (flat.absent) return false;
    const distinct = [...new Map(flat.strings.map((text) => [text.value, text])).values()];
    if (flat.unresolved !== undefined || distinct.length > 1) {
      // Unknown, or different in the options of a choice: the effect is not one known value.
      statement.unresolved.Effect = flat.unresolved ?? distinct.map((text) => text.value).join(" | ");
      statement.effect = { value: unresolvedMarker(statement.unresolved.Effect), at: value.at };
      return true;
    }
    if (flat.wrongTypes.length > 0 || distinct.length === 0) {
      this.report("Effect", value.at, `Effect must be "Allow" or "Deny", not ${describe(value)}.`, statement.index);
      return true;
    }
    const effect = distinct[0];
    statement.effect = effect;
    if (hasUnresolved(effect.value)) {
      statement.unresolved.Effect = effect.value;
    } else if (effect.value !== "Allow" && effect.value !== "Deny") {
      const suggestion = closestMatch(effect.value, ["Allow", "Deny"]);
      this.report(
        "Effect",
        effect.at,
        `Effect must be "Allow" or "Deny" (case-sensitive), not "${effect.value}"` +
          (suggestion ? `; did you mean "${suggestion}"?` : "."),
        index,
      );
    }
    return true;
  }

  private readStringList(
    statement: Statement,
    key: "Action" | "NotAction" | "Resource" | "NotResource",
    value: LocatedValue,
    index: number,
  ): boolean {
    const flat = flattenStrings(value, false);
    if (flat.absent) return false;
    if (flat.unresolved !== undefined) statement.unresolved[key] = flat.unresolved;
    for (const wrong of flat.wrongTypes) {
      this.report(key, wrong.at, `${key} must be a string or a list of strings; found ${describe(wrong)}.`, index);
    }
    const field = ({ Action: "actions", NotAction: "notActions", Resource: "resources", NotResource: "notResources" } as const)[key];
    if (flat.strings.length > 0 || flat.unresolved === undefined) statement[field] = flat.strings;
    return true;
  }

  private readPrincipalElement(
    statement: Statement,
    key: "Principal" | "NotPrincipal",
    value: LocatedValue,
    index: number,
  ): boolean {
    const principals: PrincipalValue[] = [];
    const present = this.readPrincipalValue(statement, key, value, principals, index);
    if (!present) return false;
    statement[key === "Principal" ? "principals" : "notPrincipals"] = principals;
    return true;
  }

  /** Collects the principals of a Principal value; false when the value is absent in every option. */
  private readPrincipalValue(
    statement: Statement,
    key: "Principal" | "NotPrincipal",
    value: LocatedValue,
    into: PrincipalValue[],
    index: number,
  ): boolean {
    switch (value.kind) {
      case "absent":
        return false;
      case "unresolved":
        statement.unresolved[key] ??= value.expr;
        return true;
      case "choice": {
        let present = false;
        for (const option of value.options) {
          if (this.readPrincipalValue(statement, key, option, into, index)) present = true;
        }
        return present;
      }
      case "string":
        if (value.value === "*") {
          into.push({ type: "*", value: "*", at: value.at });
        } else if (hasUnresolved(value.value)) {
          statement.unresolved[key] ??= value.value;
        } else {
          this.report(
            key,
            value.at,
            `${key} must be "*" or a map such as {"AWS": "arn:aws:iam::123456789012:root"}, not the string "${value.value}".`,
            index,
          );
        }
        return true;
      case "object":
        for (const entry of value.entries) this.readPrincipalEntry(statement, key, entry, into, index);
        return true;
      default:
        this.report(key, value.at, `${key} must be "*" or a map of principal types, not ${describe(value)}.`, index);
        return true;
    }
  }

  private readPrincipalEntry(
    statement: Statement,
    key: "Principal" | "NotPrincipal",
    entry: LocatedEntry,
    into: PrincipalValue[],
    index: number,
  ): void {
    if (hasUnresolved(entry.key)) {
      // `type = principals.value.type` in a dynamic block: the principal type itself is not known.
      statement.unresolved[`${key}.${entry.key}`] ??= entry.key;
      return;
    }
    if (!isPrincipalKey(entry.key)) {
      const suggestion = closestMatch(entry.key, PRINCIPAL_KEYS);
      this.report(
        key,
        entry.keyAt,
        `Unknown principal type "${entry.key}" in ${key}; AWS accepts ${PRINCIPAL_KEYS.join(", ")}` +
          (suggestion ? `. Did you mean "${suggestion}"?` : "."),
        index,
      );
      return;
    }
    // Numbers are accepted as their text: an unquoted account id in YAML is a number to the parser.
    const flat = flattenStrings(entry.value, true);
    if (flat.unresolved !== undefined) statement.unresolved[`${key}.${entry.key}`] = flat.unresolved;
    for (const wrong of flat.wrongTypes) {
      this.report(key, wrong.at, `${key}.${entry.key} must be a string or a list of strings; found ${describe(wrong)}.`, index);
    }
    const type: PrincipalType = entry.key;
    for (const text of flat.strings) into.push({ type, value: text.value, at: text.at });
  }

  private readCondition(statement: Statement, value: LocatedValue, index: number): boolean {
    switch (value.kind) {
      case "absent":
        return false;
      case "unresolved":
        statement.unresolved.Condition ??= value.expr;
        return true;
      case "choice": {
        let present = false;
        for (const option of value.options) if (this.readCondition(statement, option, index)) present = true;
        return present;
      }
      case "object":
        for (const entry of value.entries) this.readConditionOperator(statement, entry, index);
        return true;
      default:
        this.report(
          "Condition",
          value.at,
          `Condition must be a map of operators to {key: values} maps, not ${describe(value)}.`,
          index,
        );
        return true;
    }
  }

  private readConditionOperator(statement: Statement, operator: LocatedEntry, index: number): void {
    const body = operator.value;
    switch (body.kind) {
      case "absent":
        return;
      case "unresolved":
        statement.unresolved[`Condition.${operator.key}`] ??= body.expr;
        return;
      case "choice":
        for (const option of body.options) {
          this.readConditionOperator(statement, { key: operator.key, keyAt: operator.keyAt, value: option }, index);
        }
        return;
      case "object":
        for (const keyEntry of body.entries) this.readConditionKey(statement, operator, keyEntry, index);
        return;
      default:
        this.report(
          "Condition",
          body.at,
          `Condition operator "${operator.key}" must map condition keys to values, not ${describe(body)}.`,
          index,
        );
    }
  }

  private readConditionKey(statement: Statement, operator: LocatedEntry, keyEntry: LocatedEntry, index: number): void {
    const flat = flattenStrings(keyEntry.value, true);
    if (flat.absent) return;
    for (const wrong of flat.wrongTypes) {
      this.report(
        "Condition",
        wrong.at,
        `Condition values of "${keyEntry.key}" must be strings, numbers or booleans (or a list of them); found ${describe(wrong)}.`,
        index,
      );
    }
    const clause: ConditionClause = {
      operator: operator.key,
      operatorAt: operator.keyAt,
      key: keyEntry.key,
      keyAt: keyEntry.keyAt,
      values: flat.strings,
    };
    if (flat.unresolved !== undefined) clause.valuesUnresolved = flat.unresolved;
    statement.conditions.push(clause);
  }

  /** The checks that need the whole statement: required, exclusive and kind-specific elements. */
  private checkStatementShape(statement: Statement, presence: ElementPresence): void {
    const has = (key: StatementKey) => presence.present.has(key);
    const knownMissing = (key: StatementKey) => !has(key) && !presence.meant.has(key);
    // Present with a value we cannot know (`not_actions = statement.value.not_actions` may be null): it
    // satisfies "required", but it is no evidence of a conflict or of a forbidden element.
    const surelyPresent = (key: StatementKey) => has(key) && !whollyUnresolved(statement, key);
    const index = statement.index;
    const at = statement.at;

    if (knownMissing("Effect")) this.report("Effect", at, "The statement has no Effect (\"Allow\" or \"Deny\").", index);

    if (surelyPresent("Action") && surelyPresent("NotAction")) {
      this.report("NotAction", presence.keyAt.get("NotAction") ?? at, "A statement cannot have both Action and NotAction.", index);
    } else if (knownMissing("Action") && knownMissing("NotAction")) {
      this.report("Action", at, "The statement has neither Action nor NotAction.", index);
    }

    if (surelyPresent("Resource") && surelyPresent("NotResource")) {
      this.report(
        "NotResource",
        presence.keyAt.get("NotResource") ?? at,
        "A statement cannot have both Resource and NotResource.",
        index,
      );
    }
    if (surelyPresent("Principal") && surelyPresent("NotPrincipal")) {
      this.report(
        "NotPrincipal",
        presence.keyAt.get("NotPrincipal") ?? at,
        "A statement cannot have both Principal and NotPrincipal.",
        index,
      );
    }

    const kindLabel = KIND_LABEL[this.kind];
    if (IDENTITY_LIKE_KINDS.has(this.kind)) {
      if (knownMissing("Resource") && knownMissing("NotResource")) {
        this.report("Resource", at, `A statement of ${kindLabel} needs Resource or NotResource.`, index);
      }
      for (const key of ["Principal", "NotPrincipal"] as const) {
        if (surelyPresent(key)) {
          this.report(
            key,
            presence.keyAt.get(key) ?? at,
            `${kindLabel[0].toUpperCase()}${kindLabel.slice(1)} applies to the principal it is attached to; remove ${key}.`,
            index,
          );
        }
      }
    }
    if (PRINCIPAL_KINDS.has(this.kind) && knownMissing("Principal") && knownMissing("NotPrincipal")) {
      this.report("Principal", at, `A statement of ${kindLabel} needs Principal or NotPrincipal.`, index);
    }
  }

  /** Reports an unknown key with the closest valid one; returns that suggestion. */
  private reportUnknownKey<Key extends string>(
    entry: LocatedEntry,
    validKeys: readonly Key[],
    what: string,
    statementIndex: number | undefined,
  ): Key | undefined {
    const suggestion = closestMatch(entry.key, validKeys) as Key | undefined;
    const caseOnly = suggestion !== undefined && suggestion.toLowerCase() === entry.key.toLowerCase();
    const message =
      `Unknown ${what} "${entry.key}"` +
      (suggestion
        ? `; did you mean "${suggestion}"?${caseOnly ? " Element names are case-sensitive." : ""}`
        : `; valid elements are ${validKeys.join(", ")}.`);
    this.report(statementIndex === undefined ? "Policy" : "Statement", entry.keyAt, message, statementIndex);
    return suggestion;
  }

  private report(element: string, at: Position, message: string, statementIndex?: number): void {
    // Both options of a choice may repeat the same mistake at the same place: one problem, one finding.
    const identity = `${element}|${at.path}|${at.startLine}|${at.startColumn ?? ""}|${message}`;
    if (this.reported.has(identity)) return;
    this.reported.add(identity);
    const problem: ShapeProblem = { message, at, element };
    if (statementIndex !== undefined) problem.statementIndex = statementIndex;
    this.problems.push(problem);
  }
}

/** True when an element is there but none of its value is known (the whole list, or every principal). */
function whollyUnresolved(statement: Statement, key: StatementKey): boolean {
  const unknownParts = Object.keys(statement.unresolved).filter((name) => name === key || name.startsWith(`${key}.`));
  if (unknownParts.length === 0) return false;
  switch (key) {
    case "Action":
      return !statement.actions?.length;
    case "NotAction":
      return !statement.notActions?.length;
    case "Resource":
      return !statement.resources?.length;
    case "NotResource":
      return !statement.notResources?.length;
    case "Principal":
      return !statement.principals?.length;
    case "NotPrincipal":
      return !statement.notPrincipals?.length;
    default:
      return false;
  }
}

function isStatementKey(key: string): key is StatementKey {
  return (STATEMENT_KEYS as readonly string[]).includes(key);
}

function isPrincipalKey(key: string): key is (typeof PRINCIPAL_KEYS)[number] {
  return (PRINCIPAL_KEYS as readonly string[]).includes(key);
}

/**
 * The strings of a string-or-list value. `scalarsAsText` accepts numbers and booleans as their text
 * (condition values: `"Bool": {"aws:SecureTransport": false}` means "false").
 */
function flattenStrings(value: LocatedValue, scalarsAsText: boolean): FlatStrings {
  const flat: FlatStrings = { strings: [], wrongTypes: [], absent: false };
  switch (value.kind) {
    case "absent":
      flat.absent = true;
      return flat;
    case "unresolved":
      flat.unresolved = value.expr;
      return flat;
    case "choice": {
      let everyOptionAbsent = true;
      for (const option of value.options) {
        const part = flattenStrings(option, scalarsAsText);
        if (!part.absent) everyOptionAbsent = false;
        flat.strings.push(...part.strings);
        flat.wrongTypes.push(...part.wrongTypes);
        flat.unresolved ??= part.unresolved;
      }
      flat.absent = everyOptionAbsent;
      return flat;
    }
    case "array":
      for (const item of value.items) addListItem(item, scalarsAsText, flat);
      return flat;
    default:
      addScalar(value, scalarsAsText, flat);
      return flat;
  }
}

function addListItem(item: LocatedValue, scalarsAsText: boolean, flat: FlatStrings): void {
  switch (item.kind) {
    case "absent":
      return;
    case "unresolved":
      // One unknown item of a list is one unknown string, not an unknown list.
      flat.strings.push({ value: unresolvedMarker(item.expr), at: item.at });
      return;
    case "choice":
      for (const option of item.options) addListItem(option, scalarsAsText, flat);
      return;
    default:
      addScalar(item, scalarsAsText, flat);
  }
}

function addScalar(value: LocatedValue, scalarsAsText: boolean, flat: FlatStrings): void {
  if (value.kind === "string") {
    flat.strings.push({ value: value.value, at: value.at });
  } else if (scalarsAsText && value.kind === "number") {
    flat.strings.push({ value: value.raw, at: value.at });
  } else if (scalarsAsText && value.kind === "boolean") {
    flat.strings.push({ value: String(value.value), at: value.at });
  } else {
    flat.wrongTypes.push(value);
  }
}

function describe(value: LocatedValue): string {
  switch (value.kind) {
    case "string":
      return `the string "${value.value}"`;
    case "number":
      return `the number ${value.raw}`;
    case "boolean":
      return `the boolean ${value.value}`;
    case "null":
      return "null";
    case "array":
      return "a list";
    case "object":
      return "an object";
    case "unresolved":
      return `an unknown value (${value.expr})`;
    case "choice":
      return "a conditional value";
    case "absent":
      return "no value";
  }
}
