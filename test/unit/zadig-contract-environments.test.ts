// Locks in the wire contract of every environment call against the v3.4.1 server, without a server: the
// request each handler binds (path, query names, JSON body names and types) and a reply shaped like its
// response struct, read into our types.
import { describe, expect, it } from 'vitest';
import { useLocalServer } from './zadig-client-fixture.js';
import { expectRequest, fixture } from './zadig-contract-kit.js';
import { json } from './zadig-local-server.js';

const local = useLocalServer();
const last = () => local.srv.received.at(-1);
const serve = (body: unknown) => local.srv.handle((_req, res) => json(res, 200, body));

describe('env list and detail', () => {
  it('OpenAPIListEnvs / OpenAPIListProductionEnvs → []OpenAPIListEnvBrief', async () => {
    // environment/service/types.go OpenAPIListEnvBrief: envName (alias, omitempty), env_key, …
    serve(fixture('env-list-src'));
    const envs = await local.client().listEnvs('demo');
    expectRequest(last(), { method: 'GET', path: '/openapi/environments', query: { projectKey: 'demo' } });
    expect(envs.map((e) => e.key)).toEqual(['dev', 'qa']);
    await local.client().listEnvs('demo', { production: true });
    expectRequest(last(), {
      method: 'GET',
      path: '/openapi/environments/production',
      query: { projectKey: 'demo' },
    });
  });

  it('OpenAPIGetEnvDetail → OpenAPIEnvDetail (services: OpenAPIServiceDetail, global_variables: GlobalVariableKV)', async () => {
    serve(fixture('env-detail'));
    const env = await local.client().getEnv('demo', 'dev');
    expectRequest(last(), {
      method: 'GET',
      path: '/openapi/environments/dev',
      query: { projectKey: 'demo' },
    });
    expect(env).toMatchObject({ projectKey: 'demo', key: 'dev', production: false });
    expect(env.services.length).toBeGreaterThan(0);
    await local.client().getEnv('demo', 'prod', { production: true });
    expectRequest(last(), {
      method: 'GET',
      path: '/openapi/environments/production/prod',
      query: { projectKey: 'demo' },
    });
  });
});

describe('service workloads (OpenAPIGetService → OpenAPIGetServiceResponse)', () => {
  it('sends projectKey and workLoadType; reads scales and cron_jobs (yaml services list CronJobs apart)', async () => {
    serve(fixture('env-service-cronjob'));
    const svc = await local.client().getEnvService('demo', 'dev', 'report', { workloadType: 'CronJob' });
    expectRequest(last(), {
      method: 'GET',
      path: '/openapi/environments/dev/services/report',
      query: { projectKey: 'demo', workLoadType: 'CronJob' },
    });
    expect(svc.workloads.map((w) => [w.name, w.type])).toEqual([
      ['report-api', 'Deployment'],
      ['report-nightly', 'CronJob'],
    ]);
    expect(svc.workloads[1]!.images).toEqual([
      { name: 'report', image: 'reg.example.com/demo/report:1.2.0', imageName: 'report' },
    ]);
  });
});

