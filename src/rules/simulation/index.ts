// SIMxxx: simulation (assertions and access changes).
import type { Rule } from "../types.js";

export const simulationRules: readonly Rule[] = [];
