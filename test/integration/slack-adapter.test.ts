// Locks in the Slack adapter's HTTP edge: signed requests only (bad, stale and future timestamps are
// 401 and run nothing), ack before the core, one InboundCommand per delivery, and where replies land.

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CommandResult } from '../../src/commands/types.js';
import { t } from '../../src/notifications/message.js';
import { textReply } from '../support/recording-core.js';
import {
  ALICE,
  type Harness,
  SIGNING_SECRET,
  slashFields,
  startHarness,
  TEAM,
} from '../support/slack-adapter-harness.js';
import { slackSignature } from '../support/slack-signing.js';
import { waitFor } from '../support/wait-for.js';

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(async () => {
  await h.close();
});

describe('request verification', () => {
  it('answers 401 to a bad signature and never calls the core', async () => {
    const res = await h.slash(slashFields(h, 'projects'), { signature: 'v0=deadbeef' });
    expect(res.status).toBe(401);
    await new Promise((r) => setTimeout(r, 50));
    expect(h.core.commands).toEqual([]);
  });

  it('answers 401 to a timestamp more than 5 minutes old', async () => {
    const ts = Math.floor(Date.now() / 1000) - 301;
    const res = await h.slash(slashFields(h, 'projects'), { ts });
    expect(res.status).toBe(401);
    expect(h.core.commands).toEqual([]);
  });

  it('answers 401 to a timestamp more than 5 minutes in the future, even when correctly signed', async () => {
    const ts = Math.floor(Date.now() / 1000) + 301;
    const body = new URLSearchParams(slashFields(h, 'projects')).toString();
    const res = await h.post(body, 'application/x-www-form-urlencoded', {
      ts,
      signature: slackSignature(SIGNING_SECRET, body, ts),
    });
    expect(res.status).toBe(401);
    await new Promise((r) => setTimeout(r, 50));
    expect(h.core.commands).toEqual([]);
  });

  it('accepts a timestamp a little in the future (clock skew)', async () => {
    const ts = Math.floor(Date.now() / 1000) + 60;
    const res = await h.slash(slashFields(h, 'projects'), { ts });
    expect(res.status).toBe(200);
    await waitFor('h.core.commands.length === 1', () => h.core.commands.length === 1);
  });

  it('echoes the url_verification challenge', async () => {
    const body = JSON.stringify({ type: 'url_verification', challenge: 'abc123', token: 'x' });
    const res = await h.post(body, 'application/json');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ challenge: 'abc123' });
  });
});

describe('slash command', () => {
  it('acks with 200 before the core answers, then calls the core with the normalised command', async () => {
    let release!: (r: CommandResult) => void;
    h.core.answer = () => new Promise<CommandResult>((r) => (release = r));
    const started = Date.now();
    const res = await h.slash(slashFields(h, '  run deploy-dev --env dev '));
    expect(res.status).toBe(200);
    expect(Date.now() - started).toBeLessThan(1500);
    await waitFor('core call', () => h.core.commands.length === 1, 3000);
    expect(h.core.commands[0]).toMatchObject({
      platform: 'slack',
      tenant: TEAM,
      conversation: 'C1',
      isDirect: false,
      actor: { id: ALICE.id, name: 'Alice', email: ALICE.email, locale: 'en' },
      text: 'run deploy-dev --env dev',
      origin: 'slash',
    });
    release({ reply: textReply('started') });
    await waitFor('channel post', () => h.fake.messagesIn('C1').length === 1, 3000);
    expect(h.fake.messagesIn('C1')[0]?.text).toBe('started');
  });

  it('marks a command typed in a DM channel as direct', async () => {
    await h.slash(slashFields(h, 'whoami', { channel_id: 'DALICE', channel_name: 'directmessage' }));
    await waitFor('h.core.commands.length === 1', () => h.core.commands.length === 1);
    expect(h.core.commands[0]?.isDirect).toBe(true);
  });

  it('sends an ephemeral reply through the response_url, not into the channel', async () => {
    h.core.answer = () => ({ reply: textReply('only you', { ephemeral: true }) });
    await h.slash(slashFields(h, 'whoami'));
    await waitFor('response_url post', () => h.fake.responses.length === 1, 3000);
    expect(h.fake.responses[0]).toMatchObject({
      id: 'slash-1',
      body: { response_type: 'ephemeral', text: 'only you' },
    });
    expect(h.fake.callsOf('chat.postMessage')).toEqual([]);
  });

  it('posts a watched card with chat.postMessage, then hands its ref to onWatch', async () => {
    const watch = { kind: 'workflow' as const, projectKey: 'demo', name: 'deploy-dev', taskId: 42 };
    h.core.answer = () => ({ reply: textReply('task 42 running', { title: t('Running', '运行中') }), watch });
    await h.slash(slashFields(h, 'run deploy-dev'));
    await waitFor('onWatch', () => h.watches.length === 1, 3000);
    const posted = h.fake.messagesIn('C1')[0];
    expect(posted?.text).toBe('task 42 running');
    expect(h.watches[0]?.watch).toEqual(watch);
    expect(h.watches[0]?.ref).toEqual({
      platform: 'slack',
      tenant: TEAM,
      conversation: 'C1',
      messageId: posted?.ts,
    });
    expect(h.watches[0]?.cmd.text).toBe('run deploy-dev');
  });

  it('falls back to response_url in_channel with an invite note when the bot is not in the channel', async () => {
    h.fake.notInChannel.add('CPRIV');
    const watch = { kind: 'workflow' as const, projectKey: 'demo', name: 'deploy-dev', taskId: 7 };
    h.core.answer = () => ({ reply: textReply('task 7 running'), watch });
    await h.slash(slashFields(h, 'run deploy-dev', { channel_id: 'CPRIV' }));
    await waitFor('fallback', () => h.fake.responses.length === 1, 3000);
    const body = h.fake.responses[0]?.body;
    expect(body.response_type).toBe('in_channel');
    expect(body.text).toBe('task 7 running');
    expect(JSON.stringify(body.blocks)).toContain('Invite <@UBOT> to this channel');
    expect(h.watches).toEqual([]);
  });

  it('replies with the core’s internal-error reply and its ref when the core throws, and logs no command text', async () => {
    h.core.answer = () => {
      throw new Error('boom');
    };
    await h.slash(slashFields(h, 'login zadig-secret-token-123'));
    await waitFor('error reply', () => h.fake.responses.length === 1, 3000);
    const text = JSON.stringify(h.fake.responses[0]?.body);
    const ref = /Internal error \(ref ([0-9a-f]{8})\)/.exec(text)?.[1];
    expect(ref).toBeDefined();
    expect(h.logs.some((l) => l.includes(`"ref":"${ref}"`) && l.includes('"level":50'))).toBe(true);
    expect(h.logs.join('\n')).not.toContain('zadig-secret-token-123');
    expect(h.logs.some((l) => l.includes('"command":"login"'))).toBe(true);
  });
});

