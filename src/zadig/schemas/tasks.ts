/**
 * Schemas for workflow tasks (§3.5, §3.6): the task list and the task detail polled by the watcher.
 * Approval appears either as a v3.4 job (`type: approval`, `spec.native_approval`) or, on docs-era
 * servers, as `stages[].approval`; the latter becomes a synthetic approval job named after the stage
 * (older servers took the stage name as `stage_name`), so callers only ever look at jobs.
 */
import { z } from 'zod';
import type {
  ApprovalInfo,
  Approver,
  JobRepoInfo,
  TaskDetail,
  TaskJob,
  TaskList,
  TaskParam,
  TaskStage,
  TaskStatus,
  TaskSummary,
} from '../types.js';
import { firstStr, optArr, optNum, optStr, readOptNum, readOptStr, reqInt } from './common.js';
import { camelRecord } from './keys.js';

const taskSummary = z
  .object({
    workflow_key: optStr,
    workflow_name: optStr,
    project_key: optStr,
    task_id: reqInt,
    task_creator: optStr,
    status: optStr,
    create_time: optNum,
    start_time: optNum,
    end_time: optNum,
  })
  .transform(
    (r): TaskSummary => ({
      workflowKey: r.workflow_key,
      workflowName: r.workflow_name || r.workflow_key,
      projectKey: r.project_key,
      taskId: r.task_id,
      creator: r.task_creator,
      status: r.status.toLowerCase(),
      createTime: r.create_time,
      startTime: r.start_time,
      endTime: r.end_time,
    }),
  );

/** `GET /openapi/workflows/custom/:workflowKey/tasks`. */
export const taskListSchema = z
  .object({ total: optNum, workflow_tasks: optArr(taskSummary) })
  .transform((r): TaskList => ({ total: r.total, tasks: r.workflow_tasks }));

function rec(v: unknown): Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
}
function list(v: unknown): Record<string, unknown>[] {
  return Array.isArray(v) ? v.map(rec) : [];
}
function num(v: unknown): number {
  return typeof v === 'number' && Number.isFinite(v) ? v : 0;
}
function str(v: unknown): string {
  return typeof v === 'string' ? v : '';
}

/** One approver entry: native `{user_id, user_name}`, IM `{id, name}`, docs-era `{user_name}`. */
function toApprover(u: Record<string, unknown>): Approver {
  return {
    userId: firstStr(u.user_id, u.id, u.uid),
    userName: firstStr(u.user_name, u.name, u.account),
    decision: str(u.reject_or_approve),
    comment: str(u.comment),
    operationTime: num(u.operation_time),
  };
}

/** Approvers of an approval spec, whatever its flavour (native, or the IM systems' node lists). */
function approversOf(spec: Record<string, unknown>): { approvers: Approver[]; needed: number } {
  const native = rec(spec.native_approval);
  if (Object.keys(native).length > 0 || Array.isArray(spec.approve_users)) {
    const src = Object.keys(native).length > 0 ? native : spec;
    const approvers = list(src.approve_users).map(toApprover);
    return { approvers, needed: num(src.needed_approvers) || 1 };
  }
  for (const key of ['lark_approval', 'dingtalk_approval', 'workwx_approval']) {
    const im = rec(spec[key]);
    const nodes = list(im.approval_nodes);
    if (nodes.length > 0) {
      const approvers = nodes.flatMap((n) => list(n.approve_users).map(toApprover));
      return { approvers, needed: approvers.length > 0 ? 1 : 0 };
    }
  }
  return { approvers: [], needed: 1 };
}

/** ApprovalInfo from a v3.4 approval job's raw spec. */
export function approvalFromJobSpec(
  rawSpec: unknown,
  job: { name: string; status: TaskStatus; startTime: number },
  stageName: string,
): ApprovalInfo {
  const spec = rec(rawSpec);
  const native = rec(spec.native_approval);
  const { approvers, needed } = approversOf(spec);
  return {
    jobName: job.name,
    stageName,
    type: str(spec.type) || 'native',
    status: job.status,
    description: str(spec.description),
    timeoutMinutes: num(spec.timeout) || num(native.timeout) || 60,
    startTime: job.startTime,
    neededApprovers: needed,
    approvers,
  };
}

