/**
 * The routes the Zadig web UI runs workflows with (`workflow/handler/router.go`, group `v4`), behind the
 * gateway's `/api/aslan` prefix, where API tokens are accepted as on `/openapi`
 * (`user/server/grpc/server.go` `Check`): the run preset and the task creation. Also the code host list
 * (`code/handler/router.go` `GetCodeHostList`), which names each code host's alias.
 */
import type { SandboxCore } from '../core.js';
import { Errs, MONGO_NOT_FOUND } from '../errors.js';
import { type Ctx, jsonBody, q, type Route, requirePerm, str } from '../http-kit.js';
import { presetJson } from '../views-preset.js';
import { parseWorkflowTask, ticketError } from '../workflow-task-v4.js';
import { startRun } from './workflows.js';

const MASK = '********';

/** `CreateWorkflowTaskV4` (handler): Workflow.Execute on the body's `project`, then the service. */
function createTask(ctx: Ctx, core: SandboxCore) {
  const body = jsonBody(ctx);
  const project = str(body.project);
  requirePerm(ctx.user, project, 'execute');
  const { wf, sel, jobNames } = parseWorkflowTask(core.state, body, q(ctx, 'approval_ticket_id'));
  // This path passes the caller's uid and account (unlike the OpenAPI run).
  return startRun(ctx, core, wf, sel, {
    creatorId: ctx.user.uid,
    origin: 'workflowtask',
    rawInputs: body.stages,
    rawParameters: body.params,
    jobNames,
    logProject: project,
    logFunction: '自定义工作流任务',
  });
}

export function workflowV4Routes(): Route[] {
  return [
    {
      method: 'GET',
      pattern: '/api/aslan/workflow/v4/preset/:name',
      // GetWorkflowV4Preset: any valid token (NewContext, no permission check); found by name only.
      // The UI's `projectName` query is not read by the server; the sandbox uses it to tell apart the
      // one workflow key it seeds in two projects.
      handler: (ctx, core) => {
        const wf = core.state.workflow(ctx.params.name ?? '', q(ctx, 'projectName') || undefined);
        if (!wf || wf.key !== ctx.params.name) throw Errs.presetWorkflow(MONGO_NOT_FOUND);
        // A ticket workflow's preset looks the `approval_ticket_id` query up (ApprovalTicketColl.GetByID);
        // the sandbox has no tickets, so it fails as a server does for a missing or malformed id.
        if (wf.approvalTicket) throw Errs.presetWorkflow(ticketError(q(ctx, 'approval_ticket_id')));
        return presetJson(wf, core.state);
      },
    },
    { method: 'POST', pattern: '/api/aslan/workflow/v4/workflowtask', handler: createTask },
    {
      method: 'GET',
      pattern: '/api/aslan/code/codehost',
      // GetCodeHostList: every system code host, with access token and keys masked.
      handler: (_ctx, core) =>
        core.state.codeHosts.map((c) => ({
          id: c.id,
          address: c.address,
          type: c.type,
          access_token: MASK,
          refresh_token: '',
          namespace: c.namespace,
          region: '',
          application_id: MASK,
          client_secret: MASK,
          username: '',
          password: MASK,
          enable_proxy: false,
          updated_at: 0,
          alias: c.alias,
          disable_ssl: false,
          perforce_host: '',
          perforce_port: 0,
        })),
    },
  ];
}
