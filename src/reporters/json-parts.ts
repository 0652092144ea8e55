// A large JSON document as a sequence of texts that concatenate to exactly `JSON.stringify(document, null, 2)`.
// A JSON or SARIF report of a large repository is megabytes. Produced as one string, the runtime builds it
// from many pieces and copies it whole once more to write it; produced piece by piece, no text longer than
// one finding or one policy document exists, and memory stays flat however large the report.

/**
 * Yields the parts of `JSON.stringify(document, null, 2)`: objects and arrays are opened up to `depth` levels
 * (enough to reach each finding of a report or each result of a SARIF run); below that, each value is one part.
 */
export function* jsonDocumentParts(document: unknown, depth = 4): Generator<string> {
  yield* parts(document, "", depth);
}

function* parts(value: unknown, indent: string, depth: number): Generator<string> {
  if (depth === 0 || typeof value !== "object" || value === null || hasToJson(value)) {
    yield stringifiedAt(value, indent.length / 2);
    return;
  }
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    if (value.length === 0) {
      yield "[]";
      return;
    }
    yield "[";
    for (const [index, item] of (value as unknown[]).entries()) {
      yield `${index === 0 ? "" : ","}\n${inner}`;
      // JSON.stringify writes `null` for array items it cannot represent.
      yield* parts(isSerialisable(item) ? item : null, inner, depth - 1);
    }
    yield `\n${indent}]`;
    return;
  }
  const entries = Object.entries(value).filter(([, item]) => isSerialisable(item));
  if (entries.length === 0) {
    yield "{}";
    return;
  }
  yield "{";
  for (const [index, [key, item]] of entries.entries()) {
    yield `${index === 0 ? "" : ","}\n${inner}${JSON.stringify(key)}: `;
    yield* parts(item, inner, depth - 1);
  }
  yield `\n${indent}}`;
}

/**
 * `JSON.stringify(value, null, 2)` with every line after the first indented by `level` steps: the value
 * wrapped in `level` arrays is written by JSON.stringify at that indentation, and the wrapping cut off (faster
 * than indenting the text afterwards).
 */
function stringifiedAt(value: unknown, level: number): string {
  if (level === 0) return JSON.stringify(value, null, 2);
  let wrapped = value;
  for (let count = 0; count < level; count++) wrapped = [wrapped];
  const text = JSON.stringify(wrapped, null, 2);
  // Each level opens with `[`, a newline and its indentation, and closes with a newline, the indentation one
  // step less, and `]`.
  const opening = 2 * level + level * (level + 1);
  const closing = 2 * level + level * (level - 1);
  return text.slice(opening, text.length - closing);
}

function hasToJson(value: object): boolean {
  return typeof (value as { toJSON?: unknown }).toJSON === "function";
}

/** What JSON.stringify leaves out of objects (and writes as null in arrays). */
function isSerialisable(value: unknown): boolean {
  return value !== undefined && typeof value !== "function" && typeof value !== "symbol";
}