describe('Events API', () => {
  it('handles a retried event (same event_id, X-Slack-Retry-Num) once', async () => {
    const event = { type: 'app_mention', user: ALICE.id, text: '<@UBOT> projects', channel: 'C1', ts: '1.1' };
    expect((await h.event(event, 'Ev1')).status).toBe(200);
    await waitFor('reply', () => h.fake.messagesIn('C1').length === 1, 3000);
    expect((await h.event(event, 'Ev1', { retryNum: 1 })).status).toBe(200);
    await new Promise((r) => setTimeout(r, 100));
    expect(h.core.commands).toHaveLength(1);
    expect(h.core.commands[0]).toMatchObject({
      text: 'projects',
      origin: 'text',
      eventId: 'Ev1',
      isDirect: false,
    });
    expect(await h.metrics.registry.getSingleMetricAsString('zbot_duplicate_deliveries_total')).toContain(
      'platform="slack"} 1',
    );
  });

  it('replies to a mention inside a thread in that thread', async () => {
    const event = {
      type: 'app_mention',
      user: ALICE.id,
      text: '<@UBOT>  status x',
      channel: 'C1',
      ts: '5.2',
      thread_ts: '5.0',
    };
    await h.event(event, 'Ev2');
    await waitFor('threaded reply', () => h.fake.messagesIn('C1').length === 1, 3000);
    expect(h.fake.messagesIn('C1')[0]?.thread_ts).toBe('5.0');
    expect(h.core.commands[0]?.text).toBe('status x');
  });

  it('posts an ephemeral reply to a mention with chat.postEphemeral', async () => {
    h.core.answer = () => ({ reply: textReply('psst', { ephemeral: true }) });
    await h.event(
      { type: 'app_mention', user: ALICE.id, text: '<@UBOT> whoami', channel: 'C1', ts: '6.1' },
      'Ev3',
    );
    await waitFor('ephemeral', () => h.fake.ephemerals.length === 1, 3000);
    expect(h.fake.ephemerals[0]).toMatchObject({ channel: 'C1', user: ALICE.id, text: 'psst' });
    expect(h.fake.messagesIn('C1')).toEqual([]);
  });

  it('takes DMs typed by people and ignores bot posts, edits and other subtypes', async () => {
    const dm = { type: 'message', channel_type: 'im', channel: 'DALICE', user: ALICE.id, ts: '7.1' };
    await h.event({ ...dm, text: 'hello', bot_id: 'B9' }, 'Ev4');
    await h.event({ ...dm, text: 'x', subtype: 'message_changed' }, 'Ev5');
    await h.event({ ...dm, text: 'login tok-1', type: 'message' }, 'Ev6');
    await waitFor('dm', () => h.core.commands.length === 1, 3000);
    await new Promise((r) => setTimeout(r, 100));
    expect(h.core.commands).toHaveLength(1);
    expect(h.core.commands[0]).toMatchObject({ text: 'login tok-1', isDirect: true, conversation: 'DALICE' });
    await waitFor('dm reply', () => h.fake.messagesIn('DALICE').length === 1, 3000);
  });
});

describe('readiness', () => {
  it('is connected once started in HTTP mode', async () => {
    expect(h.adapter.connected()).toBe(true);
    const res = await fetch(`${h.baseUrl}/readyz`);
    expect(res.status).toBe(200);
  });
});
