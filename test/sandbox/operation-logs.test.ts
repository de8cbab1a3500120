// Locks in the sandbox's operation logs as OpenAPIGetOperationLogs / OpenAPIGetEnvOperationLogs answer
// them: `searchType` picks exactly ONE filter (project and user never together; the project filter is a
// regex), page/perPage are parsed with strconv.Atoi (6652 when absent), system admins only.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Sandbox, startSandbox } from '../../sandbox/index.js';
import { client } from './http.js';

let sb: Sandbox;
beforeAll(async () => {
  sb = await startSandbox();
  await client(sb, 'alice').post('/openapi/environments/dev/service/frontend/restart?projectKey=payments');
  await client(sb, 'alice').post('/openapi/environments/dev/service/frontend/restart?projectKey=demo');
});
afterAll(() => sb.close());

const get = (query: string) => client(sb, 'admin').get(`/openapi/system/operation?${query}`);

describe('sandbox operation logs', () => {
  it('searchType=user filters by user only: a projectKey sent along is ignored', async () => {
    const r = await get('searchType=user&username=Alice&projectKey=payments&page=1&perPage=50');
    const projects = new Set(r.json.operation_logs.map((l: any) => l.project_key));
    expect(projects.has('demo')).toBe(true);
    expect(r.json.operation_logs.every((l: any) => l.username.includes('Alice'))).toBe(true);
  });

  it('searchType=project filters by project only: a username sent along is ignored', async () => {
    const r = await get('searchType=project&projectKey=demo&username=Alice&page=1&perPage=50');
    expect(r.json.operation_logs.every((l: any) => l.project_key === 'demo')).toBe(true);
    expect(r.json.operation_logs.some((l: any) => !l.username.includes('Alice'))).toBe(true);
  });

  it('page and perPage are required numbers (6652); an unknown searchType is 6652; non-admins get 403', async () => {
    expect((await get('searchType=all')).json).toMatchObject({ code: 6652 });
    expect((await get('searchType=nope&page=1&perPage=5')).json).toMatchObject({ code: 6652 });
    expect((await get('page=1&perPage=5')).json).toMatchObject({ code: 6652 });
    expect(
      (await client(sb, 'alice').get('/openapi/system/operation?searchType=all&page=1&perPage=5')).status,
    ).toBe(403);
  });
});
