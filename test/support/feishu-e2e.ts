/**
 * Feishu end-to-end helpers over the full-app harness (test/support/app-harness.ts): v2 event envelopes
 * as Feishu pushes them (message, card callback), encrypted and signed with the harness's Encrypt Key and
 * POSTed to the app's `/feishu/events`; readers for the card JSON the fake Feishu OpenAPI received
 * (English text, callback values); a dump of every Redis value under the harness prefix; a poller.
 */

import { randomBytes } from 'node:crypto';
import {
  buildEventRequest,
  type EventRequestOptions,
  type FakeFeishuApi,
  type FakeFeishuMessage,
  postEvent,
} from '../fakes/fake-feishu-api.js';
import { type AppHarness, type AppHarnessOptions, startAppHarness } from './app-harness.js';
import { cardActionEvent, menuEvent, messageEvent } from './feishu-messages.js';
import { eachObject } from './json-walk.js';
import { waitFor } from './wait-for.js';

export const TENANT = 'tenant-e2e';

/** Feishu open_ids of the people in these tests; each is the sandbox account of the same name once linked. */
export const OPEN_ID = {
  alice: 'ou_e2e_alice00000000000000000000000',
  bob: 'ou_e2e_bob0000000000000000000000000',
  carol: 'ou_e2e_carol00000000000000000000000',
  dave: 'ou_e2e_dave000000000000000000000000',
} as const;
export type Person = keyof typeof OPEN_ID;

/** The p2p chat of a person with the bot. */
export const dmOf = (who: Person) => `oc_dm_${who}`;

/** A Feishu harness: the app harness plus event pushing and card reading. */
export interface FeishuE2E extends AppHarness {
  feishuApi: FakeFeishuApi;
  /** Encrypts, signs and POSTs an event envelope (`opts` overrides the signing, e.g. an old timestamp). */
  push(
    payload: object,
    opts?: Partial<EventRequestOptions>,
  ): Promise<{ status: number; body: any; ms: number }>;
  /** A `im.message.receive_v1` envelope: p2p when `chat` is a dm, else a group message that @mentions the bot. */
  message(o: MessageOptions): { payload: object; eventId: string; messageId: string };
  /** Builds and pushes a message event. */
  say(o: MessageOptions): Promise<{ status: number; eventId: string; messageId: string }>;
  /** A `card.action.trigger` envelope. */
  cardAction(o: CardActionOptions): object;
  /** A `application.bot.menu_v6` envelope (a bot-menu click; `eventKey` names the command). */
  menuClick(from: Person, eventKey: string): object;
  /** Links `who` through a real p2p `login <token>` and waits for the reply. */
  login(who: Person): Promise<void>;
  close(): Promise<void>;
}

export interface MessageOptions {
  from: Person;
  text: string;
  /** Chat id; default the sender's dm. */
  chat?: string;
  group?: boolean;
  eventId?: string;
  /** The verification token the envelope carries (default the right one). */
  token?: string;
}

export interface CardActionOptions {
  from: Person;
  messageId: string;
  chatId: string;
  value: Record<string, unknown>;
  formValue?: Record<string, unknown>;
  eventId?: string;
}

