// Locks in admission control end to end: with room for one command (ZBOT_COMMAND_CONCURRENCY=1,
// ZBOT_COMMAND_QUEUE=0) and that one stuck on a slow Zadig, a second Slack slash command is acked with
// the bilingual busy answer and never runs (no Zadig call, no post), a DM gets the busy reply in the
// chat, a Feishu message gets it in the chat, and a Feishu card click gets it as a toast without being
// claimed (clicking again once the bot is free runs it). Once the slot is free everything runs again.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cardText, type FeishuE2E, dmOf as feishuDm, inChat, startFeishuE2E } from '../support/feishu-e2e.js';
import { dm, dmOf, type SlackE2E, slash, startSlackE2E, textOf } from '../support/slack-e2e.js';
import { waitFor } from '../support/wait-for.js';

const ONE_SLOT = { ZBOT_COMMAND_CONCURRENCY: '1', ZBOT_COMMAND_QUEUE: '0' };
const STATUS = 'status build-deploy --project demo';
const BUSY_EN = 'The bot is busy right now and did not run this command';
const BUSY_ZH = '机器人正忙，本条命令未执行';

const taskReads = (h: { sandbox: { requests: { method: string; path: string }[] } }) =>
  h.sandbox.requests.filter((r) => r.method === 'GET' && r.path.startsWith('/openapi/workflows/custom/'))
    .length;

async function shedCount(h: SlackE2E | FeishuE2E, platform: string): Promise<number> {
  const text = await h.app.metrics.registry.getSingleMetricAsString('zbot_commands_shed_total');
  const m = new RegExp(`platform="${platform}"} (\\d+)`).exec(text);
  return m ? Number(m[1]) : 0;
}

describe('Slack: a full process answers busy and runs nothing', () => {
  let h: SlackE2E;
  beforeAll(async () => {
    h = await startSlackE2E({ env: ONE_SLOT });
  });
  afterAll(async () => {
    await h?.close();
  });

  it('acks a slash command with the busy answer while the one slot is taken, then runs commands again', async () => {
    const undo = h.sandbox.fault({ path: /^\/openapi\/workflows\//, kind: 'slow', delayMs: 1500 });
    const first = await slash(h, 'alice', 'C-gate', STATUS);
    expect(first).toEqual({ status: 200, body: '' });
    // The first command is running: its Zadig call has arrived and is being held.
    await waitFor('first command reached Zadig', () => taskReads(h) > 0);

    const second = await slash(h, 'bob', 'C-gate', STATUS);
    expect(second.status).toBe(200);
    const ack = JSON.parse(second.body) as { response_type: string; text: string };
    expect(ack.response_type).toBe('ephemeral');
    expect(ack.text).toContain(BUSY_EN);
    expect(ack.text).toContain(BUSY_ZH);

    // A DM typed while full: Slack already has its 200; the busy answer is posted in the DM.
    await dm(h, 'carol', STATUS);
    await waitFor('busy reply in the DM', () =>
      textOf(h.slackApi.messages.get(dmOf('carol'))?.at(-1)).includes(BUSY_EN),
    );

    await waitFor(
      'first command answered',
      () => (h.slackApi.messages.get('C-gate') ?? []).length === 1,
      8000,
    );
    undo();
    // Every Zadig read so far was the first command's: the refused ones made none.
    const perStatus = taskReads(h);
    expect(await shedCount(h, 'slack')).toBe(2);

    // Free again: the next command runs and answers in the channel.
    const third = await slash(h, 'bob', 'C-gate', STATUS);
    expect(third).toEqual({ status: 200, body: '' });
    await waitFor(
      'third command answered',
      () => (h.slackApi.messages.get('C-gate') ?? []).length === 2,
      8000,
    );
    // The third makes the same reads as the first: had a refused command run, the first count would be higher.
    expect(taskReads(h)).toBe(perStatus * 2);
    expect(textOf(h.slackApi.messages.get('C-gate')?.[1])).toContain('build-deploy');
  }, 20_000);
});

describe('Feishu: a full process answers busy and runs nothing', () => {
  let h: FeishuE2E;
  beforeAll(async () => {
    h = await startFeishuE2E({ env: ONE_SLOT });
    await h.login('alice');
  }, 20_000);
  afterAll(async () => {
    await h?.close();
  });

  it('replies busy to a message and toasts busy on a click while full; the click runs once free', async () => {
    // A card with a button to click later: the status card of a task.
    await h.say({ from: 'alice', text: STATUS });
    await waitFor('status card', () => inChat(h.feishuApi, feishuDm('alice')).length >= 2);
    await h.app.adapter('feishu')!.idle();
    const card = inChat(h.feishuApi, feishuDm('alice')).at(-1)!;

    const undo = h.sandbox.fault({ path: /^\/openapi\/workflows\//, kind: 'slow', delayMs: 1500 });
    const before = taskReads(h);
    await h.say({ from: 'alice', text: STATUS });
    await waitFor('first command reached Zadig', () => taskReads(h) > before);

    const sent = inChat(h.feishuApi, feishuDm('alice')).length;
    await h.say({ from: 'bob', text: STATUS, chat: feishuDm('alice') });
    await waitFor('busy reply', () => inChat(h.feishuApi, feishuDm('alice')).length > sent);
    const busy = cardText(inChat(h.feishuApi, feishuDm('alice')).at(-1)!.content);
    expect(busy).toContain(BUSY_EN);
    expect(busy).toContain(BUSY_ZH);

    const value = { cmd: STATUS };
    const refused = await h.push(
      h.cardAction({ from: 'alice', messageId: card.message_id, chatId: feishuDm('alice'), value }),
    );
    const toast = (refused.body as { toast?: { type: string; i18n: { en_us: string; zh_cn: string } } })
      .toast;
    expect(toast?.type).toBe('warning');
    expect(toast?.i18n.en_us).toContain(BUSY_EN);
    expect(toast?.i18n.zh_cn).toContain(BUSY_ZH);
    expect(await shedCount(h, 'feishu')).toBe(2);

    await h.app.adapter('feishu')!.idle();
    undo();
    // The same click again at once: it was never claimed, so it runs (no "already received" toast).
    const reads = taskReads(h);
    const again = await h.push(
      h.cardAction({ from: 'alice', messageId: card.message_id, chatId: feishuDm('alice'), value }),
    );
    expect(JSON.stringify(again.body)).not.toContain('Already received');
    expect(JSON.stringify(again.body)).not.toContain(BUSY_EN);
    await h.app.adapter('feishu')!.idle();
    expect(taskReads(h)).toBeGreaterThan(reads);
  }, 30_000);
});
