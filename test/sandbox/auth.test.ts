// Locks in the sandbox gateway: 401/403 with empty bodies, token in header or ?token= (query wins),
// per-project RBAC on the routes Zadig checks, and Zadig's plain-text 404/405 for unknown routes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Sandbox, startSandbox } from '../../sandbox/index.js';
import { buildDeployBody, client } from './http.js';

let sb: Sandbox;
beforeAll(async () => {
  sb = await startSandbox();
});
afterAll(() => sb.close());

describe('sandbox auth', () => {
  it('answers 401 with an empty body without a token, with a forged one, or a malformed header', async () => {
    const anon = await client(sb, null).get('/openapi/projects/project');
    expect(anon).toMatchObject({ status: 401, text: '' });
    const [h, p] = sb.users.alice!.token.split('.');
    const forged = `${h}.${p}.${Buffer.from('nope').toString('base64url')}`;
    const bad = await client(sb, null).get('/openapi/projects/project', {
      Authorization: `Bearer ${forged}`,
    });
    expect(bad).toMatchObject({ status: 401, text: '' });
    const threeParts = await client(sb, null).get('/openapi/projects/project', {
      Authorization: `Bearer ${sb.users.alice!.token} extra`,
    });
    expect(threeParts.status).toBe(401);
  });

  it('accepts any scheme word and lets ?token= take priority over the header', async () => {
    const other = await client(sb, null).get('/openapi/projects/project', {
      Authorization: `X-API-KEY ${sb.users.bob!.token}`,
    });
    expect(other.status).toBe(200);
    const res = await fetch(`${sb.url}/openapi/projects/project?token=${sb.users.carol!.token}`, {
      headers: { Authorization: `Bearer ${sb.users.admin!.token}` },
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { projects: { project_key: string }[] };
    // carol cannot see payments, so the query token (carol) was used, not the header (admin).
    expect(body.projects.map((p) => p.project_key)).toEqual(['demo']);
    expect(sb.requests.at(-1)?.user).toBe('carol');
  });

  it('answers 403 with an empty body when the user may not run or restart, and [] for env lists', async () => {
    const carolRun = await client(sb, 'carol').post(
      '/openapi/workflows/custom/task',
      buildDeployBody('payments'),
    );
    expect(carolRun).toMatchObject({ status: 403, text: '' });
    const daveRun = await client(sb, 'dave').post('/openapi/workflows/custom/task', buildDeployBody());
    expect(daveRun).toMatchObject({ status: 403, text: '' });
    const daveRestart = await client(sb, 'dave').post(
      '/openapi/environments/dev/service/backend/restart?projectKey=demo',
    );
    expect(daveRestart).toMatchObject({ status: 403, text: '' });
    const envs = await client(sb, 'carol').get('/openapi/environments?projectKey=payments');
    expect(envs).toMatchObject({ status: 200, json: [] });
    // Task reads need no project permission.
    const detail = await client(sb, 'carol').get(
      '/openapi/workflows/custom/task?workflowKey=pay-deploy&taskId=1',
    );
    expect(detail.status).toBe(200);
  });

  it('answers unknown routes with plain-text 404 and wrong methods with 405', async () => {
    const nf = await client(sb, 'alice').get('/openapi/nope');
    expect(nf.status).toBe(404);
    expect(nf.type).toContain('text/plain');
    expect(nf.text).toBe('Invalid path: /openapi/nope');
    const wrong = await client(sb, 'alice').put('/openapi/workflows');
    expect(wrong.status).toBe(405);
  });
});
