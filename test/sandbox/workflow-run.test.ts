// Locks in v3.4 run semantics of the sandbox: jobs not named in `inputs` are skipped (empty stages vanish),
// approval inputs and bad params fail like Zadig, registries must match exactly, and the task records
// the caller as creator and exactly what the client sent.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Sandbox, startSandbox } from '../../sandbox/index.js';
import { buildDeployBody, client } from './http.js';

let sb: Sandbox;
beforeAll(async () => {
  sb = await startSandbox();
});
afterAll(() => sb.close());

const run = (body: unknown, as = 'alice') => client(sb, as).post('/openapi/workflows/custom/task', body);

describe('sandbox workflow run', () => {
  it('creates a task whose creator is the token user and records inputs and parameters', async () => {
    const body = buildDeployBody();
    const res = await run(body);
    expect(res.status).toBe(200);
    expect(res.json).toEqual({
      project_name: 'demo',
      workflow_name: 'build-deploy',
      task_id: expect.any(Number),
    });
    const task = sb.task('build-deploy', res.json.task_id)!;
    expect(task.creator).toBe('Alice Wang');
    expect(task.inputs).toEqual(body.inputs);
    expect(task.parameters).toEqual(body.parameters);
    expect(task.inputsJobNames).toEqual(['build', 'deploy']);
    expect(task.params.tag).toBe('v1.2.3');
    const detail = await client(sb, 'alice').get(
      `/openapi/workflows/custom/task?workflowKey=build-deploy&taskId=${res.json.task_id}`,
    );
    const build = detail.json.stages[0].jobs[0];
    expect(build.name).toBe('job-0-0-0-build');
    expect(build.spec.repos[0].branch).toBe('release/1.2');
    expect(build.spec.image).toBe('registry.demo.local/demo/backend:v1.2.3');
    expect(detail.json.stages[1].jobs[0].spec.service_and_images).toEqual([
      {
        service_name: 'backend',
        service_module: 'backend',
        image: 'registry.demo.local/demo/backend:v1.2.3',
      },
    ]);
  });

  it('skips jobs missing from inputs and drops stages left empty', async () => {
    const body = buildDeployBody();
    body.inputs = body.inputs.slice(0, 1);
    const res = await run(body);
    const task = sb.task('build-deploy', res.json.task_id)!;
    expect(task.stages.map((s) => s.name)).toEqual(['build']);
    const none = await run({ project_key: 'demo', workflow_key: 'release-prod', inputs: [] });
    expect(sb.task('release-prod', none.json.task_id)!.stages).toEqual([]);
  });

  it('refuses an approval job in inputs with the v3.4 error', async () => {
    const res = await run({
      project_key: 'demo',
      workflow_key: 'release-prod',
      inputs: [{ job_name: 'approval', job_type: 'approval', parameters: {} }],
    });
    expect(res.status).toBe(500);
    expect(res.json).toEqual({
      message: 'Internal Error: ',
      code: 500,
      description: 'undefined job type of type:approval',
    });
  });

  it('validates parameters, choices, registries and the workflow key', async () => {
    const unknown = await run(
      buildDeployBody('demo', { parameters: [{ name: 'nope', type: 'string', value: 'x' }] }),
    );
    expect(unknown.status).toBe(500);
    expect(unknown.json.description).toBe('param nope not found in workflow build-deploy');
    const choice = await run(
      buildDeployBody('demo', { parameters: [{ name: 'mode', type: 'choice', value: 'turbo' }] }),
    );
    expect(choice.json.description).toBe('invalid choice value turbo for param mode');
    const okChoice = await run(
      buildDeployBody('demo', { parameters: [{ name: 'mode', type: 'choice', value: 'full' }] }),
    );
    expect(okChoice.status).toBe(200);
    const body = buildDeployBody();
    (body.inputs[0]!.parameters as { registry: string }).registry = 'registry.demo.local/demo';
    const reg = await run(body);
    expect(reg.status).toBe(500);
    // CreateCustomWorkflowTask wraps every updater error with the job's name.
    expect(reg.json.description).toBe(
      "failed to update jobspec for job: build, err: didn't find the specified image registry",
    );
    const missing = await run({ project_key: 'demo', workflow_key: 'no-such-wf', inputs: [] });
    expect(missing.status).toBe(400);
    expect(missing.json).toMatchObject({ type: 'error', code: 6542, extra: {} });
  });

  it('resolves the same workflow key per project and numbers tasks per key', async () => {
    const demo = await run(buildDeployBody('demo'));
    const pay = await run({
      project_key: 'payments',
      workflow_key: 'build-deploy',
      inputs: [
        {
          job_name: 'build',
          job_type: 'zadig-build',
          parameters: {
            registry: 'https://registry.demo.local/demo',
            service_list: [{ service_name: 'pay-api', service_module: 'pay-api' }],
          },
        },
      ],
    });
    expect(pay.json.project_name).toBe('payments');
    expect(pay.json.task_id).toBe(demo.json.task_id + 1);
    const list = await client(sb, 'alice').get(
      '/openapi/workflows/custom/build-deploy/tasks?projectKey=payments',
    );
    expect(list.json.workflow_tasks.map((t: { task_id: number }) => t.task_id)).toContain(pay.json.task_id);
    expect(list.json.workflow_tasks.map((t: { task_id: number }) => t.task_id)).not.toContain(
      demo.json.task_id,
    );
  });

  it('lists tasks newest first with total and a default page size of 10', async () => {
    for (let i = 0; i < 6; i++) await run(buildDeployBody());
    const list = await client(sb, 'zbot').get('/openapi/workflows/custom/build-deploy/tasks?projectKey=demo');
    expect(list.json.total).toBeGreaterThan(10);
    expect(list.json.workflow_tasks).toHaveLength(10);
    const ids = list.json.workflow_tasks.map((t: { task_id: number }) => t.task_id);
    expect(ids).toEqual([...ids].sort((a: number, b: number) => b - a));
    const noProject = await client(sb, 'zbot').get('/openapi/workflows/custom/build-deploy/tasks');
    expect(noProject.json).toEqual({ total: 0, workflow_tasks: [] });
  });

  it('answers a missing task with 500 mongo: no documents in result', async () => {
    const res = await client(sb, 'zbot').get(
      '/openapi/workflows/custom/task?workflowKey=build-deploy&taskId=999',
    );
    expect(res.status).toBe(500);
    expect(res.json).toEqual({
      message: 'Internal Error: ',
      code: 500,
      description: 'mongo: no documents in result',
    });
  });
});
