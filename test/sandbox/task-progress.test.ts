// Locks in task progression on the sandbox's manual clock: created → waiting → queued → running, stages in
// order with jobs in prepare/running, then passed; injected failures end `failed` with job and task errors;
// a passed deploy changes the environment's image.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Sandbox, startSandbox } from '../../sandbox/index.js';
import { buildDeployBody, client } from './http.js';

let sb: Sandbox;
beforeAll(async () => {
  sb = await startSandbox();
});
afterAll(() => sb.close());

describe('sandbox task progression', () => {
  it('moves only when virtual time advances, through every phase, to passed', async () => {
    const start = sb.now();
    const res = await client(sb, 'bob').post('/openapi/workflows/custom/task', buildDeployBody());
    const id = res.json.task_id as number;
    const seen: string[] = [sb.task('build-deploy', id)!.status];
    for (let i = 0; i < 3; i++) {
      await sb.advance(1000);
      seen.push(sb.task('build-deploy', id)!.status);
    }
    expect(seen).toEqual(['created', 'waiting', 'queued', 'running']);
    const t = sb.task('build-deploy', id)!;
    expect(t.stages[0]).toMatchObject({ status: 'running', jobs: [{ status: 'prepare' }] });
    expect(t.stages[1]!.status).toBe('');
    await sb.advance(1000);
    expect(sb.task('build-deploy', id)!.stages[0]!.jobs[0]!.status).toBe('running');
    await sb.advance(20_000);
    const mid = sb.task('build-deploy', id)!;
    expect(mid.stages.map((s) => s.status)).toEqual(['passed', 'running']);
    await sb.settle();
    const done = sb.task('build-deploy', id)!;
    expect(done.status).toBe('passed');
    expect(done.stages.map((s) => s.status)).toEqual(['passed', 'passed']);
    expect(sb.now() - start).toBe(3000 + 21_000 + 11_000);
    const detail = await client(sb, 'bob').get(
      `/openapi/workflows/custom/task?workflowKey=build-deploy&taskId=${id}`,
    );
    expect(detail.json.end_time - detail.json.start_time).toBe(32);
  });

  it('applies a passed deploy to the environment', async () => {
    const env = await client(sb, 'bob').get('/openapi/environments/dev?projectKey=demo');
    const backend = env.json.services.find((s: { service_name: string }) => s.service_name === 'backend');
    expect(backend.containers[0].image).toBe('registry.demo.local/demo/backend:v1.2.3');
  });

  it('fails flaky-build with a job error, a task error and log lines', async () => {
    const id = sb.startTask('flaky-build', { creator: 'carol' });
    await sb.settle();
    const t = sb.task('flaky-build', id)!;
    expect(t.status).toBe('failed');
    expect(t.creator).toBe('Carol Zhang');
    const job = t.stages[0]!.jobs[0]!;
    expect(job.status).toBe('failed');
    expect(job.error).toMatch(/exited with code 1/);
    expect(t.error).toBe(job.error);
    const log = await client(sb, 'carol').get(`/openapi/logs/log/v4/workflow/flaky-build/${id}/${job.name}`);
    expect(log.type).toContain('text/plain');
    expect(log.text).toContain('Tests: 3 failed');
  });

  it('fails the last job when started with fail:true and keeps earlier jobs passed', async () => {
    const id = sb.startTask('build-deploy', { fail: true, params: { mode: 'full' } });
    await sb.settle();
    const t = sb.task('build-deploy', id)!;
    expect(t.status).toBe('failed');
    expect(t.params.mode).toBe('full');
    expect(t.stages.map((s) => s.status)).toEqual(['passed', 'failed']);
    expect(t.inputsJobNames).toEqual(['build', 'deploy']);
  });

  it('runs test and scan tasks on virtual time with a report and a result link', async () => {
    const c = client(sb, 'alice');
    const run = await c.post('/openapi/quality/testing/task', { project_key: 'demo', test_name: 'e2e-test' });
    const id = run.json.task_id;
    const before = await c.get(`/openapi/quality/testing/e2e-test/task/${id}?projectKey=demo`);
    expect(before.json.status).toBe('waiting');
    await sb.settle();
    const after = await c.get(`/openapi/quality/testing/e2e-test/task/${id}?projectKey=demo`);
    expect(after.json.status).toBe('failed');
    expect(after.json.test_report).toMatchObject({ test_total: 12, failure_total: 1, success_total: 11 });
    expect(
      after.json.test_report.test_cases.find((x: { failure: unknown }) => x.failure).failure.message,
    ).toMatch(/coupon/);
    const scan = await c.post('/openapi/quality/codescan/sonar-backend/task?projectKey=demo', {
      scan_repos: [{ source: 'gitlab', repo_owner: 'demo-shop', repo_name: 'backend', branch: 'dev' }],
    });
    await sb.settle();
    const sd = await c.get(
      `/openapi/quality/codescan/sonar-backend/task/${scan.json.task_id}?projectKey=demo`,
    );
    expect(sd.json).toMatchObject({ status: 'passed', repo_info: [{ branch: 'dev' }] });
    expect(sd.json.result_link).toMatch(/^https:\/\/sonar\.demo\.local\//);
  });
});
