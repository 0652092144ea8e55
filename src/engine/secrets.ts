// AWS credentials written into files. Found here once, then masked everywhere: no output of the tool may
// repeat a secret it found (DESIGN.md "Secrets").

export type SecretKind = "access-key-id" | "secret-access-key";

export interface FoundSecret {
  kind: SecretKind;
  value: string;
  /** Character offset of the value in the text. */
  index: number;
}

// Long-term (AKIA) and temporary (ASIA) access key ids: 4-letter prefix and 16 upper-case letters or digits.
const ACCESS_KEY_ID = /(?<![A-Z0-9])(?:AKIA|ASIA)[A-Z0-9]{16}(?![A-Z0-9])/g;
// A secret access key is 40 base-64 characters; on its own that shape is too common (hashes, ids), so it
// counts only as the value of something named like a secret key.
const SECRET_ACCESS_KEY =
  /(?:secret[_-]?(?:access[_-]?)?key|SecretAccessKey|aws_secret|secretKey)["']?\s*(?:[:=]|=>)\s*["']?([A-Za-z0-9/+]{40})(?![A-Za-z0-9/+=])/gi;

export function findSecrets(text: string): FoundSecret[] {
  const found: FoundSecret[] = [];
  for (const match of text.matchAll(ACCESS_KEY_ID)) {
    found.push({ kind: "access-key-id", value: match[0], index: match.index ?? 0 });
  }
  for (const match of text.matchAll(SECRET_ACCESS_KEY)) {
    const value = match[1];
    found.push({ kind: "secret-access-key", value, index: (match.index ?? 0) + match[0].lastIndexOf(value) });
  }
  return found.sort((a, b) => a.index - b.index);
}

/** `AKIAIOSFODNN7EXAMPLE` → `AKIA************MPLE`: enough to recognise the key, never enough to use it. */
export function maskSecret(value: string): string {
  if (value.length <= 8) return "*".repeat(value.length);
  return `${value.slice(0, 4)}${"*".repeat(value.length - 8)}${value.slice(-4)}`;
}

/**
 * Masks every access key id, every secret key written as a secret, and every value in `known` (secrets the
 * scan found elsewhere, which may appear here without their telltale name).
 */
export function maskSecrets(text: string, known: ReadonlySet<string> = new Set()): string {
  let masked = text;
  for (const value of known) if (masked.includes(value)) masked = masked.split(value).join(maskSecret(value));
  const secrets = findSecrets(masked);
  for (let i = secrets.length - 1; i >= 0; i--) {
    const { value, index } = secrets[i];
    masked = masked.slice(0, index) + maskSecret(value) + masked.slice(index + value.length);
  }
  return masked;
}

/**
 * Masks every string inside a plain value (a review result, a payload), in place: the value must belong to
 * the caller. In place because a review of a large repository holds megabytes of located documents, and a
 * copy would double the memory for the few strings that change.
 */
export function maskInPlace<T>(value: T, known: ReadonlySet<string> = new Set()): T {
  const seen = new Set<object>();
  const pending: object[] = [];
  const visit = (node: unknown) => {
    if (typeof node === "object" && node !== null && !seen.has(node)) {
      seen.add(node);
      pending.push(node);
    }
  };
  visit(value);
  while (pending.length > 0) {
    const node = pending.pop() as Record<string, unknown> | unknown[];
    if (Array.isArray(node)) {
      node.forEach((item, index) => {
        if (typeof item === "string") node[index] = maskSecrets(item, known);
        else visit(item);
      });
      continue;
    }
    for (const [key, child] of Object.entries(node)) {
      if (typeof child === "string") {
        const masked = maskSecrets(child, known);
        if (masked !== child) node[key] = masked;
      } else visit(child);
    }
  }
  return value;
}
