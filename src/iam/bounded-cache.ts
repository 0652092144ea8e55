// Memoisation of what is derived from scanned text (patterns, actions, rendered templates, answers): what a
// scan repeats is worked out once, and a flood of distinct keys (a fuzzer, a hostile file) cannot grow
// memory without limit: at the limit the cache forgets everything and starts again. Values are shared, so
// callers only read them.
export class BoundedCache<Key, Value> {
  private readonly entries = new Map<Key, Value>();

  constructor(private readonly limit: number) {}

  /** The value for `key`, computed on the first request and kept. */
  get(key: Key, compute: (key: Key) => Value): Value {
    let value = this.entries.get(key);
    if (value === undefined) {
      value = compute(key);
      this.keep(key, value);
    }
    return value;
  }

  /** The value kept for `key`, if any (for callers that compute it in the middle of other work). */
  find(key: Key): Value | undefined {
    return this.entries.get(key);
  }

  keep(key: Key, value: Value): void {
    if (this.entries.size >= this.limit) this.entries.clear();
    this.entries.set(key, value);
  }
}
