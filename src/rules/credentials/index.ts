// IAM5xx: credentials and accounts ("no root keys", "roles for EC2 and Lambda").
import type { Rule } from "../types.js";

export const credentialRules: readonly Rule[] = [];
