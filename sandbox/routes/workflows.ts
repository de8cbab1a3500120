/**
 * Workflow routes (reference §3): list, detail, run, task detail/list, cancel, retry, remark, approve.
 * RBAC per internals §4.2: only run and remark check project permissions.
 */
import type { SandboxCore } from '../core.js';
import { RETRYABLE } from '../engine.js';
import { Errs, MONGO_NOT_FOUND, PlainError } from '../errors.js';
import { type Ctx, jsonBody, q, qInt, type Route, requirePerm, str } from '../http-kit.js';
import type { WorkflowDef } from '../model.js';
import { parseRunBody } from '../run-inputs.js';
import type { RunSelection } from '../run-selection.js';
import type { TaskMeta } from '../task-factory.js';
import { taskDetailJson, taskListItemJson } from '../views-task.js';
import { workflowBriefJson, workflowDetailJson } from '../views-workflow.js';

function run(ctx: Ctx, core: SandboxCore) {
  const body = jsonBody(ctx);
  const projectKey = str(body.project_key);
  const key = str(body.workflow_key);
  // Zadig checks run permission on the body's project before anything else.
  requirePerm(ctx.user, projectKey, 'execute');
  const wf = core.state.workflow(key, projectKey);
  if (!wf) throw Errs.findWorkflow(MONGO_NOT_FOUND);
  // CreateCustomWorkflowTask refuses ticket workflows before reading any input.
  if (wf.approvalTicket)
    throw Errs.createTask(
      'workflow need approval ticket to run, which is not supported by openAPI right now.',
    );
  const { sel, jobNames } = parseRunBody(core.state, wf, body);
  // v3.4.1 does not pass the caller's uid for OpenAPI runs (internals §7.2).
  return startRun(ctx, core, wf, sel, {
    creatorId: '',
    origin: 'openapi',
    rawInputs: body.inputs,
    rawParameters: body.parameters,
    jobNames,
    logProject: wf.projectKey,
    logFunction: '工作流任务',
  });
}

/**
 * Both run endpoints (OpenAPI and the UI's `workflowtask`): starts the task for the caller, records
 * the run in the operation log and answers `CreateTaskV4Resp`.
 */
export function startRun(
  ctx: Ctx,
  core: SandboxCore,
  wf: WorkflowDef,
  sel: RunSelection,
  run: {
    creatorId: string;
    origin: TaskMeta['origin'];
    rawInputs: unknown;
    rawParameters: unknown;
    jobNames: string[];
    logProject: string;
    logFunction: string;
  },
) {
  const task = core.runTask(wf, sel, {
    creator: ctx.user.name,
    creatorId: run.creatorId,
    creatorEmail: ctx.user.email,
    origin: run.origin,
    failFirstAttempt: false,
    rawInputs: Array.isArray(run.rawInputs) ? structuredClone(run.rawInputs) : [],
    rawParameters: Array.isArray(run.rawParameters) ? structuredClone(run.rawParameters) : [],
    inputsJobNames: run.jobNames,
  });
  core.state.log({
    username: ctx.user.name,
    projectKey: run.logProject,
    method: '新建',
    function: run.logFunction,
    scene: '',
    targets: [wf.key],
    detail: `run workflow ${wf.key} task #${task.taskId}`,
    at: core.now(),
    requestBody: ctx.body,
  });
  return { project_name: wf.projectKey, workflow_name: wf.key, task_id: task.taskId };
}

function findTask(ctx: Ctx, core: SandboxCore) {
  const taskId = qInt(ctx, 'taskId', 0);
  return { taskId, key: q(ctx, 'workflowKey'), task: core.state.task(q(ctx, 'workflowKey'), taskId) };
}

function approve(ctx: Ctx, core: SandboxCore) {
  let body: Record<string, unknown>;
  try {
    body = JSON.parse(ctx.body || '{}') as Record<string, unknown>;
  } catch (err) {
    throw new PlainError((err as Error).message);
  }
  if (body.task_id !== undefined && typeof body.task_id !== 'number')
    throw new PlainError(
      `json: cannot unmarshal ${typeof body.task_id} into Go struct field OpenAPIApproveRequest.task_id of type int64`,
    );
  if (body.approve !== undefined && typeof body.approve !== 'boolean')
    throw new PlainError(
      `json: cannot unmarshal ${typeof body.approve} into Go struct field OpenAPIApproveRequest.approve of type bool`,
    );
  const wfKey = str(body.workflow_key);
  const jobName = str(body.stage_name);
  const taskId = typeof body.task_id === 'number' ? body.task_id : 0;
  if (!wfKey || !jobName || !taskId)
    throw Errs.approveTask(`can not find approved workflow: ${wfKey}, taskID: ${taskId},jobName: ${jobName}`);
  const task = core.state.task(wfKey, taskId);
  if (!task) throw Errs.approveTask('not found approval');
  const decision = body.approve === true;
  const err = core.engine.vote(task, jobName, ctx.user, decision, str(body.comment), core.now());
  if (err) throw Errs.approveTask(err);
  core.state.log({
    username: ctx.user.name,
    projectKey: task.projectKey,
    method: decision ? '审批通过' : '审批拒绝',
    function: '工作流任务',
    scene: '',
    targets: [`${wfKey}#${taskId}`],
    detail: `${decision ? 'approve' : 'reject'} ${jobName}`,
    at: core.now(),
    requestBody: ctx.body,
  });
}

