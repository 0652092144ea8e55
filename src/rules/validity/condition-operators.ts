// The condition-operator grammar of the IAM User Guide ("IAM JSON policy elements: Condition operators"),
// shared by IAM005 (is the operator real?) and IAM006 (can the values match it?). Not a rule itself.
//
// An operator is `[ForAllValues:|ForAnyValue:]BASE[IfExists]`; `IfExists` may follow any base "except the
// Null condition". Names are matched case-insensitively, as the simulator reads them; a spelling AWS would
// not accept at all is IAM005's finding.

export type OperatorFamily = "String" | "Numeric" | "Date" | "Bool" | "Binary" | "IpAddress" | "Arn" | "Null";

const COMPARISONS = ["Equals", "NotEquals", "LessThan", "LessThanEquals", "GreaterThan", "GreaterThanEquals"];

const BASE_OPERATORS: readonly { name: string; family: OperatorFamily }[] = [
  ...["StringEquals", "StringNotEquals", "StringEqualsIgnoreCase", "StringNotEqualsIgnoreCase", "StringLike", "StringNotLike"].map(
    (name) => ({ name, family: "String" as const }),
  ),
  ...COMPARISONS.map((comparison) => ({ name: `Numeric${comparison}`, family: "Numeric" as const })),
  ...COMPARISONS.map((comparison) => ({ name: `Date${comparison}`, family: "Date" as const })),
  { name: "Bool", family: "Bool" },
  { name: "BinaryEquals", family: "Binary" },
  { name: "IpAddress", family: "IpAddress" },
  { name: "NotIpAddress", family: "IpAddress" },
  ...["ArnEquals", "ArnLike", "ArnNotEquals", "ArnNotLike"].map((name) => ({ name, family: "Arn" as const })),
  { name: "Null", family: "Null" },
];

const BY_NAME = new Map(BASE_OPERATORS.map((operator) => [operator.name.toLowerCase(), operator]));

export const SET_QUALIFIERS = ["ForAllValues", "ForAnyValue"] as const;
export type SetQualifier = (typeof SET_QUALIFIERS)[number];

export interface ParsedConditionOperator {
  /** The base operator in AWS's spelling, when it is one. */
  base?: { name: string; family: OperatorFamily };
  qualifier?: SetQualifier;
  ifExists: boolean;
  /** The qualifier before the colon was not ForAllValues / ForAnyValue. */
  unknownQualifier?: string;
}

export function parseConditionOperator(text: string): ParsedConditionOperator {
  let rest = text;
  let qualifier: SetQualifier | undefined;
  const colon = rest.indexOf(":");
  if (colon >= 0) {
    const written = rest.slice(0, colon);
    qualifier = SET_QUALIFIERS.find((candidate) => candidate.toLowerCase() === written.toLowerCase());
    if (!qualifier) return { ifExists: false, unknownQualifier: written };
    rest = rest.slice(colon + 1);
  }
  let lowered = rest.toLowerCase();
  let ifExists = false;
  if (lowered.endsWith("ifexists") && lowered !== "ifexists") {
    ifExists = true;
    lowered = lowered.slice(0, -"ifexists".length);
  }
  const base = BY_NAME.get(lowered);
  // "You can add IfExists to the end of any condition operator name except the Null condition."
  if (base?.family === "Null" && ifExists) return { qualifier, ifExists };
  return { ...(base ? { base } : {}), ...(qualifier ? { qualifier } : {}), ifExists };
}

/** Every operator AWS accepts, in its spelling: the candidates for "did you mean …?". */
export function allOperatorNames(): string[] {
  const names: string[] = [];
  for (const { name, family } of BASE_OPERATORS) {
    const bases = family === "Null" ? [name] : [name, `${name}IfExists`];
    for (const base of bases) names.push(base, ...SET_QUALIFIERS.map((qualifier) => `${qualifier}:${base}`));
  }
  return names;
}
