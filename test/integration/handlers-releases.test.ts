// Locks in `plan <id>` against the sandbox: a plan is found by its number (`plan 2`, `plan #2`, as `plans`
// lists them) or its id; a number or word that names no plan is answered "There is no release plan"
// with what to type (never "Zadig is unavailable"), and words that cannot be an id are not sent to Zadig.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CoreHarness, createCoreHarness } from '../support/core-harness.js';

let h: CoreHarness;
beforeAll(async () => {
  h = await createCoreHarness();
});
afterAll(() => h?.close());

const planCalls = () => h.sandbox.requests.filter((q) => /\/release_plan\/v1\/[^/]+$/.test(q.path)).length;

describe('plan <id>', () => {
  it.each(['plan 2', 'plan #2', 'plans #2', '发布计划 ＃2'])('%s shows plan #2', async (line) => {
    expect(h.text(await h.say(line))).toContain('Release plan #2 Demo Shop 2.0');
  });

  it('finds a plan by its id', async () => {
    const { list } = (await (
      await fetch(`${h.sandbox.url}/openapi/release_plan/v1?pageNum=1&pageSize=20`, {
        headers: { Authorization: `Bearer ${h.sandbox.botToken}` },
      })
    ).json()) as { list: { id: string; index: number }[] };
    const id = list.find((p) => p.index === 3)!.id;
    expect(h.text(await h.say(`plan ${id}`))).toContain('Release plan #3');
  });

  it.each([
    ['plan 999', '#999'],
    ['plan #999', '#999'],
    ['plan abc', '`abc`'],
    ['plan 0123456789abcdef01234567', '`0123456789abcdef01234567`'],
  ])('%s: there is no such plan, and what to type', async (line, shown) => {
    const r = await h.say(line);
    const en = h.text(r);
    expect(en).toContain(`There is no release plan ${shown}.`);
    expect(en).toContain('Type `plans` to list them');
    expect(en).not.toContain('unavailable');
    expect(h.text(r, 'zh')).toContain('没有发布计划');
  });

  it('asks Zadig only for ids that can be one (24 hex digits)', async () => {
    const before = planCalls();
    await h.say('plan abc');
    await h.say('plan 999');
    expect(planCalls()).toBe(before);
  });
});
