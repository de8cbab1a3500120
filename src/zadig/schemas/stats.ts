/**
 * Schemas for insight statistics (§8.8). Every field is optional: the numbers default to 0.
 */
import { z } from 'zod';
import type { BuildStats, DailyStat, StatsOverview, TestStats } from '../api.js';
import { optArr, optNum, optStr } from './common.js';

/** `GET /openapi/statistics/overview`. */
export const overviewSchema = z
  .object({
    project_count: optNum,
    cluster_count: optNum,
    service_count: optNum,
    workflow_count: optNum,
    env_count: optNum,
    artifact_count: optNum,
  })
  .transform(
    (r): StatsOverview => ({
      projects: r.project_count,
      clusters: r.cluster_count,
      services: r.service_count,
      workflows: r.workflow_count,
      envs: r.env_count,
      artifacts: r.artifact_count,
    }),
  );

const daily = z
  .object({ date: optStr, success: optNum, failure: optNum, total: optNum })
  .transform((r): DailyStat => ({ date: r.date, success: r.success, failure: r.failure, total: r.total }));

const byDate = (a: DailyStat, b: DailyStat): number => a.date.localeCompare(b.date);

/**
 * `GET /openapi/statistics/build`: `dashboardBuild` (stat/service/build.go `GetBuildStats`)
 * `{total, success, data: [dashboardBuildDaily{date, success, failure, total}]}`.
 */
export const buildStatsSchema = z
  .object({ total: optNum, success: optNum, data: optArr(daily) })
  .transform(
    (r): BuildStats => ({ total: r.total, success: r.success, daily: r.data.sort(byDate), bucket: 'day' }),
  );

const weeklyDeploy = z
  .object({ date: optStr, success: optNum, failed: optNum, timeout: optNum })
  .transform((r): DailyStat => {
    const failure = r.failed + r.timeout;
    return { date: r.date, success: r.success, failure, total: r.success + failure };
  });

/**
 * `GET /openapi/statistics/deploy`: `DeployDashboard` (stat/service/deploy_stat_v2.go `GetDeployDashboard`)
 * `{total, success, data: [models.WeeklyDeployStat{production, success, rollback, failed, timeout, date,
 * create_time}]}`. The rows are weekly (date = the week's Monday), with no failure or total of their own:
 * failure = failed + timeout. The top-level `total`/`success` count every deploy of all time
 * (`GetDeployJobsStats(0, 0, …)`), so the period's figures are summed from the rows instead.
 */
export const deployStatsSchema = z.object({ data: optArr(weeklyDeploy) }).transform((r): BuildStats => {
  const rows = r.data.sort(byDate);
  return {
    total: rows.reduce((n, d) => n + d.total, 0),
    success: rows.reduce((n, d) => n + d.success, 0),
    daily: rows,
    bucket: 'week',
  };
});

const testTrendRow = z
  .object({ date: optStr, success_count: optNum, timeout_count: optNum, failed_count: optNum })
  .transform((r): DailyStat => {
    const failure = r.failed_count + r.timeout_count;
    return { date: r.date, success: r.success_count, failure, total: r.success_count + failure };
  });

/**
 * `GET /openapi/statistics/test`: `OpenAPITestStatResp` (stat/handler/test.go) `{case_count, exec_count,
 * success_count, average_runtime, data: [DailyTestStat{date, success_count, timeout_count, failed_count}]}`.
 * `data` is `GetTestTrendMeasure`'s `sum` (stat/service/test_stat.go): at most 7 recorded days give one
 * row dated today; more are summed in groups of 7 recorded days, each dated by its last day. Failure =
 * failed + timeout.
 */
export const testStatsSchema = z
  .object({
    case_count: optNum,
    exec_count: optNum,
    success_count: optNum,
    average_runtime: optNum,
    data: optArr(testTrendRow),
  })
  .transform(
    (r): TestStats => ({
      caseCount: r.case_count,
      execCount: r.exec_count,
      successCount: r.success_count,
      averageRuntime: r.average_runtime,
      trend: r.data.sort(byDate),
    }),
  );

const releaseDaily = z
  .object({ date: optStr, total: optNum, success_count: optNum, fail_count: optNum })
  .transform(
    (r): DailyStat => ({ date: r.date, success: r.success_count, failure: r.fail_count, total: r.total }),
  );

/**
 * `GET /openapi/statistics/v2/release`: `OpenAPIStatV2` (stat/service/release.go `GetReleaseStatOpenAPI`)
 * `{total, success_count, daily_stat: [DailyStat{date, total, success_count, fail_count}]}`, counting
 * production deploy jobs. The rows come out of a Go map, in no order: sorted here.
 */
export const releaseStatsSchema = z
  .object({ total: optNum, success_count: optNum, daily_stat: optArr(releaseDaily) })
  .transform(
    (r): BuildStats => ({
      total: r.total,
      success: r.success_count,
      daily: r.daily_stat.sort(byDate),
      bucket: 'day',
    }),
  );
