// Locks in the wire contract of a chat run against the v3.4.1 server's structs, without a server: the
// preset request (path, `projectName` query) and its `models.WorkflowV4` reply read into a WorkflowPreset;
// the workflowtask request (path, query, a whole `models.WorkflowV4` body with the job spec fields and
// types the job controllers read) and its `CreateTaskV4Resp` reply; Zadig's preset refusal as a typed error.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fillPreset } from '../../src/zadig/run-preset.js';
import { failure, TOKEN, useLocalServer } from './zadig-client-fixture.js';
import { json } from './zadig-local-server.js';

const local = useLocalServer();
const fixture = (name: string) =>
  JSON.parse(readFileSync(new URL(`../fixtures/zadig/${name}.json`, import.meta.url), 'utf8'));
/** `GetWorkflowV4Preset` → `*models.WorkflowV4` (common/repository/models/workflow_v4.go). */
const PRESET = fixture('preset-release-prod');
/** `CreateWorkflowTaskV4` → `CreateTaskV4Resp` (workflow/service/workflow/workflow_task_v4.go). */
const CREATED = fixture('workflow-task-created');

describe('GET /api/aslan/workflow/v4/preset/:name (GetWorkflowV4Preset)', () => {
  it('sends the workflow key in the path and projectName as the UI does; nothing else', async () => {
    local.srv.handle((_req, res) => json(res, 200, PRESET));
    await local.client().getWorkflowPreset('shop', 'release-prod');
    const req = local.srv.received[0]!;
    expect(req.method).toBe('GET');
    expect(req.url.pathname).toBe('/api/aslan/workflow/v4/preset/release-prod');
    expect(Object.fromEntries(req.url.searchParams)).toEqual({ projectName: 'shop' });
    expect(req.headers.authorization).toBe(`Bearer ${TOKEN}`);
  });

  it('reads models.WorkflowV4: name, project, params (models.Param), stages and jobs (models.Job)', async () => {
    local.srv.handle((_req, res) => json(res, 200, PRESET));
    const p = await local.client().getWorkflowPreset('shop', 'release-prod');
    expect(p.workflow).toMatchObject({
      key: 'release-prod',
      displayName: 'Release to production',
      projectKey: 'shop',
      concurrencyLimit: 1,
    });
    expect(p.workflow.params.map((x) => [x.name, x.type])).toEqual([
      ['tag', 'string'],
      ['mode', 'choice'],
      ['code', 'repo'],
      ['region', 'string'],
    ]);
    expect(p.workflow.params[1]!.choiceOptions).toEqual(['fast', 'full']);
    expect(
      p.workflow.stages.flatMap((s) => s.jobs.map((j) => [j.name, j.type, j.skipped, j.runPolicy])),
    ).toEqual([
      ['build', 'zadig-build', false, ''],
      ['smoke', 'freestyle', true, 'default_not_run'],
      ['approval', 'approval', false, ''],
      ['deploy', 'zadig-deploy', false, ''],
    ]);
    expect(p).toMatchObject({ disabled: false, approvalTicket: false });
    expect(p.raw).toEqual(PRESET);
  });

  it('a reply without name, project or stages is a protocol error naming the field', async () => {
    local.srv.handle((_req, res) => json(res, 200, { ...PRESET, project: '' }));
    const err = await failure(local.client().getWorkflowPreset('shop', 'release-prod'));
    expect(err).toMatchObject({ code: 'ZADIG_PROTOCOL' });
    expect(err.message).toContain('project');
  });

  it('ErrPresetWorkflow (6545) comes back as a business error with its description', async () => {
    local.srv.handle((_req, res) =>
      json(res, 400, {
        type: 'error',
        code: 6545,
        message: '预配置workflow失败',
        description: 'the provided hex string is not a valid ObjectID',
        extra: {},
      }),
    );
    const err = await failure(local.client().getWorkflowPreset('shop', 'release-prod'));
    expect(err).toMatchObject({
      code: 'ZADIG_BUSINESS',
      zadigCode: 6545,
      description: 'the provided hex string is not a valid ObjectID',
    });
  });
});

