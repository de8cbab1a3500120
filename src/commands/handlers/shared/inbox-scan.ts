/**
 * Finds approvals waiting for one Zadig user: across the workflows subscribed in this tenant plus the
 * channel's bound project (every project when nothing is followed yet), list recent tasks, read the details of the ones still in progress
 * (a few at a time), and keep the waiting native/IM approvals where the user is a pending approver.
 * Used by `inbox` and by the personal home view.
 */
import type { Logger } from '../../../logger.js';
import type { InboxItem } from '../../../notifications/views/index.js';
import type { Scope } from '../../../store/index.js';
import { findWaitingApproval, isTerminal } from '../../../zadig/index.js';
import { cachedProjects, cachedWorkflows, type ListSource } from '../../resolve.js';

/** At most this many workflows are scanned, and this many calls run at once. */
const MAX_WORKFLOWS = 40;
const CONCURRENCY = 4;
const TASKS_PER_WORKFLOW = 10;
const MAX_PROJECTS = 10;

/** Where to look and for whom. */
export interface InboxQuery {
  scope: Scope;
  /** The channel asked from: its bound project is scanned too. */
  conversation?: string;
  /** Extra project to scan (the policy's default project of the channel). */
  project?: string | undefined;
  uid: string;
  log: Logger;
}

/** Approvals waiting for `uid`, newest task first. */
export async function waitingApprovals(src: ListSource, q: InboxQuery): Promise<InboxItem[]> {
  const targets = await workflowsToScan(src, q);
  const items: InboxItem[] = [];
  await mapLimit(targets, CONCURRENCY, async ({ projectKey, workflow }) => {
    const list = await src.bot.listTasks(projectKey, workflow, {
      pageNum: 1,
      pageSize: TASKS_PER_WORKFLOW,
    });
    const open = list.tasks.filter((task) => !isTerminal(task.status));
    await mapLimit(open, CONCURRENCY, async (summary) => {
      const task = await src.bot.getTask(workflow, summary.taskId);
      const approval = findWaitingApproval(task);
      if (!approval) return;
      const mine = approval.approvers.some(
        (a) => a.userId === q.uid && a.decision !== 'approve' && a.decision !== 'reject',
      );
      if (mine) items.push({ task, approval });
    });
  });
  return items.sort((a, b) => b.task.createTime - a.task.createTime);
}

async function workflowsToScan(
  src: ListSource,
  q: InboxQuery,
): Promise<{ projectKey: string; workflow: string }[]> {
  const stores = src.deps.stores;
  const seen = new Map<string, { projectKey: string; workflow: string }>();
  const add = (projectKey: string, workflow: string) =>
    seen.set(`${projectKey}\u0000${workflow}`, { projectKey, workflow });
  const projects = new Set<string>();
  for (const w of await stores.subscriptions.listWorkflowsToScan()) {
    const channels = await stores.subscriptions.channelsFor(w.projectKey, w.workflow);
    if (!channels.some((c) => c.scope.platform === q.scope.platform && c.scope.tenant === q.scope.tenant))
      continue;
    if (w.workflow === '*') projects.add(w.projectKey);
    else add(w.projectKey, w.workflow);
  }
  if (q.conversation) {
    const binding = await stores.bindings.get(q.scope, q.conversation);
    if (binding) projects.add(binding.projectKey);
  }
  if (q.project) projects.add(q.project);
  // Nothing followed in this workspace yet (a fresh install, the console): look at every project.
  if (seen.size === 0 && projects.size === 0) {
    for (const p of (await cachedProjects(src)).slice(0, MAX_PROJECTS)) projects.add(p.key);
  }
  for (const p of projects) {
    try {
      for (const wf of await cachedWorkflows(src, p)) add(p, wf.key);
    } catch (e) {
      q.log.warn({ err: e, projectKey: p }, 'inbox: cannot list workflows');
    }
  }
  return [...seen.values()].slice(0, MAX_WORKFLOWS);
}

/** Runs `fn` over `items`, at most `limit` at a time; the first failure rejects. */
export async function mapLimit<T>(
  items: readonly T[],
  limit: number,
  fn: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const item = items[next++] as T;
      await fn(item);
    }
  });
  await Promise.all(workers);
}
