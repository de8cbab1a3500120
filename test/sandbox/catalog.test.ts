// Locks in the secondary sandbox endpoints: release plans (paging required, detail, create with an existing
// manager), users and roles, operation logs recording real mutations, and statistics derived from tasks.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Sandbox, startSandbox } from '../../sandbox/index.js';
import { client } from './http.js';

let sb: Sandbox;
beforeAll(async () => {
  sb = await startSandbox();
});
afterAll(() => sb.close());

describe('sandbox release plans', () => {
  it('requires pageNum and pageSize, lists newest first, and shows detail with approval and jobs', async () => {
    const c = client(sb, 'zbot');
    const bad = await c.get('/openapi/release_plan/v1');
    expect(bad.status).toBe(400);
    expect(bad.json).toMatchObject({ type: 'error', code: 400, message: 'Bad Request' });
    const list = await c.get('/openapi/release_plan/v1?pageNum=1&pageSize=10');
    expect(list.json.total).toBe(3);
    expect(list.json.list.map((p: any) => p.index)).toEqual([3, 2, 1]);
    const id = list.json.list[1].id;
    const detail = await c.get(`/openapi/release_plan/v1/${id}`);
    expect(detail.json).toMatchObject({
      name: 'Demo Shop 2.0',
      status: 'executing',
      approval: { type: 'native' },
    });
    const wfJob = detail.json.jobs.find((j: any) => j.type === 'workflow');
    expect(wfJob.spec).toMatchObject({ workflow: { name: 'release-prod' }, task_id: 1, status: 'passed' });
    sb.setPlanStatus(id, 'success');
    expect((await c.get(`/openapi/release_plan/v1/${id}`)).json.status).toBe('success');
  });

  it('creates a plan for an existing manager and refuses unknown managers and unauthorised users', async () => {
    const c = client(sb, 'alice');
    const ok = await c.post('/openapi/release_plan/v1', {
      name: 'Q4',
      manager: 'bob',
      manager_identity_type: 'system',
    });
    expect(ok.json).toEqual({ id: expect.stringMatching(/^[0-9a-f]{24}$/), message: 'success' });
    expect((await c.get(`/openapi/release_plan/v1/${ok.json.id}`)).json).toMatchObject({
      manager: 'Bob Li',
      status: 'planning',
    });
    const unknown = await c.post('/openapi/release_plan/v1', {
      name: 'Q5',
      manager: 'mallory',
      manager_identity_type: 'system',
    });
    expect(unknown.json).toEqual({
      message: 'Internal Error: ',
      code: 500,
      description: 'User mallory not found',
    });
    expect(
      (await client(sb, 'dave').post('/openapi/release_plan/v1', { name: 'x', manager: 'bob' })).status,
    ).toBe(403);
  });
});

describe('sandbox users, logs and statistics', () => {
  it('lists users with total_count and filters, for admins and the bot user only', async () => {
    const res = await client(sb, 'zbot').get('/openapi/users?pageNum=1&pageSize=20&account=ali');
    expect(res.json).toEqual({
      users: [{ uid: sb.users.alice!.uid, account: 'alice', name: 'Alice Wang', identity_type: 'system' }],
      total_count: 1,
    });
    expect((await client(sb, 'carol').get('/openapi/users')).status).toBe(403);
    const bindings = await client(sb, 'admin').get('/openapi/policy/role-bindings?namespace=payments');
    expect(bindings.json.map((b: any) => b.user_info.account)).not.toContain('carol');
  });

  it('records mutations in the operation log', async () => {
    const c = client(sb, 'bob');
    await c.post('/openapi/environments/dev/service/frontend/restart?projectKey=demo');
    const logs = await client(sb, 'admin').get(
      '/openapi/system/operation?searchType=project&page=1&perPage=5&projectKey=demo',
    );
    expect(logs.json.operation_logs[0]).toMatchObject({
      username: 'Bob Li',
      method: '重启',
      targets: ['dev/frontend'],
    });
    expect(logs.json.total).toBeGreaterThan(1);
    expect((await c.get('/openapi/system/operation')).status).toBe(403);
  });

  it('derives build and deploy statistics from tasks', async () => {
    const c = client(sb, 'zbot');
    const before = await c.get('/openapi/statistics/build?projectKey=demo');
    sb.startTask('build-deploy');
    await sb.settle();
    const after = await c.get('/openapi/statistics/build?projectKey=demo');
    expect(after.json.total).toBe(before.json.total + 2);
    expect(after.json.success).toBe(before.json.success + 2);
    expect(after.json.data.at(-1)).toMatchObject({ date: '2026-11-26' });
    const overview = await c.get('/openapi/statistics/overview');
    expect(overview.json).toMatchObject({ project_count: 2, env_count: 4 });
    expect((await c.get('/openapi/statistics/v2/release')).status).toBe(400);
  });
});
