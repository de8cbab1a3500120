/**
 * Work an adapter took on and is still doing after its platform got the answer (commands behind an
 * ack, replies being sent): remembered so a graceful stop can wait for it. Failures are logged by
 * whoever started the work; here they only end it.
 */
export class InFlight {
  readonly #work = new Set<Promise<unknown>>();

  /** Remembers `work` until it settles; returns it unchanged. */
  track<T>(work: Promise<T>): Promise<T> {
    const settled: Promise<unknown> = work.then(
      () => this.#work.delete(settled),
      () => this.#work.delete(settled),
    );
    this.#work.add(settled);
    return work;
  }

  get size(): number {
    return this.#work.size;
  }

  /** Resolves once nothing is in flight (work started meanwhile is waited for too). */
  async idle(): Promise<void> {
    while (this.#work.size > 0) await Promise.allSettled([...this.#work]);
  }

  /** `idle()`, but no longer than `timeoutMs` (a hung chat API must not hold a shutdown forever). */
  async drain(timeoutMs: number): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      this.idle(),
      new Promise<void>((resolve) => {
        timer = setTimeout(resolve, timeoutMs);
        timer.unref?.();
      }),
    ]);
    clearTimeout(timer);
  }
}
