// The policy simulator: AWS's policy evaluation logic, explained. See evaluate.ts for the rules it follows
// and DESIGN.md "Decisions" for the contracts (Resource account, Undecided, "On `*`").

export type {
  AnyResourceOptions,
  ContextValue,
  Decision,
  DecisionValue,
  EvaluateOptions,
  EvaluationRequest,
  Layer,
  MatchedStatement,
  PolicySet,
} from "./types.js";
export { compilePolicySet, CompiledPolicySet, evaluate } from "./evaluate.js";
export { SlotTable } from "./compile.js";
export { evaluateOnAnyResource } from "./any-resource.js";
export { formatToPattern, patternCovers, patternsCertainlyDisjoint } from "./patterns.js";
export { parseOperator, type OperatorFamily, type OperatorInfo, type ParsedOperator, type SetOperator } from "./conditions.js";
export { parseCidr, parseIpAddress, cidrContains, type CidrRange, type IpAddress } from "./ip.js";
export { parseDate, parseNumber } from "./values.js";
export { deriveCaller, type Caller, type CallerKind } from "./principals.js";
