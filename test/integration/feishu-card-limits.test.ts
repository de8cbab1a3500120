// Locks in what the fake Feishu refuses as the real one does — a card JSON 2.0 property 2.0 does not list
// (200621) and a request body over 30 KB (230025) — and that what the bot sends is never refused: a run
// form with a select, a form with more choices than a card holds, a reply with an 800-line log tail.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FormRequest } from '../../src/commands/types.js';
import { type Message, t } from '../../src/notifications/message.js';
import { ChatApiError } from '../../src/notifications/notifier.js';
import { type Harness, startHarness } from '../support/feishu-adapter-harness.js';
import { FEISHU_IDS, feishuFixture } from '../support/platform-fixtures.js';
import { waitFor } from '../support/wait-for.js';

let h: Harness;
beforeEach(async () => {
  h = await startHarness({
    botOpenId: FEISHU_IDS.bot,
    encryptKey: FEISHU_IDS.encryptKey,
    verificationToken: FEISHU_IDS.verificationToken,
  });
});
afterEach(async () => {
  await h.close();
});

const chat = { kind: 'chat' as const, chatId: 'oc_team' };
const many = (n: number, p: string) => Array.from({ length: n }, (_, i) => `${p}-${i}`);

function logTail(lines: number): Message {
  return {
    title: t('Logs of backend', 'backend 日志'),
    blocks: [
      {
        type: 'code',
        text: many(lines, 'line')
          .map((l) => `${l} "${'x'.repeat(60)}"`)
          .join('\n'),
      },
      { type: 'actions', buttons: [{ kind: 'command', label: 'Retry', command: 'retry deploy-dev 7' }] },
    ],
    fallbackText: 'logs',
  };
}

describe('what Feishu refuses', () => {
  it('a select_static with a label (1.0 habit): 200621, nothing sent', async () => {
    const card = {
      schema: '2.0',
      body: {
        elements: [
          {
            tag: 'select_static',
            name: 'env',
            label: { tag: 'plain_text', content: 'Env' },
            options: [{ text: { tag: 'plain_text', content: 'dev' }, value: 'dev' }],
          },
        ],
      },
    };
    const err = await h.adapter.notifier.sendCard(chat, card).catch((e) => e);
    expect(err).toBeInstanceOf(ChatApiError);
    expect(err.code).toBe('200621');
    expect(h.fake.sent()).toHaveLength(0);
    expect(h.fake.refused[0]?.problems).toEqual([
      'card.body.elements[0](select_static): unknown property "label"',
    ]);
  });

  it('a body over 30 KB: 230025, on create and on patch', async () => {
    const big = { schema: '2.0', body: { elements: [{ tag: 'markdown', content: '"'.repeat(16_000) }] } };
    const err = await h.adapter.notifier.sendCard(chat, big).catch((e) => e);
    expect(err.code).toBe('230025');
    const sent = await h.adapter.notifier.sendCard(chat, { schema: '2.0', body: { elements: [] } });
    expect((await h.adapter.notifier.patchCard(sent.messageId, big).catch((e) => e)).code).toBe('230025');
    expect(h.fake.refused.map((r) => r.code)).toEqual([230025, 230025]);
  });
});

describe('what the bot sends is taken', () => {
  it('a reply carrying an 800-line log tail keeps its last lines and is not refused', async () => {
    const ref = await h.adapter.notifier.post({ tenant: 't', conversation: 'oc_team' }, logTail(800));
    expect(h.fake.refused).toEqual([]);
    const card = JSON.stringify(h.fake.card(ref.messageId));
    expect(card).toContain('line-799 ');
    expect(card).toContain('retry deploy-dev 7');
    const [create] = h.fake.callsTo('POST', /^\/open-apis\/im\/v1\/messages$/);
    expect(Buffer.byteLength(JSON.stringify(create!.body))).toBeLessThanOrEqual(30 * 1024);
  });

  it('a run form with selects, and one with more choices than a card holds, below a long reply', async () => {
    const form: FormRequest = {
      id: 'run-deploy-dev',
      title: 'Run deploy-dev / 运行',
      submitLabel: 'Run / 运行',
      command: 'run deploy-dev --project demo',
      fields: [
        { name: 'mode', label: 'Mode', kind: 'choice', required: true, options: ['fast', 'full'] },
        {
          name: 'env',
          flag: 'env',
          label: 'Environment / 环境',
          kind: 'choice',
          required: true,
          options: ['dev', 'staging'],
        },
      ],
    };
    const wide: FormRequest = {
      ...form,
      fields: [
        { name: 'region', label: 'Region', kind: 'choice', required: true, options: many(400, 'region') },
      ],
    };
    h.core.answers.set('run', { reply: logTail(800), form });
    h.core.answers.set('deploy', { reply: logTail(800), form: wide });
    const p2p = feishuFixture('im.message.receive_v1.text.p2p') as any;
    const say = async (text: string, n: number) => {
      const ev = structuredClone(p2p);
      ev.header.event_id = `ev-${n}`;
      ev.event.message.message_id = `om_limits_${n}`;
      ev.event.message.content = JSON.stringify({ text });
      await h.push(ev);
    };
    await say('run deploy-dev', 1);
    await say('deploy deploy-dev', 2);
    await waitFor('two form cards', () => h.fake.sent().length === 2);
    expect(h.fake.refused).toEqual([]);
    const [runCard, wideCard] = h.fake.sent().map((m) => JSON.parse(m.content));
    const fields = (c: any) => c.body.elements.at(-1).elements;
    expect(fields(runCard).filter((e: any) => e.tag === 'select_static')).toHaveLength(2);
    expect(fields(wideCard).find((e: any) => e.name === 'field_0').tag).toBe('input');
    // The reply above the form was trimmed to leave the form its room, keeping the log's end.
    expect(JSON.stringify(runCard)).toContain('line-799 ');
  });
});