describe('POST /api/aslan/workflow/v4/workflowtask (CreateWorkflowTaskV4)', () => {
  async function sent(choices = {}) {
    local.srv.handle((req, res) => (req.method === 'GET' ? json(res, 200, PRESET) : json(res, 200, CREATED)));
    const c = local.client();
    const { body } = fillPreset(await c.getWorkflowPreset('shop', 'release-prod'), choices);
    const started = await c.startWorkflowTask(body);
    const req = local.srv.received[1]!;
    return { started, req, wire: JSON.parse(req.body) };
  }

  it('posts JSON to the path with projectName, and reads CreateTaskV4Resp', async () => {
    const { started, req } = await sent();
    expect(req.method).toBe('POST');
    expect(req.url.pathname).toBe('/api/aslan/workflow/v4/workflowtask');
    expect(Object.fromEntries(req.url.searchParams)).toEqual({ projectName: 'shop' });
    expect(req.headers['content-type']).toContain('application/json');
    expect(started).toEqual({ projectKey: 'shop', workflowKey: 'release-prod', taskId: 42 });
  });

  it('the body is the whole models.WorkflowV4: every top-level field, stage and job of the preset', async () => {
    const { wire } = await sent();
    expect(Object.keys(wire).sort()).toEqual(Object.keys(PRESET).sort());
    expect(wire).toMatchObject({ name: 'release-prod', project: 'shop', enable_approval_ticket: false });
    expect(
      wire.stages.map((s: any) => [s.name, s.jobs.map((j: any) => [j.name, j.type, j.skipped])]),
    ).toEqual([
      [
        'build',
        [
          ['build', 'zadig-build', false],
          ['smoke', 'freestyle', true],
        ],
      ],
      ['approve', [['approval', 'approval', false]]],
      ['deploy', [['deploy', 'zadig-deploy', false]]],
    ]);
    // models.Param: value (string), repo (types.Repository), choice_option.
    expect(wire.params.find((p: any) => p.name === 'mode')).toMatchObject({ type: 'choice', value: 'fast' });
  });

  it('job specs carry the fields the job controllers read, with their Go types', async () => {
    const { wire } = await sent({ services: ['api'], branches: { api: 'release/2' }, params: { tag: 'v2' } });
    const job = (name: string) =>
      wire.stages.flatMap((s: any) => s.jobs).find((j: any) => j.name === name).spec;
    // ZadigBuildJobSpec.service_and_builds: []ServiceAndBuild; types.Repository keyed by source/namespace/name.
    const build = job('build').service_and_builds;
    expect(build).toHaveLength(1);
    expect(build[0]).toMatchObject({ service_name: 'api', service_module: 'api', build_name: 'api-build' });
    expect(build[0].repos[0]).toEqual(
      expect.objectContaining({
        source: 'gitlab',
        repo_namespace: 'team',
        repo_name: 'api',
        branch: 'release/2',
        codehost_id: 3,
      }),
    );
    expect(typeof build[0].repos[0].codehost_id).toBe('number');
    expect(build[0].key_vals[0]).toEqual(expect.objectContaining({ key: 'GOFLAGS', value: '-mod=vendor' }));
    // ZadigDeployJobSpec: env (string), production (bool), services []DeployServiceInfo with modules.
    const deploy = job('deploy');
    expect(deploy).toMatchObject({ env: 'prod', production: true, source: 'fromjob', job_name: 'build' });
    expect(deploy.services[0]).toMatchObject({ service_name: 'api', update_config: false });
    expect(deploy.services[0].modules[0]).toEqual({
      service_module: 'api',
      image: 'reg.example.com/shop/api:1.0',
      image_name: 'api',
    });
    // ApprovalJobSpec as preset: type, native_approval.approve_users, needed_approvers (int).
    expect(job('approval')).toMatchObject({
      type: 'native',
      timeout: 60,
      native_approval: { needed_approvers: 1, approve_users: [{ type: 'user', user_id: 'u-alice' }] },
    });
    expect(wire.params.find((p: any) => p.name === 'tag').value).toBe('v2');
  });

  it('a 403 (Workflow.Execute missing) and ErrCreateTask (6160) keep their meaning', async () => {
    local.srv.handle((req, res) => {
      if (req.method === 'GET') return json(res, 200, PRESET);
      res.writeHead(403);
      res.end();
    });
    const c = local.client();
    const { body } = fillPreset(await c.getWorkflowPreset('shop', 'release-prod'), {});
    expect(await failure(c.startWorkflowTask(body))).toMatchObject({ code: 'ZADIG_FORBIDDEN', status: 403 });
    local.srv.handle((_req, res) =>
      json(res, 400, {
        type: 'error',
        code: 6160,
        message: '创建工作流任务失败',
        description: 'job deploy skipped, but the run policy is set to force run',
        extra: {},
      }),
    );
    expect(await failure(c.startWorkflowTask(body))).toMatchObject({
      code: 'ZADIG_BUSINESS',
      zadigCode: 6160,
    });
  });
});
