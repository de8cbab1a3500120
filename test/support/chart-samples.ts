/**
 * Statistics as a chart draws them: a few days of builds, a week of deploys, one test trend row and two
 * workflows' mean durations. Shared by the chart tests and the platform upload tests.
 */
import type { StatsChartInput } from '../../src/notifications/charts/stats-chart.js';

const days = ['2026-11-30', '2026-12-01', '2026-12-02', '2026-12-03'];
export const sampleChartInput: StatsChartInput = {
  title: { en: 'Weekly digest · demo', zh: '每周摘要 · demo' },
  build: {
    total: 999,
    success: 998,
    bucket: 'day',
    daily: days.map((date, i) => ({ date, success: 3 + i, failure: i % 2, total: 3 + i + (i % 2) })),
  },
  deploy: {
    total: 11,
    success: 9,
    bucket: 'week',
    daily: [{ date: '2026-11-30', success: 9, failure: 2, total: 11 }],
  },
  test: {
    caseCount: 40,
    execCount: 23,
    successCount: 20,
    averageRuntime: 95,
    trend: [{ date: '2026-12-03', success: 20, failure: 3, total: 23 }],
  },
  durations: [
    { name: 'build-deploy', seconds: 412 },
    { name: 'nightly', seconds: 61 },
  ],
};
