// IAM3xx: trust policies ("roles for humans with STS", "share safely across accounts").
import type { Rule } from "../types.js";

export const trustRules: readonly Rule[] = [];
