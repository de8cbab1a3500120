// Locks in Socket Mode (SLACK_APP_TOKEN set): the same listeners run for envelopes delivered through
// app.processEvent, the HTTP route answers 404, readiness waits for the socket, and App Home publishes.

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { textReply } from '../support/recording-core.js';
import {
  ALICE,
  BOB,
  clickPayload,
  type Harness,
  startHarness,
  TEAM,
} from '../support/slack-adapter-harness.js';

let h: Harness;
beforeEach(async () => {
  h = await startHarness({ appToken: 'xapp-1-test' });
});
afterEach(async () => {
  await h.close();
});

/** Delivers a body as the Socket Mode receiver would, recording whether (and when) it was acked. */
async function deliver(body: Record<string, unknown>, retryNum?: number) {
  const acks: unknown[] = [];
  await h.adapter.app.processEvent({
    body,
    ack: async (r?: unknown) => void acks.push(r ?? null),
    ...(retryNum ? { retryNum } : {}),
  });
  return acks;
}

describe('Socket Mode', () => {
  it('answers 404 on the HTTP route and is not ready before the socket opens', async () => {
    const res = await h.post('{}', 'application/json');
    expect(res.status).toBe(404);
    expect(h.adapter.connected()).toBe(false);
    expect((await fetch(`${h.baseUrl}/readyz`)).status).toBe(503);
  });

  it('acks a slash command, then calls the core and posts the reply', async () => {
    const acks = await deliver({
      team_id: TEAM,
      channel_id: 'C1',
      channel_name: 'deploys',
      user_id: ALICE.id,
      user_name: 'alice',
      command: '/zadig',
      text: 'projects',
      response_url: h.fake.responseUrl('s1'),
      trigger_id: 'trig-s1',
    });
    expect(acks).toHaveLength(1);
    expect(h.core.commands[0]).toMatchObject({
      origin: 'slash',
      text: 'projects',
      conversation: 'C1',
      tenant: TEAM,
    });
    expect(h.fake.messagesIn('C1')[0]?.text).toBe('ok: slash');
  });

  it('handles an app_mention once even when the envelope is redelivered', async () => {
    const body = {
      type: 'event_callback',
      team_id: TEAM,
      api_app_id: 'A1',
      event_id: 'EvS1',
      event: { type: 'app_mention', user: BOB.id, text: '<@UBOT> 项目', channel: 'C2', ts: '9.1' },
    };
    await deliver(body);
    await deliver(body, 1);
    expect(h.core.commands).toHaveLength(1);
    expect(h.core.commands[0]).toMatchObject({
      text: '项目',
      actor: { id: BOB.id, locale: 'zh' },
      conversation: 'C2',
    });
  });

  it('dispatches a button click', async () => {
    h.core.answer = () => ({ reply: textReply('retrying') });
    const acks = await deliver(clickPayload(h, 'retry deploy-dev 3'));
    expect(acks).toHaveLength(1);
    expect(h.core.commands[0]).toMatchObject({
      origin: 'button',
      text: 'retry deploy-dev 3',
      actor: { id: BOB.id },
    });
    expect(h.fake.messagesIn('C1').map((m) => m.text)).toEqual(['retrying']);
  });

  it('publishes the Home tab from core.home when the user opens it, and ignores the Messages tab', async () => {
    h.core.homeMessage = textReply('*2* approvals wait for you');
    const event = (tab: string, id: string) => ({
      type: 'event_callback',
      team_id: TEAM,
      api_app_id: 'A1',
      event_id: id,
      event: { type: 'app_home_opened', user: ALICE.id, channel: 'DALICE', tab },
    });
    await deliver(event('messages', 'EvH0'));
    expect(h.fake.callsOf('views.publish')).toEqual([]);
    await deliver(event('home', 'EvH1'));
    expect(h.core.homes).toEqual([
      { tenant: TEAM, actor: expect.objectContaining({ id: ALICE.id, email: ALICE.email }) },
    ]);
    const view = h.fake.homeViews.get(ALICE.id);
    expect(view.type).toBe('home');
    expect(JSON.stringify(view.blocks)).toContain('approvals wait for you');
  });

  it('answers a button on the Home tab (no channel) in the DM with the bot', async () => {
    const payload: Record<string, unknown> = clickPayload(h, 'inbox', { user: ALICE.id });
    delete payload.channel;
    delete payload.message;
    payload.container = { type: 'view', view_id: 'VHOME' };
    await deliver(payload);
    expect(h.core.commands[0]).toMatchObject({ text: 'inbox', conversation: 'DUALICE', isDirect: true });
    expect(h.core.commands[0]?.sourceMessage).toBeUndefined();
    expect(h.fake.messagesIn('DUALICE').map((m) => m.text)).toEqual(['ok: button']);
  });
});
