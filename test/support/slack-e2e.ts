/**
 * Slack end-to-end helpers over the full-app harness: Slack users that map to the sandbox Zadig users
 * by email, and signed deliveries the way Slack sends them — Events API envelopes (DMs, mentions, with
 * retry headers), block_actions clicks on a button of a card the fake Slack API holds, and
 * view_submissions of a modal the app opened.
 */

import { randomUUID } from 'node:crypto';
import type {
  FakeSlackApi,
  FakeSlackMessage,
  FakeSlackUser,
  FakeSlackView,
} from '../fakes/fake-slack-api.js';
import { type AppHarness, type AppHarnessOptions, startAppHarness } from './app-harness.js';
import { waitFor } from './wait-for.js';

/** Slack users of the test workspace; their emails are the sandbox Zadig users' emails. */
export const SLACK_USERS = {
  alice: { id: 'UALICE', name: 'Alice Wang', email: 'alice@demo.local', locale: 'en-US' },
  bob: { id: 'UBOB', name: 'Bob Li', email: 'bob@demo.local', locale: 'en-US' },
  carol: { id: 'UCAROL', name: 'Carol Zhang', email: 'carol@demo.local', locale: 'en-US' },
  dave: { id: 'UDAVE', name: 'Dave Chen', email: 'dave@demo.local', locale: 'en-US' },
} as const satisfies Record<string, FakeSlackUser>;

export type SlackUserName = keyof typeof SLACK_USERS;

/** The harness with Slack on (the fake API is always there). */
export type SlackE2E = AppHarness & { slackApi: FakeSlackApi };

/** Starts the whole app with Slack enabled and the workspace's users known to the fake API. */
export async function startSlackE2E(opts: Omit<AppHarnessOptions, 'slack'> = {}): Promise<SlackE2E> {
  const h = await startAppHarness({ ...opts, slack: { users: Object.values(SLACK_USERS) } });
  if (!h.slackApi) throw new Error('slack fake missing');
  return h as SlackE2E;
}

/** The DM channel between the bot and a user, as the fake's conversations.open names it. */
export const dmOf = (user: SlackUserName): string => `D${SLACK_USERS[user].id}`;

export interface SignOptions {
  /** Seconds since the epoch for `X-Slack-Request-Timestamp` (default now). */
  timestamp?: number;
  /** Replaces the computed signature. */
  signature?: string;
  headers?: Record<string, string>;
}

/** POSTs `body` to /slack/events, signed with the app's signing secret. */
export async function postSlack(
  h: SlackE2E,
  body: string,
  contentType: string,
  o: SignOptions = {},
): Promise<Response> {
  const signed = h.slackHeaders(body, o.timestamp);
  const headers: Record<string, string> = {
    ...signed,
    'content-type': contentType,
    ...(o.signature ? { 'x-slack-signature': o.signature } : {}),
    ...o.headers,
  };
  return fetch(`${h.url}/slack/events`, { method: 'POST', headers, body });
}

export interface EventOptions extends SignOptions {
  eventId?: string;
  /** Sends `X-Slack-Retry-Num` (and a retry reason), as Slack does on a redelivery. */
  retryNum?: number;
}

/** An Events API envelope around `event`. */
export function eventEnvelope(h: SlackE2E, event: Record<string, unknown>, eventId: string): string {
  return JSON.stringify({
    token: 'legacy',
    type: 'event_callback',
    team_id: h.slackApi.teamId,
    api_app_id: 'A1',
    event_id: eventId,
    event_time: Math.floor(Date.now() / 1000),
    event,
  });
}

/** Delivers one Events API event; returns the HTTP response. */
export function sendEvent(
  h: SlackE2E,
  event: Record<string, unknown>,
  o: EventOptions = {},
): Promise<Response> {
  const body = eventEnvelope(h, event, o.eventId ?? `Ev${randomUUID().slice(0, 8)}`);
  const retry: Record<string, string> = o.retryNum
    ? { 'x-slack-retry-num': String(o.retryNum), 'x-slack-retry-reason': 'http_timeout' }
    : {};
  // Slack signs each retry anew when it sends it (a later timestamp, so a new signature).
  const timestamp = o.timestamp ?? (o.retryNum ? Math.floor(Date.now() / 1000) + o.retryNum : undefined);
  return postSlack(h, body, 'application/json', {
    ...o,
    ...(timestamp !== undefined ? { timestamp } : {}),
    headers: { ...retry, ...o.headers },
  });
}