function toRepoInfo(r: Record<string, unknown>): JobRepoInfo {
  return {
    repoNamespace: firstStr(r.repo_namespace, r.repo_owner),
    repoName: str(r.repo_name),
    branch: str(r.branch),
    commitId: str(r.commit_id),
    commitMessage: str(r.commit_message),
    authorName: str(r.author_name),
    codehostId: num(r.codehost_id),
    source: str(r.source),
    address: str(r.address),
    prs: [...new Set([num(r.pr), ...(Array.isArray(r.prs) ? r.prs.map(num) : [])].filter((n) => n > 0))],
  };
}

/** Image a job produced or deployed, from whichever spec field its type uses. */
function imageOf(spec: Record<string, unknown>): string {
  if (typeof spec.image === 'string' && spec.image) return spec.image;
  const first = list(spec.service_and_images)[0];
  return first ? str(first.image) : '';
}

/** A task job as Zadig sends it, with its optional fields read leniently. */
interface RawJob {
  name: string;
  key: string;
  display_name: string;
  origin_name: string;
  type: string;
  status: string;
  start_time: number;
  end_time: number;
  cost_seconds: number;
  error: string;
  spec: unknown;
  job_info: Record<string, unknown>;
}

function toJob(r: RawJob, stageName: string): TaskJob {
  const spec = rec(r.spec);
  const info = r.job_info;
  // `spec` in camelCase is made on first read and kept: most readers of a task (the watcher polling
  // it, the cards) never look at job specs, so they do not pay for the deep copy.
  let camel: Record<string, unknown> | undefined;
  const job: TaskJob = {
    name: r.name,
    key: r.key || r.name,
    displayName: r.display_name || r.origin_name || r.name,
    originName: r.origin_name || str(info.job_name) || r.name,
    type: r.type,
    status: r.status,
    startTime: r.start_time,
    endTime: r.end_time,
    costSeconds: r.cost_seconds,
    error: r.error,
    serviceName: firstStr(spec.service_name, info.service_name),
    serviceModule: firstStr(spec.service_module, info.service_module),
    image: imageOf(spec),
    env: firstStr(spec.env, spec.env_name),
    production: spec.production === true,
    repos: list(spec.repos).map(toRepoInfo),
    approval: null,
    get spec(): Record<string, unknown> {
      camel ??= camelRecord(spec);
      return camel;
    },
    set spec(value: Record<string, unknown>) {
      camel = value;
    },
  };
  if (r.type === 'approval') job.approval = approvalFromJobSpec(spec, job, stageName);
  return job;
}

/** Docs-era `stages[].approval` → a synthetic approval job at the head of the stage. */
function docsEraApprovalJob(
  raw: Record<string, unknown>,
  stage: { name: string; status: string; start: number },
) {
  if (raw.enabled === false) return null;
  const decision = str(raw.reject_or_approve);
  const active =
    stage.status !== '' &&
    !['passed', 'failed', 'timeout', 'cancelled', 'reject', 'skipped'].includes(stage.status);
  const status: TaskStatus =
    decision === 'approve'
      ? 'passed'
      : decision === 'reject'
        ? 'reject'
        : active
          ? 'wait_for_approval'
          : stage.status;
  const job: TaskJob = {
    name: stage.name,
    key: stage.name,
    displayName: stage.name,
    originName: stage.name,
    type: 'approval',
    status,
    startTime: stage.start,
    endTime: 0,
    costSeconds: 0,
    error: '',
    serviceName: '',
    serviceModule: '',
    image: '',
    env: '',
    production: false,
    repos: [],
    approval: null,
    spec: camelRecord(raw),
  };
  job.approval = approvalFromJobSpec({ type: 'native', ...raw }, job, stage.name);
  return job;
}

// The task detail is what the watcher reads on every poll, so it is read by hand rather than by a zod
// object schema: same leniency (optional fields as `optStr`/`optNum`/`optBool` read them), same
// requirements (an object with an integer `task_id`; stages and jobs objects; every job named).

