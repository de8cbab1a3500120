// Locks in the sandbox's env global variables as the server keeps them: the GET answers the whole
// GlobalVariableKV list with typed values (a bool stays a bool), and the PUT replaces the whole list
// with the body, validating it like UpdateProductGlobalVariablesWithRender.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Sandbox, startSandbox } from '../../sandbox/index.js';
import { client } from './http.js';

let sb: Sandbox;
beforeAll(async () => {
  sb = await startSandbox();
});
afterAll(() => sb.close());

const vars = (env: string, production = false) =>
  `/openapi/environments${production ? '/production' : ''}/${env}/variable?projectKey=demo`;

describe('sandbox env global variables', () => {
  it('answers the whole list with every GlobalVariableKV field and typed values', async () => {
    const got = await client(sb, 'zbot').get(vars('dev'));
    expect(got.status).toBe(200);
    for (const v of got.json) {
      expect(Object.keys(v).sort()).toEqual(['desc', 'key', 'options', 'related_services', 'type', 'value']);
    }
    const cache = got.json.find((v: any) => v.key === 'ENABLE_CACHE');
    expect(cache).toMatchObject({ type: 'bool', value: true });
  });

  it('replaces the whole list: fields left out of the body are gone', async () => {
    const c = client(sb, 'alice');
    const before = (await c.get(vars('staging'))).json as any[];
    const sent = before.map((v) => (v.key === 'DB_HOST' ? { key: v.key, value: 'db2' } : v));
    expect((await c.put(vars('staging'), { global_variables: sent })).json).toEqual({ message: 'success' });
    const after = (await c.get(vars('staging'))).json as any[];
    expect(after.find((v) => v.key === 'DB_HOST')).toEqual({
      key: 'DB_HOST',
      value: 'db2',
      type: '',
      options: [],
      desc: '',
      related_services: [],
    });
    expect(after.filter((v) => v.key !== 'DB_HOST')).toEqual(before.filter((v) => v.key !== 'DB_HOST'));
  });

  it('refuses a body that would delete a variable services use, or add one the project lacks', async () => {
    const c = client(sb, 'alice');
    const before = (await c.get(vars('dev'))).json as any[];
    const dropped = await c.put(vars('dev'), {
      global_variables: before.filter((v) => v.key !== 'LOG_LEVEL'),
    });
    expect(dropped.status).toBe(400);
    expect(dropped.json).toMatchObject({ code: 6076, description: expect.stringContaining("can't delete") });
    const added = await c.put(vars('dev'), {
      global_variables: [...before, { key: 'NEW_ONE', value: 'x', type: 'string' }],
    });
    expect(added.status).toBe(400);
    expect(added.json.description).toContain('not in project');
    expect((await c.get(vars('dev'))).json).toEqual(before);
  });

  it('validates typed values like GlobalVariableKVToYaml: bool, enum options', async () => {
    const c = client(sb, 'alice');
    const before = (await c.get(vars('dev'))).json as any[];
    const withValue = (key: string, value: unknown) =>
      before.map((v) => (v.key === key ? { ...v, value } : v));
    const badBool = await c.put(vars('dev'), { global_variables: withValue('ENABLE_CACHE', 'maybe') });
    expect(badBool.status).toBe(400);
    expect(badBool.json.description).toContain('invaild value for boolean');
    const badEnum = await c.put(vars('dev'), { global_variables: withValue('LOG_LEVEL', 'loud') });
    expect(badEnum.json.description).toContain('invaild value for enum');
    expect((await c.get(vars('dev'))).json).toEqual(before);
    // The string spelling of a bool is accepted and stored as sent (the server keeps interface{} values).
    await c.put(vars('dev'), { global_variables: withValue('ENABLE_CACHE', 'false') });
    expect((await c.get(vars('dev'))).json.find((v: any) => v.key === 'ENABLE_CACHE').value).toBe('false');
  });

  it('test-env updates carry no permission check; production needs the production right', async () => {
    const dave = client(sb, 'dave');
    const list = (await dave.get(vars('dev'))).json;
    expect((await dave.put(vars('dev'), { global_variables: list })).status).toBe(200);
    const prod = (await dave.get(vars('prod', true))).json;
    expect((await dave.put(vars('prod', true), { global_variables: prod })).status).toBe(403);
  });
});
