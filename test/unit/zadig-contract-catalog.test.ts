// Locks in the wire contract of the service, build, test, scan, delivery-version and release-plan calls
// against the v3.4.1 server, without a server: the request each handler binds and a reply shaped like its
// response struct (named where each fixture is loaded), read into our types.
import { describe, expect, it } from 'vitest';
import { useLocalServer } from './zadig-client-fixture.js';
import { expectRequest, fixture } from './zadig-contract-kit.js';
import { json } from './zadig-local-server.js';

const local = useLocalServer();
const last = () => local.srv.received.at(-1);
const serve = (body: unknown) => local.srv.handle((_req, res) => json(res, 200, body));

describe('services (service/handler/openapi.go)', () => {
  it('ListYamlServicesOpenAPI → []OpenAPIServiceBrief; GetYamlServiceOpenAPI → OpenAPIGetYamlServiceResp', async () => {
    serve(fixture('service-list'));
    const list = await local.client().listServices('demo', { production: true });
    expectRequest(last(), {
      method: 'GET',
      path: '/openapi/service/yaml/production/services',
      query: { projectKey: 'demo' },
    });
    expect(list[0]).toMatchObject({ serviceName: 'backend', type: 'k8s' });
    serve(fixture('service-detail'));
    const svc = await local.client().getService('demo', 'backend');
    expectRequest(last(), {
      method: 'GET',
      path: '/openapi/service/yaml/backend',
      query: { projectKey: 'demo' },
    });
    expect(svc).toMatchObject({ serviceName: 'backend', createTime: 1686192946 });
    // ServiceVariableKV.value is interface{}: a number and a bool come as such.
    expect(svc.variables.map((v) => [v.key, v.value])).toEqual([
      ['replicas', '2'],
      ['debug', 'false'],
    ]);
  });
});

describe('builds (build/handler/openapi.go)', () => {
  it('OpenAPIListBuildModules binds projectKey + OpenAPIPageParamsFromReq → OpenAPIBuildListResp', async () => {
    serve(fixture('build-list'));
    const r = await local.client().listBuilds('demo', { pageNum: 1, pageSize: 50 });
    expectRequest(last(), {
      method: 'GET',
      path: '/openapi/build',
      query: { projectKey: 'demo', pageNum: '1', pageSize: '50' },
    });
    expect(r.builds[0]).toMatchObject({
      name: 'backend-build',
      targets: [{ serviceName: 'backend', serviceModule: 'backend' }],
    });
  });

  it('OpenAPIGetBuildModule reads projectKey, serviceName, serviceModule → OpenAPIBuildDetailResp', async () => {
    serve(fixture('build-detail'));
    const b = await local
      .client()
      .getBuild('demo', 'backend-build', { serviceName: 'backend', serviceModule: 'backend' });
    expectRequest(last(), {
      method: 'GET',
      path: '/openapi/build/backend-build/detail',
      query: { projectKey: 'demo', serviceName: 'backend', serviceModule: 'backend' },
    });
    expect(b).toMatchObject({ clusterName: 'local-k8s', timeoutMinutes: 60 });
    // ServiceKeyVal.value is interface{}: a bool parameter is shown as one.
    expect(b.parameters.map((p) => [p.key, p.value, p.isCredential])).toEqual([
      ['GOFLAGS', '-mod=vendor', false],
      ['RACE', 'true', false],
      ['NPM_TOKEN', 's3cr3t', true],
    ]);
  });
});

