/**
 * A small closed-loop HTTP load generator (undici Pool): `connections` workers each send a request,
 * wait for the answer and send the next, for `durationMs`. Returns latency percentiles.
 * In-repo instead of autocannon so the benchmark needs nothing beyond the project's dependencies.
 */
import { performance } from 'node:perf_hooks';
import { Pool } from 'undici';

export interface LoadOptions {
  url: string;
  path: string;
  connections: number;
  durationMs: number;
  /** Builds each request (fresh signature/timestamp per request). */
  makeRequest: () => { headers: Record<string, string>; body: string };
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
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  const idx = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[idx] ?? 0;
}

export async function runLoad(opts: LoadOptions): Promise<LoadResult> {
  const pool = new Pool(opts.url, { connections: opts.connections, pipelining: 1 });
  const latencies: number[] = [];
  let errors = 0;
  let non2xx = 0;
  const started = performance.now();
  const deadline = started + opts.durationMs;

  async function worker() {
    while (performance.now() < deadline) {
      const { headers, body } = opts.makeRequest();
      const t0 = performance.now();
      try {
        const res = await pool.request({ method: 'POST', path: opts.path, headers, body });
        await res.body.dump();
        latencies.push(performance.now() - t0);
        if (res.statusCode < 200 || res.statusCode >= 300) non2xx++;
      } catch {
        errors++;
      }
    }
  }

  await Promise.all(Array.from({ length: opts.connections }, worker));
  const elapsed = performance.now() - started;
  await pool.close();
  latencies.sort((a, b) => a - b);
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
  };
}
