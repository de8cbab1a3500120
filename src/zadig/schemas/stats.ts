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

/** `GET /openapi/statistics/build` and `/deploy`: `{total, success, data[]}`. */
export const buildStatsSchema = z
  .object({ total: optNum, success: optNum, data: optArr(daily) })
  .transform((r): BuildStats => ({ total: r.total, success: r.success, daily: r.data }));

/** `GET /openapi/statistics/test`. */
export const testStatsSchema = z
  .object({ case_count: optNum, exec_count: optNum, success_count: optNum, average_runtime: optNum })
  .transform(
    (r): TestStats => ({
      caseCount: r.case_count,
      execCount: r.exec_count,
      successCount: r.success_count,
      averageRuntime: r.average_runtime,
    }),
  );

const releaseDaily = z
  .object({ date: optStr, total: optNum, success_count: optNum, fail_count: optNum })
  .transform(
    (r): DailyStat => ({ date: r.date, success: r.success_count, failure: r.fail_count, total: r.total }),
  );

/** `GET /openapi/statistics/v2/release`: `{total, success_count, daily_stat[]}`. */
export const releaseStatsSchema = z
  .object({ total: optNum, success_count: optNum, daily_stat: optArr(releaseDaily) })
  .transform((r): BuildStats => ({ total: r.total, success: r.success_count, daily: r.daily_stat }));