describe('tests and scans (workflow/testing/handler/openapi.go)', () => {
  it('OpenAPICreateTestTask binds OpenAPICreateTestTaskReq {project_key, test_name} → {task_id}', async () => {
    serve({ task_id: 7 });
    expect(await local.client().runTest('demo', 'e2e-test')).toEqual({ taskId: 7 });
    expectRequest(last(), {
      method: 'POST',
      path: '/openapi/quality/testing/task',
      body: { project_key: 'demo', test_name: 'e2e-test' },
    });
  });

  it('OpenAPIGetTestTaskResult reads :testName, :taskID, projectKey → OpenAPITestTaskDetail', async () => {
    serve(fixture('test-task'));
    const t = await local.client().getTestTask('demo', 'e2e-test', 7);
    expectRequest(last(), {
      method: 'GET',
      path: '/openapi/quality/testing/e2e-test/task/7',
      query: { projectKey: 'demo' },
    });
    expect(t.report).toMatchObject({
      total: 3,
      failures: 1,
      successes: 2,
      failedCases: [{ name: 'checkout pays', message: 'expected 200, got 500' }],
    });
  });

  it('OpenAPICreateScanningTask binds OpenAPICreateScanningTaskReq {scan_repos: ScanningRepoInfo[]} + projectKey', async () => {
    serve({ task_id: 3 });
    await local.client().runScan('demo', 'sonar-backend', {
      repos: [
        {
          source: 'gitlab',
          repoOwner: 'demo-shop',
          repoName: 'backend',
          branch: 'develop',
          codehostId: 3,
          repoNamespace: 'demo-shop',
        },
      ],
    });
    expectRequest(last(), {
      method: 'POST',
      path: '/openapi/quality/codescan/sonar-backend/task',
      query: { projectKey: 'demo' },
      body: {
        scan_repos: [
          {
            source: 'gitlab',
            repo_owner: 'demo-shop',
            repo_name: 'backend',
            branch: 'develop',
            codehost_id: 3,
            repo_namespace: 'demo-shop',
          },
        ],
      },
    });
  });

  it('OpenAPIGetScanningTaskDetail → OpenAPIScanTaskDetail; the UI list ListScanningModule → []ListScanningRespItem', async () => {
    serve(fixture('scan-task'));
    const t = await local.client().getScanTask('demo', 'sonar-backend', 3);
    expectRequest(last(), {
      method: 'GET',
      path: '/openapi/quality/codescan/sonar-backend/task/3',
      query: { projectKey: 'demo' },
    });
    expect(t).toMatchObject({ status: 'passed', repos: [{ repoName: 'backend', branch: 'develop' }] });
    serve(fixture('scan-list'));
    const scans = await local.client().listScans('demo');
    expectRequest(last(), {
      method: 'GET',
      path: '/api/aslan/testing/scanning',
      query: { projectName: 'demo' },
    });
    expect(scans[0]).toEqual({
      id: '6790f2a1c1d2e3f4a5b6c7d8',
      name: 'sonar-backend',
      description: '',
      repos: [
        {
          source: 'gitlab',
          repoOwner: 'demo-shop',
          repoNamespace: 'demo-shop',
          repoName: 'backend',
          branch: 'main',
          codehostId: 3,
        },
        {
          source: 'gitlab',
          repoOwner: 'demo-shop',
          repoNamespace: 'demo-shop',
          repoName: 'common',
          branch: 'main',
          codehostId: 3,
        },
      ],
    });
  });
});

describe('delivery versions (delivery/handler/openapi.go)', () => {
  it('OpenAPIListDeliveryVersion binds OpenAPIListDeliveryVersionRequest (all required) → OpenAPIListDeliveryVersionResp', async () => {
    serve(fixture('version-list'));
    const r = await local.client().listVersions('demo', { pageNum: 1, pageSize: 20 });
    expectRequest(last(), {
      method: 'GET',
      path: '/openapi/delivery/releases',
      query: { projectKey: 'demo', pageNum: '1', pageSize: '20' },
    });
    expect(r.versions[0]).toMatchObject({
      id: '6790f2a1c1d2e3f4a5b6c7e1',
      versionName: 'v1.4.2',
      labels: [],
    });
  });

  it('OpenAPIGetDeliveryVersion needs projectKey → OpenAPIGetDeliveryVersionResp (k8s deploy_infos, chart distribute_infos)', async () => {
    serve(fixture('version-detail-k8s'));
    const k8s = await local.client().getVersion('demo', '6790f2a1c1d2e3f4a5b6c7e1');
    expectRequest(last(), {
      method: 'GET',
      path: '/openapi/delivery/releases/6790f2a1c1d2e3f4a5b6c7e1',
      query: { projectKey: 'demo' },
    });
    expect(k8s.images).toEqual([
      { serviceName: 'backend', serviceModule: 'backend', image: 'reg.example.com/demo/backend:1.4.2' },
    ]);
    serve(fixture('version-detail-chart'));
    const chart = await local.client().getVersion('demo', '6790f2a1c1d2e3f4a5b6c7f1');
    expect(chart.images).toEqual([
      { serviceName: 'shop', serviceModule: 'web', image: 'reg.example.com/demo/web:2.0.0' },
    ]);
  });
});

describe('release plans (release_plan/handler/openapi.go)', () => {
  it('OpenAPIListReleasePlans binds OpenAPIListReleasePlanOption {pageNum, pageSize} → OpenAPIListReleasePlanResp', async () => {
    serve(fixture('release-plan-list'));
    const r = await local.client().listReleasePlans({ pageNum: 1, pageSize: 10 });
    expectRequest(last(), {
      method: 'GET',
      path: '/openapi/release_plan/v1',
      query: { pageNum: '1', pageSize: '10' },
    });
    expect(r.total).toBe(26);
  });

  it('OpenAPIGetReleasePlan → models.ReleasePlan', async () => {
    serve(fixture('release-plan'));
    const p = await local.client().getReleasePlan('64f58a7ac573f7325c2744b6');
    expectRequest(last(), { method: 'GET', path: '/openapi/release_plan/v1/64f58a7ac573f7325c2744b6' });
    expect(p.id).toBeTruthy();
  });

  it('OpenAPICreateReleasePlan binds OpenAPICreateReleasePlanArgs and answers {"message":"success"} (no id)', async () => {
    serve({ message: 'success' });
    const r = await local
      .client()
      .createReleasePlan({ name: 'R 1.5', manager: 'bob', description: 'Q4', startTime: 1, endTime: 2 });
    expectRequest(last(), {
      method: 'POST',
      path: '/openapi/release_plan/v1',
      body: {
        name: 'R 1.5',
        manager: 'bob',
        manager_identity_type: 'system',
        description: 'Q4',
        start_time: 1,
        end_time: 2,
      },
    });
    expect(r.id).toBeUndefined();
  });
});
