// Locks in the sandbox environments: list/detail shapes (env_key, envName alias), service workloads with
// pods, restart rolling pod names, scale validation and replicas, variables, image updates, and kube
// events with the seeded CrashLoop warning for backend in staging.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Sandbox, startSandbox } from '../../sandbox/index.js';
import { client } from './http.js';

let sb: Sandbox;
beforeAll(async () => {
  sb = await startSandbox();
});
afterAll(() => sb.close());

const svcPath = (env: string, svc: string) => `/openapi/environments/${env}/services/${svc}?projectKey=demo`;

describe('sandbox environments', () => {
  it('lists test and production envs with SRC field names', async () => {
    const c = client(sb, 'zbot');
    const test = await c.get('/openapi/environments?projectKey=demo');
    expect(test.json.map((e: any) => e.env_key)).toEqual(['dev', 'staging']);
    expect(test.json[1]).toMatchObject({
      envName: 'Staging',
      production: false,
      status: 'unstable',
      namespace: 'demo-staging',
    });
    const prod = await c.get('/openapi/environments/production?projectKey=demo');
    expect(prod.json).toEqual([expect.objectContaining({ env_key: 'prod', production: true })]);
    const wrongRoute = await c.get('/openapi/environments/prod?projectKey=demo');
    expect(wrongRoute.status).toBe(500);
    const detail = await c.get('/openapi/environments/production/prod?projectKey=demo');
    expect(detail.json.services.map((s: any) => s.service_name)).toEqual(['frontend', 'backend', 'worker']);
    expect(detail.json.global_variables[0]).toMatchObject({
      key: 'LOG_LEVEL',
      related_services: expect.any(Array),
    });
  });

  it('returns workloads with pods and containers, and restart rolls the pods', async () => {
    const c = client(sb, 'alice');
    const before = await c.get(svcPath('staging', 'backend'));
    const scale = before.json.scales[0];
    expect(scale).toMatchObject({ name: 'backend', type: 'Deployment', replicas: 2 });
    expect(scale.pods[0].containers[0]).toMatchObject({
      reason: 'CrashLoopBackOff',
      ready: false,
      ports: [{ containerPort: 8080, protocol: 'TCP' }],
    });
    await sb.advance(60_000);
    expect(
      (await c.post('/openapi/environments/staging/service/backend/restart?projectKey=demo')).json,
    ).toEqual({ message: 'success' });
    const after = await c.get(svcPath('staging', 'backend'));
    const names = (r: any) => r.json.scales[0].pods.map((p: any) => p.name);
    expect(names(after)).toHaveLength(2);
    for (const n of names(after)) expect(names(before)).not.toContain(n);
    expect(after.json.scales[0].pods[0].age).toBe('0s');
  });

  it('scales a workload and validates the body like Zadig', async () => {
    const c = client(sb, 'bob');
    const body = {
      project_key: 'demo',
      env_key: 'dev',
      workload_name: 'frontend',
      workload_type: 'Deployment',
      target_replicas: 3,
    };
    expect((await c.post('/openapi/environments/scale', body)).json).toEqual({ message: 'success' });
    const svc = await c.get(svcPath('dev', 'frontend'));
    expect(svc.json.scales[0].replicas).toBe(3);
    expect(svc.json.scales[0].pods).toHaveLength(3);
    const badType = await c.post('/openapi/environments/scale', { ...body, workload_type: 'DaemonSet' });
    expect(badType.json).toEqual({
      message: 'Internal Error: ',
      code: 500,
      description: 'unsupported workload type: DaemonSet',
    });
    const negative = await c.post('/openapi/environments/scale', { ...body, target_replicas: -1 });
    expect(negative.json.description).toBe('target_replicas must be greater than or equal to 0');
    const noName = await c.post('/openapi/environments/scale', { ...body, workload_name: '' });
    expect(noName.json.description).toBe('workload_name is required');
    expect((await c.post('/openapi/environments/scale', '{bad json')).status).toBe(400);
  });

  it('reads and writes global variables and updates a container image', async () => {
    const c = client(sb, 'alice');
    const list = (await c.get('/openapi/environments/dev/variable?projectKey=demo')).json as any[];
    await c.put('/openapi/environments/dev/variable?projectKey=demo', {
      global_variables: list.map((v) => (v.key === 'LOG_LEVEL' ? { ...v, value: 'info' } : v)),
    });
    const vars = await c.get('/openapi/environments/dev/variable?projectKey=demo');
    expect(vars.json.find((v: any) => v.key === 'LOG_LEVEL').value).toBe('info');
    const img = 'registry.demo.local/demo/worker:hotfix-1';
    const res = await c.post('/openapi/environments/image/statefulset/ignored', {
      product_name: 'demo',
      env_name: 'dev',
      service_name: 'worker',
      name: 'worker',
      container_name: 'worker',
      image: img,
    });
    expect(res.json).toEqual({ message: 'success' });
    const detail = await c.get('/openapi/environments/dev?projectKey=demo');
    expect(detail.json.services.find((s: any) => s.service_name === 'worker').containers[0].image).toBe(img);
  });

  it('lists kube events as an array with Warning events for backend in staging', async () => {
    const c = client(sb, 'zbot');
    const ev = await c.get(
      '/openapi/environments/kube/events?projectKey=demo&envName=staging&name=backend&type=Deployment',
    );
    expect(Array.isArray(ev.json)).toBe(true);
    const warn = ev.json.filter((e: any) => e.type === 'Warning');
    expect(warn.map((e: any) => e.reason)).toContain('BackOff');
    expect(warn[0]).toMatchObject({
      count: expect.any(Number),
      first_seen: expect.any(Number),
      last_seen: expect.any(Number),
    });
    const dev = await c.get(
      '/openapi/environments/kube/events?projectKey=demo&envName=dev&name=backend&type=Deployment',
    );
    expect(dev.json.every((e: any) => e.type === 'Normal')).toBe(true);
  });
});
