// IAM2xx: MFA ("MFA for anyone who can move money or delete data").
import type { Rule } from "../types.js";

export const mfaRules: readonly Rule[] = [];
