/**
 * `stats [--project P] [--days N]`: the overview plus build, deploy, test and release statistics for
 * the last N days. A part Zadig refuses (licence gate) is left out; if every part fails, the first
 * failure is the reply.
 */
import { statsMessage } from '../../notifications/views/index.js';
import { defineHandler } from '../context.js';
import { checkProject } from '../resolve.js';

const DAY_S = 86_400;

export const stats = defineHandler('stats', async (intent, ctx) => {
  const projectKey = intent.project ? await checkProject(ctx, intent.project) : undefined;
  if (projectKey) ctx.project = projectKey;
  const endDate = Math.floor(ctx.now() / 1000);
  const range = { startDate: endDate - intent.days * DAY_S, endDate, ...(projectKey ? { projectKey } : {}) };
  const r = ctx.reader;
  const parts = await Promise.allSettled([
    r.statsOverview(),
    r.statsBuild(range),
    r.statsDeploy(range),
    r.statsTest(range),
    r.statsRelease(range),
  ]);
  if (parts.every((p) => p.status === 'rejected')) throw (parts[0] as PromiseRejectedResult).reason;
  const ok = <T>(p: PromiseSettledResult<T>): T | null => (p.status === 'fulfilled' ? p.value : null);
  for (const p of parts) if (p.status === 'rejected') ctx.log.info({ err: p.reason }, 'stats part unavailable');
  const [overview, build, deploy, test, release] = parts;
  return {
    reply: statsMessage(
      {
        overview: ok(overview!) as Awaited<ReturnType<typeof r.statsOverview>> | null,
        build: ok(build!) as Awaited<ReturnType<typeof r.statsBuild>> | null,
        deploy: ok(deploy!) as Awaited<ReturnType<typeof r.statsDeploy>> | null,
        test: ok(test!) as Awaited<ReturnType<typeof r.statsTest>> | null,
        release: ok(release!) as Awaited<ReturnType<typeof r.statsRelease>> | null,
        days: intent.days,
        ...(projectKey ? { projectKey } : {}),
      },
      ctx.view,
    ),
  };
});
