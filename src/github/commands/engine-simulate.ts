// The real `/iam-review simulate`: the engine's simulateAs on the pull request head's scan, with the
// action's service loaded from the catalogue so "on any resource" knows its resource types.

import { principalAddresses, simulateAs } from "../../engine/simulate.js";
import { catalogue } from "../../iam/catalogue.js";
import type { SimulateCommand } from "./simulate.js";

/** A question the user has to ask differently; its message is the reply. */
export class SimulateRefusal extends Error {}

export const simulateWithEngine: SimulateCommand = async (head, request) => {
  if (!request.principal) {
    const known = principalAddresses(head.scan);
    const hint = known.length > 0 ? ` (principals in this pull request: ${known.slice(0, 10).join(", ")}${known.length > 10 ? ", …" : ""})` : "";
    throw new SimulateRefusal(`say whose policies to use with \`as ADDRESS\`${hint}`);
  }
  await catalogue.load([request.action]);
  const answer = simulateAs(
    head.scan,
    {
      address: request.principal,
      action: request.action,
      ...(request.resource !== undefined ? { resource: request.resource } : {}),
      context: request.context,
    },
    { catalogue },
  );
  return { ...answer, principal: answer.principal.address };
};
