/**
 * FakeFeishuApi: a stateful fake of the parts of the Feishu OpenAPI the bot uses, on node:http (port 0).
 * It issues tenant tokens and checks them, stores messages (create honours `uuid`: same uuid, same
 * message), replies and patches, answers `batch_get_id` and `users/:open_id` from a seeded directory (or
 * with a missing-scope error), serves `bot/v3/info`, records every call with its body and auth header, and can be told to fail
 * the next N calls with a business code (230020) or HTTP 429 + `x-ogw-ratelimit-reset`.
 * Like the real API it refuses a card send or patch whose body is over 30 KB (230025) and a card JSON 2.0
 * with a property or value 2.0 does not list (200621; test/support/feishu-card-schema.ts), and keeps
 * the refusals in `refused`.
 * Images go up with `im/v1/images` (multipart: image_type `message` or `avatar`, a non-empty image of at
 * most 10 MB) and are kept in `images`; a card naming an img_key this app did not upload is refused.
 * Also: `buildEventRequest` wraps an event payload the way Feishu pushes it: AES-256-CBC encrypted and
 * signed with X-Lark-Signature (platforms.md §B.5); `postEvent` sends it.
 */
import { createCipheriv, createHash, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  cardProblems,
  FEISHU_CARD_INVALID,
  FEISHU_REQUEST_LIMIT,
  FEISHU_REQUEST_TOO_LARGE,
} from '../support/feishu-card-schema.js';

export interface FakeFeishuCall {
  method: string;
  path: string;
  query: Record<string, string>;
  body: any;
  auth?: string;
}

export interface FakeFeishuMessage {
  message_id: string;
  chat_id: string;
  msg_type: string;
  content: string;
  uuid?: string;
  /** Set for replies. */
  parent_id?: string;
  root_id?: string;
  reply_in_thread?: boolean;
  /** Every content this message had, oldest first (patches append). */
  history: string[];
}

/** What the next matching calls answer instead of the real thing. */
export type FakeFailure =
  | { code: number; msg?: string; status?: number }
  | { status: 429; resetSeconds: number };

export interface FakeFeishuOptions {
  appId?: string;
  appSecret?: string;
  botOpenId?: string;
  /** email → open_id */
  users?: Record<string, string>;
}

/** A stateful fake of the Feishu OpenAPI; see the module comment. */
export class FakeFeishuApi {
  readonly calls: FakeFeishuCall[] = [];
  readonly messages = new Map<string, FakeFeishuMessage>();
  readonly users: Map<string, string>;
  /** Card sends and patches refused (200621 / 230025), with the reasons. */
  readonly refused: { path: string; code: number; problems: string[]; bytes: number }[] = [];
  /** Images uploaded with im/v1/images, by image_key. */
  readonly images = new Map<string, { image_type: string; bytes: Buffer }>();
  /** When true, batch_get_id answers 99991672 (contact scope not granted). */
  scopeMissing = false;
  readonly appId: string;
  readonly appSecret: string;
  readonly botOpenId: string;
  url = '';
  readonly #tokens = new Set<string>();
  readonly #byUuid = new Map<string, string>();
  readonly #failures: { failure: FakeFailure; match: (c: FakeFeishuCall) => boolean }[] = [];
  readonly #holds: { match: (c: FakeFeishuCall) => boolean; arrived: (c: FakeFeishuCall) => void }[] = [];
  #seq = 0;
  #server?: Server;

  constructor(opts: FakeFeishuOptions = {}) {
    this.appId = opts.appId ?? 'cli_a1b2c3d4e5f60718';
    this.appSecret = opts.appSecret ?? 'fake-app-secret';
    this.botOpenId = opts.botOpenId ?? 'ou_bot0000000000000000000000000000';
    this.users = new Map(Object.entries(opts.users ?? {}).map(([e, id]) => [e.toLowerCase(), id]));
  }

