// Locks in the policy's freeze windows: recurring (weekday and time ranges in a time zone, daylight saving
// followed) and one-off windows are in force exactly between their bounds; start-up refuses an invalid or
// overlapping window and names every problem, as for the rest of the policy.
import { describe, expect, it } from 'vitest';
import {
  activeFreezes,
  type FreezeWindow,
  formatZoned,
  upcomingFreezes,
} from '../../src/commands/access/freeze-windows.js';
import { PolicyError, parsePolicy } from '../../src/commands/access/policy.js';

const NOW = Date.parse('2026-12-02T00:00:00Z'); // a Wednesday

function freezes(yaml: string): readonly FreezeWindow[] {
  return parsePolicy(yaml, { now: () => NOW }).freezes;
}

function problems(yaml: string): string[] {
  try {
    parsePolicy(yaml, { now: () => NOW });
  } catch (e) {
    if (e instanceof PolicyError) return e.problems;
    throw e;
  }
  return [];
}

const at = (iso: string) => Date.parse(iso);

describe('recurring windows', () => {
  const ws = freezes(`
freezes:
  - name: weekend
    reason: No production changes over the weekend
    timezone: Asia/Shanghai
    from: fri 18:00
    to: mon 09:00
    envs: [prod]
  - name: nightly
    reason: Backups run at night
    timezone: UTC
    days: [mon-fri]
    from: "22:00"
    to: "06:00"
    projects: [payments]
    envs: [dev]
`);

  it('a weekday-to-weekday window holds from Friday 18:00 to Monday 09:00 in its zone', () => {
    // Friday 18:00 Shanghai = 10:00 UTC.
    expect(activeFreezes(ws, 'demo', 'prod', at('2026-12-04T09:59:00Z'))).toEqual([]);
    const [span] = activeFreezes(ws, 'demo', 'prod', at('2026-12-04T10:00:00Z'));
    expect(span?.window.name).toBe('weekend');
    expect(formatZoned(span!.end, 'Asia/Shanghai')).toBe('2026-12-07 09:00');
    expect(activeFreezes(ws, 'demo', 'prod', at('2026-12-07T00:59:00Z'))).toHaveLength(1);
    expect(activeFreezes(ws, 'demo', 'prod', at('2026-12-07T01:00:00Z'))).toEqual([]);
  });

  it('covers only what it names: envs in any project, or those envs of the named projects', () => {
    const sat = at('2026-12-05T12:00:00Z');
    expect(activeFreezes(ws, 'payments', 'prod', sat)).toHaveLength(1);
    expect(activeFreezes(ws, 'demo', 'dev', sat)).toEqual([]);
    const tueNight = at('2026-12-01T23:00:00Z');
    expect(activeFreezes(ws, 'payments', 'dev', tueNight).map((s) => s.window.name)).toEqual(['nightly']);
    expect(activeFreezes(ws, 'demo', 'dev', tueNight)).toEqual([]);
  });

  it('a daily range that passes midnight ends the next morning; days outside the list are free', () => {
    expect(activeFreezes(ws, 'payments', 'dev', at('2026-12-02T05:59:00Z'))).toHaveLength(1);
    expect(activeFreezes(ws, 'payments', 'dev', at('2026-12-02T06:00:00Z'))).toEqual([]);
    // Saturday 23:00 is not a weekday night.
    expect(activeFreezes(ws, 'payments', 'dev', at('2026-12-05T23:00:00Z'))).toEqual([]);
  });

  it('the next windows of a project come in start order', () => {
    const next = upcomingFreezes(ws, 'payments', NOW);
    expect(next.map((s) => s.window.name)).toEqual(['nightly', 'weekend']);
    expect(new Date(next[0]!.start).toISOString()).toBe('2026-12-02T22:00:00.000Z');
  });

  it('follows daylight saving: 18:00 in Berlin is 16:00 UTC in summer and 17:00 UTC in winter', () => {
    const berlin = freezes(`
freezes:
  - name: friday
    reason: r
    timezone: Europe/Berlin
    from: fri 18:00
    to: fri 20:00
    envs: [prod]
`);
    expect(activeFreezes(berlin, 'demo', 'prod', at('2026-07-03T16:00:00Z'))).toHaveLength(1);
    expect(activeFreezes(berlin, 'demo', 'prod', at('2026-07-03T18:00:00Z'))).toEqual([]);
    expect(activeFreezes(berlin, 'demo', 'prod', at('2026-12-04T17:00:00Z'))).toHaveLength(1);
    expect(activeFreezes(berlin, 'demo', 'prod', at('2026-12-04T16:59:00Z'))).toEqual([]);
  });
});

