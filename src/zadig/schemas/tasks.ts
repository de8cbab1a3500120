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
import { firstStr, optArr, optBool, optNum, optRecord, optStr, reqInt } from './common.js';
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
  };
}

/** Image a job produced or deployed, from whichever spec field its type uses. */
function imageOf(spec: Record<string, unknown>): string {
  if (typeof spec.image === 'string' && spec.image) return spec.image;
  const first = list(spec.service_and_images)[0];
  return first ? str(first.image) : '';
}

const jobSchema = z.object({
  name: z.string().min(1),
  key: optStr,
  display_name: optStr,
  origin_name: optStr,
  type: optStr,
  status: optStr,
  start_time: optNum,
  end_time: optNum,
  cost_seconds: optNum,
  error: optStr,
  spec: z.unknown().optional(),
  job_info: optRecord,
});

function toJob(r: z.output<typeof jobSchema>, stageName: string): TaskJob {
  const spec = rec(r.spec);
  const info = r.job_info;
  const base = {
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
    repos: list(spec.repos).map(toRepoInfo),
    spec: camelRecord(spec),
  };
  const approval = r.type === 'approval' ? approvalFromJobSpec(spec, base, stageName) : null;
  return { ...base, approval };
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
    repos: [],
    approval: null,
    spec: camelRecord(raw),
  };
  job.approval = approvalFromJobSpec({ type: 'native', ...raw }, job, stage.name);
  return job;
}

const stageSchema = z
  .object({
    name: optStr,
    status: optStr,
    start_time: optNum,
    end_time: optNum,
    error: optStr,
    jobs: optArr(jobSchema),
    approval: z.unknown().optional(),
  })
  .transform((r): TaskStage => {
    const jobs = r.jobs.map((j) => toJob(j, r.name));
    const approval = rec(r.approval);
    if (Object.keys(approval).length > 0 && !jobs.some((j) => j.type === 'approval')) {
      const synthetic = docsEraApprovalJob(approval, { name: r.name, status: r.status, start: r.start_time });
      if (synthetic) jobs.unshift(synthetic);
    }
    return {
      name: r.name,
      status: r.status,
      startTime: r.start_time,
      endTime: r.end_time,
      error: r.error,
      jobs,
    };
  });

const taskParam = z
  .object({ name: z.string(), type: optStr, value: optStr, is_credential: optBool })
  .transform(
    (r): TaskParam => ({
      name: r.name,
      type: r.type || 'string',
      value: r.value,
      isCredential: r.is_credential,
    }),
  );

/** `GET /openapi/workflows/custom/task`: `status` and the times are omitempty. */
export const taskDetailSchema = z
  .object({
    task_id: reqInt,
    workflow_key: optStr,
    workflow_name: optStr,
    project_key: optStr,
    status: optStr,
    task_creator: optStr,
    task_revoker: optStr,
    remark: optStr,
    create_time: optNum,
    start_time: optNum,
    end_time: optNum,
    error: optStr,
    is_restart: optBool,
    params: optArr(z.unknown()),
    stages: optArr(stageSchema),
  })
  .transform(
    (r): TaskDetail => ({
      taskId: r.task_id,
      workflowKey: r.workflow_key,
      workflowName: r.workflow_name || r.workflow_key,
      projectKey: r.project_key,
      // omitempty: an absent status means the task has not been given one yet.
      status: r.status.toLowerCase(),
      creator: r.task_creator,
      revoker: r.task_revoker,
      remark: r.remark,
      createTime: r.create_time,
      startTime: r.start_time,
      endTime: r.end_time,
      error: r.error,
      isRestart: r.is_restart,
      params: r.params.flatMap((p) => {
        const parsed = taskParam.safeParse(p);
        return parsed.success ? [parsed.data] : [];
      }),
      stages: r.stages,
    }),
  );
