// Writing reports to stdout. A JSON or SARIF report of a large repository is several megabytes: handed to
// the stream as one string, it is first encoded into one buffer of the same size, on top of the string.
// Written in slices, each slice's buffer is short-lived; and when the reader of a pipe is slower than the
// writer, the next slice waits for it instead of queueing in memory.

/**
 * Characters per write; the stream encodes one slice at a time. Small enough that a slice is an ordinary
 * short-lived string even with two bytes per character (V8 keeps strings over 128 KB apart, until a full
 * collection).
 */
export const SLICE_LENGTH = 1 << 14;

/** Where slices go: a writable stream's `write` (false: wait for "drain") and `once`. */
export interface SliceSink {
  write(slice: string): boolean;
  once(event: "drain", listener: () => void): unknown;
}

/**
 * Writes `text` in slices, never splitting a surrogate pair (which would write two replacement characters),
 * and waits for the sink to drain whenever it asks: a pipe read slowly would otherwise queue the whole text.
 * Undefined when nothing had to wait.
 */
export function writeInSlices(sink: SliceSink, text: string, sliceLength = SLICE_LENGTH): Promise<void> | undefined {
  const slices = slicesOf(text, sliceLength);
  for (let index = 0; index < slices.length; index++) {
    if (!sink.write(slices[index])) return writeRest(sink, slices, index + 1);
  }
  return undefined;
}

async function writeRest(sink: SliceSink, slices: string[], from: number): Promise<void> {
  let index = from;
  while (index < slices.length) {
    await new Promise<void>((resolve) => sink.once("drain", resolve));
    while (index < slices.length && sink.write(slices[index++]));
  }
}

/** The slices of `text`: each at most `sliceLength` characters, no surrogate pair cut in two. */
export function slicesOf(text: string, sliceLength = SLICE_LENGTH): string[] {
  if (text.length <= sliceLength) return [text];
  const slices: string[] = [];
  let start = 0;
  while (start < text.length) {
    let end = Math.min(start + sliceLength, text.length);
    if (end < text.length && isHighSurrogate(text.charCodeAt(end - 1))) end -= 1;
    slices.push(text.slice(start, end));
    start = end;
  }
  return slices;
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}
