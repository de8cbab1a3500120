/**
 * Collects what a digest shows for one period: build, deploy, test and release statistics from Zadig's
 * insight endpoints, and the slowest workflows from the recent task lists (the insight API has no
 * per-workflow durations). A part Zadig refuses (licence gate, error) is left out; only when every
 * part fails does the digest fail (and its job retry).
 */
import type { Logger } from 'pino';
import type { DigestInput, DigestWorkflowStat } from '../notifications/views/index.js';
import type { DigestSetting } from '../store/digest-store.js';
import type { TaskSummary, ZadigClient } from '../zadig/index.js';

const DAY_S = 86_400;

/** Bounds on how much one digest reads. */
export interface DigestLimits {
  /** Projects read when the digest covers every project; default 20. */
  projects: number;
  /** Workflows whose task lists are read; default 50. */
  workflows: number;
  /** Most recent tasks read per workflow; default 50. */
  tasksPerWorkflow: number;
  /** Zadig calls in flight at once; default 4. */
  concurrency: number;
}

export const DEFAULT_DIGEST_LIMITS: DigestLimits = {
  projects: 20,
  workflows: 50,
  tasksPerWorkflow: 50,
  concurrency: 4,
};

/** A run counts when it finished this way; cancelled and rejected runs say nothing about speed. */
const FINISHED = new Set(['passed', 'failed', 'timeout']);

/** Everything the digest card needs for the period ending at `nowMs`. */
export async function collectDigest(
  zadig: ZadigClient,
  setting: Pick<DigestSetting, 'schedule' | 'projectKey'>,
  nowMs: number,
  log: Logger,
  limits: DigestLimits = DEFAULT_DIGEST_LIMITS,
): Promise<DigestInput> {
  const to = Math.floor(nowMs / 1000);
  const from = to - (setting.schedule === 'daily' ? 1 : 7) * DAY_S;
  const projectKey = setting.projectKey;
  const range = { startDate: from, endDate: to, ...(projectKey ? { projectKey } : {}) };
  const [build, deploy, test, release, runs] = await Promise.allSettled([
    zadig.statsBuild(range),
    zadig.statsDeploy(range),
    zadig.statsTest(range),
    zadig.statsRelease(range),
    workflowRuns(zadig, projectKey, from, to, limits),
  ]);
  const parts = [build, deploy, test, release, runs];
  if (parts.every((p) => p.status === 'rejected')) throw (parts[0] as PromiseRejectedResult).reason;
  for (const p of parts) if (p.status === 'rejected') log.info({ err: p.reason }, 'digest part unavailable');
  const ok = <T>(p: PromiseSettledResult<T>): T | null => (p.status === 'fulfilled' ? p.value : null);
  const wf = ok(runs) ?? [];
  return {
    schedule: setting.schedule,
    ...(projectKey ? { projectKey } : {}),
    from,
    to,
    build: ok(build),
    deploy: ok(deploy),
    test: ok(test),
    release: ok(release),
    slowest: [...wf]
      .filter((w) => w.runs > 0)
      .sort((a, b) => b.avgSeconds - a.avgSeconds || b.maxSeconds - a.maxSeconds),
    runs: wf.reduce((n, w) => n + w.runs, 0),
    failures: wf.reduce((n, w) => n + w.failures, 0),
  };
}

/** Per-workflow runs that finished within [from, to]. */
async function workflowRuns(
  zadig: ZadigClient,
  projectKey: string | undefined,
  from: number,
  to: number,
  limits: DigestLimits,
): Promise<DigestWorkflowStat[]> {
  const projects = projectKey
    ? [projectKey]
    : (await zadig.listProjects({ pageNum: 1, pageSize: limits.projects })).projects.map((p) => p.key);
  // One project or workflow Zadig will not list (permissions, a hiccup) must not sink the digest; all of
  // them failing means Zadig is not answering, and then the part fails.
  const perProject = await settleAll(projects, limits.concurrency, async (p) =>
    (await zadig.listWorkflows(p)).map((w) => ({ projectKey: p, workflowKey: w.key })),
  );
  const pairs = perProject.flat().slice(0, limits.workflows);
  return settleAll(pairs, limits.concurrency, async ({ projectKey: p, workflowKey }) => {
    const { tasks } = await zadig.listTasks(p, workflowKey, {
      pageNum: 1,
      pageSize: limits.tasksPerWorkflow,
    });
    return statOf(p, workflowKey, tasks, from, to);
  });
}

/** `fn` over every item (bounded concurrency), keeping the successes; throws only when every call failed. */
async function settleAll<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T) => Promise<R>,
): Promise<R[]> {
  const results = await mapLimit(items, limit, (item) =>
    fn(item).then(
      (value) => ({ ok: true as const, value }),
      (error: unknown) => ({ ok: false as const, error }),
    ),
  );
  const ok = results.flatMap((r) => (r.ok ? [r.value] : []));
  const failed = results.find((r) => !r.ok);
  if (ok.length === 0 && failed && !failed.ok) throw failed.error;
  return ok;
}

/** One workflow's finished runs in the period. */
export function statOf(
  projectKey: string,
  workflowKey: string,
  tasks: TaskSummary[],
  from: number,
  to: number,
): DigestWorkflowStat {
  const done = tasks.filter(
    (t) =>
      FINISHED.has(t.status) &&
      t.startTime > 0 &&
      t.endTime >= t.startTime &&
      t.endTime >= from &&
      t.endTime <= to,
  );
  const durations = done.map((t) => t.endTime - t.startTime);
  const total = durations.reduce((s, d) => s + d, 0);
  return {
    projectKey,
    workflowKey,
    runs: done.length,
    failures: done.filter((t) => t.status !== 'passed').length,
    avgSeconds: done.length > 0 ? Math.round(total / done.length) : 0,
    maxSeconds: durations.length > 0 ? Math.max(...durations) : 0,
  };
}

/** `Promise.all(items.map(fn))` with at most `limit` calls in flight. */
async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, lane));
  return out;
}