describe('env actions', () => {
  it('restart: OpenAPIRestartService / OpenAPIProductionRestartService, projectKey in the query, no body', async () => {
    await local.client().restartService('demo', 'dev', 'backend');
    expectRequest(last(), {
      method: 'POST',
      path: '/openapi/environments/dev/service/backend/restart',
      query: { projectKey: 'demo' },
    });
    await local.client().restartService('demo', 'prod', 'backend', { production: true });
    expect(last()?.url.pathname).toBe('/openapi/environments/production/prod/service/backend/restart');
  });

  it('scale: OpenAPIScaleServiceReq {project_key, env_key, workload_name, workload_type, target_replicas:int}', async () => {
    await local.client().scaleService({
      projectKey: 'demo',
      envKey: 'dev',
      workloadName: 'backend',
      workloadType: 'Deployment',
      replicas: 3,
    });
    expectRequest(last(), {
      method: 'POST',
      path: '/openapi/environments/scale',
      body: {
        project_key: 'demo',
        env_key: 'dev',
        workload_name: 'backend',
        workload_type: 'Deployment',
        target_replicas: 3,
      },
    });
  });

  it('image: the UI route Update*ContainerImage with UpdateContainerImageArgs and production in query and body', async () => {
    const update = {
      projectKey: 'demo',
      envKey: 'prod',
      serviceName: 'backend',
      workloadName: 'backend',
      containerName: 'backend',
      image: 'reg/backend:2',
      workloadType: 'statefulset' as const,
      production: true,
    };
    await local.client().updateImage(update);
    expectRequest(last(), {
      method: 'POST',
      path: '/api/aslan/environment/image/statefulset/prod',
      query: { projectName: 'demo', production: 'true' },
      body: {
        product_name: 'demo',
        env_name: 'prod',
        service_name: 'backend',
        name: 'backend',
        container_name: 'backend',
        image: 'reg/backend:2',
        production: true,
      },
    });
    await local
      .client()
      .updateImage({ ...update, envKey: 'dev', workloadType: 'deployment', production: false });
    expect(last()?.url.pathname).toBe('/api/aslan/environment/image/deployment/dev');
    expect(last()?.url.searchParams.get('production')).toBe('false');
  });

  it('kube events: OpenAPIListKubeEvents reads projectKey, envName, name, type; []OpenAPIListKubeEventResponse', async () => {
    serve(fixture('kube-events'));
    const events = await local
      .client()
      .listKubeEvents({ projectKey: 'demo', envKey: 'dev', name: 'backend', type: 'Deployment' });
    expectRequest(last(), {
      method: 'GET',
      path: '/openapi/environments/kube/events',
      query: { projectKey: 'demo', envName: 'dev', name: 'backend', type: 'Deployment' },
    });
    expect(events[0]).toEqual({
      reason: 'BackOff',
      message: 'Back-off restarting failed container backend in pod backend-7d9c8b6f5-x2k4q',
      firstSeen: 1704444315,
      lastSeen: 1704447915,
      count: 42,
      type: 'Warning',
    });
  });

  it('container log SSE: OpenAPIGetContainerLogsSSE reads projectKey, envName and tails', async () => {
    local.srv.handle((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.end('event:message\ndata:hello\n\n');
    });
    const lines: string[] = [];
    for await (const l of local
      .client()
      .streamContainerLog({ projectKey: 'demo', envKey: 'dev', pod: 'p-1', container: 'c', tails: 5 }))
      lines.push(l);
    expectRequest(last(), {
      method: 'GET',
      path: '/openapi/logs/sse/pods/p-1/containers/c',
      query: { projectKey: 'demo', envName: 'dev', tails: '5' },
    });
    expect(lines).toEqual(['hello']);
  });
});

describe('global variables (OpenAPIGetEnvGlobalVariables / OpenAPIUpdateGlobalVariables)', () => {
  it('reads []GlobalVariableKV with typed values shown as text', async () => {
    serve(fixture('env-variables'));
    const vars = await local.client().getEnvVariables('demo', 'dev');
    expectRequest(last(), {
      method: 'GET',
      path: '/openapi/environments/dev/variable',
      query: { projectKey: 'demo' },
    });
    expect(vars.map((v) => [v.key, v.value, v.type])).toEqual([
      ['LOG_LEVEL', 'debug', 'enum'],
      ['ENABLE_CACHE', 'true', 'bool'],
      ['LIMITS', 'cpu: 500m\nmemory: 256Mi\n', 'yaml'],
    ]);
  });

  it('writes OpenAPIEnvGlobalVariables: the whole list as read, one value changed, a bool as a JSON bool', async () => {
    const list = fixture('env-variables') as Record<string, unknown>[];
    local.srv.handle((req, res) => json(res, 200, req.method === 'GET' ? list : { message: 'success' }));
    await local.client().setEnvVariable('demo', 'prod', 'ENABLE_CACHE', 'false', { production: true });
    const [get, put] = local.srv.received;
    expectRequest(get, {
      method: 'GET',
      path: '/openapi/environments/production/prod/variable',
      query: { projectKey: 'demo' },
    });
    expectRequest(put, {
      method: 'PUT',
      path: '/openapi/environments/production/prod/variable',
      query: { projectKey: 'demo' },
      body: { global_variables: list.map((v) => (v.key === 'ENABLE_CACHE' ? { ...v, value: false } : v)) },
    });
  });
});
