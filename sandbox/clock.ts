/**
 * The sandbox's virtual clock. In 'manual' mode time only moves when the owner advances it, so tests are
 * deterministic; in 'real' mode a timer (owned by the sandbox) advances it with wall time.
 */
export class VirtualClock {
  private current: number;

  constructor(startMs: number) {
    this.current = startMs;
  }

  /** Current virtual time, ms since the epoch. */
  now(): number {
    return this.current;
  }

  /** Current virtual time, Unix seconds (Zadig's unit on the wire). */
  nowSec(): number {
    return Math.floor(this.current / 1000);
  }

  /** Moves time to `ms`; time never goes backwards. */
  set(ms: number): void {
    if (ms > this.current) this.current = ms;
  }
}
