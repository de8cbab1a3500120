// Locks in the sandbox's two ways to start a workflow, as the v3.4.1 server does them: the OpenAPI run
// drops approval gates (skips unlisted jobs, refuses approval inputs) and names code hosts by alias and
// SQL databases by name; the UI's preset + workflowtask path keeps every job, matches repos by source and
// SQL databases by id; plus the code host list with its aliases.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Sandbox, startSandbox } from '../../sandbox/index.js';
import { buildDeployBody, client } from './http.js';

let sb: Sandbox;
beforeAll(async () => {
  sb = await startSandbox();
});
afterAll(() => sb.close());

const openapiRun = (body: unknown, as = 'alice') =>
  client(sb, as).post('/openapi/workflows/custom/task', body);
const preset = async (name: string, as = 'zbot') => {
  const res = await client(sb, as).get(`/api/aslan/workflow/v4/preset/${name}?projectName=demo`);
  expect(res.status).toBe(200);
  return res.json;
};
const createTask = (body: unknown, as = 'alice') =>
  client(sb, as).post('/api/aslan/workflow/v4/workflowtask?projectName=demo', body);

type Job = { name: string; type: string; skipped: boolean; spec: any };
const jobOf = (wf: { stages: { jobs: Job[] }[] }, name: string): Job =>
  wf.stages.flatMap((s) => s.jobs).find((j) => j.name === name)!;

/** Fills a release-prod preset the way the UI does: every default build selected. */
function filledReleaseProd(p: any) {
  const build = jobOf(p, 'build').spec;
  build.service_and_builds = build.default_service_and_builds;
  return p;
}

describe('OpenAPI run (CreateCustomWorkflowTask)', () => {
  it('skips every unlisted job, so a run listing build and deploy has no approval stage', async () => {
    const res = await openapiRun({
      project_key: 'demo',
      workflow_key: 'release-prod',
      inputs: [
        {
          job_name: 'build',
          job_type: 'zadig-build',
          parameters: {
            registry: 'https://registry.demo.local/demo',
            service_list: [{ service_name: 'backend', service_module: 'backend' }],
          },
        },
        { job_name: 'deploy', job_type: 'zadig-deploy', parameters: { env_name: 'prod', service_list: [] } },
      ],
    });
    expect(res.status).toBe(200);
    expect(sb.task('release-prod', res.json.task_id)!.stages.map((s) => s.name)).toEqual(['build', 'deploy']);
  });

  it('looks code hosts up by alias: the repo source fails, the alias matches', async () => {
    const body = buildDeployBody();
    const repo = (body.inputs[0]!.parameters as any).service_list[0].repo_info[0];
    repo.codehost_name = 'gitlab';
    const bySource = await openapiRun(body);
    expect(bySource.status).toBe(500);
    expect(bySource.json.description).toBe(
      'failed to update jobspec for job: build, err: failed to find code host with name:gitlab',
    );
    repo.codehost_name = 'gitlab-demo';
    const byAlias = await openapiRun(body);
    expect(byAlias.status).toBe(200);
    const detail = await client(sb, 'alice').get(
      `/openapi/workflows/custom/task?workflowKey=build-deploy&taskId=${byAlias.json.task_id}`,
    );
    expect(detail.json.stages[0].jobs[0].spec.repos[0].branch).toBe('release/1.2');
  });

  it('finds a runtime SQL database by name, not by id', async () => {
    const p = await preset('db-migrate');
    const id = jobOf(p, 'migrate').spec.id as string;
    const input = (database_name: string) => ({
      project_key: 'demo',
      workflow_key: 'db-migrate',
      inputs: [{ job_name: 'migrate', job_type: 'sql', parameters: { database_name, sql: 'SELECT 1;' } }],
    });
    const byId = await openapiRun(input(id));
    expect(byId.status).toBe(500);
    expect(byId.json.description).toBe(
      `failed to update jobspec for job: migrate, err: failed to find database instance ${id}, error: mongo: no documents in result`,
    );
    const byName = await openapiRun(input('demo-mysql'));
    expect(byName.status).toBe(200);
    const detail = await client(sb, 'alice').get(
      `/openapi/workflows/custom/task?workflowKey=db-migrate&taskId=${byName.json.task_id}`,
    );
    expect(detail.json.stages[0].jobs[0].spec).toMatchObject({ id, type: 'mysql', sql: 'SELECT 1;' });
  });
});

