// The condition-operator grammar of the IAM User Guide ("IAM JSON policy elements: Condition operators"), as
// IAM005 (is the operator real?) and IAM006 (can the values match it?) read it. Not a rule itself: the one
// grammar is the simulator's (src/simulator/conditions.ts), so what the rules call valid is exactly what the
// evaluator understands.
//
// An operator is `[ForAllValues:|ForAnyValue:]BASE[IfExists]`; `IfExists` may follow any base "except the
// Null condition". Names are matched case-insensitively, as the simulator reads them; a spelling AWS would
// not accept at all is IAM005's finding.

import { baseOperators, parseOperator, type OperatorFamily, type SetOperator } from "../../simulator/conditions.js";

export type { OperatorFamily };
export type SetQualifier = SetOperator;
export const SET_QUALIFIERS: readonly SetQualifier[] = ["ForAllValues", "ForAnyValue"];

export interface ParsedConditionOperator {
  /** The base operator in AWS's spelling, when it is one. */
  base?: { name: string; family: OperatorFamily };
  qualifier?: SetQualifier;
  ifExists: boolean;
  /** The qualifier before the colon was not ForAllValues / ForAnyValue. */
  unknownQualifier?: string;
}

export function parseConditionOperator(text: string): ParsedConditionOperator {
  const parsed = parseOperator(text);
  if (parsed.unknownQualifier !== undefined) return { ifExists: false, unknownQualifier: parsed.unknownQualifier };
  return {
    ...(parsed.info ? { base: { name: parsed.info.name, family: parsed.info.family } } : {}),
    ...(parsed.setOperator ? { qualifier: parsed.setOperator } : {}),
    ifExists: parsed.ifExists,
  };
}

/** Every operator AWS accepts, in its spelling: the candidates for "did you mean …?". */
export function allOperatorNames(): string[] {
  const names: string[] = [];
  for (const { name, family } of baseOperators()) {
    const bases = family === "Null" ? [name] : [name, `${name}IfExists`];
    for (const base of bases) names.push(base, ...SET_QUALIFIERS.map((qualifier) => `${qualifier}:${base}`));
  }
  return names;
}