export function workflowRoutes(): Route[] {
  return [
    {
      method: 'GET',
      pattern: '/openapi/workflows',
      handler: (ctx, core) => {
        const projectKey = q(ctx, 'projectKey');
        if (!projectKey) throw Errs.badRequest('projectKey is required');
        return {
          workflows: core.state.workflows.filter((w) => w.projectKey === projectKey).map(workflowBriefJson),
        };
      },
    },
    {
      method: 'GET',
      pattern: '/openapi/workflows/custom/:key/detail',
      handler: (ctx, core) => {
        const projectKey = q(ctx, 'projectKey');
        if (!projectKey) throw Errs.badRequest('projectKey is required');
        const wf = core.state.workflow(ctx.params.key ?? '', projectKey);
        if (!wf) throw Errs.notFound();
        return workflowDetailJson(wf, core.state, projectKey);
      },
    },
    { method: 'POST', pattern: '/openapi/workflows/custom/task', handler: run },
    {
      method: 'GET',
      pattern: '/openapi/workflows/custom/task',
      handler: (ctx, core) => {
        const { task } = findTask(ctx, core);
        if (!task) throw Errs.notFound();
        return taskDetailJson(task, core.state, core.now());
      },
    },
    {
      method: 'DELETE',
      pattern: '/openapi/workflows/custom/task',
      handler: (ctx, core) => {
        const { task, key, taskId } = findTask(ctx, core);
        if (!task) throw Errs.cancelTask(MONGO_NOT_FOUND);
        if (task.status === 'passed')
          throw Errs.cancelTask(`task: ${key}:${taskId} is passed, cannot cancel`);
        core.engine.cancel(task, ctx.user, core.now());
        core.state.log({
          username: ctx.user.name,
          projectKey: task.projectKey,
          method: '取消',
          function: '工作流任务',
          scene: '',
          targets: [`${key}#${taskId}`],
          detail: `cancel ${key} task #${taskId}`,
          at: core.now(),
        });
      },
    },
    { method: 'POST', pattern: '/openapi/workflows/custom/task/approve', handler: approve },
    {
      method: 'POST',
      pattern: '/openapi/workflows/custom/:key/task/:taskId',
      handler: (ctx, core) => {
        const raw = ctx.params.taskId ?? '';
        if (!/^\d+$/.test(raw)) throw Errs.badRequest(`invalid task id: ${raw}`);
        const task = core.state.task(ctx.params.key ?? '', Number.parseInt(raw, 10));
        if (!task) throw Errs.getTask(MONGO_NOT_FOUND);
        if (!RETRYABLE.has(task.status)) throw new PlainError('工作流任务状态无法重试');
        core.engine.retry(task, core.now());
        core.state.log({
          username: ctx.user.name,
          projectKey: task.projectKey,
          method: '重试',
          function: '工作流任务',
          scene: '',
          targets: [`${task.workflowKey}#${task.taskId}`],
          detail: `retry ${task.workflowKey} task #${task.taskId}`,
          at: core.now(),
        });
      },
    },
    {
      method: 'PUT',
      pattern: '/openapi/workflows/custom/:key/task/:taskId',
      handler: (ctx, core) => {
        const task = core.state.task(ctx.params.key ?? '', Number.parseInt(ctx.params.taskId ?? '0', 10));
        if (!task) throw Errs.notFound();
        requirePerm(ctx.user, task.projectKey, 'execute');
        task.remark = str(jsonBody(ctx).remark);
      },
    },
    {
      method: 'GET',
      pattern: '/openapi/workflows/custom/:key/tasks',
      handler: (ctx, core) => {
        const projectKey = q(ctx, 'projectKey');
        const pageNum = qInt(ctx, 'pageNum', 1);
        const pageSize = qInt(ctx, 'pageSize', 10);
        // SRC filters on project_name == projectKey: no projectKey, no tasks.
        const all = core.state.tasks
          .filter((t) => t.workflowKey === ctx.params.key && t.projectKey === projectKey)
          .sort((a, b) => b.createTime - a.createTime || b.taskId - a.taskId);
        const start = (Math.max(1, pageNum) - 1) * Math.max(0, pageSize);
        return {
          total: all.length,
          workflow_tasks: all
            .slice(start, start + Math.max(0, pageSize))
            .map((t) => taskListItemJson(t, core.state)),
        };
      },
    },
    {
      method: 'GET',
      pattern: '/openapi/workflows/view',
      handler: (ctx, core) => {
        const projectKey = q(ctx, 'projectKey');
        const wfs = core.state.workflows.filter((w) => w.projectKey === projectKey);
        if (!wfs.length) return [];
        return [
          {
            name: 'release',
            project_key: projectKey,
            update_time: wfs[0]?.updateTime ?? 0,
            update_by: 'admin',
            workflows: wfs
              .filter((w) => /release|deploy/.test(w.key))
              .map((w) => ({ workflow_key: w.key, workflow_type: 'custom' })),
          },
        ];
      },
    },
  ];
}