describe('UI run: preset + workflowtask (GetWorkflowV4Preset, CreateWorkflowTaskV4)', () => {
  it('presets a workflow for any token: builds cleared with options, deploy env options, the approval as configured', async () => {
    const p = await preset('release-prod');
    expect(p).toMatchObject({ name: 'release-prod', project: 'demo', enable_approval_ticket: false });
    expect(p.stages.map((s: { name: string }) => s.name)).toEqual(['build', 'approve', 'deploy']);
    const build = jobOf(p, 'build').spec;
    expect(build.service_and_builds).toEqual([]);
    expect(build.service_and_builds_options.map((o: any) => o.service_name)).toEqual([
      'frontend',
      'backend',
      'worker',
    ]);
    expect(build.service_and_builds_options[0].repos[0]).toMatchObject({
      source: 'gitlab',
      codehost_id: 1,
      repo_namespace: 'demo-shop',
    });
    const deploy = jobOf(p, 'deploy').spec;
    expect(deploy).toMatchObject({ env: 'prod', production: true, source: 'fromjob', job_name: 'build' });
    expect(deploy.env_options.map((e: any) => e.env)).toEqual(['prod']);
    expect(jobOf(p, 'approval')).toMatchObject({
      type: 'approval',
      skipped: false,
      spec: { type: 'native', native_approval: { needed_approvers: 1 } },
    });
    const missing = await client(sb, 'zbot').get('/api/aslan/workflow/v4/preset/no-such-wf');
    expect(missing.status).toBe(400);
    expect(missing.json).toMatchObject({ code: 6545, description: 'mongo: no documents in result' });
  });

  it('runs the filled preset with every job, the approval waiting, as the caller', async () => {
    const res = await createTask(filledReleaseProd(await preset('release-prod')));
    expect(res.status).toBe(200);
    expect(res.json).toEqual({
      project_name: 'demo',
      workflow_name: 'release-prod',
      task_id: expect.any(Number),
    });
    const task = sb.task('release-prod', res.json.task_id)!;
    expect(task.creator).toBe('Alice Wang');
    expect(task.stages.map((s) => s.name)).toEqual(['build', 'approve', 'deploy']);
    await sb.settle();
    const waiting = sb.task('release-prod', res.json.task_id)!;
    expect(waiting.status).toBe('running');
    expect(waiting.stages[1]!.jobs[0]).toMatchObject({ type: 'approval', status: 'wait_for_approval' });
    sb.decide('release-prod', res.json.task_id, 'alice', true);
    await sb.settle();
    expect(sb.task('release-prod', res.json.task_id)!.status).toBe('passed');
  });

  it('keeps the approval even when the body leaves jobs out or selects no build', async () => {
    const p = await preset('release-prod');
    p.stages = p.stages.filter((s: { name: string }) => s.name !== 'approve');
    const res = await createTask(p);
    expect(res.status).toBe(200);
    // The unlisted approval comes from the latest definition; the empty build selection yields no build.
    expect(sb.task('release-prod', res.json.task_id)!.stages.map((s) => s.name)).toEqual(['approve']);
  });

  it('matches repos by source, namespace and name (no alias) and applies the branch', async () => {
    const p = await preset('build-deploy');
    const build = jobOf(p, 'build').spec;
    const backend = build.service_and_builds_options.find((o: any) => o.service_name === 'backend');
    backend.repos[0].branch = 'release/9';
    build.service_and_builds = [backend];
    const res = await createTask(p);
    expect(res.status).toBe(200);
    const detail = await client(sb, 'alice').get(
      `/openapi/workflows/custom/task?workflowKey=build-deploy&taskId=${res.json.task_id}`,
    );
    expect(detail.json.stages[0].jobs.map((j: any) => j.spec.service_name)).toEqual(['backend']);
    expect(detail.json.stages[0].jobs[0].spec.repos[0].branch).toBe('release/9');
  });

  it('checks a SQL job database by id: the preset id runs, a name is refused by the lint', async () => {
    const ok = await createTask(await preset('db-migrate'));
    expect(ok.status).toBe(200);
    const p = await preset('db-migrate');
    jobOf(p, 'migrate').spec.id = 'demo-mysql';
    const byName = await createTask(p);
    expect(byName.status).toBe(400);
    expect(byName.json).toMatchObject({
      code: 6545,
      description: 'not found db instance in mongo, err: mongo: no documents in result',
    });
  });

  it('needs Workflow.Execute in the body project (403, empty body) and refuses a body without jobs to run', async () => {
    const p = filledReleaseProd(await preset('release-prod'));
    const dave = await createTask(p, 'dave');
    expect(dave.status).toBe(403);
    expect(dave.text).toBe('');
    const unauth = await client(sb, null).get('/api/aslan/workflow/v4/preset/release-prod');
    expect(unauth.status).toBe(401);
    const empty = await preset('build-deploy');
    const res = await createTask(empty);
    expect(res.status).toBe(400);
    expect(res.json).toMatchObject({
      code: 6160,
      description: expect.stringMatching(/^no stage found in workflow task: build-deploy,taskID: \d+$/),
    });
  });

  it('refuses an env the deploy job cannot use (cleared by Update, then not found)', async () => {
    const p = filledReleaseProd(await preset('release-prod'));
    jobOf(p, 'deploy').spec.env = 'dev';
    const res = await createTask(p);
    expect(res.status).toBe(400);
    expect(res.json).toMatchObject({ code: 6160, description: 'env  not exists' });
  });
});

describe('workflows that need a pre-approval ticket (the sandbox has none)', () => {
  it('fail on every path: the OpenAPI run, the preset, the workflowtask', async () => {
    const openapi = await openapiRun({ project_key: 'demo', workflow_key: 'ticket-release', inputs: [] });
    expect(openapi.json).toMatchObject({
      code: 6160,
      description: 'workflow need approval ticket to run, which is not supported by openAPI right now.',
    });
    const p = await client(sb, 'zbot').get('/api/aslan/workflow/v4/preset/ticket-release?projectName=demo');
    expect(p.status).toBe(400);
    expect(p.json).toMatchObject({
      code: 6545,
      description: 'the provided hex string is not a valid ObjectID',
    });
    const body = await preset('db-migrate');
    const res = await createTask({ ...body, name: 'ticket-release', stages: [] });
    expect(res.json).toMatchObject({
      code: 6160,
      description:
        'cannot find approval ticket of id: , error: the provided hex string is not a valid ObjectID',
    });
  });
});

describe('code hosts (GetCodeHostList)', () => {
  it('lists each code host with its alias and masked secrets', async () => {
    const res = await client(sb, 'zbot').get('/api/aslan/code/codehost');
    expect(res.status).toBe(200);
    expect(res.json).toEqual([
      expect.objectContaining({ id: 1, type: 'gitlab', alias: 'gitlab-demo', access_token: '********' }),
    ]);
  });
});