let tsSeq = 0;
const nextTs = () => `1710000000.${String(++tsSeq).padStart(6, '0')}`;

/** A `message.im` event: `user` types `text` in their DM with the bot. */
export function dmEvent(user: SlackUserName, text: string): Record<string, unknown> {
  return {
    type: 'message',
    channel_type: 'im',
    channel: dmOf(user),
    user: SLACK_USERS[user].id,
    text,
    ts: nextTs(),
    client_msg_id: randomUUID(),
  };
}

/** An `app_mention` event: `user` writes `@bot text` in `channel`. */
export function mentionEvent(h: SlackE2E, user: SlackUserName, channel: string, text: string) {
  return {
    type: 'app_mention',
    channel,
    user: SLACK_USERS[user].id,
    text: `<@${h.slackApi.botUserId}> ${text}`,
    ts: nextTs(),
  };
}

/** `user` DMs `text` to the bot. */
export function dm(h: SlackE2E, user: SlackUserName, text: string, o: EventOptions = {}): Promise<Response> {
  return sendEvent(h, dmEvent(user, text), o);
}

/** `/zadig <text>` from `user` in `channel`. */
export function slash(
  h: SlackE2E,
  user: SlackUserName,
  channel: string,
  text: string,
): Promise<{ status: number; body: string }> {
  return h.slash(text, { user: SLACK_USERS[user].id, channel });
}

/** Every text a message shows (fallback text and blocks), for `toContain` checks. */
export function textOf(m: { text?: string; blocks?: unknown[] } | undefined): string {
  return m ? `${m.text ?? ''}\n${JSON.stringify(m.blocks ?? [])}` : '';
}

export interface CardButton {
  label: string;
  /** The command line (command buttons). */
  value?: string;
  url?: string;
  actionId: string;
  blockId?: string;
}

/** The buttons of a posted message's actions blocks. */
export function buttonsOf(m: { blocks?: any[] } | undefined): CardButton[] {
  const out: CardButton[] = [];
  for (const b of m?.blocks ?? []) {
    if (b?.type !== 'actions') continue;
    for (const el of b.elements ?? []) {
      if (el?.type !== 'button') continue;
      out.push({
        label: String(el.text?.text ?? ''),
        ...(el.value !== undefined ? { value: String(el.value) } : {}),
        ...(el.url !== undefined ? { url: String(el.url) } : {}),
        actionId: String(el.action_id),
        ...(b.block_id ? { blockId: String(b.block_id) } : {}),
      });
    }
  }
  return out;
}

/** The button whose label starts with `label` (labels may be bilingual); throws when there is none. */
export function buttonOf(m: FakeSlackMessage | undefined, label: string): CardButton {
  const b = buttonsOf(m).find((x) => x.label.toLowerCase().startsWith(label.toLowerCase()));
  if (!b) {
    const have = buttonsOf(m).map((x) => x.label);
    throw new Error(`no "${label}" button on the card (buttons: ${JSON.stringify(have)})`);
  }
  return b;
}

