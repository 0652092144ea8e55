import { MAX_FILE_BYTES } from "./located.js";
import type { IacError } from "./types.js";

const utf8 = new TextDecoder("utf-8", { fatal: true });

/**
 * Turns the bytes of a file into text, or an error entry that says why not. The checks run before any
 * parser sees the file, so a 50 MB or binary file costs nothing beyond reading its size.
 */
export function decodeSource(path: string, bytes: Uint8Array): { text: string } | { error: IacError } {
  const tooLarge = sizeError(path, bytes.byteLength);
  if (tooLarge) return { error: tooLarge };
  // A NUL byte in the first 8 KB is how git and most tools recognise a binary file.
  const head = bytes.subarray(0, 8192);
  if (head.includes(0)) {
    return { error: { path, line: 1, message: "binary file (contains NUL bytes): not analysed" } };
  }
  try {
    let text = utf8.decode(bytes);
    if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    return { text };
  } catch {
    return { error: { path, line: lineOfInvalidUtf8(bytes), message: "file is not valid UTF-8: not analysed" } };
  }
}

/** The error for a file over the size limit, so callers can refuse it before reading its bytes. */
export function sizeError(path: string, byteLength: number): IacError | undefined {
  if (byteLength <= MAX_FILE_BYTES) return undefined;
  const mb = (byteLength / (1024 * 1024)).toFixed(1);
  return { path, line: 1, message: `file is ${mb} MB, over the ${MAX_FILE_BYTES / (1024 * 1024)} MB limit: not analysed` };
}

function lineOfInvalidUtf8(bytes: Uint8Array): number {
  let line = 1;
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i];
    const length = b < 0x80 ? 1 : b >= 0xc2 && b < 0xe0 ? 2 : b >= 0xe0 && b < 0xf0 ? 3 : b >= 0xf0 && b < 0xf5 ? 4 : 0;
    if (length === 0) return line;
    for (let k = 1; k < length; k++) if ((bytes[i + k] & 0xc0) !== 0x80) return line;
    if (b === 10) line++;
    i += length;
  }
  return line;
}
