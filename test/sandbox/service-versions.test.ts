// Locks in the sandbox's env service version history as the server keeps it: every deploy, image update,
// global-variable change and rollback records the next revision (CreateEnvServiceVersion), a deploy job
// notes the revision it started from (origin_revision), and the list, diff and rollback routes
// (ListEnvServiceVersions, DiffEnvServiceVersions, RollbackEnvServiceVersion) answer, refuse and fail
// the way version.go does — including a VM service's rollback, which changes nothing yet succeeds.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Sandbox, startSandbox } from '../../sandbox/index.js';
import { client } from './http.js';

let sb: Sandbox;
beforeAll(async () => {
  sb = await startSandbox();
});
afterAll(() => sb.close());

const BASE = '/api/aslan/environment/environments';
const listPath = (env: string, svc: string, extra = '') =>
  `${BASE}/${env}/version/${svc}?projectName=demo&isHelmChart=false${extra}`;

async function runToEnd(workflow: string, opts: { fail?: boolean; approve?: boolean } = {}): Promise<number> {
  const id = sb.startTask(workflow, { creator: 'alice', ...(opts.fail ? { fail: true } : {}) });
  for (let i = 0; i < 40; i++) {
    const t = sb.task(workflow, id)!;
    if (['passed', 'failed'].includes(t.status)) break;
    if (t.stages.some((s) => s.jobs.some((j) => j.status === 'wait_for_approval')))
      sb.decide(workflow, id, 'alice', true);
    await sb.advance(5000);
  }
  return id;
}

describe('the history', () => {
  it('each seeded service starts with the revision of the env creation; deploys add theirs, by the task creator', async () => {
    const prod = sb.envService('demo', 'prod', 'backend', true)!;
    // Created with the env, then the release-prod of two days ago.
    expect(prod.revisions.map((r) => [r.revision, r.createBy])).toEqual([
      [1, 'admin'],
      [2, 'Alice Wang'],
    ]);
    expect(prod.revisions.at(-1)!.images).toEqual(prod.images);
    const res = await client(sb, 'zbot').get(listPath('prod', 'backend', '&production=true'));
    expect(res.status).toBe(200);
    expect(res.json.map((r: any) => r.revision)).toEqual([1, 2]);
    expect(res.json[1]).toMatchObject({
      service_name: 'backend',
      operation: 'default',
      deploy_type: 'k8s',
      create_by: 'Alice Wang',
      containers: [{ name: 'backend', type: '', image: prod.images[0], image_name: 'backend' }],
    });
  });

  it('a test env of the same name is another history: without production=true prod has none', async () => {
    const res = await client(sb, 'zbot').get(listPath('prod', 'backend'));
    expect(res.json).toEqual([]);
  });

  it('isHelmChart is required (strconv.ParseBool); a user outside the project gets a bodiless 403', async () => {
    const res = await client(sb, 'zbot').get(`${BASE}/dev/version/backend?projectName=demo`);
    expect(res.status).toBe(400);
    expect(res.json.description).toContain('invalid isHelmChart');
    const carol = await client(sb, 'carol').get(
      `${BASE}/dev/version/pay-api?projectName=payments&isHelmChart=false`,
    );
    expect(carol.status).toBe(403);
    expect(carol.text).toBe('');
  });

  it('a failed deploy applied its image and recorded it; its job notes the revision it started from', async () => {
    const before = sb.envService('demo', 'prod', 'worker', true)!;
    const id = await runToEnd('release-prod', { fail: true });
    expect(sb.task('release-prod', id)!.status).toBe('failed');
    const after = sb.envService('demo', 'prod', 'worker', true)!;
    expect(after.revisions.length).toBe(before.revisions.length + 1);
    expect(after.images).not.toEqual(before.images);
    expect(after.unhealthy).toBe(true);
    const detail = await client(sb, 'zbot').get(
      `/openapi/workflows/custom/task?taskId=${id}&workflowKey=release-prod`,
    );
    const jobs = detail.json.stages.flatMap((s: any) => s.jobs);
    const worker = jobs.find((j: any) => j.type === 'zadig-deploy' && j.spec.service_name === 'worker');
    expect(worker.status).toBe('failed');
    expect(worker.spec.origin_revision).toBe(before.revisions.at(-1)!.revision);
  });

  it('an image update and a global-variable change each record the services they change', async () => {
    const admin = client(sb, 'admin');
    const before = sb.envService('demo', 'dev', 'frontend')!.revisions.length;
    const res = await admin.post('/api/aslan/environment/image/deployment/dev?projectName=demo', {
      product_name: 'demo',
      env_name: 'dev',
      service_name: 'frontend',
      name: 'frontend',
      container_name: 'frontend',
      image: 'registry.demo.local/demo/frontend:hotfix',
    });
    expect(res.status).toBe(200);
    const after = sb.envService('demo', 'dev', 'frontend')!;
    expect(after.revisions.length).toBe(before + 1);
    expect(after.revisions.at(-1)).toMatchObject({
      images: ['registry.demo.local/demo/frontend:hotfix'],
      createBy: 'admin',
    });
    const vars = (await admin.get('/openapi/environments/dev/variable?projectKey=demo')).json;
    const backend = sb.envService('demo', 'dev', 'backend')!.revisions.length;
    const changed = vars.map((v: any) => (v.key === 'ENABLE_CACHE' ? { ...v, value: false } : v));
    const put = await admin.put('/openapi/environments/dev/variable?projectKey=demo', {
      global_variables: changed,
    });
    expect(put.status).toBe(200);
    // ENABLE_CACHE is used by backend only.
    expect(sb.envService('demo', 'dev', 'backend')!.revisions.length).toBe(backend + 1);
    expect(sb.envService('demo', 'dev', 'frontend')!.revisions.length).toBe(before + 1);
  });
});

