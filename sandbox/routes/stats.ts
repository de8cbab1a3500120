/**
 * Insight statistics (stat/handler: GetBuildStatForOpenAPI, GetDeployStatsOpenAPI, GetTestStatOpenAPI,
 * GetReleaseStatOpenAPI), derived from the sandbox's own tasks and test runs. The query names are the
 * source's: `projectKey`, `startDate`/`endDate` (v1) and `startTime`/`endTime` (v2 release).
 */
import type { SandboxCore } from '../core.js';
import { isTerminal } from '../engine.js';
import { Errs } from '../errors.js';
import { type Ctx, q, type Route } from '../http-kit.js';
import { DAY, isoDate, toSec } from '../ids.js';
import type { TaskJobRec } from '../model.js';

interface Range {
  projectKey: string;
  from: number;
  to: number;
}

function range(ctx: Ctx, core: SandboxCore, startName: string, endName: string): Range {
  const start = q(ctx, startName);
  const end = q(ctx, endName);
  if (!!start !== !!end) throw Errs.badRequest(`${startName} and ${endName} must be given together`);
  const now = core.clock.nowSec();
  return {
    projectKey: q(ctx, 'projectKey'),
    from: start ? Number(start) : now - 30 * 86_400,
    to: end ? Number(end) : now,
  };
}

/** Terminal jobs of `type` with their task's project. */
function jobsOf(core: SandboxCore, type: TaskJobRec['type'], projectKey: string) {
  return core.state.tasks.flatMap((t) =>
    projectKey && t.projectKey !== projectKey
      ? []
      : t.stages
          .flatMap((s) => s.jobs)
          .filter((j) => j.type === type && isTerminal(j.status) && j.endTime > 0)
          .map((j) => ({ job: j, projectKey: t.projectKey })),
  );
}

/** `GetBuildStats`: totals over the range and dashboardBuildDaily rows (`{date, success, failure, total}`). */
function buildStats(core: SandboxCore, r: Range) {
  const days = new Map<string, { success: number; failure: number }>();
  for (const { job: j } of jobsOf(core, 'zadig-build', r.projectKey)) {
    const sec = toSec(j.endTime);
    if (sec < r.from || sec > r.to) continue;
    const d = days.get(isoDate(j.endTime)) ?? { success: 0, failure: 0 };
    if (j.status === 'passed') d.success += 1;
    else d.failure += 1;
    days.set(isoDate(j.endTime), d);
  }
  const data = [...days.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([date, d]) => ({ date, success: d.success, failure: d.failure, total: d.success + d.failure }));
  const success = data.reduce((s, d) => s + d.success, 0);
  return { total: data.reduce((s, d) => s + d.total, 0), success, data };
}

/** Monday 00:00 UTC of the week holding `ms`. */
function mondayOf(ms: number): number {
  const day = Math.floor(ms / DAY) * DAY;
  return day - ((new Date(day).getUTCDay() + 6) % 7) * DAY;
}

/**
 * `GetDeployDashboard`: `total`/`success` count every deploy job of all time (GetDeployJobsStats(0, 0));
 * `data` is `GetDeployWeeklyTrend`: the weekly models.WeeklyDeployStat rows a Monday cron wrote for the
 * week before (picked by their create_time within the range), then the current week, counted live and
 * appended with create_time 0. Failures are `failed` and `timeout`; there is no total per row.
 */
function deployStats(core: SandboxCore, r: Range) {
  const jobs = jobsOf(core, 'zadig-deploy', r.projectKey);
  const weeks = new Map<number, { success: number; failed: number; timeout: number }>();
  for (const { job: j } of jobs) {
    const w = weeks.get(mondayOf(j.startTime)) ?? { success: 0, failed: 0, timeout: 0 };
    if (j.status === 'passed') w.success += 1;
    else if (j.status === 'failed') w.failed += 1;
    else if (j.status === 'timeout') w.timeout += 1;
    weeks.set(mondayOf(j.startTime), w);
  }
  const row = (monday: number, createTime: number) => ({
    production: false,
    success: weeks.get(monday)?.success ?? 0,
    rollback: 0,
    failed: weeks.get(monday)?.failed ?? 0,
    timeout: weeks.get(monday)?.timeout ?? 0,
    date: isoDate(monday),
    create_time: createTime,
  });
  const current = mondayOf(core.now());
  const written = [...weeks.keys()]
    .filter((m) => m < current)
    .map((m) => row(m, toSec(m + 7 * DAY)))
    .filter((w) => w.create_time >= r.from && w.create_time <= r.to)
    .sort((a, b) => a.create_time - b.create_time);
  return {
    total: jobs.length,
    success: jobs.filter(({ job }) => job.status === 'passed').length,
    data: [...written, row(current, 0)],
  };
}

/** config.Day: how many recorded days one test trend row sums. */
const TREND_DAYS = 7;

