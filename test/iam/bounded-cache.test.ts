import { describe, expect, it } from "vitest";
import { BoundedCache } from "../../src/iam/bounded-cache.js";

describe("BoundedCache", () => {
  it("computes a value once and keeps it", () => {
    const cache = new BoundedCache<string, number>(10);
    let calls = 0;
    const length = (key: string) => (calls++, key.length);
    expect(cache.get("abc", length)).toBe(3);
    expect(cache.get("abc", length)).toBe(3);
    expect(calls).toBe(1);
    expect(cache.find("abc")).toBe(3);
    expect(cache.find("other")).toBeUndefined();
  });

  it("forgets everything at its limit, so distinct keys cannot grow it without bound", () => {
    const cache = new BoundedCache<number, number>(3);
    for (const key of [1, 2, 3]) cache.keep(key, key);
    cache.keep(4, 4);
    expect([1, 2, 3, 4].map((key) => cache.find(key))).toEqual([undefined, undefined, undefined, 4]);
  });
});
