// Locks in how the bench judges the approval cards: extra Zadig calls per approval ≤ 3, task waits →
// card p95 ≤ the poll interval + 250 ms without the webhook and ≤ 250 ms with it, at and just past each
// bound; a run with a card that never came misses its latency target whatever the percentiles say.
import { describe, expect, it } from 'vitest';
import { checkTargets } from '../../bench/lib/report.js';

const run = (calls: number, p95Ms: number, missed = 0) => ({
  extraCallsPerApproval: calls,
  waitToCard: { p95Ms },
  missed,
});

describe('checkTargets: approval cards', () => {
  it('meets every approval target exactly at its bound', () => {
    const checks = checkTargets({
      approvals: { intervalMs: 1000, poll: run(3, 1250), webhook: run(3, 250) },
    });
    expect(checks.map((c) => [c.area, c.target, c.met])).toEqual([
      ['approvals', '≤ 3', true],
      ['approvals', '≤ 1250', true],
      ['approvals', '≤ 250', true],
    ]);
  });

  it('misses each just past its bound, and the calls figure is the worse of the two runs', () => {
    const checks = checkTargets({
      approvals: { intervalMs: 2000, poll: run(3, 2250.1), webhook: run(3.01, 250.1) },
    });
    expect(checks.map((c) => [c.value, c.target, c.met])).toEqual([
      [3.01, '≤ 3', false],
      [2250.1, '≤ 2250', false],
      [250.1, '≤ 250', false],
    ]);
  });

  it('a missed card fails the latency target of its run', () => {
    const checks = checkTargets({
      approvals: { intervalMs: 1000, poll: run(2, 10, 1), webhook: run(2, 10) },
    });
    expect(checks.map((c) => c.met)).toEqual([true, false, true]);
  });
});
