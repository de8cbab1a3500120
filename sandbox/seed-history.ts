/**
 * Seeded history, run through the real engine on past virtual time so it looks like what the sandbox
 * produces live: past workflow tasks (passed, failed, cancelled, approved), release plans, audit logs.
 */
import type { SandboxCore } from './core.js';
import { isTerminal } from './engine.js';
import { DAY, HOUR, MINUTE, objectId, stableUuid, toSec } from './ids.js';
import type { ReleasePlanRec, TaskRec } from './model.js';
import { defaultSelection } from './run-selection.js';

interface HistSpec {
  projectKey: string;
  key: string;
  ago: number;
  creator: string;
  fail?: boolean;
  cancelAfterMs?: number;
  approveBy?: string;
}

function runHistory(core: SandboxCore, h: HistSpec, start: number): TaskRec {
  const wf = core.state.workflow(h.key, h.projectKey)!;
  const user = core.state.userByAccount(h.creator);
  const at = start - h.ago;
  const task = core.runTask(
    wf,
    defaultSelection(wf),
    {
      creator: user?.name ?? h.creator,
      creatorId: user?.uid ?? '',
      creatorEmail: user?.email ?? '',
      origin: 'ui',
      failFirstAttempt: !!h.fail,
      rawInputs: [],
      rawParameters: [],
      inputsJobNames: wf.stages.flatMap((s) => s.jobs.map((j) => j.name)),
    },
    at,
  );
  let t = at;
  for (let guard = 0; guard < 10_000 && !isTerminal(task.status); guard++) {
    const waiting = task.stages
      .flatMap((s) => s.jobs)
      .find((j) => j.status === 'wait_for_approval' && !j.approval?.checkAt);
    const approver = h.approveBy ? core.state.userByAccount(h.approveBy) : undefined;
    if (waiting && approver && !waiting.approval?.approvers.some((a) => a.decision)) {
      t = waiting.startTime + 7 * MINUTE;
      core.engine.vote(task, waiting.name, approver, true, 'LGTM, ship it', t);
      continue;
    }
    const next = core.engine.nextEventAt(task);
    if (next === undefined) break;
    if (h.cancelAfterMs !== undefined && next > at + h.cancelAfterMs) {
      core.engine.cancel(task, user ?? core.state.users[0]!, at + h.cancelAfterMs);
      break;
    }
    t = next;
    core.engine.processTask(task, t);
  }
  core.state.log({
    username: task.creator,
    projectKey: task.projectKey,
    method: '新建',
    function: '工作流任务',
    scene: '',
    targets: [task.workflowKey],
    detail: `run workflow ${task.workflowKey} task #${task.taskId}`,
    at,
  });
  return task;
}