describe('one-off windows', () => {
  it('hold from the first date to the second, in the window’s zone', () => {
    const ws = freezes(`
freezes:
  - name: new-year
    reason: Year-end freeze
    timezone: Asia/Shanghai
    from: 2026-12-31 18:00
    to: 2027-01-04
    projects: ["*"]
`);
    expect(activeFreezes(ws, 'any', 'dev', at('2026-12-31T09:59:00Z'))).toEqual([]);
    expect(activeFreezes(ws, 'any', 'dev', at('2026-12-31T10:00:00Z'))).toHaveLength(1);
    expect(activeFreezes(ws, 'any', 'dev', at('2027-01-03T15:59:00Z'))).toHaveLength(1);
    expect(activeFreezes(ws, 'any', 'dev', at('2027-01-03T16:00:00Z'))).toEqual([]);
  });
});

describe('start-up refuses invalid and overlapping windows, naming every problem', () => {
  it('names each invalid field', () => {
    const p = problems(`
freezes:
  - name: bad
    timezone: Mars/Olympus
    from: fri 25:00
    to: mon 09:00
  - name: backwards
    reason: r
    from: 2026-12-10
    to: 2026-12-09
    envs: [prod]
  - reason: no name
    from: "12:00"
    to: "13:00"
    days: [mon, funday]
    envs: [prod]
    color: blue
`);
    expect(p).toEqual(
      expect.arrayContaining([
        expect.stringContaining('freezes[0] (bad).reason'),
        expect.stringContaining('"Mars/Olympus" is not an IANA time zone'),
        expect.stringContaining('freezes[0] (bad): name the envs and/or projects'),
        expect.stringContaining('freezes[1] (backwards): to (2026-12-09) must be after from (2026-12-10)'),
        expect.stringContaining('freezes[2].name'),
        expect.stringContaining('freezes[2].color: unknown key'),
        expect.stringContaining('freezes[2].days: weekdays'),
      ]),
    );
    const weekly = problems(`
freezes:
  - name: w
    reason: r
    from: fri 25:00
    to: mon 09:00
    envs: [prod]
`);
    expect(weekly).toEqual([expect.stringContaining('"fri 25:00" is not a weekday and time')]);
  });

  it('refuses two windows that cover the same env at the same time', () => {
    const p = problems(`
freezes:
  - name: weekend
    reason: r
    from: fri 18:00
    to: mon 09:00
    envs: [prod]
  - name: friday-evening
    reason: r
    days: [fri]
    from: "17:00"
    to: "19:00"
    projects: [demo]
  - name: xmas
    reason: r
    from: 2026-12-26
    to: 2026-12-27
    envs: [prod]
  - name: payments-dev
    reason: r
    days: [fri]
    from: "17:00"
    to: "19:00"
    projects: [payments]
    envs: [dev]
`);
    expect(p).toEqual([
      expect.stringContaining('"weekend" and "friday-evening" overlap'),
      expect.stringContaining('"weekend" and "xmas" overlap'),
    ]);
  });

  it('a policy without freezes has none', () => {
    expect(parsePolicy('admins: [U1]').freezes).toEqual([]);
  });
});
