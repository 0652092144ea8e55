// Shared names and shorthands for the simulator tests.

import type { Policy } from "../../src/iam/model.js";
import { buildPolicy, statements, type PlainStatement } from "./build.js";

export const ACCOUNT = "111122223333";
export const OTHER_ACCOUNT = "444455556666";
export const USER = `arn:aws:iam::${ACCOUNT}:user/alice`;
export const OTHER_USER = `arn:aws:iam::${ACCOUNT}:user/bob`;
export const ROLE = `arn:aws:iam::${ACCOUNT}:role/app`;
export const SESSION = `arn:aws:sts::${ACCOUNT}:assumed-role/app/deploy`;
export const OTHER_SESSION = `arn:aws:sts::${ACCOUNT}:assumed-role/app/other`;
export const FOREIGN_USER = `arn:aws:iam::${OTHER_ACCOUNT}:user/carol`;
export const FOREIGN_ROLE_SESSION = `arn:aws:sts::${OTHER_ACCOUNT}:assumed-role/ci/run-1`;
export const BUCKET = "arn:aws:s3:::logs";
export const OBJECT = "arn:aws:s3:::logs/2024/app.log";

export function allow(action: string | string[], resource: string | string[] = "*", extra: Partial<PlainStatement> = {}): PlainStatement {
  return { Effect: "Allow", Action: action, Resource: resource, ...extra };
}

export function deny(action: string | string[], resource: string | string[] = "*", extra: Partial<PlainStatement> = {}): PlainStatement {
  return { Effect: "Deny", Action: action, Resource: resource, ...extra };
}

export function identity(...items: PlainStatement[]): Policy {
  return statements("aws_iam_policy.identity", ...items);
}

export function named(name: string, ...items: PlainStatement[]): Policy {
  return statements(name, ...items);
}

export function resourcePolicy(...items: PlainStatement[]): Policy {
  return buildPolicy({ Statement: items }, { name: "aws_s3_bucket_policy.logs", kind: "resource" });
}

export function trustPolicy(...items: PlainStatement[]): Policy {
  return buildPolicy({ Statement: items }, { name: "aws_iam_role.app", kind: "trust" });
}

export function keyPolicy(...items: PlainStatement[]): Policy {
  return buildPolicy({ Statement: items }, { name: "aws_kms_key.main", kind: "resource" });
}

export function boundary(...items: PlainStatement[]): Policy {
  return buildPolicy({ Statement: items }, { name: "aws_iam_policy.boundary", kind: "boundary" });
}

export function scp(name: string, ...items: PlainStatement[]): Policy {
  return buildPolicy({ Statement: items }, { name, kind: "scp" });
}

export function session(...items: PlainStatement[]): Policy {
  return buildPolicy({ Statement: items }, { name: "session-policy", kind: "session" });
}

export const FULL_AWS_ACCESS = scp("FullAWSAccess", { Effect: "Allow", Action: "*", Resource: "*" });
