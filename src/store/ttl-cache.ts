/**
 * A small in-process TTL map, bounded (the oldest entry goes first when full; an expired entry is a
 * miss): what a notifier looks up on its platform (users by email, profiles, DM channels), and the
 * moment a shared Cache value is also served from the process (cache.ts).
 */
const MAX_ENTRIES = 10_000;

export class TtlCache<V> {
  readonly #map = new Map<string, { v: V; until: number }>();

  constructor(
    private readonly ttlMs: number,
    private readonly now: () => number = Date.now,
    private readonly max = MAX_ENTRIES,
  ) {}

  /** The value under `k` (wrapped, so a cached `undefined` is a hit), or undefined on a miss. */
  get(k: string): { v: V } | undefined {
    const e = this.#map.get(k);
    if (!e) return undefined;
    if (e.until <= this.now()) {
      this.#map.delete(k);
      return undefined;
    }
    return { v: e.v };
  }

  set(k: string, v: V, ttlMs = this.ttlMs): void {
    this.#map.delete(k);
    if (this.#map.size >= this.max) this.#map.delete(this.#map.keys().next().value as string);
    this.#map.set(k, { v, until: this.now() + ttlMs });
  }

  /** Forgets `k`. */
  delete(k: string): void {
    this.#map.delete(k);
  }
}
