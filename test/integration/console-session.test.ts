// Locks in the console's buttons and languages against the sandbox: a typed number presses a button of
// the latest reply only — a live update or a new card printed meanwhile never changes what `1` presses —
// and `N.k` presses button k of card N; cards printed by the worker show `[N.k]`. A card keeps the
// language it was posted in when `:lang` changes later; new replies follow `:lang`.
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConsoleNotifier } from '../../src/bot/console/console-notifier.js';
import { runConsoleSession } from '../../src/bot/console/console-session.js';
import { silentLogger } from '../../src/logger.js';
import type { Message } from '../../src/notifications/message.js';
import { createZadigClient } from '../../src/zadig/index.js';
import { type CoreHarness, createCoreHarness } from '../support/core-harness.js';
import { MemoryClaim } from '../support/memory-claim.js';
import { waitFor } from '../support/wait-for.js';

let h: CoreHarness;
beforeAll(async () => {
  h = await createCoreHarness({ policy: "admins: ['*']\ndefaults:\n  production: ['*']\n" });
  await h.link('alice', { platform: 'console', tenant: 'local' });
});
afterAll(() => h?.close());

/** A console session over pipes: type lines, read everything printed. */
function session() {
  const input = new PassThrough();
  let out = '';
  let locale: 'en' | 'zh' = 'en';
  const write = (s: string) => {
    out += s;
  };
  const notifier = new ConsoleNotifier(write, () => locale);
  const done = runConsoleSession({
    core: h.core,
    dedupe: new MemoryClaim(),
    logger: silentLogger(),
    input,
    write,
    notifier,
    onLocale: async (user, l) => {
      locale = l;
      await h.stores.preferences.set({ platform: 'console', tenant: 'local' }, user, l);
    },
  });
  let prompts = 0;
  return {
    notifier,
    out: () => out,
    /** Types a line and waits for the next prompt. */
    async type(line: string): Promise<string> {
      const from = out.length;
      prompts = out.split('alice> ').length - 1;
      input.write(`${line}\n`);
      await waitFor('the next prompt', () => out.split('alice> ').length - 1 > prompts, {
        timeoutMs: 5000,
        detail: () => out.slice(from),
      });
      return out.slice(from);
    },
    async quit() {
      input.end();
      await done;
    },
  };
}

const zadig = () => createZadigClient({ baseUrl: h.sandbox.url, token: h.sandbox.botToken });
const ref = (id: string) => ({
  platform: 'console' as const,
  tenant: 'local',
  conversation: 'console',
  messageId: id,
});

describe('pressing buttons by number', () => {
  it('a live update of another card never changes what a number presses', async () => {
    const s = session();
    await s.type('');
    const first = await s.type('run hotfix --project demo');
    const [, card1, task1] = /#(\d+) \S+ Hotfix #(\d+)/.exec(first) ?? [];
    const second = await s.type('run build-deploy --project demo');
    const [, card2, task2] = /#(\d+) \S+ Build and deploy #(\d+)/.exec(second) ?? [];
    expect(second).toContain('[1] Cancel');

    // The worker edits card 1 (its task moved on); the update shows card-qualified buttons.
    const task = await zadig().getTask('hotfix', Number(task1));
    const { liveTaskCard } = await import('../../src/notifications/views/index.js');
    await s.notifier.update(ref(card1!), liveTaskCard(task, { zadigUrl: h.sandbox.url }));
    expect(s.out()).toContain(`↻ card ${card1} updated`);
    expect(s.out()).toContain(`[${card1}.1] Cancel`);

    // `1` still presses the latest reply's Cancel: build-deploy is cancelled, hotfix is not.
    await s.type('1');
    expect(h.sandbox.task('build-deploy', Number(task2))?.status).toBe('cancelled');
    expect(h.sandbox.task('hotfix', Number(task1))?.status).not.toBe('cancelled');

    // `N.k` names the card: card 1's Cancel.
    await s.type(`${card1}.1`);
    expect(h.sandbox.task('hotfix', Number(task1))?.status).toBe('cancelled');
    expect(card2).not.toBe(card1);
    await s.quit();
  });

  it('a card posted by the worker is pressed by N.k, never by a bare number', async () => {
    const s = session();
    await s.type('');
    await s.type('projects');
    const posted: Message = {
      title: 'A card the worker posts',
      tone: 'info',
      blocks: [{ type: 'actions', buttons: [{ kind: 'command', label: 'Who am I', command: 'whoami' }] }],
      fallbackText: 'A card the worker posts',
    };
    const r = await s.notifier.post({ tenant: 'local', conversation: 'console' }, posted);
    expect(s.out()).toContain(`[${r.messageId}.1] Who am I`);
    expect(await s.type('1')).toContain('There is no button 1 on the last reply.');
    const pressed = await s.type(`${r.messageId}.1`);
    expect(pressed).toContain('You are Alice Wang in Zadig');
    expect(await s.type('99.1')).toContain('There is no card 99');
    await s.quit();
  });
});

describe('languages', () => {
  it('a card keeps the language it was posted in after :lang; new replies follow :lang', async () => {
    const s = session();
    await s.type('');
    const first = await s.type('run hotfix --project demo');
    const [, card1, task1] = /#(\d+) \S+ Hotfix #(\d+)/.exec(first) ?? [];
    await s.type(':lang zh');
    const { liveTaskCard } = await import('../../src/notifications/views/index.js');
    const task = await zadig().getTask('hotfix', Number(task1));
    const from = s.out().length;
    await s.notifier.update(ref(card1!), liveTaskCard(task, { zadigUrl: h.sandbox.url, locale: 'en' }));
    const update = s.out().slice(from);
    expect(update).toContain('Status:');
    expect(update).not.toContain('状态');
    expect(await s.type('projects')).toContain('项目');
    await s.type(':lang en');
    await s.quit();
  });

  it("a button answers in its card's language when the person chose none; a chosen language wins", async () => {
    await h.stores.preferences.set({ platform: 'console', tenant: 'local' }, 'alice', null);
    const s = session();
    await s.type('');
    const zhCard: Message = {
      title: '一张中文卡片',
      tone: 'info',
      blocks: [{ type: 'actions', buttons: [{ kind: 'command', label: '我是谁', command: 'whoami' }] }],
      fallbackText: '一张中文卡片',
      locale: 'zh',
    };
    const r = await s.notifier.post({ tenant: 'local', conversation: 'console' }, zhCard);
    const pressed = await s.type(`${r.messageId}.1`);
    expect(pressed).toContain('你在 Zadig 中的身份是');
    expect(await s.type('whoami')).toContain('You are Alice Wang in Zadig');
    await s.type(':lang en');
    const r2 = await s.notifier.post({ tenant: 'local', conversation: 'console' }, zhCard);
    const again = await s.type(`${r2.messageId}.1`);
    expect(again).toContain('You are Alice Wang in Zadig');
    await h.stores.preferences.set({ platform: 'console', tenant: 'local' }, 'alice', null);
    await s.quit();
  });
});
