/**
 * The subscription scan: once per interval, one task-list call per subscribed WORKFLOW (never per
 * channel; `*` expands to the project's workflows, cached). Tasks newer than the highest id seen for
 * that workflow are new (started in the Zadig UI, by a git webhook, by cron…) and get followed: the
 * watcher fans them out to the subscribed chats. The first scan of a workflow records the baseline and
 * follows only the tasks created since the newest subscription covering it was made, so a task started
 * right after `subscribe` is announced and history never is.
 *
 * A retry re-runs a task under the same id. The scan remembers how each listed task last looked
 * (running, or ended at a given time); a task that had ended and is running again, or ended again at
 * another time, is a new run: its run counter goes up (so each chat may get a card for this run too)
 * and it is followed again.
 */
import { LuaScript } from '../store/lua.js';
import { isTerminal, type TaskSummary } from '../zadig/index.js';
import type { JobsContext } from './context.js';
import { taskKeyOf } from './keys.js';
import { ONCE_DONE_TTL_MS } from './post-once.js';
import { ensureWatch } from './watch-start.js';

/** The literal workflow of a release-plan subscription (`subscribe plans`). */
export const PLANS_WORKFLOW = '@plans';

const WORKFLOWS_TTL_MS = 5 * 60_000;
const PAGE_SIZE = 20;
const CONCURRENCY = 4;

// KEYS: last-seen id, run states (hash task id → state), then the run counter of each listed task.
// ARGV: highest id in this listing, ttl, run counter ttl, lowest id in this listing (0: none), then
// (task id, state) per listed task, in KEYS order. A state is `r` (not ended) or `t<start>.<end>`.
// Returns {previous highest id or -1 when this was the first scan (baseline recorded), retried ids}.
// Concurrent scans each get a distinct range of new ids, and each retry is reported to one scan only.
const SCAN = new LuaScript(`
local cur = redis.call('GET', KEYS[1])
local first = not cur
if first then
  redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
  redis.call('DEL', KEYS[2])
  cur = -1
else
  cur = tonumber(cur)
  if tonumber(ARGV[1]) > cur then redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
  else redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
end
local retried = {}
for i = 5, #ARGV, 2 do
  local id, state = ARGV[i], ARGV[i + 1]
  local old = redis.call('HGET', KEYS[2], id)
  if old and old ~= state and string.sub(old, 1, 1) == 't' then
    local counter = KEYS[3 + (i - 5) / 2]
    redis.call('INCR', counter)
    redis.call('PEXPIRE', counter, ARGV[3])
    retried[#retried + 1] = tonumber(id)
  end
  redis.call('HSET', KEYS[2], id, state)
end
local low = tonumber(ARGV[4])
if low > 0 then
  for _, f in ipairs(redis.call('HKEYS', KEYS[2])) do
    if tonumber(f) < low then redis.call('HDEL', KEYS[2], f) end
  end
end
if redis.call('EXISTS', KEYS[2]) == 1 then redis.call('PEXPIRE', KEYS[2], ARGV[2]) end
return {cur, retried}
`);

/** How a listed task looks to the retry check: running, or ended at a given time. */
function runState(t: TaskSummary): string {
  return isTerminal(t.status) ? `t${t.startTime}.${t.endTime}` : 'r';
}

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

/** Scans one workflow; returns how many tasks (new ones and new runs) it started following. */
export async function scanWorkflow(ctx: JobsContext, projectKey: string, workflow: string): Promise<number> {
  const list = await ctx.zadig.listTasks(projectKey, workflow, { pageNum: 1, pageSize: PAGE_SIZE });
  const ids = list.tasks.map((t) => t.taskId);
  const max = ids.reduce((m, id) => Math.max(m, id), 0);
  const low = ids.length > 0 ? Math.min(...ids) : 0;
  const counters = list.tasks.map((t) =>
    ctx.watches.keys.runCount(taskKeyOf({ kind: 'workflow', projectKey, name: workflow, taskId: t.taskId })),
  );
  const [prevRaw, retriedRaw] = (await SCAN.run(
    ctx.redis,
    [ctx.keys.lastSeen(projectKey, workflow), ctx.keys.runStates(projectKey, workflow), ...counters],
    [max, LAST_SEEN_TTL_MS, ONCE_DONE_TTL_MS, low, ...list.tasks.flatMap((t) => [t.taskId, runState(t)])],
  )) as [number, number[]];
  const prev = Number(prevRaw);
  const retried = new Set(retriedRaw.map(Number));
  let fresh: TaskSummary[];
  if (prev < 0) {
    // First scan: only what was created since the newest subscription (Zadig's times are in seconds).
    const since = await ctx.stores.subscriptions.subscribedSince(projectKey, workflow);
    if (since === undefined || ctx.now() - since > LAST_SEEN_TTL_MS) return 0;
    const sinceSec = Math.floor(since / 1000);
    fresh = list.tasks.filter((t) => t.createTime >= sinceSec);
  } else {
    fresh = list.tasks.filter((t) => t.taskId > prev || retried.has(t.taskId));
  }
  fresh.sort((a, b) => a.taskId - b.taskId);
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