  static async start(opts: FakeFeishuOptions = {}): Promise<FakeFeishuApi> {
    const fake = new FakeFeishuApi(opts);
    fake.#server = createServer((req, res) => void fake.#handle(req, res));
    await new Promise<void>((resolve) => fake.#server!.listen(0, '127.0.0.1', resolve));
    fake.url = `http://127.0.0.1:${(fake.#server.address() as AddressInfo).port}`;
    return fake;
  }

  async close(): Promise<void> {
    this.#server?.closeAllConnections();
    await new Promise<void>((resolve) => this.#server?.close(() => resolve()) ?? resolve());
  }

  /** The next `count` API calls (token requests excluded) matching `match` answer `failure`. */
  failNext(count: number, failure: FakeFailure, match: (c: FakeFeishuCall) => boolean = () => true): void {
    for (let i = 0; i < count; i++) this.#failures.push({ failure, match });
  }

  /**
   * The next API call matching `match` is received but never answered nor carried out, as when the
   * process that sent it dies mid-call; resolves with that call once it has arrived.
   */
  holdNext(match: (c: FakeFeishuCall) => boolean): Promise<FakeFeishuCall> {
    return new Promise((arrived) => this.#holds.push({ match, arrived }));
  }

  /** Calls whose path matches (token requests included when asked for). */
  callsTo(method: string, path: RegExp): FakeFeishuCall[] {
    return this.calls.filter((c) => c.method === method && path.test(c.path));
  }

  /** The current card of a message, parsed. */
  card(messageId: string): any {
    const m = this.messages.get(messageId);
    return m ? JSON.parse(m.content) : undefined;
  }

  /** Messages the bot sent, in order. */
  sent(): FakeFeishuMessage[] {
    return [...this.messages.values()];
  }

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks);
    const text = raw.toString('utf8');
    const url = new URL(req.url ?? '/', 'http://fake');
    const type = req.headers['content-type'] ?? '';
    const call: FakeFeishuCall = {
      method: req.method ?? 'GET',
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      body: type.startsWith('multipart/form-data')
        ? await formOf(raw, type)
        : text
          ? safeJson(text)
          : undefined,
      auth: req.headers.authorization,
    };
    this.calls.push(call);
    const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.end(JSON.stringify(body));
    };

    if (call.path === '/open-apis/auth/v3/tenant_access_token/internal') {
      if (call.body?.app_id !== this.appId || call.body?.app_secret !== this.appSecret) {
        return send(200, { code: 10014, msg: 'app secret invalid' });
      }
      const token = `t-${randomBytes(12).toString('hex')}`;
      this.#tokens.add(token);
      return send(200, { code: 0, msg: 'ok', tenant_access_token: token, expire: 7200 });
    }
    const bearer = call.auth?.replace(/^Bearer\s+/i, '');
    if (!bearer || !this.#tokens.has(bearer)) {
      return send(400, { code: 99991663, msg: 'Invalid access token for authorization.' });
    }
    const held = this.#holds.findIndex((h) => h.match(call));
    if (held >= 0) {
      this.#holds.splice(held, 1)[0]!.arrived(call);
      return;
    }
    const i = this.#failures.findIndex((f) => f.match(call));
    if (i >= 0) {
      const { failure } = this.#failures.splice(i, 1)[0]!;
      if ('resetSeconds' in failure) {
        return send(
          429,
          { code: 99991400, msg: 'request trigger frequency limit' },
          { 'x-ogw-ratelimit-limit': '50', 'x-ogw-ratelimit-reset': String(failure.resetSeconds) },
        );
      }
      return send(failure.status ?? 200, { code: failure.code, msg: failure.msg ?? 'fake failure' });
    }
    const refusal = this.#refuseCard(call, Buffer.byteLength(text, 'utf8'));
    if (refusal) return send(400, refusal);
    return this.#route(call, send);
  }

