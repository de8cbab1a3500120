/**
 * Reads the watched task from Zadig as a TaskDetail whatever its kind (workflow task, test task, scan
 * task), a hash of its state (to notice changes) and the tail of a failing job's log.
 */
import type { ScanTask, TaskDetail, TaskJob, TestTask, ZadigClient } from '../zadig/index.js';
import { shortHash, type TaskRef } from './keys.js';

/** The test or scan task behind a TaskDetail built by fetchTask, so cards can show counts and quality gates. */
export type QualityTask = { kind: 'test'; task: TestTask } | { kind: 'scan'; task: ScanTask };
const QUALITY = new WeakMap<TaskDetail, QualityTask>();

/** The raw test/scan task a TaskDetail came from, if any. */
export function qualityTaskOf(task: TaskDetail): QualityTask | undefined {
  return QUALITY.get(task);
}

/** One poll of the task (bot token). Throws ZadigError. */
export async function fetchTask(zadig: ZadigClient, ref: TaskRef): Promise<TaskDetail> {
  switch (ref.kind) {
    case 'workflow':
      return zadig.getTask(ref.name, ref.taskId);
    case 'test':
      return fromTest(ref, await zadig.getTestTask(ref.projectKey, ref.name, ref.taskId));
    case 'scan':
      return fromScan(ref, await zadig.getScanTask(ref.projectKey, ref.name, ref.taskId));
  }
}

/**
 * A hash of everything a card shows that can change: statuses, errors, votes, images, and for test
 * and scan tasks the whole (small) task with its report. Two polls with the same hash render every
 * card the same.
 */
export function taskStateHash(task: TaskDetail): string {
  const jobs = task.stages.map((s) => [
    s.name,
    s.status,
    s.jobs.map((j) => [
      j.name,
      j.status,
      j.error,
      j.image,
      j.approval?.approvers.map((a) => `${a.userId}=${a.decision}`).join(',') ?? '',
    ]),
  ]);
  const quality = QUALITY.get(task)?.task ?? null;
  return shortHash(JSON.stringify([task.status, task.error, task.startTime, task.endTime, jobs, quality]));
}

/**
 * The last `lines` lines of a job's log, or [] when Zadig cannot give it (the final result is posted
 * anyway, just without the tail).
 */
export async function logTail(
  zadig: ZadigClient,
  task: TaskDetail,
  job: TaskJob,
  lines = 40,
): Promise<string[]> {
  const text = await zadig.getJobLog(task.workflowKey, task.taskId, job.name);
  const all = text.replace(/\s+$/, '').split('\n');
  return all.slice(-lines);
}

function job(name: string, type: string, t: TestTask | ScanTask, error: string): TaskJob {
  const start = 'startTime' in t ? t.startTime : t.createTime;
  return {
    name,
    key: name,
    displayName: name,
    originName: name,
    type,
    status: t.status,
    startTime: start,
    endTime: t.endTime,
    costSeconds: t.endTime && start ? t.endTime - start : 0,
    error,
    serviceName: '',
    serviceModule: '',
    image: '',
    env: '',
    production: false,
    repos: [],
    approval: null,
    spec: {},
  };
}

function base(ref: TaskRef, t: TestTask | ScanTask, j: TaskJob): TaskDetail {
  return {
    taskId: ref.taskId,
    workflowKey: ref.name,
    workflowName: ref.name,
    projectKey: ref.projectKey,
    status: t.status,
    creator: t.creator,
    revoker: '',
    remark: '',
    createTime: t.createTime,
    startTime: j.startTime,
    endTime: t.endTime,
    error: j.error,
    isRestart: false,
    params: [],
    stages: [
      {
        name: ref.kind,
        status: t.status,
        startTime: j.startTime,
        endTime: t.endTime,
        error: j.error,
        jobs: [j],
      },
    ],
  };
}

function fromTest(ref: TaskRef, t: TestTask): TaskDetail {
  const r = t.report;
  const failed = r ? r.failures + r.errors : 0;
  const error =
    r && failed > 0
      ? `${failed} of ${r.total} test cases failed: ${r.failedCases
          .slice(0, 5)
          .map((c) => c.name)
          .join(', ')}`
      : '';
  const detail = base(ref, t, job(ref.name, 'zadig-test', t, error));
  QUALITY.set(detail, { kind: 'test', task: t });
  return detail;
}

function fromScan(ref: TaskRef, t: ScanTask): TaskDetail {
  const detail = base(ref, t, job(ref.name, 'zadig-scanning', t, ''));
  QUALITY.set(detail, { kind: 'scan', task: t });
  return detail;
}
