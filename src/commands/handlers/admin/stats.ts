/**
 * `stats [--project P] [--days N]`: build, deploy, test and release statistics for the last N days
 * (of one project with --project), plus Zadig's installation overview when no project is named. A part
 * Zadig refuses (licence gate) is left out; if every part fails, the first failure is the reply. The
 * reply is text at once; its chart (runs per day or week by result, success rate) follows from the worker.
 */
import type { I18nText } from '../../../notifications/message.js';
import { statsMessage } from '../../../notifications/views/index.js';
import { defineHandler } from '../../context.js';
import { checkProject } from '../../resolve.js';

const DAY_S = 86_400;

export const stats = defineHandler('stats', async (intent, ctx) => {
  const projectKey = intent.project ? await checkProject(ctx, intent.project) : undefined;
  if (projectKey) ctx.project = projectKey;
  const endDate = Math.floor(ctx.now() / 1000);
  const range = { startDate: endDate - intent.days * DAY_S, endDate, ...(projectKey ? { projectKey } : {}) };
  const r = ctx.reader;
  // Zadig's overview (projects, workflows, clusters, …) counts the whole installation and takes no project,
  // so a project's statistics leave it out rather than mix Zadig-wide numbers into them.
  const settled = await Promise.allSettled([
    projectKey ? Promise.resolve(null) : r.statsOverview(),
    r.statsBuild(range),
    r.statsDeploy(range),
    r.statsTest(range),
    r.statsRelease(range),
  ] as const);
  const failures = settled.filter((p): p is PromiseRejectedResult => p.status === 'rejected');
  if (failures.length === settled.length) throw failures[0]?.reason;
  for (const f of failures) ctx.log.info({ err: f.reason }, 'stats part unavailable');
  const [overview, build, deploy, test, release] = settled;
  const value = <T>(p: PromiseSettledResult<T>): T | null => (p.status === 'fulfilled' ? p.value : null);
  const reply = statsMessage(
    {
      overview: value(overview),
      build: value(build),
      deploy: value(deploy),
      test: value(test),
      release: value(release),
      days: intent.days,
      ...(projectKey ? { projectKey } : {}),
    },
    ctx.view,
  );
  return {
    reply,
    // The worker draws the same numbers as a chart and posts it after this reply.
    chart: {
      input: {
        title: reply.title as I18nText,
        build: value(build),
        deploy: value(deploy),
        test: value(test),
      },
      locale: ctx.locale,
    },
  };
});