function testStats(core: SandboxCore, r: Range) {
  const runs = core.state.qualityTasks.filter(
    (t) => t.kind === 'test' && isTerminal(t.status) && (!r.projectKey || t.projectKey === r.projectKey),
  );
  const jobs = core.state.tasks.flatMap((t) =>
    t.stages
      .flatMap((s) => s.jobs)
      .filter(
        (j) =>
          j.type === 'zadig-test' && isTerminal(j.status) && (!r.projectKey || t.projectKey === r.projectKey),
      ),
  );
  const all = [
    ...runs.map((x) => ({
      ok: x.status === 'passed',
      timeout: x.status === 'timeout',
      end: x.endTime,
      cost: x.endTime - x.startTime,
    })),
    ...jobs.map((j) => ({
      ok: j.status === 'passed',
      timeout: j.status === 'timeout',
      end: j.endTime,
      cost: j.endTime - j.startTime,
    })),
  ].filter((x) => toSec(x.end) >= r.from && toSec(x.end) <= r.to);
  // GetTestTrendMeasure sums the per-day test_stat rows (one per day with tasks, written by a cron): at
  // most 7 recorded days give one row dated today; more are summed 7 recorded days at a time, each group
  // dated by its last day, and a last group of fewer than 7 days is left out.
  type Counts = { success_count: number; timeout_count: number; failed_count: number };
  const perDay = new Map<string, Counts>();
  for (const x of all) {
    const d = perDay.get(isoDate(x.end)) ?? { success_count: 0, timeout_count: 0, failed_count: 0 };
    if (x.ok) d.success_count += 1;
    else if (x.timeout) d.timeout_count += 1;
    else d.failed_count += 1;
    perDay.set(isoDate(x.end), d);
  }
  const dates = [...perDay.keys()].sort();
  const sum = (group: string[]): Counts =>
    group.reduce(
      (acc, date) => {
        const d = perDay.get(date) as Counts;
        return {
          success_count: acc.success_count + d.success_count,
          timeout_count: acc.timeout_count + d.timeout_count,
          failed_count: acc.failed_count + d.failed_count,
        };
      },
      { success_count: 0, timeout_count: 0, failed_count: 0 },
    );
  const data =
    dates.length <= TREND_DAYS
      ? [{ date: isoDate(core.now()), ...sum(dates) }]
      : Array.from({ length: Math.floor(dates.length / TREND_DAYS) }, (_, i) => {
          const group = dates.slice(i * TREND_DAYS, (i + 1) * TREND_DAYS);
          return { date: group[group.length - 1] as string, ...sum(group) };
        });
  return {
    case_count: core.state.tests
      .filter((t) => !r.projectKey || t.projectKey === r.projectKey)
      .reduce((s, t) => s + t.cases.length, 0),
    exec_count: all.length,
    success_count: all.filter((x) => x.ok).length,
    average_runtime: all.length ? Math.round(all.reduce((s, x) => s + x.cost, 0) / all.length / 1000) : 0,
    data,
  };
}

/**
 * `GetReleaseStatOpenAPI`: production deploy jobs started in [startTime, endTime), per start day
 * (`CalculateReleaseStatsFromJobList`). The rows come out of a Go map, so in no particular order: the
 * sandbox gives them newest first.
 */
function releaseStats(ctx: Ctx, core: SandboxCore) {
  const from = Number(q(ctx, 'startTime') || 0);
  const to = Number(q(ctx, 'endTime') || 0);
  if (!from || !to) throw Errs.badRequest('starTime and endTime is empty');
  if (to < from) throw Errs.badRequest('invalid time range');
  if (to - from > 365 * 86_400) throw Errs.badRequest('time range should be less than 365 days');
  const days = new Map<string, { total: number; success_count: number; fail_count: number }>();
  let success = 0;
  let total = 0;
  for (const { job: j, projectKey } of jobsOf(core, 'zadig-deploy', q(ctx, 'projectKey'))) {
    const started = toSec(j.startTime);
    if (started < from || started >= to) continue;
    if (!j.deploy || !core.state.env(projectKey, j.deploy.env, true)) continue;
    const d = days.get(isoDate(j.startTime)) ?? { total: 0, success_count: 0, fail_count: 0 };
    d.total += 1;
    total += 1;
    if (j.status === 'passed') {
      d.success_count += 1;
      success += 1;
    }
    if (j.status === 'failed' || j.status === 'timeout') d.fail_count += 1;
    days.set(isoDate(j.startTime), d);
  }
  const daily = [...days.entries()]
    .sort(([a], [b]) => b.localeCompare(a))
    .map(([date, d]) => ({ date, ...d }));
  return { total, success_count: success, daily_stat: daily };
}

export function statsRoutes(): Route[] {
  return [
    {
      method: 'GET',
      pattern: '/openapi/statistics/overview',
      handler: (_ctx, core) => ({
        project_count: core.state.projects.length,
        cluster_count: core.state.clusters.length,
        service_count: core.state.services.filter((s) => !s.production).length,
        workflow_count: core.state.workflows.length,
        env_count: core.state.envs.length,
        artifact_count: core.state.tasks
          .flatMap((t) => t.stages.flatMap((s) => s.jobs))
          .filter((j) => j.type === 'zadig-build' && j.status === 'passed').length,
      }),
    },
    {
      method: 'GET',
      pattern: '/openapi/statistics/build',
      handler: (ctx, core) => buildStats(core, range(ctx, core, 'startDate', 'endDate')),
    },
    {
      method: 'GET',
      pattern: '/openapi/statistics/deploy',
      handler: (ctx, core) => deployStats(core, range(ctx, core, 'startDate', 'endDate')),
    },
    {
      method: 'GET',
      pattern: '/openapi/statistics/test',
      handler: (ctx, core) => testStats(core, range(ctx, core, 'startDate', 'endDate')),
    },
    { method: 'GET', pattern: '/openapi/statistics/v2/release', handler: releaseStats },
  ];
}
