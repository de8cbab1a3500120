// Locks in cancel and retry rules: passed tasks cannot be cancelled (400/6163), cancel records the revoker;
// retry works only from failed/timeout/cancelled/reject (else 500 工作流任务状态无法重试), re-runs the same
// task id keeping passed jobs, and a missing task gives 400/6161.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Sandbox, startSandbox } from '../../sandbox/index.js';
import { client } from './http.js';

let sb: Sandbox;
beforeAll(async () => {
  sb = await startSandbox();
});
afterAll(() => sb.close());

const cancel = (key: string, id: number, as = 'bob') =>
  client(sb, as).del(`/openapi/workflows/custom/task?workflowKey=${key}&taskId=${id}`);
const retry = (key: string, id: number, as = 'bob') =>
  client(sb, as).post(`/openapi/workflows/custom/${key}/task/${id}?projectKey=demo`);

describe('sandbox cancel and retry', () => {
  it('refuses to cancel a passed task and cancels a running one as the token user', async () => {
    const passed = sb.startTask('hotfix');
    await sb.settle();
    const res = await cancel('hotfix', passed);
    expect(res.status).toBe(400);
    expect(res.json).toMatchObject({
      code: 6163,
      message: '取消工作流任务失败',
      description: `task: hotfix:${passed} is passed, cannot cancel`,
    });
    const running = sb.startTask('build-deploy');
    await sb.advance(10_000);
    expect((await cancel('build-deploy', running, 'dave')).json).toEqual({ message: 'success' });
    const t = sb.task('build-deploy', running)!;
    expect(t).toMatchObject({ status: 'cancelled', revoker: 'Dave Chen' });
    expect(t.stages[0]!.jobs.every((j) => j.status === 'cancelled')).toBe(true);
    expect((await cancel('build-deploy', 9999)).json).toMatchObject({
      code: 6163,
      description: 'mongo: no documents in result',
    });
  });

  it('refuses to retry a task that is not failed, timed out, cancelled or rejected', async () => {
    const id = sb.startTask('hotfix');
    await sb.advance(5000);
    const res = await retry('hotfix', id);
    expect(res.status).toBe(500);
    expect(res.json).toEqual({
      message: 'Internal Error: ',
      code: 500,
      description: '工作流任务状态无法重试',
    });
    const missing = await retry('hotfix', 4242);
    expect(missing.status).toBe(400);
    expect(missing.json).toMatchObject({ code: 6161, description: 'mongo: no documents in result' });
  });

  it('retries a failed task in place, keeping passed jobs, and it then passes', async () => {
    const id = sb.startTask('build-deploy', { fail: true });
    await sb.settle();
    const failed = sb.task('build-deploy', id)!;
    expect(failed.status).toBe('failed');
    const buildJobs = failed.stages[0]!.jobs;
    expect(failed.stages[1]!.jobs.map((j) => j.status)).toEqual(['passed', 'failed']);
    expect((await retry('build-deploy', id)).json).toEqual({ message: 'success' });
    const restarted = sb.task('build-deploy', id)!;
    expect(restarted.status).toBe('created');
    expect(restarted.stages[0]!.jobs).toEqual(buildJobs);
    expect(restarted.stages[1]!.jobs.map((j) => j.status)).toEqual(['passed', '']);
    await sb.settle();
    const done = sb.task('build-deploy', id)!;
    expect(done.status).toBe('passed');
    expect(done.attempt).toBe(2);
    const detail = await client(sb, 'bob').get(
      `/openapi/workflows/custom/task?workflowKey=build-deploy&taskId=${id}`,
    );
    expect(detail.json.is_restart).toBe(true);
    expect(sb.tasks('build-deploy').filter((t) => t.taskId === id)).toHaveLength(1);
  });

  it('retries a cancelled task', async () => {
    const id = sb.startTask('hotfix');
    await sb.advance(4000);
    await cancel('hotfix', id);
    expect((await retry('hotfix', id)).status).toBe(200);
    await sb.settle();
    expect(sb.task('hotfix', id)!.status).toBe('passed');
  });
});
