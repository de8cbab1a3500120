// Locks in the wire contract of the env service version calls against the v3.4.1 server, without a
// server: the request each handler of environment/handler/version.go binds (path, query names, JSON
// body) and replies shaped like ListEnvServiceVersionsResponse and DiffEnvServiceVersionsResponse.
import { describe, expect, it } from 'vitest';
import { ZadigError } from '../../src/zadig/errors.js';
import { useLocalServer } from './zadig-client-fixture.js';
import { expectRequest, fixture } from './zadig-contract-kit.js';
import { json } from './zadig-local-server.js';

const local = useLocalServer();
const last = () => local.srv.received.at(-1);
const serve = (body: unknown) => local.srv.handle((_req, res) => json(res, 200, body));
const BASE = '/api/aslan/environment/environments';

describe('ListEnvServiceVersions → []ListEnvServiceVersionsResponse', () => {
  it('sends projectName, isHelmChart (ParseBool: always sent) and production only for a production env', async () => {
    serve(fixture('service-revisions'));
    const list = await local.client().listServiceRevisions('demo', 'dev', 'backend', { production: false });
    expectRequest(last(), {
      method: 'GET',
      path: `${BASE}/dev/version/backend`,
      query: { projectName: 'demo', isHelmChart: 'false' },
    });
    // Oldest first, whatever order the reply had; a null container list reads as none.
    expect(list.map((r) => r.revision)).toEqual([7, 8, 9]);
    expect(list[1]!.containers).toEqual([]);
    expect(list[2]).toEqual({
      serviceName: 'backend',
      revision: 9,
      containers: [
        { name: 'backend', image: 'reg.example.com/demo/backend:20240305-9-main', imageName: 'backend' },
        { name: 'migrate', image: 'reg.example.com/demo/migrate:1.2', imageName: 'migrate' },
      ],
      operation: 'rollback',
      deployType: 'k8s',
      detail: 'roll back the broken release',
      createTime: 1709625600,
      createBy: 'bob',
    });
    await local.client().listServiceRevisions('demo', 'prod', 'backend', { production: true });
    expectRequest(last(), {
      method: 'GET',
      path: `${BASE}/prod/version/backend`,
      query: { projectName: 'demo', isHelmChart: 'false', production: 'true' },
    });
  });

  it('an empty history (null from a nil slice, or []) is no revisions', async () => {
    serve(null);
    expect(await local.client().listServiceRevisions('demo', 'dev', 'x', { production: false })).toEqual([]);
    serve([]);
    expect(await local.client().listServiceRevisions('demo', 'dev', 'x', { production: false })).toEqual([]);
  });

  it('a revision without its number is a protocol error, not a revision 0', async () => {
    serve([{ service_name: 'backend', create_by: 'alice' }]);
    const err = await local
      .client()
      .listServiceRevisions('demo', 'dev', 'backend', { production: false })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ZadigError);
    expect((err as ZadigError).code).toBe('ZADIG_PROTOCOL');
  });
});

describe('DiffEnvServiceVersions → DiffEnvServiceVersionsResponse', () => {
  it('sends revisionA and revisionB (-1 = latest) and reads both sides', async () => {
    serve(fixture('service-revision-diff'));
    const diff = await local
      .client()
      .diffServiceRevisions('demo', 'prod', 'backend', { a: -1, b: 7 }, { production: true });
    expectRequest(last(), {
      method: 'GET',
      path: `${BASE}/prod/version/backend/diff`,
      query: {
        projectName: 'demo',
        isHelmChart: 'false',
        production: 'true',
        revisionA: '-1',
        revisionB: '7',
      },
    });
    expect(diff.type).toBe('k8s');
    expect(diff.a).toMatchObject({ createBy: 'bob', createTime: 1709625600, variableYaml: 'replicas: 3\n' });
    expect(diff.b.containers[0]!.image).toBe('reg.example.com/demo/backend:20240301-7-main');
    expect(diff.b.yaml).toContain('replicas: 2');
  });
});

describe('RollbackEnvServiceVersion', () => {
  it('POSTs RollbackEnvServiceVersionRequest{detail} with revision, isHelmChart and production in the query', async () => {
    serve({ message: 'success' });
    await local
      .client()
      .rollbackService('demo', 'prod', 'backend', 7, { production: true, detail: 'chat: alice' });
    expectRequest(last(), {
      method: 'POST',
      path: `${BASE}/prod/version/backend/rollback`,
      query: { projectName: 'demo', isHelmChart: 'false', production: 'true', revision: '7' },
      body: { detail: 'chat: alice' },
    });
    await local.client().rollbackService('demo', 'dev', 'backend', 3, { production: false });
    expectRequest(last(), {
      method: 'POST',
      path: `${BASE}/dev/version/backend/rollback`,
      query: { projectName: 'demo', isHelmChart: 'false', revision: '3' },
      body: { detail: '' },
    });
  });

  it('an unknown revision is ErrRollbackEnvServiceVersion (6079) with "历史版本 N 不存在"', async () => {
    local.srv.handle((_req, res) =>
      json(res, 400, {
        type: 'error',
        message: '回滚环境服务版本失败',
        code: 6079,
        description: '历史版本 42 不存在',
        extra: {},
      }),
    );
    const err = await local
      .client()
      .rollbackService('demo', 'dev', 'backend', 42, { production: false })
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'ZADIG_BUSINESS', zadigCode: 6079, description: '历史版本 42 不存在' });
  });
});