function plans(core: SandboxCore, start: number, releaseTask: TaskRec | undefined): ReleasePlanRec[] {
  const alice = core.state.userByAccount('alice')!;
  const bob = core.state.userByAccount('bob')!;
  const base = (index: number, name: string, ago: number, status: string): ReleasePlanRec => {
    const created = toSec(start - ago);
    return {
      id: objectId(created, `plan:${index}`),
      index,
      name,
      manager: alice.name,
      managerId: alice.uid,
      startTime: created,
      endTime: created + 7 * 86_400,
      scheduleExecuteTime: 0,
      description: '',
      createdBy: alice.name,
      createTime: created,
      updatedBy: alice.name,
      updateTime: created + 3600,
      approval: null,
      jobs: [],
      status,
      planningTime: created,
      approvalTime: 0,
      executingTime: 0,
      successTime: 0,
    };
  };
  // Named after the month it was made in, as teams name them, so the name fits the dates on any day.
  const made = new Date(start - 40 * DAY);
  const month = `${made.getUTCFullYear()}.${String(made.getUTCMonth() + 1).padStart(2, '0')}`;
  const p1 = base(1, `${month} monthly release`, 40 * DAY, 'success');
  Object.assign(p1, { executingTime: p1.createTime + 86_400, successTime: p1.createTime + 2 * 86_400 });
  p1.jobs = [
    {
      id: stableUuid('p1j1'),
      name: 'Announce downtime',
      type: 'text',
      status: 'done',
      executedBy: alice.name,
      executedTime: start - 39 * DAY,
      content: '<p>Post in #ops</p>',
    },
  ];
  const p2 = base(2, 'Demo Shop 2.0', 3 * DAY, 'executing');
  p2.description = 'Coupons, new checkout';
  p2.approval = {
    enabled: true,
    status: 'approve',
    type: 'native',
    description: 'Release manager sign-off',
    needed: 1,
    approvers: [
      {
        uid: alice.uid,
        account: 'alice',
        name: alice.name,
        decision: 'approve',
        comment: 'go',
        operationTime: start - 2 * DAY - 20 * HOUR,
      },
      { uid: bob.uid, account: 'bob', name: bob.name, decision: '', comment: '', operationTime: 0 },
    ],
  };
  Object.assign(p2, { approvalTime: p2.createTime + 3600, executingTime: p2.createTime + 4 * 3600 });
  p2.jobs = [
    {
      id: stableUuid('p2j1'),
      name: 'Freeze DB migrations',
      type: 'text',
      status: 'done',
      executedBy: alice.name,
      executedTime: start - 2 * DAY,
      content: '<p>No migrations after Monday</p>',
    },
    {
      id: stableUuid('p2j2'),
      name: 'Release to production',
      type: 'workflow',
      status: releaseTask?.status === 'passed' ? 'done' : 'todo',
      executedBy: alice.name,
      executedTime: releaseTask?.createTime ?? 0,
      workflowKey: 'release-prod',
      projectKey: 'demo',
      taskId: releaseTask?.taskId ?? 0,
    },
  ];
  const p3 = base(3, 'Payments hotfix 1.4.2', 6 * HOUR, 'planning');
  p3.approval = {
    enabled: true,
    status: '',
    type: 'native',
    description: '',
    needed: 1,
    approvers: [alice, bob].map((u) => ({
      uid: u.uid,
      account: u.account,
      name: u.name,
      decision: '' as const,
      comment: '',
      operationTime: 0,
    })),
  };
  p3.jobs = [
    {
      id: stableUuid('p3j1'),
      name: 'Rotate API keys',
      type: 'text',
      status: 'todo',
      executedBy: '',
      executedTime: 0,
      content: '<p>Rotate the PSP keys</p>',
    },
  ];
  return [p1, p2, p3];
}

/** Fills past tasks, plans and logs; webhooks stay silent while seeding. */
export function seedHistory(core: SandboxCore): void {
  const start = core.now();
  const specs: HistSpec[] = [
    { projectKey: 'demo', key: 'build-deploy', ago: 5 * DAY, creator: 'alice' },
    { projectKey: 'demo', key: 'build-deploy', ago: 4 * DAY, creator: 'bob', fail: true },
    { projectKey: 'payments', key: 'pay-deploy', ago: 3 * DAY + 2 * HOUR, creator: 'alice' },
    { projectKey: 'demo', key: 'build-deploy', ago: 3 * DAY, creator: 'alice' },
    { projectKey: 'payments', key: 'build-deploy', ago: 2 * DAY + 3 * HOUR, creator: 'alice' },
    { projectKey: 'demo', key: 'release-prod', ago: 2 * DAY, creator: 'alice', approveBy: 'bob' },
    { projectKey: 'demo', key: 'nightly-test', ago: DAY + 7 * HOUR, creator: 'admin' },
    { projectKey: 'demo', key: 'flaky-build', ago: DAY, creator: 'bob' },
    { projectKey: 'demo', key: 'build-deploy', ago: 5 * HOUR, creator: 'carol', cancelAfterMs: 15_000 },
  ];
  core.muted(() => {
    let release: TaskRec | undefined;
    for (const s of specs) {
      const t = runHistory(core, s, start);
      if (s.key === 'release-prod') release = t;
    }
    core.state.plans.push(...plans(core, start, release));
  });
}
