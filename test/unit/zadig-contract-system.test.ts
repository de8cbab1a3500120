// Locks in the wire contract of the system lists (clusters, registries, users, roles, role bindings,
// operation logs) and the insight statistics against the v3.4.1 server, without a server: the request
// each handler binds and a reply shaped like its response struct, read into our types.
import { describe, expect, it } from 'vitest';
import { useLocalServer } from './zadig-client-fixture.js';
import { expectRequest, fixture } from './zadig-contract-kit.js';
import { json } from './zadig-local-server.js';

const local = useLocalServer();
const last = () => local.srv.received.at(-1);
const serve = (body: unknown) => local.srv.handle((_req, res) => json(res, 200, body));

describe('system lists', () => {
  it('OpenAPIListCluster → []OpenAPICluster; OpenAPIListRegistry → []OpenAPIRegistry', async () => {
    serve(fixture('cluster-list'));
    const clusters = await local.client().listClusters();
    expectRequest(last(), { method: 'GET', path: '/openapi/system/cluster' });
    expect(clusters[0]).toMatchObject({
      id: '0123456789abcdef12345678',
      name: 'local-k8s',
      projectNames: ['demo'],
    });
    serve(fixture('registry-list'));
    const regs = await local.client().listRegistries();
    expectRequest(last(), { method: 'GET', path: '/openapi/system/registry' });
    expect(regs[0]).toMatchObject({ id: '630c7ad700430c131062e245', provider: 'harbor', isDefault: true });
  });

  it('OpenAPIListUsersBrief binds OpenAPIQueryArgs {pageNum, pageSize, account, name} → UsersBriefResp', async () => {
    serve(fixture('users'));
    const r = await local.client().listUsers({ pageNum: 1, pageSize: 20, account: 'admin' });
    expectRequest(last(), {
      method: 'GET',
      path: '/openapi/users',
      query: { pageNum: '1', pageSize: '20', account: 'admin' },
    });
    expect(r).toMatchObject({ total: 1, users: [{ account: 'admin', identityType: 'system' }] });
  });

  it('OpenAPIListRoles / OpenAPIListRoleBindings read namespace → []Role / []RoleBindingResp', async () => {
    serve(fixture('role-list'));
    const roles = await local.client().listRoles('demo');
    expectRequest(last(), { method: 'GET', path: '/openapi/policy/roles', query: { namespace: 'demo' } });
    expect(roles.map((r) => [r.name, r.description])).toEqual([
      ['project-admin', ''],
      ['read-only', 'Read everything'],
    ]);
    serve(fixture('role-bindings'));
    const bindings = await local.client().listRoleBindings('demo');
    expectRequest(last(), {
      method: 'GET',
      path: '/openapi/policy/role-bindings',
      query: { namespace: 'demo' },
    });
    expect(bindings).toEqual([
      { bindingType: 'user', uid: 'u-alice', account: 'alice', name: 'Alice Wang', roles: ['project-admin'] },
      { bindingType: 'group', uid: 'g-devs', account: '', name: 'devs', roles: ['read-only'] },
    ]);
  });
});

describe('operation logs (OpenAPIGetOperationLogs → OpenAPIGetOperationLogsResponse)', () => {
  it('one searchType per request: a project alone is `project`', async () => {
    serve(fixture('operation-logs'));
    await local.client().listOperationLogs({ projectKey: 'payments', page: 1, perPage: 10 });
    expectRequest(last(), {
      method: 'GET',
      path: '/openapi/system/operation',
      query: { searchType: 'project', projectKey: 'payments', page: '1', perPage: '10' },
    });
  });

  it('a project with a user asks for the user and keeps the exact project (Zadig’s project filter is a regex)', async () => {
    serve(fixture('operation-logs'));
    const r = await local
      .client()
      .listOperationLogs({ projectKey: 'payments', username: 'Bob Li', perPage: 10 });
    expect(last()?.url.searchParams.get('searchType')).toBe('user');
    expect(r.logs.map((l) => l.projectKey)).toEqual(['payments']);
    expect(r.total).toBe(1);
  });

  it('the env variant (OpenAPIGetEnvOperationLogs) always sends projectKey and envName', async () => {
    serve(fixture('operation-logs'));
    await local.client().listOperationLogs({ projectKey: 'payments', envKey: 'dev', page: 2, perPage: 5 });
    expectRequest(last(), {
      method: 'GET',
      path: '/openapi/system/operation/env',
      query: { projectKey: 'payments', envName: 'dev', searchType: 'all', page: '2', perPage: '5' },
    });
  });
});