/** Starts the whole app with Feishu in webhook mode (unless `env` says otherwise). */
export async function startFeishuE2E(opts: AppHarnessOptions = {}): Promise<FeishuE2E> {
  // The sandbox clock starts at the real now, so "time left" and durations on cards read sensibly.
  const h = await startAppHarness({
    ...opts,
    feishu: opts.feishu ?? true,
    sandbox: { startTime: Date.now(), ...opts.sandbox },
  });
  const feishuApi = h.feishuApi;
  if (!feishuApi) throw new Error('feishu is not enabled in this harness');
  const eventsUrl = `${h.url}/feishu/events`;

  const push: FeishuE2E['push'] = (payload, o = {}) =>
    postEvent(eventsUrl, buildEventRequest(payload, { encryptKey: h.feishuEncryptKey, ...o }));

  const message: FeishuE2E['message'] = (o) => {
    const eventId = o.eventId ?? `ev_${randomBytes(12).toString('hex')}`;
    const messageId = `om_user_${randomBytes(8).toString('hex')}`;
    const group = o.group ?? false;
    const payload = messageEvent({
      token: o.token ?? h.feishuVerificationToken,
      eventId,
      tenant: TENANT,
      chatId: o.chat ?? dmOf(o.from),
      chatType: group ? 'group' : 'p2p',
      sender: OPEN_ID[o.from],
      text: group ? `@_user_1 ${o.text}` : o.text,
      messageId,
      ...(group ? { mentions: { '@_user_1': [feishuApi.botOpenId, 'Zadig'] as [string, string] } } : {}),
    });
    return { payload, eventId, messageId };
  };

  const cardAction: FeishuE2E['cardAction'] = (o) =>
    cardActionEvent({
      token: h.feishuVerificationToken,
      eventId: o.eventId ?? `ev_${randomBytes(12).toString('hex')}`,
      tenant: TENANT,
      operator: OPEN_ID[o.from],
      messageId: o.messageId,
      chatId: o.chatId,
      value: o.value,
      ...(o.formValue ? { formValue: o.formValue } : {}),
    });

  const menuClick: FeishuE2E['menuClick'] = (from, eventKey) =>
    menuEvent({
      token: h.feishuVerificationToken,
      eventId: `ev_${randomBytes(12).toString('hex')}`,
      tenant: TENANT,
      operator: OPEN_ID[from],
      operatorName: from,
      eventKey,
    });

  const say: FeishuE2E['say'] = async (o) => {
    const m = message(o);
    const res = await push(m.payload);
    return { status: res.status, eventId: m.eventId, messageId: m.messageId };
  };

  return {
    ...h,
    feishuApi,
    push,
    message,
    say,
    cardAction,
    menuClick,
    async login(who) {
      const before = inChat(feishuApi, dmOf(who)).length;
      const res = await say({ from: who, text: `login ${h.sandbox.users[who]!.token}` });
      if (res.status !== 200) throw new Error(`login push answered ${res.status}`);
      await waitFor(`login reply for ${who}`, () => inChat(feishuApi, dmOf(who)).length > before);
    },
    close: () => h.close(),
  };
}

/** Messages the bot sent into a chat (new messages, not thread replies whose parent the fake never saw). */
export function inChat(api: FakeFeishuApi, chatId: string): FakeFeishuMessage[] {
  return api.sent().filter((m) => m.chat_id === chatId);
}

/** Messages the bot sent as replies under `rootId` (group commands answer in the asking message's thread). */
export function inThread(api: FakeFeishuApi, rootId: string): FakeFeishuMessage[] {
  return api.sent().filter((m) => m.root_id === rootId);
}

/** Walks a card JSON and collects what a reader with an English client sees. */
export function cardText(card: unknown): string {
  const out: string[] = [];
  eachObject(
    typeof card === 'string' ? JSON.parse(card) : card,
    (o) => {
      const i18n = o.i18n_content as { en_us?: string } | undefined;
      if (typeof i18n?.en_us === 'string') out.push(i18n.en_us);
      else if (typeof o.content === 'string') out.push(o.content);
    },
    (k) => k !== 'i18n_content' && k !== 'content',
  );
  return out.join('\n');
}

/** The callback values of a card's buttons (`{cmd}` for buttons, `{form, cmd, args}` for form submits). */
export function callbackValues(card: unknown): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  eachObject(typeof card === 'string' ? JSON.parse(card) : card, (o) => {
    if (o.type === 'callback' && o.value && typeof o.value === 'object') {
      out.push(o.value as Record<string, unknown>);
    }
  });
  return out;
}

/** The callback value of the button whose command line starts with `prefix`. */
export function buttonValue(card: unknown, prefix: string): Record<string, unknown> {
  const hit = callbackValues(card).find((v) => typeof v.cmd === 'string' && v.cmd.startsWith(prefix));
  if (!hit) {
    throw new Error(`no button "${prefix}…" on the card; buttons: ${JSON.stringify(callbackValues(card))}`);
  }
  return hit;
}
