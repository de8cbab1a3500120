// Locks in the wire contract of the project, workflow and task calls against the v3.4.1 server, without a
// server: the request each handler binds (path, query names, JSON body names and types) and a reply shaped
// like its response struct (named where each fixture is loaded), read into our types.
import { describe, expect, it } from 'vitest';
import { useLocalServer } from './zadig-client-fixture.js';
import { expectRequest, fixture } from './zadig-contract-kit.js';
import { json } from './zadig-local-server.js';

const local = useLocalServer();
const last = () => local.srv.received.at(-1);
const serve = (body: unknown) => local.srv.handle((_req, res) => json(res, 200, body));

describe('projects (project/handler/openapi.go)', () => {
  it('OpenAPIListProject binds OpenAPIListProjectReq {pageNum, pageSize} → OpenAPIProjectListResp', async () => {
    serve(fixture('project-list'));
    const r = await local.client().listProjects({ pageNum: 2, pageSize: 5 });
    expectRequest(last(), {
      method: 'GET',
      path: '/openapi/projects/project',
      query: { pageNum: '2', pageSize: '5' },
    });
    expect(r).toEqual({
      total: 14,
      projects: [{ key: 'demo', name: 'demo', description: '', deployType: 'k8s' }],
    });
  });

  it('OpenAPIGetProjectDetail reads projectKey → OpenAPIProjectDetailResp', async () => {
    serve(fixture('project-detail'));
    const p = await local.client().getProject('demo');
    expectRequest(last(), {
      method: 'GET',
      path: '/openapi/projects/project/detail',
      query: { projectKey: 'demo' },
    });
    expect(p).toEqual({
      key: 'demo',
      name: 'Demo Shop',
      description: 'The demo shop',
      deployType: 'k8s',
      isPublic: true,
      createdBy: 'admin',
      createTime: 1686192946,
    });
  });
});

describe('workflows (workflow/handler/openapi.go)', () => {
  it('OpenAPIGetWorkflowV4List binds OpenAPIWorkflowV4ListReq {projectKey} → OpenAPIWorkflowListResp', async () => {
    serve(fixture('workflow-list'));
    const wfs = await local.client().listWorkflows('demo');
    expectRequest(last(), { method: 'GET', path: '/openapi/workflows', query: { projectKey: 'demo' } });
    expect(wfs[0]).toMatchObject({ key: 'build-deploy', displayName: 'build-deploy', type: 'custom' });
  });

  it('OpenAPIGetCustomWorkflowV4 reads :name and projectKey → OpenAPIWorkflowV4Detail', async () => {
    serve(fixture('workflow-detail'));
    const wf = await local.client().getWorkflow('demo', 'build-deploy');
    expectRequest(last(), {
      method: 'GET',
      path: '/openapi/workflows/custom/build-deploy/detail',
      query: { projectKey: 'demo' },
    });
    expect(wf).toMatchObject({ key: 'build-deploy', projectKey: 'demo' });
    expect(wf.stages.length).toBeGreaterThan(0);
  });
});

describe('tasks', () => {
  it('OpenAPIGetCustomWorkflowTaskV4 binds OpenAPIPageParamsFromReq → OpenAPIWorkflowV4TaskListResp', async () => {
    serve(fixture('task-list'));
    const list = await local.client().listTasks('demo', 'build-deploy', { pageNum: 1, pageSize: 3 });
    expectRequest(last(), {
      method: 'GET',
      path: '/openapi/workflows/custom/build-deploy/tasks',
      query: { projectKey: 'demo', pageNum: '1', pageSize: '3' },
    });
    expect(list.total).toBe(15);
    expect(list.tasks[0]).toMatchObject({ workflowKey: 'build-deploy', taskId: 15, creator: 'webhook' });
  });

  it('OpenAPIGetWorkflowTaskV4 binds getworkflowTaskReq {taskId, workflowKey} → WorkflowTaskPreview', async () => {
    serve(fixture('task-detail-src'));
    const t = await local.client().getTask('build-deploy', 15);
    expectRequest(last(), {
      method: 'GET',
      path: '/openapi/workflows/custom/task',
      query: { taskId: '15', workflowKey: 'build-deploy' },
    });
    expect(t.stages.length).toBeGreaterThan(0);
  });

  it('OpenAPICancelWorkflowTaskV4: the same query, DELETE, {"message":"success"}', async () => {
    await local.client().cancelTask('build-deploy', 15);
    expectRequest(last(), {
      method: 'DELETE',
      path: '/openapi/workflows/custom/task',
      query: { taskId: '15', workflowKey: 'build-deploy' },
    });
  });

  it('OpenAPIRetryCustomWorkflowTaskV4 reads :name, :taskID and projectKey; no body', async () => {
    await local.client().retryTask('demo', 'build-deploy', 15);
    expectRequest(last(), {
      method: 'POST',
      path: '/openapi/workflows/custom/build-deploy/task/15',
      query: { projectKey: 'demo' },
    });
  });

  it('OpenAPIApproveStage binds OpenAPIApproveRequest {stage_name, workflow_key, task_id:int, approve:bool, comment}', async () => {
    await local.client().approve({
      workflowKey: 'release-prod',
      taskId: 7,
      jobName: 'job-1-0-0-approval',
      approve: false,
      comment: 'not today',
    });
    expectRequest(last(), {
      method: 'POST',
      path: '/openapi/workflows/custom/task/approve',
      body: {
        task_id: 7,
        workflow_key: 'release-prod',
        stage_name: 'job-1-0-0-approval',
        approve: false,
        comment: 'not today',
      },
    });
  });
});

describe('job logs (log/handler)', () => {
  it('OpenAPIGetWorkflowV4JobContainerLogs answers the log as a string', async () => {
    local.srv.handle((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' });
      res.end('line 1\nline 2\n');
    });
    const text = await local.client().getJobLog('build-deploy', 15, 'job-0-0-0-build');
    expectRequest(last(), {
      method: 'GET',
      path: '/openapi/logs/log/v4/workflow/build-deploy/15/job-0-0-0-build',
    });
    expect(text).toBe('line 1\nline 2\n');
  });

  it('OpenAPIGetWorkflowJobContainerLogsSSE takes the line count as the last path segment', async () => {
    local.srv.handle((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.end('event:message\ndata:built\n\n');
    });
    const lines: string[] = [];
    for await (const l of local.client().streamJobLog('build-deploy', 15, 'job-0-0-0-build', 20))
      lines.push(l);
    expectRequest(last(), {
      method: 'GET',
      path: '/openapi/logs/sse/v4/workflow/build-deploy/15/job-0-0-0-build/20',
    });
    expect(lines).toEqual(['built']);
  });
});
