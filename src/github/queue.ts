// Reviews of one pull request run one at a time, and a burst of pushes is coalesced to the newest: while a
// review runs, only the latest request waits; the ones it replaces are told so (their check runs must still be
// completed). This is per process and best effort across replicas (DESIGN.md "Coordination without shared
// state"): GitHub's markers keep a second replica from repeating anything.

export interface QueuedJob {
  run(): Promise<void>;
  /** Called instead of `run` when a newer job for the same key replaced this one before it started. */
  superseded(): Promise<void>;
}

export class KeyedQueue {
  private readonly running = new Map<string, Promise<void>>();
  private readonly waiting = new Map<string, { job: QueuedJob; done: () => void }>();

  /** Resolves when the job has run or has been superseded. Never rejects: jobs handle their own errors. */
  enqueue(key: string, job: QueuedJob): Promise<void> {
    if (!this.running.has(key)) return this.start(key, job);
    return new Promise<void>((resolve) => {
      const previous = this.waiting.get(key);
      this.waiting.set(key, { job, done: resolve });
      if (previous) void settle(previous.job.superseded()).then(previous.done);
    });
  }

  /** True while a job for `key` runs or waits. */
  busy(key: string): boolean {
    return this.running.has(key) || this.waiting.has(key);
  }

  private start(key: string, job: QueuedJob): Promise<void> {
    const run = settle(job.run()).then(() => {
      const next = this.waiting.get(key);
      this.waiting.delete(key);
      this.running.delete(key);
      if (next) void this.start(key, next.job).then(next.done);
    });
    this.running.set(key, run);
    return run;
  }
}

async function settle(promise: Promise<void>): Promise<void> {
  try {
    await promise;
  } catch {
    // A job reports its own failures (its check run); the queue only keeps going.
  }
}

/**
 * Deliveries received recently, by their `X-GitHub-Delivery` id, which a redelivery keeps: the same delivery
 * handled twice would start a second review (GitHub's markers keep it from posting twice, but a second
 * check run is still noise). In process and bounded; a delivery whose handling threw is forgotten, so that a
 * manual redelivery can try again.
 */
export class RecentDeliveries {
  /** id → when it expires; insertion order is expiry order (one TTL for all). */
  private readonly seen = new Map<string, number>();

  constructor(
    private readonly ttlMs = 10 * 60_000,
    private readonly max = 10_000,
    private readonly now: () => number = Date.now,
  ) {}

  /** True when `id` was not seen within the TTL: the caller handles the delivery. */
  claim(id: string): boolean {
    const now = this.now();
    for (const [seenId, expires] of this.seen) {
      if (expires > now && this.seen.size <= this.max) break;
      this.seen.delete(seenId);
    }
    if (this.seen.has(id)) return false;
    this.seen.set(id, now + this.ttlMs);
    return true;
  }

  release(id: string): void {
    this.seen.delete(id);
  }
}
