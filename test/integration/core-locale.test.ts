// Locks in the reply language: a person who saved none is answered in Chinese when the command word is
// Chinese (`帮助`, `运行 …`, a mistyped `帮主`) and in English when it is English (or in the chat
// platform's language, when it tells one); a saved language (`:lang`, the Feishu menu) always wins.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CoreHarness, createCoreHarness } from '../support/core-harness.js';

let h: CoreHarness;
const scope = { platform: 'slack' as const, tenant: 'T1' };

beforeAll(async () => {
  h = await createCoreHarness();
  await h.link('alice');
});
afterAll(() => h?.close());

describe('no saved language', () => {
  it.each([
    ['帮助', 'zh'],
    ['/zadig 帮助 运行', 'zh'],
    ['项目', 'zh'],
    ['运行 no-such-workflow --project demo', 'zh'],
    ['帮主', 'zh'],
    ['help', 'en'],
    ['projects', 'en'],
    ['stauts', 'en'],
  ])('%s → %s', async (line, locale) => {
    const r = await h.say(line, { user: 'carol' });
    expect(r.reply.locale).toBe(locale);
  });

  it("the chat platform's language counts when the command word says nothing", async () => {
    expect((await h.say('projects', { user: 'carol', locale: 'zh' })).reply.locale).toBe('zh');
    expect((await h.say('帮助', { user: 'carol', locale: 'en' })).reply.locale).toBe('zh');
  });
});

describe('a saved language wins', () => {
  it('English saved: 帮助 is answered in English', async () => {
    await h.stores.preferences.set(scope, 'dave', 'en');
    expect((await h.say('帮助', { user: 'dave' })).reply.locale).toBe('en');
  });

  it('Chinese saved: help is answered in Chinese', async () => {
    await h.stores.preferences.set(scope, 'bob', 'zh');
    expect((await h.say('help', { user: 'bob' })).reply.locale).toBe('zh');
  });
});