/** A block_actions payload: `user` clicks `button` on `message`, as Slack sends it. */
export function clickPayload(
  h: SlackE2E,
  user: SlackUserName,
  message: FakeSlackMessage,
  button: CardButton,
): Record<string, unknown> {
  const u = SLACK_USERS[user];
  const team = h.slackApi.teamId;
  return {
    type: 'block_actions',
    team: { id: team, domain: 'demo' },
    user: { id: u.id, username: user, name: user, team_id: team },
    api_app_id: 'A1',
    token: 'legacy',
    container: {
      type: 'message',
      message_ts: message.ts,
      channel_id: message.channel,
      is_ephemeral: false,
    },
    trigger_id: `trig-${randomUUID()}`,
    channel: { id: message.channel, name: 'deploys' },
    message: {
      type: 'message',
      ts: message.ts,
      text: message.text,
      user: h.slackApi.botUserId,
      blocks: message.blocks,
      ...(message.thread_ts ? { thread_ts: message.thread_ts } : {}),
    },
    response_url: h.slackApi.responseUrl(`click-${randomUUID()}`),
    actions: [
      {
        type: 'button',
        action_id: button.actionId,
        block_id: button.blockId ?? 'b0',
        ...(button.value !== undefined ? { value: button.value } : {}),
        text: { type: 'plain_text', text: button.label },
        action_ts: String(Date.now() / 1000),
      },
    ],
  };
}

/** POSTs an interactivity payload (`payload=<json>` form body), signed. */
export function sendInteraction(
  h: SlackE2E,
  payload: Record<string, unknown>,
  o: SignOptions = {},
): Promise<Response> {
  const body = new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
  return postSlack(h, body, 'application/x-www-form-urlencoded', o);
}

/** `user` clicks the button labelled `label` on `message`. */
export function click(
  h: SlackE2E,
  user: SlackUserName,
  message: FakeSlackMessage,
  label: string,
): Promise<Response> {
  return sendInteraction(h, clickPayload(h, user, message, buttonOf(message, label)));
}

/**
 * A view_submission of a modal the app opened, with `values` by form field name (the modal's
 * private_metadata names each block's field). Choice fields answer as selects, others as text inputs.
 */
export function submissionPayload(
  h: SlackE2E,
  user: SlackUserName,
  opened: FakeSlackView,
  values: Record<string, string>,
): Record<string, unknown> {
  const u = SLACK_USERS[user];
  const view = opened.view as { private_metadata: string; blocks: any[] };
  // Each field is named in the form's metadata by its name, or by its `--flag`.
  const meta = JSON.parse(view.private_metadata) as { args: string[] };
  const state: Record<string, Record<string, unknown>> = {};
  view.blocks.forEach((block, i) => {
    const name = meta.args[i]?.replace(/^--/, '') ?? '';
    const v = values[name];
    const el = block.element as { type: string; action_id: string };
    state[block.block_id] = {
      [el.action_id]:
        el.type === 'static_select'
          ? { type: el.type, selected_option: v === undefined ? null : { value: v } }
          : { type: el.type, value: v ?? null },
    };
  });
  return {
    type: 'view_submission',
    team: { id: h.slackApi.teamId, domain: 'demo' },
    user: { id: u.id, username: user, name: user, team_id: h.slackApi.teamId },
    api_app_id: 'A1',
    token: 'legacy',
    trigger_id: `trig-${randomUUID()}`,
    view: { ...view, id: opened.id, hash: opened.hash, state: { values: state } },
  };
}

/** Links `user`'s Slack account to the sandbox Zadig user of the same name (DM `login <token>`). */
export async function link(h: SlackE2E, user: SlackUserName): Promise<void> {
  const token = h.sandbox.users[user]?.token;
  if (!token) throw new Error(`no sandbox user ${user}`);
  const before = h.slackApi.messagesIn(dmOf(user)).length;
  const res = await dm(h, user, `login ${token}`);
  if (res.status !== 200) throw new Error(`login delivery answered ${res.status}`);
  await waitFor(`${user}'s login reply`, () => h.slackApi.messagesIn(dmOf(user)).length > before);
  const reply = h.slackApi.messagesIn(dmOf(user)).at(-1);
  if (!textOf(reply).includes('Linked')) throw new Error(`login failed: ${textOf(reply).slice(0, 300)}`);
}

/** Zadig requests made since `from` (an index into `sandbox.requests`), optionally filtered. */
export function zadigCalls(
  h: SlackE2E,
  from = 0,
  match: { method?: string; path?: RegExp } = {},
): { method: string; path: string; user: string | null }[] {
  return h.sandbox.requests
    .slice(from)
    .filter((r) => (!match.method || r.method === match.method) && (!match.path || match.path.test(r.path)));
}
