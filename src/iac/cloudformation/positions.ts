// Moving the positions of a located tree: JSON parsed out of a string is positioned relative to the string,
// and must land where the string sits in the file.

import type { LocatedValue, Position } from "../types.js";

export type Move = (at: Position) => Position;

/** Every node at one position: for strings whose escapes make exact positions impossible. */
export function relocate(value: LocatedValue, at: Position): LocatedValue {
  return moveValue(value, () => at);
}

export function moveValue(value: LocatedValue, move: Move): LocatedValue {
  switch (value.kind) {
    case "array":
      return { ...value, at: move(value.at), items: value.items.map((item) => moveValue(item, move)) };
    case "object":
      return {
        ...value,
        at: move(value.at),
        entries: value.entries.map((entry) => ({ key: entry.key, keyAt: move(entry.keyAt), value: moveValue(entry.value, move) })),
      };
    case "choice":
      return { ...value, at: move(value.at), options: value.options.map((option) => moveValue(option, move)) };
    default:
      return { ...value, at: move(value.at) };
  }
}
