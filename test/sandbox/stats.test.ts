// Locks in the sandbox's insight statistics in the shapes the server's structs give them: build rows
// dashboardBuildDaily {date, success, failure, total}; deploy rows models.WeeklyDeployStat (weekly,
// {production, success, rollback, failed, timeout, date, create_time}, the current week last); test rows
// DailyTestStat; release = production deploy jobs per start day (OpenAPIStatV2).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Sandbox, startSandbox } from '../../sandbox/index.js';
import { client } from './http.js';

let sb: Sandbox;
beforeAll(async () => {
  sb = await startSandbox();
});
afterAll(() => sb.close());

const DAY = 86_400;

describe('sandbox statistics', () => {
  it('deploy: {total, success, data} with weekly WeeklyDeployStat rows, failures in failed/timeout', async () => {
    const now = Math.floor(sb.now() / 1000);
    const r = await client(sb, 'zbot').get(
      `/openapi/statistics/deploy?projectKey=demo&startDate=${now - 60 * DAY}&endDate=${now}`,
    );
    expect(Object.keys(r.json).sort()).toEqual(['data', 'success', 'total']);
    for (const row of r.json.data) {
      expect(Object.keys(row).sort()).toEqual([
        'create_time',
        'date',
        'failed',
        'production',
        'rollback',
        'success',
        'timeout',
      ]);
      expect(new Date(`${row.date}T00:00:00Z`).getUTCDay()).toBe(1);
    }
    const last = r.json.data.at(-1);
    expect(last.create_time).toBe(0);
    const failed = r.json.data.reduce((s: number, d: any) => s + d.failed + d.timeout, 0);
    expect(failed).toBeGreaterThan(0);
    expect(r.json.total).toBeGreaterThanOrEqual(r.json.success);
  });

  it('build rows are dashboardBuildDaily {date, success, failure, total}', async () => {
    const r = await client(sb, 'zbot').get('/openapi/statistics/build?projectKey=demo');
    expect(Object.keys(r.json).sort()).toEqual(['data', 'success', 'total']);
    for (const row of r.json.data)
      expect(Object.keys(row).sort()).toEqual(['date', 'failure', 'success', 'total']);
  });

  it('test: OpenAPITestStatResp with DailyTestStat rows', async () => {
    const r = await client(sb, 'zbot').get('/openapi/statistics/test?projectKey=demo');
    expect(Object.keys(r.json).sort()).toEqual([
      'average_runtime',
      'case_count',
      'data',
      'exec_count',
      'success_count',
    ]);
    for (const row of r.json.data) {
      expect(Object.keys(row).sort()).toEqual(['date', 'failed_count', 'success_count', 'timeout_count']);
    }
  });

  it('test rows follow GetTestTrendMeasure: one row dated today for a short period, sums of 7 recorded days for a long one', async () => {
    const c = client(sb, 'zbot');
    const now = Math.floor(sb.now() / 1000);
    const today = new Date(sb.now()).toISOString().slice(0, 10);
    const week = await c.get(`/openapi/statistics/test?startDate=${now - 7 * DAY}&endDate=${now}`);
    expect(week.json.data).toHaveLength(1);
    expect(week.json.data[0].date).toBe(today);
    const counted = (rows: any[]) =>
      rows.reduce((n: number, d: any) => n + d.success_count + d.failed_count + d.timeout_count, 0);
    expect(counted(week.json.data)).toBe(week.json.exec_count);
    const long = await c.get(`/openapi/statistics/test?startDate=${now - 90 * DAY}&endDate=${now}`);
    const dates = long.json.data.map((d: any) => d.date);
    expect(dates).toEqual([...dates].sort());
    // Whole groups only: what a last group of fewer than 7 days counted is not in any row.
    expect(counted(long.json.data)).toBeLessThanOrEqual(long.json.exec_count);
  });

  it('release counts production deploy jobs by start day; the range is required', async () => {
    const c = client(sb, 'zbot');
    const now = Math.floor(sb.now() / 1000);
    expect((await c.get('/openapi/statistics/v2/release?projectKey=demo')).status).toBe(400);
    const r = await c.get(
      `/openapi/statistics/v2/release?projectKey=demo&startTime=${now - 60 * DAY}&endTime=${now}`,
    );
    expect(Object.keys(r.json).sort()).toEqual(['daily_stat', 'success_count', 'total']);
    const total = r.json.daily_stat.reduce((s: number, d: any) => s + d.total, 0);
    expect(total).toBe(r.json.total);
    expect(total).toBeGreaterThan(0);
    // The rows come from a Go map: no order is promised.
    for (const row of r.json.daily_stat)
      expect(Object.keys(row).sort()).toEqual(['date', 'fail_count', 'success_count', 'total']);
  });
});
