// Locks in the bench's numbers: nearest-rank percentiles, latency summaries, CPU % of one core from
// process.cpuUsage() samples, MB conversion, the notification-lag pairing (change → next poll → next
// edit) of the watch and push benchmarks, and the watch tallies (chat calls per task, watched time).
import { describe, expect, it } from 'vitest';
import { firstAtOrAfter, pairLags, pairPushLag } from '../../bench/lib/lag.js';
import { cpuPercent, percentile, round, summarize, toMB } from '../../bench/lib/stats.js';
import { chatCallsPerTask, lagReport, newTrack, watchedMs } from '../../bench/lib/watch-tally.js';

describe('percentile (nearest rank)', () => {
  const ten = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
  it.each([
    [50, 5],
    [90, 9],
    [95, 10],
    [99, 10],
    [100, 10],
    [0, 1],
    [10, 1],
    [11, 2],
  ])('p%i of 1..10 is %i', (p, v) => {
    expect(percentile(ten, p)).toBe(v);
  });

  it('is 0 for no samples and the sample itself for one', () => {
    expect(percentile([], 99)).toBe(0);
    expect(percentile([42], 1)).toBe(42);
    expect(percentile([42], 99)).toBe(42);
  });
});

describe('summarize', () => {
  it('sorts a copy and reports count, percentiles, max and mean', () => {
    const samples = [30, 10, 20, 40];
    const s = summarize(samples);
    expect(samples).toEqual([30, 10, 20, 40]);
    expect(s).toEqual({ count: 4, p50Ms: 20, p95Ms: 40, p99Ms: 40, maxMs: 40, meanMs: 25 });
  });

  it('is all zeros without samples', () => {
    expect(summarize([])).toEqual({ count: 0, p50Ms: 0, p95Ms: 0, p99Ms: 0, maxMs: 0, meanMs: 0 });
  });
});

describe('cpuPercent and toMB', () => {
  it('counts user and system time against the wall time, in % of one core', () => {
    expect(cpuPercent({ user: 0, system: 0 }, { user: 600_000, system: 400_000 }, 2000)).toBe(50);
    expect(cpuPercent({ user: 1000, system: 0 }, { user: 2_001_000, system: 0 }, 1000)).toBe(200);
    expect(cpuPercent({ user: 0, system: 0 }, { user: 5, system: 5 }, 0)).toBe(0);
  });

  it('rounds and converts bytes to MB (10^6)', () => {
    expect(round(1.23456, 2)).toBe(1.23);
    expect(toMB(250_000_000)).toBe(250);
    expect(toMB(1_234_567)).toBe(1.2);
  });
});

describe('lag pairing', () => {
  it('finds the first element at or after a time', () => {
    expect(firstAtOrAfter([1, 3, 3, 7], 3)).toBe(1);
    expect(firstAtOrAfter([1, 3, 3, 7], 4)).toBe(3);
    expect(firstAtOrAfter([1, 3, 3, 7], 8)).toBe(4);
    expect(firstAtOrAfter([], 0)).toBe(0);
  });

  it('pairs a change with the first edit after the first poll that follows it', () => {
    const p = pairLags({ changes: [100], polls: [50, 900, 2900], edits: [120, 1000, 3000] });
    // The edit at 120 carries what the poll at 50 saw: it does not show the change at 100.
    expect(p.lagsMs).toEqual([900]);
    expect(p.pollWaitMs).toEqual([800]);
    expect(p.pollToEditMs).toEqual([100]);
    expect(p.missed).toBe(0);
  });

  it('counts a change without a later poll or edit as missed', () => {
    expect(pairLags({ changes: [100, 5000], polls: [200, 6000], edits: [300] })).toEqual({
      lagsMs: [200],
      pollWaitMs: [100],
      pollToEditMs: [100],
      missed: 1,
    });
  });

  it('measures a push from the webhook, unless a poll edited the card first', () => {
    expect(pairPushLag(100, 105, [50, 140])).toEqual({ lagMs: 35, byPoll: false });
    expect(pairPushLag(100, 105, [103, 140])).toEqual({ byPoll: true });
    expect(pairPushLag(100, 105, [50])).toEqual({ byPoll: false });
  });
});

describe('watch tallies', () => {
  it('splits chat calls per task by kind and counts lookups as other', () => {
    const a = { ...newTrack(1, 'C1'), posts: 1, edits: [10, 20], finals: [30] };
    const b = { ...newTrack(2, 'C1'), posts: 1, edits: [15] };
    expect(chatCallsPerTask([a, b], 1)).toEqual({
      posts: 1,
      edits: 1.5,
      finals: 0.5,
      other: 0.5,
      total: 3.5,
    });
  });

  it('stops counting a task as watched once its final is out', () => {
    const done = { ...newTrack(1, 'C1'), finals: [400] };
    const open = newTrack(2, 'C1');
    const before = { ...newTrack(3, 'C1'), finals: [50] };
    expect(watchedMs([done, open, before], 100, 1100)).toBe(300 + 1000 + 0);
  });

  it('reports the lag of all tasks with its two parts', () => {
    const t = { ...newTrack(1, 'C1'), changes: [0, 5000], polls: [1000, 6500], edits: [1100, 6600] };
    const r = lagReport([t, newTrack(2, 'C2')]);
    expect(r).toMatchObject({
      count: 2,
      p50Ms: 1100,
      maxMs: 1600,
      missed: 0,
      pollWaitP95Ms: 1500,
      pollToEditP95Ms: 100,
    });
  });
});
