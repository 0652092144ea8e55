// Three-valued (Kleene) logic. A statement element can match, not match, or depend on a value that the IaC
// does not fix (`<unresolved:…>`): such a statement is neither counted nor silently dropped, it is `MAYBE`.
// Numbers, not strings or objects, because these run in the inner loop of every evaluation.

export const NO = 0;
export const YES = 1;
export const MAYBE = 2;
export type Tri = typeof NO | typeof YES | typeof MAYBE;

export function triNot(value: Tri): Tri {
  return value === MAYBE ? MAYBE : value === YES ? NO : YES;
}

export function triFromBoolean(value: boolean): Tri {
  return value ? YES : NO;
}

/** Combine one more disjunct into an OR that started at NO. */
export function triOr(left: Tri, right: Tri): Tri {
  if (left === YES || right === YES) return YES;
  if (left === MAYBE || right === MAYBE) return MAYBE;
  return NO;
}

/** Combine one more conjunct into an AND that started at YES. */
export function triAnd(left: Tri, right: Tri): Tri {
  if (left === NO || right === NO) return NO;
  if (left === MAYBE || right === MAYBE) return MAYBE;
  return YES;
}
