/**
 * Small numeric helpers shared by the benchmarks: percentiles (nearest-rank, the same definition
 * `load.ts` uses), summaries of latency samples, rounding, and CPU percentages from `process.cpuUsage()`.
 */
import { percentile } from '../load.js';

export { percentile };

/** Rounds to `digits` decimals (results.json keeps numbers short). */
export function round(n: number, digits = 2): number {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}

/** p50/p95/p99/max/mean of latency samples in ms; all zero when there are none. */
export interface LatencySummary {
  count: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  maxMs: number;
  meanMs: number;
}

/** Summarises samples (any order; the input is not modified). */
export function summarize(samples: readonly number[]): LatencySummary {
  const sorted = [...samples].sort((a, b) => a - b);
  const sum = sorted.reduce((s, v) => s + v, 0);
  return {
    count: sorted.length,
    p50Ms: round(percentile(sorted, 50)),
    p95Ms: round(percentile(sorted, 95)),
    p99Ms: round(percentile(sorted, 99)),
    maxMs: round(sorted[sorted.length - 1] ?? 0),
    meanMs: round(sorted.length ? sum / sorted.length : 0),
  };
}

/** CPU time (user + system, µs) as `process.cpuUsage()` reports it. */
export interface CpuSample {
  user: number;
  system: number;
}

/** Percent of ONE core used between two `process.cpuUsage()` samples taken `wallMs` apart. */
export function cpuPercent(start: CpuSample, end: CpuSample, wallMs: number): number {
  if (wallMs <= 0) return 0;
  const usedUs = end.user - start.user + (end.system - start.system);
  return round((usedUs / 1000 / wallMs) * 100, 1);
}

/** Bytes → MB (10^6, as `ps` and most dashboards show RSS). */
export function toMB(bytes: number): number {
  return round(bytes / 1e6, 1);
}
