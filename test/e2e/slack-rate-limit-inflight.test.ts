// Locks in that a card refused with 429 is not edited again before Retry-After, even when a newer edit
// of it is queued while the refused call is still in flight. A proxy between the app and the fake
// Slack API holds the 429 answer so the newer edit deterministically arrives during the call.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FakeSlackApi } from '../fakes/fake-slack-api.js';
import { link, type SlackE2E, slash, textOf } from '../support/slack-e2e.js';
import {
  type ProxiedSlackE2E,
  type SlackHoldingProxy,
  startProxiedSlackE2E,
} from '../support/slack-e2e-proxy.js';
import { waitFor } from '../support/wait-for.js';

let env: ProxiedSlackE2E;
let h: SlackE2E;
let fake: FakeSlackApi;
let proxy: SlackHoldingProxy;

beforeAll(async () => {
  env = await startProxiedSlackE2E();
  ({ h, proxy } = env);
  fake = h.slackApi;
  await link(h, 'alice');
});
afterAll(async () => {
  await env?.close();
});

const CH = 'C-inflight';

describe('Slack 429 with a newer edit racing in', () => {
  it('waits Retry-After before editing the refused card again', async () => {
    expect((await slash(h, 'alice', CH, 'run build-deploy --project demo')).status).toBe(200);
    await waitFor('card', () => fake.messagesIn(CH).length === 1);
    const card = fake.messagesIn(CH)[0]!;
    await h.sandbox.advance(10_000); // running, in the build job
    await waitFor('running card', () => /running/i.test(card.text ?? ''));
    await new Promise((r) => setTimeout(r, 600));

    fake.rateLimit('chat.update', 1, 1);
    proxy.hold429Ms = 2000;
    const from = proxy.log.length;
    await h.sandbox.advance(15_000); // build done, deploy running: edit #1, refused with 429 (held)
    const inFlight = () => proxy.log.slice(from).find((e) => e.status === 429 && e.answeredAt === 0);
    await waitFor('429 in flight', () => inFlight() !== undefined);
    // While the refused call is still in flight, the task finishes and the worker sees it: edit #2 is
    // queued for the same card.
    await h.sandbox.advance(15_000);
    const at = h.sandbox.now();
    await waitFor('a poll of the finished task', () =>
      h.sandbox.requests.some((r) => r.at >= at && r.path === '/openapi/workflows/custom/task'),
    );
    await new Promise((r) => setTimeout(r, 100));
    expect(inFlight()).toBeDefined();
    await waitFor('card delivered with the final state', () => /passed/i.test(card.text ?? ''), 8000);

    const updates = proxy.log.slice(from).filter((c) => c.method === 'chat.update' && c.ts === card.ts);
    const refused = updates.find((c) => c.status === 429);
    expect(refused).toBeDefined();
    const next = updates.find((c) => c.at > refused!.at);
    expect(next).toBeDefined();
    // Retry-After counts from when the app got the 429. KNOWN WORKER BUG (src/jobs/outbox.ts): the
    // follow-up job `enqueue` adds when the card's edit job is active ignores the card's 429 and sends
    // as soon as the refused job releases the card lock (~150 ms), so this fails until that is fixed.
    expect(next!.at - refused!.answeredAt).toBeGreaterThanOrEqual(950);
    expect(textOf(card)).toMatch(/passed/i);
  });
});
