// Locks in how the bench judges its numbers against its targets (boundaries included), and the
// shape of the tables it prints and pastes into bench/README.md.
import { describe, expect, it } from 'vitest';
import { checkTargets, markdownTable, targetRows, textTable } from '../../bench/lib/report.js';

const watch = {
  tasks: 1000,
  intervalMs: 2000,
  zadigCallsPerTaskPerInterval: 1,
  chatCallsPerTask: 2.5,
  statusChangesPerTask: 0.5,
  cpuPercent: 49.9,
  rssMB: 120,
  lagP95Ms: 2250,
};

describe('checkTargets', () => {
  it('meets every target exactly at its bound', () => {
    const checks = checkTargets({
      ack: { bot: { p50Ms: 1, p99Ms: 49.99 }, floor: { p50Ms: 1, p99Ms: 25 }, p99Ratio: 2 },
      watch,
      push: { lagP95Ms: 50 },
    });
    expect(checks).toHaveLength(8);
    expect(checks.filter((c) => !c.met)).toEqual([]);
  });

  it('misses each target just past its bound', () => {
    const checks = checkTargets({
      ack: { bot: { p50Ms: 1, p99Ms: 50 }, floor: { p50Ms: 1, p99Ms: 24 }, p99Ratio: 2.01 },
      watch: {
        ...watch,
        zadigCallsPerTaskPerInterval: 1.01,
        chatCallsPerTask: 2.51,
        cpuPercent: 50,
        rssMB: 120.1,
        lagP95Ms: 2251,
      },
      push: { lagP95Ms: 50.1 },
    });
    expect(checks.every((c) => !c.met)).toBe(true);
  });

  it('checks only what a partial run measured, with the lag bound from its interval', () => {
    const checks = checkTargets({ watch: { ...watch, intervalMs: 5000, lagP95Ms: 5200 } });
    expect(checks.map((c) => c.area)).toEqual(['watch', 'watch', 'watch', 'watch', 'watch']);
    expect(checks.find((c) => c.metric.startsWith('notification lag'))).toMatchObject({
      target: '≤ 5250',
      met: true,
    });
    expect(checkTargets({})).toEqual([]);
  });
});

describe('tables', () => {
  it('pads text columns and writes Markdown with a header rule', () => {
    expect(
      textTable([
        ['a', 'bb'],
        ['ccc', 'd'],
      ]),
    ).toBe('a    bb\nccc  d');
    expect(
      markdownTable([
        ['x', 'y'],
        ['1', '2'],
      ]),
    ).toBe('| x | y |\n| --- | --- |\n| 1 | 2 |');
    expect(markdownTable([])).toBe('');
  });

  it('marks missed targets in capitals', () => {
    const rows = targetRows(checkTargets({ push: { lagP95Ms: 200 } }));
    expect(rows).toEqual([
      ['area', 'metric', 'measured', 'target', 'met'],
      ['push', 'webhook → card edit p95 (ms)', '200', '≤ 50', 'NO'],
    ]);
  });
});
