// Locks in licence gates (7050 → HTTP 400 per edition) and fault injection (500, 403, 401, slow, hang,
// `times`), plus the request log the sandbox keeps for assertions.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Sandbox, startSandbox } from '../../sandbox/index.js';
import { client } from './http.js';

let sb: Sandbox;
beforeAll(async () => {
  sb = await startSandbox();
});
afterAll(() => sb.close());

const LICENSE = { type: 'error', code: 7050, message: '用户许可证不可用，请检查许可证后重试' };

describe('sandbox licence gates', () => {
  it('professional: release plans answer 7050, production envs work', async () => {
    const pro = await startSandbox({ license: 'professional' });
    try {
      const c = client(pro, 'admin');
      const plans = await c.get('/openapi/release_plan/v1?pageNum=1&pageSize=10');
      expect(plans.status).toBe(400);
      expect(plans.json).toMatchObject(LICENSE);
      expect((await c.get('/openapi/environments/production?projectKey=demo')).status).toBe(200);
    } finally {
      await pro.close();
    }
  });

  it('community: production env routes and delivery versions answer 7050, except service detail and variables', async () => {
    const com = await startSandbox({ license: 'community' });
    try {
      const c = client(com, 'admin');
      expect((await c.get('/openapi/environments/production?projectKey=demo')).json).toMatchObject(LICENSE);
      expect(
        (await c.post('/openapi/environments/production/prod/service/backend/restart?projectKey=demo')).json,
      ).toMatchObject(LICENSE);
      expect(
        (await c.get('/openapi/delivery/releases?projectKey=demo&pageNum=1&pageSize=5')).json,
      ).toMatchObject(LICENSE);
      expect(
        (await c.put('/openapi/environments/dev/variable?projectKey=demo', { global_variables: [] })).json,
      ).toMatchObject(LICENSE);
      expect(
        (await c.get('/openapi/environments/production/prod/services/backend?projectKey=demo')).status,
      ).toBe(200);
      expect((await c.get('/openapi/environments/production/prod/variable?projectKey=demo')).status).toBe(
        200,
      );
      expect((await c.get('/openapi/environments?projectKey=demo')).status).toBe(200);
    } finally {
      await com.close();
    }
  });
});

describe('sandbox faults', () => {
  it('injects 500, 403 and 401 before routing, then stops after `times`', async () => {
    const c = client(sb, 'alice');
    sb.fault({ path: /^\/openapi\/projects\/project$/, kind: '500', times: 1 });
    const first = await c.get('/openapi/projects/project');
    expect(first.status).toBe(500);
    expect(first.json).toMatchObject({ message: 'Internal Error: ', code: 500 });
    expect((await c.get('/openapi/projects/project')).status).toBe(200);
    const remove = sb.fault({ method: 'GET', path: /\/openapi\/environments/, kind: '403' });
    const denied = await c.get('/openapi/environments?projectKey=demo');
    expect(denied).toMatchObject({ status: 403, text: '' });
    remove();
    expect((await c.get('/openapi/environments?projectKey=demo')).status).toBe(200);
    sb.fault({ path: /no-such-route/, kind: '401' });
    expect(await c.get('/openapi/no-such-route')).toMatchObject({ status: 401, text: '' });
    sb.clearFaults();
    expect((await c.get('/openapi/no-such-route')).status).toBe(404);
  });

  it('delays with slow and keeps the request open with hang until the client gives up', async () => {
    sb.fault({ path: /\/openapi\/system\/registry/, kind: 'slow', delayMs: 150, times: 1 });
    const t0 = Date.now();
    const slow = await client(sb, 'zbot').get('/openapi/system/registry');
    expect(Date.now() - t0).toBeGreaterThanOrEqual(140);
    expect(slow.json[0]).toMatchObject({ address: 'https://registry.demo.local', namespace: 'demo' });
    sb.fault({ path: /\/openapi\/system\/cluster/, kind: 'hang' });
    const hung = fetch(`${sb.url}/openapi/system/cluster`, {
      headers: { Authorization: `Bearer ${sb.botToken}` },
      signal: AbortSignal.timeout(200),
    });
    await expect(hung).rejects.toThrow();
    sb.clearFaults();
  });

  it('records each request with method, path, query, user and status', async () => {
    await client(sb, 'dave').get('/openapi/workflows?projectKey=demo&viewName=x');
    const rec = sb.requests.at(-1)!;
    expect(rec).toMatchObject({
      method: 'GET',
      path: '/openapi/workflows',
      query: { projectKey: 'demo', viewName: 'x' },
      user: 'dave',
      status: 200,
      at: sb.now(),
    });
    await client(sb, null).get('/openapi/workflows?projectKey=demo');
    expect(sb.requests.at(-1)).toMatchObject({ user: null, status: 401 });
  });
});
