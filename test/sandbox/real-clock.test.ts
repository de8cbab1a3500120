// Locks in that a real-clock sandbox (the console's, `npm run sandbox`'s) starts at the wall clock, so its
// seeded history lies in the days before today: the last 7 days of build statistics, asked for on the
// wall clock as the bot does, count the seeded builds, and release plans are named after their own month.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Sandbox, startSandbox } from '../../sandbox/index.js';
import { client } from './http.js';

const DAY_MS = 86_400_000;

let sb: Sandbox;
beforeAll(async () => {
  sb = await startSandbox({ clock: 'real' });
});
afterAll(() => sb?.close());

describe('sandbox on the real clock', () => {
  it('starts at now, with every seeded task in the week before', () => {
    expect(Math.abs(sb.now() - Date.now())).toBeLessThan(5000);
    const created = sb.tasks().map((t) => t.createdAt);
    expect(created.length).toBeGreaterThan(0);
    for (const at of created) {
      expect(at).toBeLessThanOrEqual(Date.now());
      expect(at).toBeGreaterThan(Date.now() - 7 * DAY_MS);
    }
  });

  it('counts the seeded builds in the last 7 days of statistics', async () => {
    const end = Math.floor(Date.now() / 1000);
    const r = await client(sb, 'zbot').get(
      `/openapi/statistics/build?startDate=${end - 7 * 86_400}&endDate=${end}`,
    );
    expect(r.status).toBe(200);
    expect(r.json.total).toBeGreaterThan(0);
  });

  it('names the monthly release plan after the month it was made in, whatever the start', async () => {
    for (const box of [sb, await startSandbox({ startTime: Date.UTC(2027, 5, 1, 9) })]) {
      try {
        const r = await client(box, 'zbot').get('/openapi/release_plan/v1?pageNum=1&pageSize=20');
        const monthly = (r.json.list as { name: string; create_time: number }[]).find((p) =>
          p.name.endsWith('monthly release'),
        );
        const made = new Date(monthly!.create_time * 1000);
        const month = `${made.getUTCFullYear()}.${String(made.getUTCMonth() + 1).padStart(2, '0')}`;
        expect(monthly!.name).toBe(`${month} monthly release`);
      } finally {
        if (box !== sb) await box.close();
      }
    }
  });

  it('keeps a fixed start when one is given (tests that need one inject it)', async () => {
    const fixed = await startSandbox({ startTime: Date.UTC(2026, 0, 5, 9) });
    try {
      expect(fixed.now()).toBe(Date.UTC(2026, 0, 5, 9));
    } finally {
      await fixed.close();
    }
  });
});
