// Locks in Feishu's main flows over the whole app in webhook mode (encrypted, signed events → sandbox Zadig
// → fake Feishu OpenAPI): login in p2p (token kept secret), run by @mention with a live card, run forms.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buttonValue,
  callbackValues,
  cardText,
  dmOf,
  type FeishuE2E,
  inChat,
  inThread,
  OPEN_ID,
  startFeishuE2E,
} from '../support/feishu-e2e.js';
import { dumpText } from '../support/redis.js';
import { waitFor } from '../support/wait-for.js';

let h: FeishuE2E;

beforeAll(async () => {
  h = await startFeishuE2E();
}, 20_000);
afterAll(async () => {
  await h?.close();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const runCalls = () =>
  h.sandbox.requests.filter((r) => r.method === 'POST' && r.path === '/api/aslan/workflow/v4/workflowtask');

describe('login', () => {
  it('links alice in p2p with her own token, and the token shows up in no log, Redis key or Feishu call', async () => {
    const token = h.sandbox.users.alice!.token;
    const res = await h.say({ from: 'alice', text: `login ${token}` });
    expect(res.status).toBe(200);
    const [reply] = await waitFor('login reply', () => {
      const m = inChat(h.feishuApi, dmOf('alice'));
      return m.length > 0 ? m : null;
    });
    expect(cardText(reply!.content)).toContain('Linked to Zadig user **Alice Wang**');
    // The token was checked against Zadig as alice, then stored for her open_id.
    expect(h.sandbox.requests.some((r) => r.user === 'alice')).toBe(true);
    const linked = await h.app.stores.identities.get(
      { platform: 'feishu', tenant: 'tenant-e2e' },
      OPEN_ID.alice,
    );
    expect(linked).toMatchObject({ account: 'alice', name: 'Alice Wang' });

    await h.app.adapter('feishu')!.idle();
    const signature = token.split('.').at(-1)!;
    const places = {
      logs: h.logs.join('\n'),
      redis: await dumpText(h.redis, h.prefix),
      feishuCalls: JSON.stringify(h.feishuApi.calls),
    };
    expect(places.redis).toContain(OPEN_ID.alice); // the dump really covers the identity
    for (const [where, text] of Object.entries(places)) {
      expect(text.includes(token), `token in ${where}`).toBe(false);
      expect(text.includes(signature), `token signature in ${where}`).toBe(false);
    }
  });

  it('answers a bot-menu click (whoami) in the clicker’s p2p chat, as her linked user', async () => {
    const res = await h.push(h.menuClick('alice', 'whoami'));
    expect(res.status).toBe(200);
    const reply = await waitFor('menu reply', () =>
      h.feishuApi.sent().find((m) => m.chat_id === `oc_p2p_${OPEN_ID.alice}`),
    );
    expect(h.feishuApi.callsTo('POST', /^\/open-apis\/im\/v1\/messages$/).at(-1)?.query.receive_id_type).toBe(
      'open_id',
    );
    expect(cardText(reply.content)).toContain('Alice Wang');
  });

  it('refuses a token typed in a group, stores nothing, and says to regenerate it', async () => {
    const carol = h.sandbox.users.carol!.token;
    const res = await h.say({ from: 'carol', text: `login ${carol}`, chat: 'oc_e2e_login', group: true });
    expect(res.status).toBe(200);
    const [reply] = await waitFor('refusal', () => {
      const m = inThread(h.feishuApi, res.messageId);
      return m.length > 0 ? m : null;
    });
    expect(cardText(reply!.content)).toContain('Never paste your Zadig token in a group chat');
    expect(
      await h.app.stores.identities.get({ platform: 'feishu', tenant: 'tenant-e2e' }, OPEN_ID.carol),
    ).toBeNull();
    expect(h.sandbox.requests.some((r) => r.user === 'carol')).toBe(false);
  });

  it('links through the p2p login form (a password input), never echoing the token', async () => {
    const res = await h.say({ from: 'bob', text: 'login' });
    const [form] = await waitFor('login form', () => {
      const m = inChat(h.feishuApi, dmOf('bob'));
      return m.length > 0 ? m : null;
    });
    expect(form!.content).toContain('"input_type":"password"');
    const value = callbackValues(form!.content).find((v) => v.form === 'login');
    expect(value).toMatchObject({ cmd: 'login', at: { conversation: dmOf('bob'), direct: true } });
    expect(res.status).toBe(200);

    const token = h.sandbox.users.bob!.token;
    const answer = await h.push(
      h.cardAction({
        from: 'bob',
        messageId: form!.message_id,
        chatId: dmOf('bob'),
        value: value!,
        formValue: { field_0: token },
      }),
    );
    expect(answer.status).toBe(200);
    expect(JSON.stringify(answer.body)).not.toContain(token);
    await waitFor('bob linked', () => inChat(h.feishuApi, dmOf('bob')).length === 2);
    expect(cardText(inChat(h.feishuApi, dmOf('bob'))[1]!.content)).toContain(
      'Linked to Zadig user **Bob Li**',
    );
    await h.app.adapter('feishu')!.idle();
    expect(JSON.stringify(h.feishuApi.calls)).not.toContain(token.split('.').at(-1)!);
    expect(h.logs.join('\n')).not.toContain(token.split('.').at(-1)!);
  });
});

describe('run in a group by @mention', () => {
  it('ignores a group message that does not @mention the bot', async () => {
    const before = h.sandbox.requests.length;
    const m = h.message({
      from: 'alice',
      text: 'run build-deploy --project demo',
      chat: 'oc_e2e_run',
      group: true,
    });
    const event = m.payload as { event: { message: { content: string; mentions: unknown[] } } };
    event.event.message.content = JSON.stringify({ text: 'run build-deploy --project demo' });
    event.event.message.mentions = [];
    expect((await h.push(m.payload)).status).toBe(200);
    await h.app.adapter('feishu')!.idle();
    expect(h.sandbox.requests.slice(before).filter((r) => r.user === 'alice')).toEqual([]);
    expect(inThread(h.feishuApi, m.messageId)).toEqual([]);
  });

  it('runs as alice, posts the task card in the thread (with uuid), patches it as the task moves, posts the final once', async () => {
    const before = runCalls().length;
    const res = await h.say({
      from: 'alice',
      text: 'run build-deploy --project demo tag=v9.1',
      chat: 'oc_e2e_run',
      group: true,
    });
    expect(res.status).toBe(200);
    const [card] = await waitFor('task card', () => {
      const m = inThread(h.feishuApi, res.messageId);
      return m.length > 0 ? m : null;
    });
    expect(runCalls().slice(before)).toEqual([expect.objectContaining({ user: 'alice', status: 200 })]);
    const task = h.sandbox.tasks('build-deploy').at(-1)!;
    expect(task).toMatchObject({ creator: 'Alice Wang', origin: 'workflowtask', params: { tag: 'v9.1' } });

    // A threaded reply under the asking message, sent with a uuid so a retried send is not doubled.
    expect(card).toMatchObject({ parent_id: res.messageId, reply_in_thread: true, msg_type: 'interactive' });
    expect(card!.uuid).toBe(`watch-${res.messageId}`);
    const first = cardText(card!.content);
    expect(first).toContain(`Build and deploy #${task.taskId}`);
    expect(first).not.toContain('Passed');
    expect(buttonValue(card!.content, 'cancel ')).toEqual({
      cmd: `cancel build-deploy ${task.taskId} --project demo`,
      lang: 'en',
    });

    for (let i = 0; i < 12 && h.sandbox.task('build-deploy', task.taskId)?.status !== 'passed'; i++) {
      await h.sandbox.advance(5_000);
      await sleep(150);
    }
    expect(h.sandbox.task('build-deploy', task.taskId)?.status).toBe('passed');
    const final = await waitFor('final reply', () =>
      inThread(h.feishuApi, res.messageId).find((m) => m.message_id !== card!.message_id),
    );
    await waitFor('card shows passed', () => cardText(h.feishuApi.card(card!.message_id)).includes('Passed'));

    // Patched in place as the task progressed: several edits, each a real change, ending on the result.
    const history = h.feishuApi.messages.get(card!.message_id)!.history;
    expect(history.length).toBeGreaterThanOrEqual(3);
    for (let i = 1; i < history.length; i++) expect(history[i]).not.toBe(history[i - 1]);
    expect(history.some((c) => cardText(c).includes('Running'))).toBe(true);
    // Every edit went to this card (and each one is in its history).
    const patches = h.feishuApi.callsTo('PATCH', /^\/open-apis\/im\/v1\/messages\//);
    expect(patches.filter((c) => c.path.endsWith(`/${card!.message_id}`))).toHaveLength(history.length - 1);
    const last = cardText(history.at(-1)!);
    expect(last).toContain('✅ build → ✅ deploy');
    expect(callbackValues(history.at(-1)!).some((v) => String(v.cmd).startsWith('cancel'))).toBe(false);

    expect(cardText(final.content)).toMatch(/finished: ✅ \*\*Passed\*\*/);
    expect(final.uuid).toBeTruthy();
    // More polls and time change nothing: one final.
    await h.sandbox.advance(10_000);
    await sleep(800);
    expect(inThread(h.feishuApi, res.messageId)).toHaveLength(2);
  });
});

describe('form card for run parameters', () => {
  it('answers a choice it cannot use with a form; the submitted form starts the task with those values', async () => {
    const before = runCalls().length;
    const res = await h.say({
      from: 'alice',
      text: 'run build-deploy --project demo mode=turbo',
      chat: 'oc_e2e_form',
      group: true,
    });
    const [form] = await waitFor('form card', () => {
      const m = inThread(h.feishuApi, res.messageId);
      return m.length > 0 ? m : null;
    });
    expect(runCalls().length).toBe(before);
    const card = JSON.parse(form!.content);
    expect(JSON.stringify(card)).toContain('"tag":"form"');
    expect(JSON.stringify(card)).toContain('"tag":"select_static"');
    expect(cardText(card)).toContain('turbo is not an option of mode');
    const value = callbackValues(card).find((v) => typeof v.form === 'string');
    expect(value).toMatchObject({ cmd: 'run build-deploy --project demo', args: ['tag', 'mode'] });

    const answer = await h.push(
      h.cardAction({
        from: 'alice',
        messageId: form!.message_id,
        chatId: 'oc_e2e_form',
        value: value!,
        formValue: { field_0: 'v7-rc.1', field_1: 'full' },
      }),
    );
    expect(answer.status).toBe(200);
    expect(answer.ms).toBeLessThan(3_000);
    await waitFor('task started', () => runCalls().length === before + 1);
    const task = h.sandbox.tasks('build-deploy').at(-1)!;
    expect(task.params).toMatchObject({ tag: 'v7-rc.1', mode: 'full' });
    expect(runCalls().at(-1)).toMatchObject({ user: 'alice' });
    const posted = await waitFor('task card after the form', () =>
      h.feishuApi.sent().find((m) => cardText(m.content).includes(`Build and deploy #${task.taskId}`)),
    );
    expect(posted.parent_id).toBe(form!.message_id);
  });
});
