/**
 * A small HTTP load generator (undici Pool): `connections` workers each send a request, wait for the
 * answer and send the next, for `durationMs` (closed loop, as autocannon does). With `ratePerSec` the
 * workers instead take turns on a fixed schedule (open loop, at most `connections` in flight), which
 * shows the latency at a given traffic level rather than at saturation. Returns latency percentiles.
 * In-repo instead of autocannon so the benchmark needs nothing beyond the project's dependencies.
 */
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { Pool } from 'undici';

export interface LoadOptions {
  url: string;
  path: string;
  connections: number;
  durationMs: number;
  /** Open loop: start this many requests per second in total (default: closed loop, as fast as answered). */
  ratePerSec?: number;
  /** Per-request bound on waiting for headers and body (default 30 000 ms). */
  timeoutMs?: number;
  /** Builds each request (fresh signature/timestamp per request). */
  makeRequest: () => { headers: Record<string, string>; body: string };
  /** Answers whose body contains this are counted as refused (`busy`) and timed apart as well. */
  busyMarker?: string;
}

export interface LoadResult {
  requests: number;
  errors: number;
  non2xx: number;
  rps: number;
  p50Ms: number;
  p90Ms: number;
  p99Ms: number;
  maxMs: number;
  /** Answers that carried `busyMarker` (the server refused the work), and the latency of the others. */
  busy: number;
  admitted: { p50Ms: number; p99Ms: number };
  /** The refusals' own latency. */
  refused: { p50Ms: number; p99Ms: number };
  /**
   * When each admitted answer arrived (epoch ms, `performance.timeOrigin + now()`, comparable across
   * processes of one machine), ascending: the start of each command's reply latency.
   */
  admittedAt: number[];
  /** The first transport error, if any (for the report). */
  firstError?: string;
  /** Per second of the run (by completion time): answers and their worst latency. */
  timeline: { second: number; answers: number; busy: number; maxMs: number }[];
}

/** Nearest-rank percentile of an ascending array (0 when empty). */
export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  const idx = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[idx] ?? 0;
}

export async function runLoad(opts: LoadOptions): Promise<LoadResult> {
  const timeout = opts.timeoutMs ?? 30_000;
  const pool = new Pool(opts.url, {
    connections: opts.connections,
    pipelining: 1,
    headersTimeout: timeout,
    bodyTimeout: timeout,
  });
  const latencies: number[] = [];
  const admitted: number[] = [];
  const admittedAt: number[] = [];
  const refusedMs: number[] = [];
  let busy = 0;
  const buckets = new Map<number, { answers: number; busy: number; maxMs: number }>();
  let errors = 0;
  let non2xx = 0;
  let firstError: string | undefined;
  const started = performance.now();
  const deadline = started + opts.durationMs;
  const gap = opts.ratePerSec ? 1000 / opts.ratePerSec : 0;
  let nextSlot = started;

  async function worker() {
    while (performance.now() < deadline) {
      if (gap > 0) {
        const slot = nextSlot;
        nextSlot += gap;
        if (slot >= deadline) return;
        const wait = slot - performance.now();
        if (wait > 1) await sleep(wait);
      }
      const { headers, body } = opts.makeRequest();
      const t0 = performance.now();
      try {
        const res = await pool.request({ method: 'POST', path: opts.path, headers, body });
        const refused = opts.busyMarker ? (await res.body.text()).includes(opts.busyMarker) : false;
        if (!opts.busyMarker) await res.body.dump();
        const t1 = performance.now();
        latencies.push(t1 - t0);
        if (refused) {
          busy++;
          refusedMs.push(t1 - t0);
        } else {
          admitted.push(t1 - t0);
          if (opts.busyMarker) admittedAt.push(performance.timeOrigin + t1);
        }
        const second = Math.floor((t1 - started) / 1000);
        const b = buckets.get(second) ?? { answers: 0, busy: 0, maxMs: 0 };
        b.answers++;
        if (refused) b.busy++;
        b.maxMs = Math.max(b.maxMs, t1 - t0);
        buckets.set(second, b);
        if (res.statusCode < 200 || res.statusCode >= 300) non2xx++;
      } catch (e) {
        errors++;
        firstError ??= e instanceof Error ? e.message : String(e);
      }
    }
  }

  await Promise.all(Array.from({ length: opts.connections }, worker));
  const elapsed = performance.now() - started;
  await pool.close();
  latencies.sort((a, b) => a - b);
  admitted.sort((a, b) => a - b);
  refusedMs.sort((a, b) => a - b);
  admittedAt.sort((a, b) => a - b);
  const round = (n: number) => Math.round(n * 100) / 100;
  return {
    requests: latencies.length,
    errors,
    non2xx,
    rps: round(latencies.length / (elapsed / 1000)),
    p50Ms: round(percentile(latencies, 50)),
    p90Ms: round(percentile(latencies, 90)),
    p99Ms: round(percentile(latencies, 99)),
    maxMs: round(latencies[latencies.length - 1] ?? 0),
    busy,
    admitted: { p50Ms: round(percentile(admitted, 50)), p99Ms: round(percentile(admitted, 99)) },
    refused: { p50Ms: round(percentile(refusedMs, 50)), p99Ms: round(percentile(refusedMs, 99)) },
    admittedAt,
    ...(firstError ? { firstError } : {}),
    timeline: [...buckets]
      .sort((a, b) => a[0] - b[0])
      .map(([second, b]) => ({ second, answers: b.answers, busy: b.busy, maxMs: round(b.maxMs) })),
  };
}
