// The data that leaves src/iac: policy documents and resources read from IaC files, every value with the
// place it was written. Nothing here knows about rules, GitHub or the terminal.

/** 1-based lines and columns; `path` is relative to the scan root, POSIX separators. */
export interface Position {
  path: string;
  startLine: number;
  endLine: number;
  startColumn?: number;
  endColumn?: number;
}

export interface Located<T> {
  value: T;
  at: Position;
}

/**
 * A JSON-like value tree where every node keeps its source position. Policy documents are trees of these,
 * whichever syntax they were written in (HCL object, heredoc JSON, CloudFormation YAML, plan JSON...).
 *
 * - `string` values may contain `<unresolved:EXPR>` markers where part of the text is not known statically
 *   (`"arn:aws:s3:::${var.bucket}/*"` → `"arn:aws:s3:::<unresolved:var.bucket>/*"`). See `unresolvedMarker`.
 * - `unresolved` is a whole value that cannot be known (`var.actions`, `!Ref Param`, a module output).
 * - `choice` is a value that depends on a condition (CloudFormation `Fn::If`, an HCL `c ? a : b`): both options
 *   are kept; an option of kind `absent` is `AWS::NoValue` (the value is then not there at all).
 */
export type LocatedValue =
  | { kind: "string"; value: string; at: Position }
  | { kind: "number"; value: number; raw: string; at: Position }
  | { kind: "boolean"; value: boolean; at: Position }
  | { kind: "null"; at: Position }
  | { kind: "array"; items: LocatedValue[]; at: Position }
  | { kind: "object"; entries: LocatedEntry[]; at: Position }
  | { kind: "unresolved"; expr: string; at: Position }
  | { kind: "choice"; condition: string; options: LocatedValue[]; at: Position }
  | { kind: "absent"; at: Position };

export interface LocatedEntry {
  key: string;
  keyAt: Position;
  value: LocatedValue;
}

export type PolicyKind = "identity" | "trust" | "resource" | "scp" | "boundary" | "session";

/** How the document was written: IAM002 only judges documents written by hand. */
export type PolicyOrigin =
  | "jsonencode" // Terraform jsonencode({...})
  | "heredoc" // Terraform <<EOF ... EOF
  | "json-string" // a JSON string literal (Terraform, CloudFormation)
  | "file" // Terraform file()/templatefile()
  | "policy-document" // data "aws_iam_policy_document" (the provider renders Version 2012-10-17)
  | "cloudformation" // a CloudFormation/SAM map written in the template
  | "sam-template" // a SAM policy template (SAM supplies the document)
  | "attributes" // a resource whose attributes form a policy (aws_lambda_permission, AWS::Lambda::Permission)
  | "plan" // terraform show -json
  | "policy-file"; // a standalone policy JSON file

export interface PolicySource {
  kind: PolicyKind;
  /** Terraform address (`aws_iam_role.dev`, `data.aws_iam_policy_document.x`) or CloudFormation logical id. */
  resource: string;
  /** `aws_iam_role`, `AWS::IAM::Role`, `policy-json`... */
  resourceType: string;
  /** The attribute or property the document was written in: `assume_role_policy`, `Policies[0].PolicyDocument`. */
  property: string;
  origin: PolicyOrigin;
  /** Where the document is written (the whole expression or block). */
  at: Position;
  document: LocatedValue;
  /** Principals the document applies to (addresses); empty for resource policies and unused documents. */
  attachedTo: string[];
  /** Inline policy name, managed policy name, when written literally. */
  name?: string;
  /** CloudFormation resource `Condition`, when the resource is conditional. */
  condition?: string;
}

/** A managed policy attached to a principal by ARN (AWS managed, or customer managed defined elsewhere). */
export interface PolicyAttachment {
  /** The principal address (`aws_iam_role.dev`), or `<unresolved:EXPR>` when it cannot be known. */
  principal: string;
  principalType: "role" | "user" | "group" | "unknown";
  /** The ARN as written; a string node (possibly with markers) or an unresolved value. */
  policyArn: LocatedValue;
  /** The address of the policy defined in the scan, when the ARN refers to one (`aws_iam_policy.deploy`). */
  policyResource?: string;
  /** `managed_policy_arns`, `ManagedPolicyArns[2]`, `permissions_boundary`, `Policies[1]` (SAM). */
  via: string;
  /** The resource that makes the attachment (`aws_iam_role_policy_attachment.x`, the role itself...). */
  resource: string;
  boundary: boolean;
  /**
   * The policy is named by its bare name (SAM `Policies: [AWSLambdaExecute]`): AWS resolves its path, so the
   * `policyArn` built from the name may lack the real path (`service-role/`).
   */
  byName?: boolean;
  at: Position;
}

/** A non-policy resource some rules need (access keys, trails, password policy, instances, providers). */
export interface IacResource {
  /** `aws_iam_access_key`, `AWS::CloudTrail::Trail`, `provider.aws`, `variable`... */
  type: string;
  address: string;
  at: Position;
  /** Terraform: the block body (attributes, nested blocks as arrays of objects). CloudFormation: `Properties`. */
  attributes: LocatedValue;
  /** CloudFormation resource `Metadata` (where `iam-review` suppressions live). */
  metadata?: LocatedValue;
  condition?: string;
}

export interface IacError {
  path: string;
  line: number;
  column?: number;
  message: string;
  /** The resource concerned, when the error is about one. */
  resource?: string;
  /** True when the error is a policy document that does not parse (reported as IAM001 by the rules). */
  policy?: boolean;
}

export type SourceFormat =
  | "terraform"
  | "cloudformation"
  | "policy-json"
  | "terraform-plan"
  | "other";

export interface ExtractResult {
  policies: PolicySource[];
  attachments: PolicyAttachment[];
  resources: IacResource[];
  errors: IacError[];
}

/** What a scanner can read: the files of the scan root, by relative POSIX path. Never reads outside it. */
export interface SourceReader {
  /** Returns the text, or undefined when the file does not exist within the root. */
  read(path: string): string | undefined;
}
