// Locks in the sandbox's container-image updates as the server does them: the OpenAPI route
// (OpenAPIUpdate*ContainerImage) looks envs up with Production:false, so a production env is "not
// found" (6082); the web UI's route (/api/aslan/environment/image/..., Update*ContainerImage) reaches
// production envs with `production=true`, checking the production rights and the licence.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Sandbox, startSandbox } from '../../sandbox/index.js';
import { client } from './http.js';

let sb: Sandbox;
beforeAll(async () => {
  sb = await startSandbox();
});
afterAll(() => sb.close());

const body = (env: string, image: string, name = 'backend') => ({
  product_name: 'demo',
  env_name: env,
  service_name: name,
  name,
  container_name: name,
  image,
});

async function imageIn(env: string, production: boolean, svc = 'backend'): Promise<string> {
  const path = `/openapi/environments${production ? '/production' : ''}/${env}?projectKey=demo`;
  const detail = await client(sb, 'zbot').get(path);
  return detail.json.services.find((s: any) => s.service_name === svc).containers[0].image;
}

describe('OpenAPI image update', () => {
  it('cannot see production envs: ErrUpdateConainterImage with the mongo not-found error', async () => {
    const res = await client(sb, 'admin').post(
      '/openapi/environments/image/deployment/prod',
      body('prod', 'x:1'),
    );
    expect(res.status).toBe(400);
    expect(res.json).toMatchObject({ code: 6082, description: 'mongo: no documents in result' });
    expect(await imageIn('prod', true)).not.toBe('x:1');
  });

  it('deployment: the collaboration check overrides the project rights, so only system admins pass', async () => {
    expect(
      (await client(sb, 'alice').post('/openapi/environments/image/deployment/dev', body('dev', 'y:1')))
        .status,
    ).toBe(403);
    const admin = await client(sb, 'admin').post(
      '/openapi/environments/image/deployment/dev',
      body('dev', 'y:2'),
    );
    expect(admin.json).toEqual({ message: 'success' });
    expect(await imageIn('dev', false)).toBe('y:2');
  });

  it('statefulset: a user with the env right passes', async () => {
    const res = await client(sb, 'alice').post(
      '/openapi/environments/image/statefulset/dev',
      body('dev', 'w:1', 'worker'),
    );
    expect(res.json).toEqual({ message: 'success' });
    expect(await imageIn('dev', false, 'worker')).toBe('w:1');
  });
});

describe('the web UI image update (/api/aslan/environment/image)', () => {
  const ui = (type: string, env: string, production: boolean) =>
    `/api/aslan/environment/image/${type}/${env}?projectName=demo&production=${production}`;

  it('reaches a production env with production=true for a user with the production rights', async () => {
    const res = await client(sb, 'alice').post(ui('deployment', 'prod', true), {
      ...body('prod', 'registry.demo.local/demo/backend:hotfix'),
      production: true,
    });
    expect(res.json).toEqual({ message: 'success' });
    expect(await imageIn('prod', true)).toBe('registry.demo.local/demo/backend:hotfix');
  });

  it('refuses a user without the production rights (403) and still cannot see prod without production=true', async () => {
    const bob = await client(sb, 'bob').post(ui('deployment', 'prod', true), {
      ...body('prod', 'b:1'),
      production: true,
    });
    expect(bob.status).toBe(403);
    const noFlag = await client(sb, 'alice').post(ui('deployment', 'prod', false), body('prod', 'b:2'));
    expect(noFlag.json).toMatchObject({ code: 6082, description: 'mongo: no documents in result' });
  });

  it('updates test envs with the env rights (ManagePods counts for deployments)', async () => {
    const res = await client(sb, 'bob').post(ui('deployment', 'dev', false), body('dev', 'd:1'));
    expect(res.json).toEqual({ message: 'success' });
    expect(await imageIn('dev', false)).toBe('d:1');
  });

  it('production needs the professional licence', async () => {
    const community = await startSandbox({ license: 'community' });
    try {
      const res = await client(community, 'alice').post(ui('deployment', 'prod', true), {
        ...body('prod', 'c:1'),
        production: true,
      });
      expect(res.json).toMatchObject({ code: 7050 });
    } finally {
      await community.close();
    }
  });
});
