/**
 * Schemas for release plans (§5; enterprise licence). Create answers `{id}` (docs) or
 * `{message: "success"}` (source): the id is optional.
 */
import { z } from 'zod';
import type { Approver, ReleasePlan, ReleasePlanBrief, ReleasePlanJob } from '../types.js';
import { firstStr, optArr, optNum, optRecord, optStr, reqStr } from './common.js';

const briefFields = {
  id: reqStr,
  index: optNum,
  name: optStr,
  manager: optStr,
  description: optStr,
  created_by: optStr,
  create_time: optNum,
};

type BriefRaw = {
  id: string;
  index: number;
  name: string;
  manager: string;
  description: string;
  created_by: string;
  create_time: number;
};

function toBrief(r: BriefRaw): ReleasePlanBrief {
  return {
    id: r.id,
    index: r.index,
    name: r.name,
    manager: r.manager,
    description: r.description,
    createdBy: r.created_by,
    createTime: r.create_time,
  };
}

/** `GET /openapi/release_plan/v1`: `{list, total}`. */
export const releasePlanListSchema = z
  .object({ list: optArr(z.object(briefFields).transform(toBrief)), total: optNum })
  .transform((r) => ({ total: r.total, plans: r.list }));

function rec(v: unknown): Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
}

const approver = z
  .object({
    user_id: optStr,
    user_name: optStr,
    reject_or_approve: optStr,
    comment: optStr,
    operation_time: optNum,
  })
  .transform(
    (r): Approver => ({
      userId: r.user_id,
      userName: r.user_name,
      decision: r.reject_or_approve,
      comment: r.comment,
      operationTime: r.operation_time,
    }),
  );

const approvalSchema = z
  .object({
    enabled: z.unknown().optional(),
    type: optStr,
    status: optStr,
    native_approval: z
      .object({ needed_approvers: optNum, approve_users: optArr(approver) })
      .nullish()
      .catch(null),
  })
  .transform(
    (r): NonNullable<ReleasePlan['approval']> => ({
      enabled: r.enabled === true,
      type: r.type || 'native',
      status: r.status,
      neededApprovers: r.native_approval?.needed_approvers || (r.native_approval ? 1 : 0),
      approvers: r.native_approval?.approve_users ?? [],
    }),
  );

const jobSchema = z
  .object({
    id: optStr,
    name: optStr,
    type: optStr,
    status: optStr,
    executed_by: optStr,
    executed_time: optNum,
    spec: optRecord,
  })
  .transform((r): ReleasePlanJob => {
    const job: ReleasePlanJob = {
      id: r.id,
      name: r.name,
      type: r.type,
      status: r.status,
      executedBy: r.executed_by,
      executedTime: r.executed_time,
    };
    if (r.type === 'workflow') {
      // Source: {workflow: WorkflowV4, status, task_id}; docs PATCH shape: {workflow_key, project_key}.
      const wf = rec(r.spec.workflow);
      const workflowKey = firstStr(wf.name, r.spec.workflow_key);
      const projectKey = firstStr(wf.project, r.spec.project_key);
      if (workflowKey) job.workflowKey = workflowKey;
      if (projectKey) job.projectKey = projectKey;
      if (typeof r.spec.task_id === 'number' && r.spec.task_id > 0) job.taskId = r.spec.task_id;
    } else if (typeof r.spec.content === 'string') {
      job.content = r.spec.content;
    }
    return job;
  });

/** `GET /openapi/release_plan/v1/:id`. */
export const releasePlanSchema = z
  .object({
    ...briefFields,
    status: optStr,
    manager_id: optStr,
    start_time: optNum,
    end_time: optNum,
    schedule_execute_time: optNum,
    updated_by: optStr,
    update_time: optNum,
    approval: z.preprocess(
      (v) => (v !== null && typeof v === 'object' ? v : null),
      approvalSchema.nullable(),
    ),
    jobs: optArr(jobSchema),
  })
  .transform(
    (r): ReleasePlan => ({
      ...toBrief(r),
      status: r.status,
      managerId: r.manager_id,
      startTime: r.start_time,
      endTime: r.end_time,
      scheduleExecuteTime: r.schedule_execute_time,
      updatedBy: r.updated_by,
      updateTime: r.update_time,
      approval: r.approval,
      jobs: r.jobs,
    }),
  );

/** `POST /openapi/release_plan/v1`: `{id}` or `{message:"success"}`. */
export const releasePlanCreatedSchema = z
  .object({ id: optStr })
  .transform((r): { id?: string } => (r.id ? { id: r.id } : {}));