describe('the diff', () => {
  it('-1 is the latest; both sides carry the rendered yaml, variables and containers', async () => {
    const svc = sb.envService('demo', 'dev', 'frontend')!;
    const first = svc.revisions[0]!;
    const res = await client(sb, 'zbot').get(
      `${BASE}/dev/version/frontend/diff?projectName=demo&isHelmChart=false&revisionA=-1&revisionB=${first.revision}`,
    );
    expect(res.status).toBe(200);
    expect(res.json.type).toBe('k8s');
    expect(res.json.containers_a[0].image).toBe(svc.images[0]);
    expect(res.json.containers_b[0].image).toBe(first.images[0]);
    expect(res.json.yaml_a).toContain(`image: ${svc.images[0]}`);
    expect(res.json.yaml_b).toContain(`image: ${first.images[0]}`);
    expect(res.json.variable_yaml_a).toContain('port: "80"');
  });

  it('an unknown revision: ErrDiffEnvServiceVersions wrapping the rollback error text', async () => {
    const res = await client(sb, 'zbot').get(
      `${BASE}/dev/version/frontend/diff?projectName=demo&isHelmChart=false&revisionA=-1&revisionB=99`,
    );
    expect(res.status).toBe(400);
    expect(res.json).toMatchObject({
      code: 6079,
      message: 'Diff环境服务版本失败',
      description: '回滚环境服务版本失败: 历史版本 99 不存在',
    });
  });
});

describe('the rollback', () => {
  it('puts the service back to the revision and records that as a new revision with operation rollback', async () => {
    const before = sb.envService('demo', 'prod', 'worker', true)!;
    const target = before.revisions.at(-2)!;
    const res = await client(sb, 'alice').post(
      `${BASE}/prod/version/worker/rollback?projectName=demo&isHelmChart=false&production=true&revision=${target.revision}`,
      { detail: 'bad release' },
    );
    expect(res.status).toBe(200);
    const after = sb.envService('demo', 'prod', 'worker', true)!;
    expect(after.images).toEqual(target.images);
    expect(after.unhealthy).toBe(false);
    expect(after.revisions.at(-1)).toMatchObject({
      revision: before.revisions.at(-1)!.revision + 1,
      operation: 'rollback',
      detail: 'bad release',
      createBy: 'Alice Wang',
      images: target.images,
    });
  });

  it('needs the production edit right (bob: 403) and a body (no body: EOF, a plain 500)', async () => {
    const path = `${BASE}/prod/version/worker/rollback?projectName=demo&isHelmChart=false&production=true&revision=1`;
    const bob = await client(sb, 'bob').post(path, { detail: '' });
    expect(bob.status).toBe(403);
    const empty = await client(sb, 'alice').post(path);
    expect(empty.status).toBe(500);
    expect(empty.json.description).toBe('EOF');
  });

  it('an unknown revision: 6079 "历史版本 N 不存在", nothing changed', async () => {
    const before = sb.envService('demo', 'dev', 'backend')!;
    const res = await client(sb, 'alice').post(
      `${BASE}/dev/version/backend/rollback?projectName=demo&isHelmChart=false&revision=77`,
      { detail: '' },
    );
    expect(res.json).toMatchObject({ code: 6079, description: '历史版本 77 不存在' });
    expect(sb.envService('demo', 'dev', 'backend')).toEqual(before);
  });

  it('a VM service: the server has no branch for it, so it answers success and changes nothing', async () => {
    sb.addEnvService('demo', 'dev', { name: 'gateway', type: 'pm', image: 'gateway:1.0' });
    const before = sb.envService('demo', 'dev', 'gateway')!;
    const res = await client(sb, 'alice').post(
      `${BASE}/dev/version/gateway/rollback?projectName=demo&isHelmChart=false&revision=1`,
      { detail: '' },
    );
    expect(res.json).toEqual({ message: 'success' });
    expect(sb.envService('demo', 'dev', 'gateway')).toEqual(before);
  });

  it('a Helm chart release is found by its release name with isHelmChart=true only', async () => {
    sb.addEnvService('demo', 'dev', {
      name: 'redis',
      type: 'helm_chart',
      image: 'redis:7',
      releaseName: 'demo-dev-redis',
    });
    const zbot = client(sb, 'zbot');
    expect((await zbot.get(listPath('dev', 'demo-dev-redis'))).json).toEqual([]);
    const byRelease = await zbot.get(`${BASE}/dev/version/demo-dev-redis?projectName=demo&isHelmChart=true`);
    expect(byRelease.json.map((r: any) => [r.service_name, r.revision])).toEqual([['demo-dev-redis', 1]]);
  });
});
