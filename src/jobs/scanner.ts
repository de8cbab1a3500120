/**
 * The subscription scan: once per interval, one task-list call per subscribed WORKFLOW (never per
 * channel; `*` expands to the project's workflows, cached). Tasks newer than the highest id seen for
 * that workflow are new (started in the Zadig UI, by a git webhook, by cron…) and get followed: the
 * watcher fans them out to the subscribed chats. The first scan of a workflow only records the
 * baseline, so history is never announced.
 */
import { LuaScript } from '../store/lua.js';
import type { JobsContext } from './context.js';
import { ensureWatch } from './watch-start.js';

/** The literal workflow of a release-plan subscription (`subscribe plans`). */
export const PLANS_WORKFLOW = '@plans';

const WORKFLOWS_TTL_MS = 5 * 60_000;
const PAGE_SIZE = 20;
const CONCURRENCY = 4;

// KEYS: last-seen. ARGV: highest id in this listing, ttl. Returns the previous value, or -1 when this
// was the first scan (baseline recorded). Concurrent scans each get a distinct range of new ids.
const ADVANCE = new LuaScript(`
local cur = redis.call('GET', KEYS[1])
if not cur then
  redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
  return -1
end
cur = tonumber(cur)
if tonumber(ARGV[1]) > cur then redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
else redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return cur
`);

/**
 * How long a workflow's last-seen id outlives its last scan. A workflow unsubscribed for longer starts
 * from a new baseline when subscribed again, instead of announcing what happened in between.
 */
const LAST_SEEN_TTL_MS = 3600_000;

/** Every (project, workflow) to scan, `*` expanded, release plans left out. */
export async function workflowsToScan(ctx: JobsContext): Promise<{ projectKey: string; workflow: string }[]> {
  const out = new Map<string, { projectKey: string; workflow: string }>();
  for (const s of await ctx.stores.subscriptions.listWorkflowsToScan()) {
    if (s.workflow === PLANS_WORKFLOW) continue;
    let names = [s.workflow];
    if (s.workflow === '*') {
      try {
        names = await ctx.stores.cache.getOrLoad(
          `jobs-workflows:${s.projectKey}`,
          WORKFLOWS_TTL_MS,
          async () => (await ctx.zadig.listWorkflows(s.projectKey)).map((w) => w.key),
        );
      } catch (err) {
        ctx.log.warn({ err, projectKey: s.projectKey }, 'could not list workflows for a * subscription');
        continue;
      }
    }
    for (const workflow of names)
      out.set(`${s.projectKey}\n${workflow}`, { projectKey: s.projectKey, workflow });
  }
  return [...out.values()];
}

/** Scans one workflow; returns how many new tasks it started following. */
export async function scanWorkflow(ctx: JobsContext, projectKey: string, workflow: string): Promise<number> {
  const list = await ctx.zadig.listTasks(projectKey, workflow, { pageNum: 1, pageSize: PAGE_SIZE });
  const max = list.tasks.reduce((m, t) => Math.max(m, t.taskId), 0);
  const prev = Number(
    await ADVANCE.run(ctx.redis, [ctx.keys.lastSeen(projectKey, workflow)], [max, LAST_SEEN_TTL_MS]),
  );
  if (prev < 0) return 0;
  const fresh = list.tasks.filter((t) => t.taskId > prev).sort((a, b) => a.taskId - b.taskId);
  for (const t of fresh) {
    await ensureWatch(
      ctx,
      { kind: 'workflow', projectKey, name: workflow, taskId: t.taskId },
      { follow: true },
    );
  }
  return fresh.length;
}

/** One scan over every subscribed workflow. Failures of one workflow never stop the others. */
export async function scanSubscriptions(ctx: JobsContext): Promise<number> {
  const targets = await workflowsToScan(ctx);
  let found = 0;
  for (let i = 0; i < targets.length; i += CONCURRENCY) {
    const batch = targets.slice(i, i + CONCURRENCY);
    const results = await Promise.allSettled(batch.map((t) => scanWorkflow(ctx, t.projectKey, t.workflow)));
    results.forEach((r, j) => {
      if (r.status === 'fulfilled') found += r.value;
      else ctx.log.warn({ err: r.reason, ...batch[j] }, 'subscription scan of a workflow failed');
    });
  }
  return found;
}