/** The response lacks something the client relies on; `path` names where. */
class ShapeError extends Error {
  constructor(
    readonly path: (string | number)[],
    message: string,
  ) {
    super(message);
  }
}

function objectAt(v: unknown, path: (string | number)[]): Record<string, unknown> {
  if (v === null || typeof v !== 'object' || Array.isArray(v))
    throw new ShapeError(path, 'expected an object');
  return v as Record<string, unknown>;
}

function arrayOf(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}

function readJob(v: unknown, path: (string | number)[]): RawJob {
  const o = objectAt(v, path);
  if (typeof o.name !== 'string' || o.name === '') {
    throw new ShapeError([...path, 'name'], 'expected a non-empty string');
  }
  return {
    name: o.name,
    key: readOptStr(o.key),
    display_name: readOptStr(o.display_name),
    origin_name: readOptStr(o.origin_name),
    type: readOptStr(o.type),
    status: readOptStr(o.status),
    start_time: readOptNum(o.start_time),
    end_time: readOptNum(o.end_time),
    cost_seconds: readOptNum(o.cost_seconds),
    error: readOptStr(o.error),
    spec: o.spec,
    job_info: rec(o.job_info),
  };
}

function readStage(v: unknown, path: (string | number)[]): TaskStage {
  const o = objectAt(v, path);
  const name = readOptStr(o.name);
  const status = readOptStr(o.status);
  const startTime = readOptNum(o.start_time);
  const jobs = arrayOf(o.jobs).map((j, i) => toJob(readJob(j, [...path, 'jobs', i]), name));
  const approval = rec(o.approval);
  if (Object.keys(approval).length > 0 && !jobs.some((j) => j.type === 'approval')) {
    const synthetic = docsEraApprovalJob(approval, { name, status, start: startTime });
    if (synthetic) jobs.unshift(synthetic);
  }
  return {
    name,
    status,
    startTime,
    endTime: readOptNum(o.end_time),
    error: readOptStr(o.error),
    jobs,
  };
}

function readParam(v: unknown): TaskParam[] {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return [];
  const o = v as Record<string, unknown>;
  if (typeof o.name !== 'string') return [];
  return [
    {
      name: o.name,
      type: readOptStr(o.type) || 'string',
      value: readOptStr(o.value),
      isCredential: o.is_credential === true,
    },
  ];
}

/** Reads a task detail; throws ShapeError when it lacks what the client relies on. */
function readTaskDetail(v: unknown): TaskDetail {
  const o = objectAt(v, []);
  if (typeof o.task_id !== 'number' || !Number.isInteger(o.task_id)) {
    throw new ShapeError(['task_id'], 'expected an integer');
  }
  const workflowKey = readOptStr(o.workflow_key);
  return {
    taskId: o.task_id,
    workflowKey,
    workflowName: readOptStr(o.workflow_name) || workflowKey,
    projectKey: readOptStr(o.project_key),
    // omitempty: an absent status means the task has not been given one yet.
    status: readOptStr(o.status).toLowerCase(),
    creator: readOptStr(o.task_creator),
    revoker: readOptStr(o.task_revoker),
    remark: readOptStr(o.remark),
    createTime: readOptNum(o.create_time),
    startTime: readOptNum(o.start_time),
    endTime: readOptNum(o.end_time),
    error: readOptStr(o.error),
    isRestart: o.is_restart === true,
    params: arrayOf(o.params).flatMap(readParam),
    stages: arrayOf(o.stages).map((st, i) => readStage(st, ['stages', i])),
  };
}

/** `GET /openapi/workflows/custom/task`: `status` and the times are omitempty. */
export const taskDetailSchema = z.unknown().transform((v, ctx): TaskDetail => {
  try {
    return readTaskDetail(v);
  } catch (err) {
    if (!(err instanceof ShapeError)) throw err;
    ctx.addIssue({ code: 'custom', message: err.message, path: err.path });
    return z.NEVER;
  }
});
