// A whole template inside a string: `AWS::CloudFormation::StackSet.TemplateBody`. It is extracted like a file
// of its own, then every position is moved to where the string sits in the outer file and every address is
// prefixed with the stack set's logical id (`StackSet/InnerRole`).

import { position } from "../located.js";
import type { ExtractResult, Position } from "../types.js";
import type { StringSource } from "./parse.js";
import { moveValue, type Move } from "./positions.js";

/** How positions of the string's own text map to the file. */
export function positionMover(source: StringSource | undefined, stringAt: Position): Move {
  if (!source || source.layout === "approximate") return () => stringAt;
  const lineOffset = source.line - 1;
  const columnOffset = source.column - 1;
  return (at) => {
    const shift = (line: number, column: number | undefined) =>
      column === undefined || (source.layout === "exact" && line > 1) ? column : column + columnOffset;
    return position(at.path, at.startLine + lineOffset, at.endLine + lineOffset, shift(at.startLine, at.startColumn), shift(at.endLine, at.endColumn));
  };
}

export function relocateResult(result: ExtractResult, move: Move, prefix: string): ExtractResult {
  const address = (id: string) => `${prefix}/${id}`;
  return {
    policies: result.policies.map((policy) => ({
      ...policy,
      resource: address(policy.resource),
      attachedTo: policy.attachedTo.map(address),
      at: move(policy.at),
      document: moveValue(policy.document, move),
    })),
    attachments: result.attachments.map((attachment) => ({
      ...attachment,
      principal: attachment.principal.startsWith("<unresolved:") ? attachment.principal : address(attachment.principal),
      resource: address(attachment.resource),
      ...(attachment.policyResource !== undefined ? { policyResource: address(attachment.policyResource) } : {}),
      policyArn: moveValue(attachment.policyArn, move),
      at: move(attachment.at),
    })),
    resources: result.resources.map((resource) => ({
      ...resource,
      address: address(resource.address),
      at: move(resource.at),
      attributes: moveValue(resource.attributes, move),
    })),
    errors: result.errors.map((error) => {
      const at = move({ path: error.path, startLine: error.line, endLine: error.line, startColumn: error.column });
      return {
        ...error,
        line: at.startLine,
        ...(at.startColumn !== undefined ? { column: at.startColumn } : {}),
        ...(error.resource !== undefined ? { resource: address(error.resource) } : {}),
      };
    }),
  };
}
