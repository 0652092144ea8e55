import { EventEmitter } from "node:events";
import { describe, expect, it } from "vitest";
import { slicesOf, writeInSlices, type SliceSink } from "../../src/cli/output.js";

describe("slicesOf", () => {
  it("gives a short text in one piece", () => {
    expect(slicesOf("hello", 10)).toEqual(["hello"]);
  });

  it("cuts a long text into slices of at most the given length that join to the text", () => {
    const text = "abcdefghij".repeat(25);
    const slices = slicesOf(text, 16);
    expect(slices.join("")).toBe(text);
    expect(slices.every((slice) => slice.length <= 16)).toBe(true);
    expect(slices.length).toBe(Math.ceil(text.length / 16));
  });

  it("never splits a surrogate pair, so every slice encodes to valid UTF-8", () => {
    // "🙂" is two UTF-16 code units; placed to straddle every possible slice boundary.
    for (let offset = 0; offset < 8; offset++) {
      const text = `${"a".repeat(offset)}${"🙂".repeat(20)}b`;
      const slices = slicesOf(text, 7);
      expect(slices.join("")).toBe(text);
      // A lone surrogate would come back from UTF-8 as U+FFFD.
      for (const slice of slices) expect(Buffer.from(slice, "utf8").toString("utf8")).toBe(slice);
    }
  });
});

/** A stream that accepts `capacity` slices, then asks to wait until `drain()` is called. */
class SlowSink extends EventEmitter implements SliceSink {
  readonly written: string[] = [];
  private queued = 0;
  maxQueued = 0;

  constructor(private readonly capacity: number) {
    super();
  }

  write(slice: string): boolean {
    this.written.push(slice);
    this.queued++;
    this.maxQueued = Math.max(this.maxQueued, this.queued);
    return this.queued < this.capacity;
  }

  drain(): void {
    this.queued = 0;
    this.emit("drain");
  }
}

describe("writeInSlices", () => {
  it("writes everything at once when the sink never asks to wait", () => {
    const sink = new SlowSink(Number.POSITIVE_INFINITY);
    expect(writeInSlices(sink, "x".repeat(100), 8)).toBeUndefined();
    expect(sink.written.join("")).toBe("x".repeat(100));
  });

  it("waits for the sink to drain before writing more, so no more than its capacity is ever queued", async () => {
    const sink = new SlowSink(3);
    const text = Array.from({ length: 50 }, (_, index) => String(index).padStart(4, "0")).join("");
    const done = writeInSlices(sink, text, 4);
    expect(done).toBeInstanceOf(Promise);
    let settled = false;
    void done!.then(() => (settled = true));
    expect(sink.written.length).toBe(3);
    while (!settled) {
      sink.drain();
      await new Promise((resolve) => setImmediate(resolve));
    }
    expect(sink.written.join("")).toBe(text);
    expect(sink.maxQueued).toBe(3);
  });
});