  /** What Feishu answers a card send or patch it will not take: too large a body, or not a 2.0 card. */
  #refuseCard(call: FakeFeishuCall, bytes: number): { code: number; msg: string } | undefined {
    const sendsCard =
      call.path.startsWith('/open-apis/im/v1/messages') &&
      ((call.method === 'POST' && call.body?.msg_type === 'interactive') || call.method === 'PATCH');
    if (!sendsCard) return undefined;
    if (bytes > FEISHU_REQUEST_LIMIT) {
      this.refused.push({ path: call.path, code: FEISHU_REQUEST_TOO_LARGE, problems: [], bytes });
      return { code: FEISHU_REQUEST_TOO_LARGE, msg: 'The request you send is too large.' };
    }
    let card: unknown;
    try {
      card = JSON.parse(String(call.body?.content ?? ''));
    } catch {
      card = undefined;
    }
    const problems = cardProblems(card);
    for (const key of imageKeys(card))
      if (!this.images.has(key)) problems.push(`img_key ${key} was not uploaded by this app`);
    if (problems.length === 0) return undefined;
    this.refused.push({ path: call.path, code: FEISHU_CARD_INVALID, problems, bytes });
    return { code: FEISHU_CARD_INVALID, msg: `card json invalid: ${problems[0]}` };
  }

  #route(call: FakeFeishuCall, send: (status: number, body: unknown) => void) {
    const ok = (data: unknown) => send(200, { code: 0, msg: 'success', data });
    if (call.method === 'GET' && call.path === '/open-apis/bot/v3/info') {
      return send(200, {
        code: 0,
        msg: 'ok',
        bot: { open_id: this.botOpenId, app_name: 'Zadig', activate_status: 2 },
      });
    }
    const user = /^\/open-apis\/contact\/v3\/users\/([^/]+)$/.exec(call.path);
    if (call.method === 'GET' && user && call.query.user_id_type === 'open_id') {
      if (this.scopeMissing) {
        return send(400, {
          code: 99991672,
          msg: 'Access denied. One of the following scopes is required: [contact:contact.base:readonly]',
        });
      }
      // contact.v3.user.get: only users in the app's visible range (here: the seeded directory).
      const openId = decodeURIComponent(user[1]!);
      const email = [...this.users].find(([, id]) => id === openId)?.[0];
      if (!email) return send(400, { code: 41050, msg: 'no user authority error' });
      return ok({ user: { open_id: openId, union_id: `on_${openId}`, name: email.split('@')[0], email } });
    }
    if (call.method === 'POST' && call.path === '/open-apis/contact/v3/users/batch_get_id') {
      if (this.scopeMissing) {
        return send(400, {
          code: 99991672,
          msg: 'Access denied. One of the following scopes is required: [contact:user.id:readonly]',
        });
      }
      const emails: string[] = call.body?.emails ?? [];
      return ok({
        user_list: emails.map((email) => ({ email, user_id: this.users.get(email.toLowerCase()) })),
      });
    }
    if (call.method === 'POST' && call.path === '/open-apis/im/v1/images') {
      const imageType = call.body?.image_type;
      const bytes = call.body?.image;
      if (!['message', 'avatar'].includes(imageType) || !Buffer.isBuffer(bytes) || bytes.length === 0)
        return send(400, { code: 234001, msg: 'Invalid request param.' });
      if (bytes.length > 10 * 1024 * 1024)
        return send(400, { code: 234006, msg: 'The file size exceed the max value.' });
      const key = `img_v3_fake${++this.#seq}`;
      this.images.set(key, { image_type: imageType, bytes });
      return ok({ image_key: key });
    }
    if (call.method === 'POST' && call.path === '/open-apis/im/v1/messages') {
      const type = call.query.receive_id_type;
      const id = call.body?.receive_id as string | undefined;
      if (!id || !['chat_id', 'open_id'].includes(type ?? ''))
        return send(400, { code: 230001, msg: 'bad receiver' });
      const chat = type === 'chat_id' ? id : `oc_p2p_${id}`;
      return ok(this.#store(call.body, { chat_id: chat }));
    }
    const reply = /^\/open-apis\/im\/v1\/messages\/([^/]+)\/reply$/.exec(call.path);
    if (call.method === 'POST' && reply) {
      const parentId = reply[1]!;
      const parent = this.messages.get(parentId);
      return ok(
        this.#store(call.body, {
          chat_id: parent?.chat_id ?? '',
          parent_id: parentId,
          root_id: parent?.root_id ?? parentId,
          reply_in_thread: Boolean(call.body?.reply_in_thread),
        }),
      );
    }
    const patch = /^\/open-apis\/im\/v1\/messages\/([^/]+)$/.exec(call.path);
    if (call.method === 'PATCH' && patch) {
      const m = this.messages.get(patch[1]!);
      if (!m) return send(400, { code: 230001, msg: 'message not found or not sent by this app' });
      m.content = call.body?.content ?? m.content;
      m.history.push(m.content);
      return ok({});
    }
    send(404, { code: 404, msg: `fake feishu: no route ${call.method} ${call.path}` });
  }

  #store(body: any, where: Partial<FakeFeishuMessage> & { chat_id: string }): Record<string, unknown> {
    const uuid = typeof body?.uuid === 'string' ? body.uuid : undefined;
    const existing = uuid ? this.messages.get(this.#byUuid.get(uuid) ?? '') : undefined;
    const m: FakeFeishuMessage = existing ?? {
      message_id: `om_fake${++this.#seq}`,
      msg_type: body?.msg_type ?? 'text',
      content: body?.content ?? '',
      ...(uuid ? { uuid } : {}),
      history: [body?.content ?? ''],
      ...where,
    };
    if (!existing) {
      this.messages.set(m.message_id, m);
      if (uuid) this.#byUuid.set(uuid, m.message_id);
    }
    return {
      message_id: m.message_id,
      chat_id: m.chat_id,
      msg_type: m.msg_type,
      root_id: m.root_id,
      parent_id: m.parent_id,
    };
  }
}

