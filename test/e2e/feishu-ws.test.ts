// Locks in long-connection (FEISHU_MODE=ws) mode over the whole app: payloads handed to the adapter's SDK
// dispatcher as WSClient would (plaintext, no signature) log in, run, dedupe and answer card callbacks.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { feishuAdapterOf } from '../support/app-harness.js';
import {
  buttonValue,
  cardText,
  dmOf,
  type FeishuE2E,
  inChat,
  inThread,
  startFeishuE2E,
} from '../support/feishu-e2e.js';
import { waitFor } from '../support/wait-for.js';

let h: FeishuE2E;

beforeAll(async () => {
  h = await startFeishuE2E({ env: { FEISHU_MODE: 'ws' } });
}, 20_000);
afterAll(async () => {
  await h?.close();
});

const invoke = (payload: object) => feishuAdapterOf(h.app).dispatcher.invoke(payload, { needCheck: false });
const runCalls = () =>
  h.sandbox.requests.filter((r) => r.method === 'POST' && r.path === '/api/aslan/workflow/v4/workflowtask');

describe('feishu long connection (dispatcher)', () => {
  it('serves no webhook: POST /feishu/events answers 404 and runs nothing', async () => {
    const m = h.message({ from: 'alice', text: 'projects' });
    const res = await h.push(m.payload);
    expect(res.status).toBe(404);
    await h.app.adapter('feishu')!.idle();
    expect(inChat(h.feishuApi, dmOf('alice'))).toEqual([]);
  });

  it('logs in from a p2p message', async () => {
    await invoke(h.message({ from: 'alice', text: `login ${h.sandbox.users.alice!.token}` }).payload);
    const [reply] = await waitFor('login reply', () => {
      const m = inChat(h.feishuApi, dmOf('alice'));
      return m.length > 0 ? m : null;
    });
    expect(cardText(reply!.content)).toContain('Linked to Zadig user **Alice Wang**');
  });

  it('runs from a group @mention once even when the same event is delivered again, and a card click cancels as the clicker', async () => {
    const before = runCalls().length;
    const m = h.message({
      from: 'alice',
      text: 'run build-deploy --project demo tag=ws',
      chat: 'oc_e2e_ws',
      group: true,
    });
    await invoke(m.payload);
    const [card] = await waitFor('task card', () => {
      const c = inThread(h.feishuApi, m.messageId);
      return c.length > 0 ? c : null;
    });
    // A reconnect may replay an event: the same message, dropped.
    await invoke(m.payload);
    await h.app.adapter('feishu')!.idle();
    expect(runCalls().slice(before)).toEqual([expect.objectContaining({ user: 'alice', status: 200 })]);
    expect(inThread(h.feishuApi, m.messageId)).toHaveLength(1);
    expect(card!.uuid).toBe(`watch-${m.messageId}`);

    const task = h.sandbox.tasks('build-deploy').at(-1)!;
    const value = buttonValue(card!.content, 'cancel ');
    const answer = (await invoke(
      h.cardAction({ from: 'alice', messageId: card!.message_id, chatId: 'oc_e2e_ws', value }),
    )) as { toast?: { i18n: { en_us: string } }; card?: { type: string; data: object } };
    expect(answer.toast?.i18n.en_us).toBeTruthy();
    const cancels = h.sandbox.requests.filter(
      (r) => r.method === 'DELETE' && r.path === '/openapi/workflows/custom/task',
    );
    expect(cancels).toEqual([expect.objectContaining({ user: 'alice', status: 200 })]);
    await h.sandbox.advance(2_000);
    expect(h.sandbox.task('build-deploy', task.taskId)?.status).toBe('cancelled');
  });
});
