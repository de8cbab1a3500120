// Locks in the Feishu webhook's guard over the whole app: a bad signature, an old (replayed) timestamp or a
// wrong verification token is refused before anything runs; a re-pushed event (same event_id) runs once.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FeishuE2E, inThread, startFeishuE2E } from '../support/feishu-e2e.js';
import { waitFor } from '../support/wait-for.js';

let h: FeishuE2E;

beforeAll(async () => {
  h = await startFeishuE2E();
  await h.login('alice');
}, 20_000);
afterAll(async () => {
  await h?.close();
});

const runCalls = () =>
  h.sandbox.requests.filter((r) => r.method === 'POST' && r.path === '/api/aslan/workflow/v4/workflowtask');
const RUN = 'run build-deploy --project demo tag=guard';

/** Pushes a refused request, then proves nothing ran: no Zadig request, no Feishu message sent. */
async function expectRefused(push: () => Promise<{ status: number }>, rootId: string) {
  const zadigBefore = h.sandbox.requests.length;
  const sends = () => h.feishuApi.callsTo('POST', /^\/open-apis\/im\/v1\/messages/).length;
  const feishuBefore = sends();
  const res = await push();
  expect(res.status).toBe(401);
  await h.app.adapter('feishu')!.idle();
  await new Promise((r) => setTimeout(r, 200));
  // The worker keeps polling earlier tasks in the background; anything else would be this command's.
  const polls = /^\/openapi\/workflows\/custom\/(task|[^/]+\/tasks)$/;
  const traffic = h.sandbox.requests
    .slice(zadigBefore)
    .filter((r) => !(r.method === 'GET' && polls.test(r.path)));
  expect(traffic).toEqual([]);
  expect(sends()).toBe(feishuBefore);
  expect(inThread(h.feishuApi, rootId)).toEqual([]);
}

describe('feishu webhook guard', () => {
  it('answers the url_verification challenge (encrypted, right token) and nothing else', async () => {
    const challenge = 'c-3f1d2e';
    const ok = await h.push(
      { type: 'url_verification', challenge, token: h.feishuVerificationToken },
      { sign: false },
    );
    expect(ok).toMatchObject({ status: 200, body: { challenge } });
    const wrong = await h.push(
      { type: 'url_verification', challenge, token: 'not-the-token' },
      { sign: false },
    );
    expect(wrong.status).toBe(401);
    expect(JSON.stringify(wrong.body)).not.toContain(challenge);
  });

  it('refuses a bad signature, and the same event signed properly afterwards still runs once', async () => {
    const m = h.message({ from: 'alice', text: RUN, chat: 'oc_e2e_guard', group: true });
    const before = runCalls().length;
    await expectRefused(() => h.push(m.payload, { signWith: 'not-the-encrypt-key' }), m.messageId);
    // The refused push claimed nothing: the genuine delivery of that event is processed.
    expect((await h.push(m.payload)).status).toBe(200);
    await waitFor('card', () => inThread(h.feishuApi, m.messageId).length === 1);
    expect(runCalls().length).toBe(before + 1);
  });

  it('refuses an old timestamp (a replayed request), even when correctly signed', async () => {
    const m = h.message({ from: 'alice', text: RUN, chat: 'oc_e2e_guard', group: true });
    const tenMinutesAgo = Math.floor(Date.now() / 1000) - 600;
    await expectRefused(() => h.push(m.payload, { timestamp: tenMinutesAgo }), m.messageId);
    const future = Math.floor(Date.now() / 1000) + 600;
    await expectRefused(() => h.push(m.payload, { timestamp: future }), m.messageId);
  });

  it('refuses a wrong verification token inside a correctly signed, encrypted body', async () => {
    const m = h.message({
      from: 'alice',
      text: RUN,
      chat: 'oc_e2e_guard',
      group: true,
      token: 'wrong-token',
    });
    await expectRefused(() => h.push(m.payload), m.messageId);
  });

  it('refuses an unsigned event and a body encrypted with another key', async () => {
    const m = h.message({ from: 'alice', text: RUN, chat: 'oc_e2e_guard', group: true });
    await expectRefused(() => h.push(m.payload, { sign: false }), m.messageId);
    await expectRefused(
      () => h.push(m.payload, { encryptKey: 'another-key', signWith: h.feishuEncryptKey }),
      m.messageId,
    );
  });

  it('runs a re-pushed event (same event_id) once: one Zadig run, one card', async () => {
    const m = h.message({ from: 'alice', text: RUN, chat: 'oc_e2e_guard', group: true });
    const before = runCalls().length;
    expect((await h.push(m.payload)).status).toBe(200);
    // Feishu re-pushes when it did not see a timely 200: later, and sometimes while the first still runs.
    const again = await Promise.all([h.push(m.payload), h.push(m.payload), h.push(m.payload)]);
    expect(again.map((r) => r.status)).toEqual([200, 200, 200]);
    await waitFor('card', () => inThread(h.feishuApi, m.messageId).length > 0);
    await h.app.adapter('feishu')!.idle();
    expect(runCalls().length).toBe(before + 1);
    expect(inThread(h.feishuApi, m.messageId)).toHaveLength(1);
    expect(await h.redis.pttl(`${h.prefix}:dedupe:feishu:msg:${m.messageId}`)).toBeGreaterThan(
      23 * 3_600_000,
    );
  });
});
