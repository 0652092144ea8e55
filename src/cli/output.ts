// Writing reports to stdout. A JSON or SARIF report of a large repository is several megabytes: handed to
// the stream as one string, it is first encoded into one buffer of the same size, on top of the string.
// Written in slices, each slice's buffer is short-lived.

/**
 * Characters per write; the stream encodes one slice at a time. Small enough that a slice is an ordinary
 * short-lived string even with two bytes per character (V8 keeps strings over 128 KB apart, until a full
 * collection).
 */
export const SLICE_LENGTH = 1 << 14;

/** Writes `text` in slices, never splitting a surrogate pair (which would write two replacement characters). */
export function writeInSlices(write: (slice: string) => void, text: string, sliceLength = SLICE_LENGTH): void {
  if (text.length <= sliceLength) {
    write(text);
    return;
  }
  let start = 0;
  while (start < text.length) {
    let end = Math.min(start + sliceLength, text.length);
    if (end < text.length && isHighSurrogate(text.charCodeAt(end - 1))) end -= 1;
    write(text.slice(start, end));
    start = end;
  }
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}
