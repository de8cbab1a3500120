/**
 * Inbound chat requests as the platforms send them: signed Slack slash commands and Events API
 * callbacks, and encrypted + signed Feishu message events. Each returns what the app answered.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { buildEventRequest } from '../fakes/fake-feishu-api.js';
import { slackHeaders } from './slack-signing.js';

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
    headers: slackHeaders(secret, body, 'application/x-www-form-urlencoded'),
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
    headers: slackHeaders(secret, body, 'application/json'),
    body,
  });
  await res.arrayBuffer();
  return res.status;
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
