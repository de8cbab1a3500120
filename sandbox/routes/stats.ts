/**
 * Insight statistics (reference §8.8), derived from the sandbox's own tasks, test runs and release
 * plans. Both the SRC (`projectKey`, `startTime`) and the DOC (`productNames`, `start_time`) spellings
 * of the query are read.
 */
import type { SandboxCore } from '../core.js';
import { isTerminal } from '../engine.js';
import { Errs } from '../errors.js';
import { type Ctx, q, type Route } from '../http-kit.js';
import { DAY, isoDate, toSec } from '../ids.js';

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
    projectKey: q(ctx, 'projectKey') || q(ctx, 'productNames') || q(ctx, 'project_name'),
    from: start ? Number(start) : now - 30 * 86_400,
    to: end ? Number(end) : now,
  };
}

function jobStats(core: SandboxCore, r: Range, type: 'zadig-build' | 'zadig-deploy') {
  const days = new Map<string, { success: number; failure: number }>();
  for (const t of core.state.tasks) {
    if (r.projectKey && t.projectKey !== r.projectKey) continue;
    for (const j of t.stages.flatMap((s) => s.jobs)) {
      if (j.type !== type || !isTerminal(j.status) || !j.endTime) continue;
      const sec = toSec(j.endTime);
      if (sec < r.from || sec > r.to) continue;
      const d = days.get(isoDate(j.endTime)) ?? { success: 0, failure: 0 };
      if (j.status === 'passed') d.success += 1;
      else d.failure += 1;
      days.set(isoDate(j.endTime), d);
    }
  }
  const data = [...days.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([date, d]) => ({ date, success: d.success, failure: d.failure, total: d.success + d.failure }));
  const success = data.reduce((s, d) => s + d.success, 0);
  return { total: data.reduce((s, d) => s + d.total, 0), success, data };
}

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
  const weeks = new Map<string, { success_count: number; timeout_count: number; failed_count: number }>();
  for (const x of all) {
    const weekStart = isoDate(x.end - ((new Date(x.end).getUTCDay() + 6) % 7) * DAY);
    const w = weeks.get(weekStart) ?? { success_count: 0, timeout_count: 0, failed_count: 0 };
    if (x.ok) w.success_count += 1;
    else if (x.timeout) w.timeout_count += 1;
    else w.failed_count += 1;
    weeks.set(weekStart, w);
  }
  return {
    case_count: core.state.tests
      .filter((t) => !r.projectKey || t.projectKey === r.projectKey)
      .reduce((s, t) => s + t.cases.length, 0),
    exec_count: all.length,
    success_count: all.filter((x) => x.ok).length,
    average_runtime: all.length ? Math.round(all.reduce((s, x) => s + x.cost, 0) / all.length / 1000) : 0,
    data: [...weeks.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([date, w]) => ({ date, ...w })),
  };
}

function releaseStats(ctx: Ctx, core: SandboxCore) {
  const from = Number(q(ctx, 'startTime') || q(ctx, 'start_time') || 0);
  const to = Number(q(ctx, 'endTime') || q(ctx, 'end_time') || 0);
  if (!from || !to) throw Errs.badRequest('startTime and endTime are required');
  if (to < from) throw Errs.badRequest('endTime must be greater than startTime');
  if (to - from > 365 * 86_400) throw Errs.badRequest('time range must be within 365 days');
  const days = new Map<string, { total: number; success_count: number; fail_count: number }>();
  for (const p of core.state.plans) {
    if (p.createTime < from || p.createTime > to) continue;
    const date = isoDate(p.createTime * 1000);
    const d = days.get(date) ?? { total: 0, success_count: 0, fail_count: 0 };
    d.total += 1;
    if (p.status === 'success') d.success_count += 1;
    if (['cancel', 'denied', 'timeout'].includes(p.status)) d.fail_count += 1;
    days.set(date, d);
  }
  const daily = [...days.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([date, d]) => ({ date, ...d }));
  return {
    total: daily.reduce((s, d) => s + d.total, 0),
    success_count: daily.reduce((s, d) => s + d.success_count, 0),
    daily_stat: daily,
  };
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
      handler: (ctx, core) => jobStats(core, range(ctx, core, 'startDate', 'endDate'), 'zadig-build'),
    },
    {
      method: 'GET',
      pattern: '/openapi/statistics/deploy',
      handler: (ctx, core) => {
        const s = jobStats(core, range(ctx, core, 'startDate', 'endDate'), 'zadig-deploy');
        return { success: s.success, total: s.total, data: s.data };
      },
    },
    {
      method: 'GET',
      pattern: '/openapi/statistics/test',
      handler: (ctx, core) => testStats(core, range(ctx, core, 'startDate', 'endDate')),
    },
    { method: 'GET', pattern: '/openapi/statistics/v2/release', handler: releaseStats },
  ];
}