/**
 * A multipart body as the call's body: text fields as strings, file parts (those with a file name) as
 * Buffers. A file sent as a plain field stays a string, and im/v1/images finds no image in it.
 */
async function formOf(raw: Buffer, contentType: string): Promise<Record<string, string | Buffer>> {
  const form = await new Request('http://fake/', {
    method: 'POST',
    headers: { 'content-type': contentType },
    body: raw,
  }).formData();
  const out: Record<string, string | Buffer> = {};
  for (const [k, v] of form) out[k] = typeof v === 'string' ? v : Buffer.from(await v.arrayBuffer());
  return out;
}

/** Every img_key a card names. */
function imageKeys(v: unknown): string[] {
  if (Array.isArray(v)) return v.flatMap(imageKeys);
  if (!v || typeof v !== 'object') return [];
  const o = v as Record<string, unknown>;
  return [
    ...(o.tag === 'img' && typeof o.img_key === 'string' ? [o.img_key] : []),
    ...Object.values(o).flatMap(imageKeys),
  ];
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

// ---- event requests, as Feishu would send them ----

export interface EventRequestOptions {
  encryptKey: string;
  /** Seconds since the epoch; default now. */
  timestamp?: number;
  nonce?: string;
  /** Default true. */
  encrypt?: boolean;
  /** Default true. */
  sign?: boolean;
  /** Sign with this key instead (a forged request). */
  signWith?: string;
}

/** Encrypts like Feishu: base64(IV16 || AES-256-CBC(sha256(key), PKCS7)); a random IV unless given. */
export function feishuEncrypt(plain: string, encryptKey: string, iv: Buffer = randomBytes(16)): string {
  const key = createHash('sha256').update(encryptKey).digest();
  const cipher = createCipheriv('aes-256-cbc', key, iv);
  return Buffer.concat([iv, cipher.update(plain, 'utf8'), cipher.final()]).toString('base64');
}

/** Headers and raw body of an event push. */
export function buildEventRequest(
  payload: object,
  opts: EventRequestOptions,
): { headers: Record<string, string>; body: string } {
  const body =
    opts.encrypt === false
      ? JSON.stringify(payload)
      : JSON.stringify({ encrypt: feishuEncrypt(JSON.stringify(payload), opts.encryptKey) });
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (opts.sign !== false) {
    const ts = String(opts.timestamp ?? Math.floor(Date.now() / 1000));
    const nonce = opts.nonce ?? randomBytes(8).toString('hex');
    const signature = createHash('sha256')
      .update(ts + nonce + (opts.signWith ?? opts.encryptKey) + body)
      .digest('hex');
    Object.assign(headers, {
      'x-lark-request-timestamp': ts,
      'x-lark-request-nonce': nonce,
      'x-lark-signature': signature,
    });
  }
  return { headers, body };
}

/** POSTs an event request; returns status, parsed body and how long the answer took. */
export async function postEvent(
  url: string,
  req: { headers: Record<string, string>; body: string },
): Promise<{ status: number; body: any; ms: number }> {
  const started = Date.now();
  const res = await fetch(url, { method: 'POST', headers: req.headers, body: req.body });
  const text = await res.text();
  return { status: res.status, body: text ? safeJson(text) : undefined, ms: Date.now() - started };
}
