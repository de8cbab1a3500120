/**
 * The Redis-free dedupe claim for adapter tests that are not about Redis: the first caller of a key wins
 * until its TTL ends, like the DedupeStore's `SET NX PX`. `keys` lists what was claimed, in order.
 */

/** A claim in a Map with expiry. */
export class MemoryClaim {
  readonly keys: string[] = [];
  readonly #until = new Map<string, number>();

  async claim(key: string, ttlMs: number): Promise<boolean> {
    const now = Date.now();
    if ((this.#until.get(key) ?? 0) > now) return false;
    this.#until.set(key, now + ttlMs);
    this.keys.push(key);
    return true;
  }
}
