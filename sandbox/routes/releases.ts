/**
 * Release plan routes (reference §5; enterprise licence): list (pageNum/pageSize required), detail
 * with approval and jobs, create (manager account must exist; returns `{id, message}`).
 */
import type { SandboxCore } from '../core.js';
import { Errs, PlainError } from '../errors.js';
import { type Ctx, jsonBody, type Route, str } from '../http-kit.js';
import { objectId, toSec } from '../ids.js';
import type { ApproverState, ReleasePlanRec } from '../model.js';

function approverJson(a: ApproverState) {
  return {
    type: 'user',
    user_id: a.uid,
    user_name: a.name,
    reject_or_approve: a.decision,
    comment: a.comment,
    operation_time: toSec(a.operationTime),
  };
}

export function planJson(p: ReleasePlanRec, core: SandboxCore): Record<string, unknown> {
  const out: Record<string, unknown> = {
    id: p.id,
    index: p.index,
    name: p.name,
    manager: p.manager,
    manager_id: p.managerId,
    start_time: p.startTime,
    end_time: p.endTime,
    schedule_execute_time: p.scheduleExecuteTime,
    description: p.description,
    created_by: p.createdBy,
    create_time: p.createTime,
    updated_by: p.updatedBy,
    update_time: p.updateTime,
    jobs: p.jobs.map((j) => {
      let spec: Record<string, unknown>;
      if (j.type === 'text') spec = { content: j.content ?? '', remark: '' };
      else {
        const wf = core.state.workflow(j.workflowKey ?? '', j.projectKey);
        const task = core.state.task(j.workflowKey ?? '', j.taskId ?? 0);
        spec = {
          workflow: {
            name: wf?.key ?? j.workflowKey,
            display_name: wf?.displayName ?? '',
            project: wf?.projectKey ?? j.projectKey,
          },
          status: task?.status ?? '',
          task_id: j.taskId ?? 0,
        };
      }
      return {
        id: j.id,
        name: j.name,
        type: j.type,
        spec,
        status: j.status,
        last_status: '',
        updated: false,
        executed_by: j.executedBy,
        executed_time: toSec(j.executedTime),
      };
    }),
    status: p.status,
    planning_time: p.planningTime,
    approval_time: p.approvalTime,
    executing_time: p.executingTime,
    success_time: p.successTime,
  };
  if (p.approval) {
    out.approval = {
      enabled: p.approval.enabled,
      status: p.approval.status,
      type: p.approval.type,
      description: p.approval.description,
      native_approval: {
        timeout: 60,
        approve_users: p.approval.approvers.map(approverJson),
        needed_approvers: p.approval.needed,
        reject_or_approve: p.approval.status,
        instance_code: '',
        flat_approve_users: [],
      },
    };
  }
  return out;
}

function requiredInt(ctx: Ctx, name: string): number {
  const raw = ctx.query.get(name);
  if (!raw || !/^\d+$/.test(raw) || raw === '0')
    throw Errs.badRequest(
      `Key: 'OpenAPIListReleasePlanArgs.${name[0]!.toUpperCase()}${name.slice(1)}' Error:Field validation for '${name[0]!.toUpperCase()}${name.slice(1)}' failed on the 'required' tag`,
    );
  return Number.parseInt(raw, 10);
}

function create(ctx: Ctx, core: SandboxCore) {
  if (!ctx.user.systemAdmin && !ctx.user.canCreateReleasePlan) throw Errs.forbidden();
  const b = jsonBody(ctx);
  const name = str(b.name);
  const manager = str(b.manager);
  if (!name) throw new PlainError('name cannot be empty');
  const user = core.state.userByAccount(manager);
  if (!user) throw new PlainError(`User ${manager} not found`);
  const now = core.now();
  const index = Math.max(0, ...core.state.plans.map((p) => p.index)) + 1;
  const id = objectId(toSec(now), `plan:${index}:${name}`);
  core.state.plans.push({
    id,
    index,
    name,
    manager: user.name,
    managerId: user.uid,
    startTime: typeof b.start_time === 'number' ? b.start_time : 0,
    endTime: typeof b.end_time === 'number' ? b.end_time : 0,
    scheduleExecuteTime: 0,
    description: str(b.description),
    createdBy: ctx.user.name,
    createTime: toSec(now),
    updatedBy: ctx.user.name,
    updateTime: toSec(now),
    approval: null,
    jobs: [],
    status: 'planning',
    planningTime: toSec(now),
    approvalTime: 0,
    executingTime: 0,
    successTime: 0,
  });
  core.state.log({
    username: ctx.user.name,
    projectKey: '',
    method: '新建',
    function: '发布计划',
    scene: '',
    targets: [name],
    detail: `create release plan ${name}`,
    at: now,
    requestBody: ctx.body,
  });
  return { id, message: 'success' };
}

const ent = 'enterprise' as const;

export function releasePlanRoutes(): Route[] {
  return [
    {
      method: 'GET',
      pattern: '/openapi/release_plan/v1',
      license: ent,
      handler: (ctx, core) => {
        const pageNum = requiredInt(ctx, 'pageNum');
        const pageSize = requiredInt(ctx, 'pageSize');
        const all = [...core.state.plans].sort((a, b) => b.index - a.index);
        return {
          list: all.slice((pageNum - 1) * pageSize, pageNum * pageSize).map((p) => ({
            id: p.id,
            index: p.index,
            name: p.name,
            manager: p.manager,
            description: p.description,
            created_by: p.createdBy,
            create_time: p.createTime,
          })),
          total: all.length,
        };
      },
    },
    {
      method: 'GET',
      pattern: '/openapi/release_plan/v1/:id',
      license: ent,
      handler: (ctx, core) => {
        const id = ctx.params.id ?? '';
        if (!/^[0-9a-f]{24}$/.test(id))
          throw new PlainError('the provided hex string is not a valid ObjectID');
        const plan = core.state.plans.find((p) => p.id === id);
        if (!plan) throw Errs.notFound();
        return planJson(plan, core);
      },
    },
    { method: 'POST', pattern: '/openapi/release_plan/v1', license: ent, handler: create },
  ];
}
