// Locks in the sandbox's delivery-version routes as OpenAPIListDeliveryVersion and
// OpenAPIGetDeliveryVersion answer them: the detail needs `projectKey` (400 "projectKey can't be
// empty!"), and both answer the nested shapes of OpenAPIListDeliveryVersionResp / OpenAPIGetDeliveryVersionResp.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Sandbox, startSandbox } from '../../sandbox/index.js';
import { client } from './http.js';

let sb: Sandbox;
beforeAll(async () => {
  sb = await startSandbox();
});
afterAll(() => sb.close());

describe('sandbox delivery versions', () => {
  it('the detail without projectKey is ErrInvalidParam "projectKey can\'t be empty!"', async () => {
    const c = client(sb, 'zbot');
    const list = await c.get('/openapi/delivery/releases?projectKey=demo&pageNum=1&pageSize=5');
    const id = list.json.list[0].id;
    const bare = await c.get(`/openapi/delivery/releases/${id}`);
    expect(bare.status).toBe(400);
    expect(bare.json).toMatchObject({
      code: 400,
      message: 'Bad Request',
      description: "projectKey can't be empty!",
    });
    const ok = await c.get(`/openapi/delivery/releases/${id}?projectKey=demo`);
    expect(ok.status).toBe(200);
    expect(Object.keys(ok.json).sort()).toEqual(['deploy_infos', 'distribute_infos', 'version_info']);
    expect(ok.json.version_info).toMatchObject({ id, progress: expect.any(Object) });
  });

  it('the list answers {list, total} with progress null and labels []', async () => {
    const list = await client(sb, 'zbot').get(
      '/openapi/delivery/releases?projectKey=demo&pageNum=1&pageSize=5',
    );
    expect(Object.keys(list.json).sort()).toEqual(['list', 'total']);
    expect(list.json.list[0]).toMatchObject({ progress: null, labels: [] });
  });
});
