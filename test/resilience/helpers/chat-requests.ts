/**
 * Inbound chat requests as the platforms send them: signed Slack slash commands and Events API
 * callbacks, and encrypted + signed Feishu message events. Each returns what the app answered.
 */
import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import { buildEventRequest } from '../../fakes/fake-feishu-api.js';

/** Slack's v0 signature headers for `body`. */
export function slackSign(
  secret: string,
  body: string,
  contentType: string,
  timestamp = Math.floor(Date.now() / 1000),
) {
  return {
    'content-type': contentType,
    'x-slack-request-timestamp': String(timestamp),
    'x-slack-signature': `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`,
  };
}

export interface SlashOptions {
  text: string;
  user?: string;
  channel?: string;
  teamId?: string;
  /** The same trigger id twice is the same delivery (Slack's retry, or a duplicate through a balancer). */
  triggerId?: string;
  responseUrl: string;
}

/** The form body of a `/zadig` slash command. */
export function slashBody(o: SlashOptions): string {
  const user = o.user ?? 'alice';
  return new URLSearchParams({
    command: '/zadig',
    text: o.text,
    team_id: o.teamId ?? 'T1',
    team_domain: 'demo',
    channel_id: o.channel ?? 'C-general',
    channel_name: o.channel?.startsWith('D') ? 'directmessage' : 'general',
    user_id: user,
    user_name: user,
    response_url: o.responseUrl,
    trigger_id: o.triggerId ?? `trig-${randomUUID()}`,
    api_app_id: 'A1',
  }).toString();
}

/** POSTs a signed slash command to `baseUrl`. */
export async function postSlash(
  baseUrl: string,
  secret: string,
  o: SlashOptions,
): Promise<{ status: number; ms: number }> {
  const body = slashBody(o);
  const started = Date.now();
  const res = await fetch(`${baseUrl}/slack/events`, {
    method: 'POST',
    headers: slackSign(secret, body, 'application/x-www-form-urlencoded'),
    body,
  });
  await res.arrayBuffer();
  return { status: res.status, ms: Date.now() - started };
}

/** An Events API `app_mention` callback (the bot is `<@UBOT>` in the fake Slack). */
export function mentionEvent(o: {
  eventId: string;
  text: string;
  user?: string;
  channel?: string;
  teamId?: string;
}) {
  const ts = `${Math.floor(Date.now() / 1000)}.${randomBytes(3).readUIntBE(0, 3)}`;
  return {
    token: 'legacy-verification-token',
    team_id: o.teamId ?? 'T1',
    api_app_id: 'A1',
    type: 'event_callback',
    event_id: o.eventId,
    event_time: Math.floor(Date.now() / 1000),
    event: {
      type: 'app_mention',
      user: o.user ?? 'alice',
      text: `<@UBOT> ${o.text}`,
      channel: o.channel ?? 'C-general',
      ts,
      event_ts: ts,
    },
  };
}

/** POSTs a signed JSON Events API body to `baseUrl`. */
export async function postSlackEvent(baseUrl: string, secret: string, payload: object): Promise<number> {
  const body = JSON.stringify(payload);
  const res = await fetch(`${baseUrl}/slack/events`, {
    method: 'POST',
    headers: slackSign(secret, body, 'application/json'),
    body,
  });
  await res.arrayBuffer();
  return res.status;
}

/** A v2 `im.message.receive_v1` event: p2p text, or a group text that @mentions the bot. */
export function feishuMessage(o: {
  token: string;
  eventId?: string;
  chatId: string;
  p2p: boolean;
  sender: string;
  text: string;
  botOpenId: string;
}): object {
  const mentions = o.p2p
    ? []
    : [{ key: '@_user_1', id: { open_id: o.botOpenId }, name: 'Zadig', tenant_key: 'tenant-1' }];
  return {
    schema: '2.0',
    header: {
      event_id: o.eventId ?? randomBytes(16).toString('hex'),
      token: o.token,
      create_time: String(Date.now()),
      event_type: 'im.message.receive_v1',
      tenant_key: 'tenant-1',
      app_id: 'cli_a1b2c3d4e5f60718',
    },
    event: {
      sender: { sender_id: { open_id: o.sender }, sender_type: 'user', tenant_key: 'tenant-1' },
      message: {
        message_id: `om_user_${randomBytes(6).toString('hex')}`,
        create_time: String(Date.now()),
        chat_id: o.chatId,
        chat_type: o.p2p ? 'p2p' : 'group',
        message_type: 'text',
        content: JSON.stringify({ text: o.p2p ? o.text : `@_user_1 ${o.text}` }),
        mentions,
      },
    },
  };
}

/** POSTs an encrypted, signed Feishu event to `baseUrl`. */
export async function postFeishuEvent(baseUrl: string, encryptKey: string, payload: object): Promise<number> {
  const req = buildEventRequest(payload, { encryptKey });
  const res = await fetch(`${baseUrl}/feishu/events`, {
    method: 'POST',
    headers: req.headers,
    body: req.body,
  });
  await res.arrayBuffer();
  return res.status;
}
