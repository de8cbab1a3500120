// Locks in that `set-var` changes one key and leaves every other global variable byte-for-byte the
// same: Zadig replaces the env's whole list with what is sent (UpdateProductGlobalVariablesWithRender),
// so the bot writes the full list back with every field and typed value; a bool stays a bool.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CoreHarness, createCoreHarness } from '../support/core-harness.js';

let h: CoreHarness;

beforeAll(async () => {
  h = await createCoreHarness({ policy: 'defaults:\n  production: [alice]\n' });
  await h.link('alice');
});
afterAll(async () => {
  await h?.close();
});

/** The env's variables exactly as Zadig serves them: one JSON text per entry, keyed by variable. */
async function rawVariables(env: string): Promise<Map<string, string>> {
  const res = await fetch(`${h.sandbox.url}/openapi/environments/${env}/variable?projectKey=demo`, {
    headers: { Authorization: `Bearer ${h.sandbox.botToken}` },
  });
  const list = (await res.json()) as { key: string }[];
  return new Map(list.map((v) => [v.key, JSON.stringify(v)]));
}

const writes = () => h.sandbox.requests.filter((q) => q.method === 'PUT' && /\/variable$/.test(q.path));

describe('set-var writes the whole list back', () => {
  it('changes only the named key; every other variable is byte-for-byte the same', async () => {
    const before = await rawVariables('staging');
    expect(before.size).toBeGreaterThanOrEqual(3);
    const r = await h.say('set-var LOG_LEVEL=info --env staging --project demo');
    expect(h.text(r)).toContain('Set `LOG_LEVEL` in `staging`');
    const after = await rawVariables('staging');
    expect([...after.keys()]).toEqual([...before.keys()]);
    for (const [key, json] of before) {
      if (key === 'LOG_LEVEL') continue;
      expect(after.get(key), key).toBe(json);
    }
    const changed = JSON.parse(after.get('LOG_LEVEL') ?? '{}');
    expect(changed).toEqual({ ...JSON.parse(before.get('LOG_LEVEL') ?? '{}'), value: 'info' });
    expect(JSON.parse(after.get('ENABLE_CACHE') ?? '{}').value).toBe(true);
  });

  it('a bool variable is written as a JSON bool', async () => {
    const before = await rawVariables('staging');
    const r = await h.say('set-var ENABLE_CACHE=false --env staging --project demo');
    expect(h.text(r)).toContain('`true` → `false`');
    const after = await rawVariables('staging');
    expect(JSON.parse(after.get('ENABLE_CACHE') ?? '{}')).toEqual({
      ...JSON.parse(before.get('ENABLE_CACHE') ?? '{}'),
      value: false,
    });
    for (const [key, json] of before) if (key !== 'ENABLE_CACHE') expect(after.get(key), key).toBe(json);
  });

  it('a value a bool cannot take is refused with the reason, in both languages, and nothing is written', async () => {
    const count = writes().length;
    const before = await rawVariables('staging');
    const r = await h.say('set-var ENABLE_CACHE=maybe --env staging --project demo');
    expect(h.text(r)).toContain('`ENABLE_CACHE` is a true/false variable');
    expect(h.text(r)).toContain('Type `set-var ENABLE_CACHE=true` or `set-var ENABLE_CACHE=false`');
    expect(h.text(await h.say('set-var ENABLE_CACHE=maybe --env staging --project demo'), 'zh')).toContain(
      '`ENABLE_CACHE` 只能取 `true` 或 `false`',
    );
    expect(writes()).toHaveLength(count);
    expect(await rawVariables('staging')).toEqual(before);
  });
});
