// Locks in "one delivery, one Zadig call" over signed HTTP: Slack's retries of an event (same event_id,
// X-Slack-Retry-Num), duplicates arriving at once, and a double click on a card button each reach
// Zadig exactly once (Redis SET NX under the app's prefix), and each is still acked with 200.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buttonOf,
  clickPayload,
  dm,
  dmEvent,
  dmOf,
  link,
  type SlackE2E,
  sendEvent,
  sendInteraction,
  slash,
  startSlackE2E,
  textOf,
  zadigCalls,
} from '../support/slack-e2e.js';
import { waitFor } from '../support/wait-for.js';

let h: SlackE2E;

beforeAll(async () => {
  h = await startSlackE2E();
  await link(h, 'alice');
});
afterAll(async () => {
  await h?.close();
});

const RUN = { method: 'POST', path: /^\/api\/aslan\/workflow\/v4\/workflowtask$/ };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
// A duplicate is dropped by its delivery identity, or, when it is the very same signed request, at the
// edge as a replay.
const dropped = () =>
  h.logs.filter(
    (l) =>
      (l.includes('duplicate delivery dropped') || l.includes('replayed request dropped')) &&
      l.includes('"platform":"slack"'),
  ).length;

describe('Slack duplicate deliveries', () => {
  it('runs a DM command once when Slack retries the event with the same event_id', async () => {
    const from = h.sandbox.requests.length;
    const cards = h.slackApi.messagesIn(dmOf('alice')).length;
    const event = dmEvent('alice', 'run build-deploy --project demo tag=retry-1');
    const eventId = 'EvRetry0001';
    expect((await sendEvent(h, event, { eventId })).status).toBe(200);
    await waitFor('the run', () => zadigCalls(h, from, RUN).length === 1);
    // Slack's redeliveries: retry 1 and 2 (e.g. after an http_timeout), same event_id.
    expect((await sendEvent(h, event, { eventId, retryNum: 1 })).status).toBe(200);
    expect((await sendEvent(h, event, { eventId, retryNum: 2 })).status).toBe(200);
    await waitFor('both retries dropped', () => dropped() >= 2);
    await sleep(400);
    expect(zadigCalls(h, from, RUN)).toEqual([expect.objectContaining({ user: 'alice' })]);
    expect(h.sandbox.tasks('build-deploy').filter((t) => t.params.tag === 'retry-1')).toHaveLength(1);
    // One card for the one run.
    expect(
      h.slackApi
        .messagesIn(dmOf('alice'))
        .slice(cards)
        .filter((m) => !m.thread_ts),
    ).toHaveLength(1);
    // The claim (the message: workspace, channel, ts) lives in Redis under the app's prefix, so every
    // replica sees it.
    const match = `${h.prefix}*slack:msg:*:${dmOf('alice')}:${String(event.ts)}`;
    const [, keys] = await h.redis.scan('0', 'MATCH', match, 'COUNT', 10_000);
    expect(keys.length).toBe(1);
  });

  it('runs once when the same event arrives twice at the same moment', async () => {
    const from = h.sandbox.requests.length;
    const event = dmEvent('alice', 'run build-deploy --project demo tag=race-1');
    const eventId = 'EvRace00001';
    const before = dropped();
    const answers = await Promise.all([
      sendEvent(h, event, { eventId }),
      sendEvent(h, event, { eventId }),
      sendEvent(h, event, { eventId, retryNum: 1 }),
    ]);
    expect(answers.map((r) => r.status)).toEqual([200, 200, 200]);
    await waitFor(
      'one run, two drops',
      () => zadigCalls(h, from, RUN).length >= 1 && dropped() >= before + 2,
    );
    await sleep(400);
    expect(zadigCalls(h, from, RUN)).toHaveLength(1);
    expect(h.sandbox.tasks('build-deploy').filter((t) => t.params.tag === 'race-1')).toHaveLength(1);
  });

  it('a different event with the same text is a new command and runs again', async () => {
    const from = h.sandbox.requests.length;
    await dm(h, 'alice', 'run build-deploy --project demo tag=again');
    await dm(h, 'alice', 'run build-deploy --project demo tag=again');
    await waitFor('two runs for two messages', () => zadigCalls(h, from, RUN).length === 2);
  });

  it('cancels once when the Cancel button is double-clicked', async () => {
    const ch = 'C-double';
    await slash(h, 'alice', ch, 'run build-deploy --project demo');
    await waitFor('card', () => h.slackApi.messagesIn(ch).length === 1);
    const card = h.slackApi.messagesIn(ch)[0]!;
    const taskId = h.sandbox.tasks('build-deploy').at(-1)!.taskId;
    const cancel = buttonOf(card, 'Cancel');
    const from = h.sandbox.requests.length;
    const responses = h.slackApi.responses.length;
    const before = dropped();
    // Two clicks of one button: each its own payload and trigger_id, as Slack sends them.
    const answers = await Promise.all([
      sendInteraction(h, clickPayload(h, 'alice', card, cancel)),
      sendInteraction(h, clickPayload(h, 'alice', card, cancel)),
    ]);
    expect(answers.map((r) => r.status)).toEqual([200, 200]);
    await waitFor('cancelled', () => h.sandbox.task('build-deploy', taskId)!.status === 'cancelled');
    // And a third click a moment later, still within the double-click window.
    await sleep(150);
    expect((await sendInteraction(h, clickPayload(h, 'alice', card, cancel))).status).toBe(200);
    await waitFor('duplicate clicks dropped', () => dropped() >= before + 2);
    await sleep(400);
    const cancels = zadigCalls(h, from, { method: 'DELETE', path: /^\/openapi\/workflows\/custom\/task$/ });
    expect(cancels).toHaveLength(1);
    // Writes go with the clicker's token (reads with the bot's): alice's only Zadig call is the one cancel.
    expect(zadigCalls(h, from).filter((r) => r.user === 'alice')).toEqual([
      expect.objectContaining({ method: 'DELETE' }),
    ]);
    // No "already finished" answer from a second cancel.
    expect(JSON.stringify(h.slackApi.responses.slice(responses))).not.toContain('nothing to cancel');
    expect(textOf(card)).toMatch(/cancel/i);
  });
});