describe('statistics (stat/handler)', () => {
  const range = { projectKey: 'demo', startDate: 100, endDate: 200 };

  it('GetOverviewStat → Overview', async () => {
    serve(fixture('stats-overview'));
    expect(await local.client().statsOverview()).toEqual({
      projects: 14,
      clusters: 2,
      services: 37,
      workflows: 21,
      envs: 9,
      artifacts: 120,
    });
    expectRequest(last(), { method: 'GET', path: '/openapi/statistics/overview' });
  });

  it('GetBuildStatForOpenAPI binds OpenAPIGetBuildStatArgs → dashboardBuild (daily rows, sorted)', async () => {
    serve(fixture('stats-build'));
    const s = await local.client().statsBuild(range);
    expectRequest(last(), {
      method: 'GET',
      path: '/openapi/statistics/build',
      query: { startDate: '100', endDate: '200', projectKey: 'demo' },
    });
    expect(s).toMatchObject({ total: 18, success: 14, bucket: 'day' });
    expect(s.daily.map((d) => d.date)).toEqual(['2026-11-24', '2026-11-25']);
  });

  it('GetDeployStatsOpenAPI → DeployDashboard: weekly WeeklyDeployStat rows, failure = failed + timeout', async () => {
    serve(fixture('stats-deploy'));
    const s = await local.client().statsDeploy(range);
    expectRequest(last(), {
      method: 'GET',
      path: '/openapi/statistics/deploy',
      query: { startDate: '100', endDate: '200', projectKey: 'demo' },
    });
    expect(s.daily).toEqual([
      { date: '2026-11-16', success: 6, failure: 3, total: 9 },
      { date: '2026-11-23', success: 3, failure: 0, total: 3 },
    ]);
    // The top-level figures count all time; the period's come from its rows.
    expect(s).toMatchObject({ total: 12, success: 9, bucket: 'week' });
  });

  it('GetTestStatOpenAPI → OpenAPITestStatResp (trend rows sorted, failure = failed + timeout)', async () => {
    serve(fixture('stats-test'));
    expect(await local.client().statsTest(range)).toEqual({
      caseCount: 120,
      execCount: 40,
      successCount: 38,
      averageRuntime: 95,
      trend: [
        { date: '2026-11-09', success: 18, failure: 1, total: 19 },
        { date: '2026-11-16', success: 20, failure: 1, total: 21 },
      ],
    });
    expect(last()?.url.pathname).toBe('/openapi/statistics/test');
  });

  it('GetReleaseStatOpenAPI binds getStatReqV2 {startTime, endTime, projectKey} → OpenAPIStatV2 (rows sorted)', async () => {
    serve(fixture('stats-release'));
    const s = await local.client().statsRelease({ projectKey: 'demo', startDate: 100, endDate: 200 });
    expectRequest(last(), {
      method: 'GET',
      path: '/openapi/statistics/v2/release',
      query: { startTime: '100', endTime: '200', projectKey: 'demo' },
    });
    expect(s.daily.map((d) => [d.date, d.failure])).toEqual([
      ['2026-11-20', 1],
      ['2026-11-25', 0],
    ]);
    expect(s).toMatchObject({ total: 5, success: 4 });
  });
});
