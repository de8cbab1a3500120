/**
 * A stateful fake of the Slack Web API on node:http (port 0). It records every call (method, parsed
 * args, auth header), keeps posted messages per channel so edits can be asserted on, answers the
 * methods the bot uses, and can be told to fail: 429 with Retry-After, `not_in_channel`, any error
 * code for the next N calls of a method, or `invalid_auth` for an unknown token. It also receives the
 * `response_url` posts Slack would, at `/response/<id>`. Like Slack it refuses a message or view that
 * breaks a documented limit (test/support/slack-limits.ts): `invalid_blocks` for a message,
 * `invalid_arguments` for a view, with the reasons in `response_metadata.messages` and in `refused`.
 * Files go up the way Slack takes them: `files.getUploadURLExternal` answers an upload URL on this fake
 * and a file id, the bytes are POSTed there (raw or multipart), and `files.completeUploadExternal` shares
 * the file into a channel or thread (a message with `files` in that channel) only when its bytes arrived,
 * in the length announced.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { slackProblems } from '../support/slack-limits.js';

export interface FakeSlackCall {
  method: string;
  args: Record<string, any>;
  /** The Authorization header as received. */
  auth?: string;
}

export interface FakeSlackMessage {
  channel: string;
  ts: string;
  text?: string;
  blocks?: any[];
  thread_ts?: string;
  /** Files shared with this message (files.completeUploadExternal). */
  files?: { id: string; title?: string }[];
  /** How many times chat.update edited it. */
  edits: number;
}

/** A file uploaded through the external upload flow. */
export interface FakeSlackFile {
  id: string;
  filename: string;
  /** Bytes announced to files.getUploadURLExternal. */
  length: number;
  alt_text?: string;
  /** What was POSTed to the upload URL (undefined until then). */
  bytes?: Buffer;
  title?: string;
  /** Where files.completeUploadExternal shared it. */
  channel?: string;
  thread_ts?: string;
}

export interface FakeSlackUser {
  id: string;
  name: string;
  email?: string;
  locale?: string;
}

export interface FakeSlackView {
  id: string;
  hash: string;
  view: any;
  trigger_id?: string;
}

export interface FakeSlackApiOptions {
  botToken?: string;
  botUserId?: string;
  botId?: string;
  teamId?: string;
  users?: FakeSlackUser[];
}

// Fields the Web API client sends JSON-encoded inside a form body.
const JSON_FIELDS = new Set(['blocks', 'view', 'attachments', 'metadata', 'files']);

export class FakeSlackApi {
  readonly calls: FakeSlackCall[] = [];
  readonly messages = new Map<string, FakeSlackMessage[]>();
  readonly ephemerals: {
    channel: string;
    user: string;
    text?: string;
    blocks?: any[];
    thread_ts?: string;
  }[] = [];
  readonly openedViews: FakeSlackView[] = [];
  /** Files by id, from files.getUploadURLExternal on. */
  readonly files = new Map<string, FakeSlackFile>();
  /** user id → the Home tab view last published. */
  readonly homeViews = new Map<string, any>();
  /** Bodies POSTed to `/response/<id>`, in order. */
  readonly responses: { id: string; body: any }[] = [];
  /** Channels the bot is not a member of: posting there answers `not_in_channel`. */
  readonly notInChannel = new Set<string>();
  readonly users: FakeSlackUser[];
  /** Messages and views refused for a broken limit, with the reasons. */
  readonly refused: { method: string; problems: string[] }[] = [];
  readonly botToken: string;
  readonly botUserId: string;
  readonly botId: string;
  readonly teamId: string;

  #server: Server | undefined;
  #port = 0;
  #seq = 0;
  #rateLimits = new Map<string, { times: number; retryAfter: number }>();
  #failures = new Map<string, { times: number; error: string }>();
  #expiredResponses = new Set<string>();

  constructor(opts: FakeSlackApiOptions = {}) {
    this.botToken = opts.botToken ?? 'xoxb-test-token';
    this.botUserId = opts.botUserId ?? 'UBOT';
    this.botId = opts.botId ?? 'BBOT';
    this.teamId = opts.teamId ?? 'T1';
    this.users = opts.users ?? [];
  }

  async start(): Promise<this> {
    this.#server = createServer((req, res) => void this.#handle(req, res));
    await new Promise<void>((resolve) => this.#server!.listen(0, '127.0.0.1', resolve));
    this.#port = (this.#server.address() as AddressInfo).port;
    return this;
  }

  async stop(): Promise<void> {
    const s = this.#server;
    this.#server = undefined;
    if (s) await new Promise<void>((resolve) => s.close(() => resolve()));
  }

  /** Base URL to give the Web API client (`SLACK_API_URL`). */
  get apiUrl(): string {
    return `http://127.0.0.1:${this.#port}/api/`;
  }

  /** A `response_url` this fake accepts. */
  responseUrl(id: string): string {
    return `http://127.0.0.1:${this.#port}/response/${id}`;
  }

  /** The next `times` calls of `method` answer 429 with `Retry-After: retryAfterSec`. */
  rateLimit(method: string, times: number, retryAfterSec: number): void {
    this.#rateLimits.set(method, { times, retryAfter: retryAfterSec });
  }

  /** The next `times` calls of `method` answer `{ok:false, error}`. */
  failNext(method: string, error: string, times = 1): void {
    this.#failures.set(method, { times, error });
  }

  /** Posts to this response_url answer 404, as Slack does once one has expired. */
  expireResponse(id: string): void {
    this.#expiredResponses.add(id);
  }

  callsOf(method: string): FakeSlackCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  messagesIn(channel: string): FakeSlackMessage[] {
    return this.messages.get(channel) ?? [];
  }

  /** Seeds a message as if the bot had posted it earlier (e.g. a card whose button gets clicked). */
  seedMessage(channel: string, text: string, blocks: any[] = []): FakeSlackMessage {
    const msg = { channel, ts: this.#nextTs(), text, blocks, edits: 0 };
    this.#list(channel).push(msg);
    return msg;
  }

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    if (path.startsWith('/response/')) {
      const id = decodeURIComponent(path.slice('/response/'.length));
      if (this.#expiredResponses.has(id)) return send(res, 404, { ok: false, error: 'expired_url' });
      const body = raw ? JSON.parse(raw) : {};
      const problems = slackProblems(body, 'message');
      if (problems.length > 0) {
        this.refused.push({ method: 'response_url', problems });
        return send(res, 400, {
          ok: false,
          error: 'invalid_blocks',
          response_metadata: { messages: problems },
        });
      }
      this.responses.push({ id, body });
      res.writeHead(200, { 'content-type': 'text/plain' });
      return void res.end('ok');
    }
    if (path.startsWith('/upload/'))
      return this.#upload(decodeURIComponent(path.slice('/upload/'.length)), req, Buffer.concat(chunks), res);
    if (!path.startsWith('/api/')) return send(res, 404, { ok: false, error: 'unknown_path' });
    const method = path.slice('/api/'.length);
    const args = parseArgs(raw, req.headers['content-type']);
    const auth = req.headers.authorization;
    this.calls.push({ method, args, auth });

    const limit = this.#rateLimits.get(method);
    if (limit && limit.times > 0) {
      limit.times -= 1;
      res.writeHead(429, { 'content-type': 'application/json', 'retry-after': String(limit.retryAfter) });
      return void res.end(JSON.stringify({ ok: false, error: 'ratelimited' }));
    }
    if (auth !== `Bearer ${this.botToken}`) return send(res, 200, { ok: false, error: 'invalid_auth' });
    const failure = this.#failures.get(method);
    if (failure && failure.times > 0) {
      failure.times -= 1;
      return send(res, 200, { ok: false, error: failure.error });
    }
    const refusal = this.#refuse(method, args);
    if (refusal) return send(res, 200, refusal);
    send(res, 200, this.#answer(method, args));
  }

  /** What Slack answers a message or view that breaks a documented limit. */
  #refuse(method: string, a: Record<string, any>): Record<string, unknown> | undefined {
    let problems: string[] = [];
    let error = 'invalid_blocks';
    if (['chat.postMessage', 'chat.update', 'chat.postEphemeral'].includes(method)) {
      if (a.blocks === undefined && a.text === undefined) return undefined;
      problems = slackProblems({ text: a.text, blocks: a.blocks }, 'message');
    } else if (['views.open', 'views.push', 'views.update', 'views.publish'].includes(method) && a.view) {
      error = 'invalid_arguments';
      problems = slackProblems(a.view, a.view.type === 'home' ? 'home' : 'modal');
    }
    if (problems.length === 0) return undefined;
    this.refused.push({ method, problems });
    return { ok: false, error, response_metadata: { messages: problems } };
  }

  #answer(method: string, a: Record<string, any>): Record<string, unknown> {
    switch (method) {
      case 'auth.test':
        return { ok: true, user_id: this.botUserId, bot_id: this.botId, team_id: this.teamId, user: 'zadig' };
      case 'chat.postMessage': {
        const channel = String(a.channel ?? '');
        if (this.notInChannel.has(channel)) return { ok: false, error: 'not_in_channel' };
        const msg: FakeSlackMessage = {
          channel,
          ts: this.#nextTs(),
          text: a.text,
          blocks: a.blocks,
          thread_ts: a.thread_ts,
          edits: 0,
        };
        this.#list(channel).push(msg);
        return { ok: true, channel, ts: msg.ts, message: { text: msg.text, ts: msg.ts } };
      }
      case 'chat.update': {
        const msg = this.messagesIn(String(a.channel)).find((m) => m.ts === a.ts);
        if (!msg) return { ok: false, error: 'message_not_found' };
        msg.text = a.text;
        if (a.blocks !== undefined) msg.blocks = a.blocks;
        msg.edits += 1;
        return { ok: true, channel: msg.channel, ts: msg.ts };
      }
      case 'chat.postEphemeral': {
        const channel = String(a.channel ?? '');
        if (this.notInChannel.has(channel)) return { ok: false, error: 'not_in_channel' };
        this.ephemerals.push({
          channel,
          user: a.user,
          text: a.text,
          blocks: a.blocks,
          thread_ts: a.thread_ts,
        });
        return { ok: true, message_ts: this.#nextTs() };
      }
      case 'files.getUploadURLExternal': {
        const length = Number(a.length);
        if (!a.filename || !Number.isInteger(length) || length <= 0)
          return { ok: false, error: 'invalid_arguments' };
        const id = `F${String(++this.#seq).padStart(8, '0')}`;
        this.files.set(id, {
          id,
          filename: String(a.filename),
          length,
          ...(a.alt_text ? { alt_text: String(a.alt_text) } : {}),
        });
        return { ok: true, upload_url: `http://127.0.0.1:${this.#port}/upload/${id}`, file_id: id };
      }
      case 'files.completeUploadExternal': {
        const list = (Array.isArray(a.files) ? a.files : []) as { id?: string; title?: string }[];
        if (list.length === 0) return { ok: false, error: 'invalid_arguments' };
        const files = list.map((f) => this.files.get(String(f.id)));
        // Slack completes only files whose bytes it received in the length announced.
        if (files.some((f) => !f?.bytes || f.bytes.length !== f.length))
          return { ok: false, error: 'file_not_found' };
        const channel = a.channel_id ? String(a.channel_id) : undefined;
        if (channel && this.notInChannel.has(channel)) return { ok: false, error: 'not_in_channel' };
        if (a.thread_ts && !channel) return { ok: false, error: 'invalid_arguments' };
        list.forEach((f, i) => {
          const file = files[i] as FakeSlackFile;
          if (f.title) file.title = f.title;
          if (channel) file.channel = channel;
          if (a.thread_ts) file.thread_ts = String(a.thread_ts);
        });
        if (channel) {
          this.#list(channel).push({
            channel,
            ts: this.#nextTs(),
            text: a.initial_comment,
            ...(a.thread_ts ? { thread_ts: String(a.thread_ts) } : {}),
            files: list.map((f) => ({ id: String(f.id), ...(f.title ? { title: f.title } : {}) })),
            edits: 0,
          });
        }
        return { ok: true, files: list.map((f) => ({ id: f.id, title: f.title })) };
      }
      case 'conversations.open': {
        const user = String(a.users ?? '').split(',')[0] ?? '';
        return { ok: true, channel: { id: `D${user}` } };
      }
      case 'views.open':
      case 'views.push': {
        const v = { id: `V${++this.#seq}`, hash: `h${this.#seq}`, view: a.view, trigger_id: a.trigger_id };
        this.openedViews.push(v);
        return { ok: true, view: { ...a.view, id: v.id, hash: v.hash } };
      }
      case 'views.update':
        return { ok: true, view: { ...a.view, id: a.view_id ?? `V${++this.#seq}` } };
      case 'views.publish':
        this.homeViews.set(String(a.user_id), a.view);
        return { ok: true, view: { ...a.view, id: `V${++this.#seq}` } };
      case 'users.lookupByEmail': {
        const u = this.users.find((x) => x.email?.toLowerCase() === String(a.email ?? '').toLowerCase());
        return u ? { ok: true, user: userJson(u) } : { ok: false, error: 'users_not_found' };
      }
      case 'users.info': {
        const u = this.users.find((x) => x.id === a.user);
        return u ? { ok: true, user: userJson(u) } : { ok: false, error: 'user_not_found' };
      }
      default:
        return { ok: false, error: 'unknown_method' };
    }
  }

  /** The upload URL: takes the bytes of a file announced by files.getUploadURLExternal (raw or multipart). */
  async #upload(id: string, req: IncomingMessage, raw: Buffer, res: ServerResponse): Promise<void> {
    const file = this.files.get(id);
    this.calls.push({
      method: 'upload',
      args: { file_id: id, bytes: raw.length },
      auth: req.headers.authorization,
    });
    if (!file) {
      res.writeHead(404, { 'content-type': 'text/plain' });
      return void res.end('not found');
    }
    let bytes = raw;
    const type = req.headers['content-type'] ?? '';
    if (type.startsWith('multipart/form-data')) {
      const form = await new Request('http://fake/', {
        method: 'POST',
        headers: { 'content-type': type },
        body: raw,
      }).formData();
      const part = [...form.values()].find((v): v is File => typeof v !== 'string');
      bytes = part ? Buffer.from(await part.arrayBuffer()) : Buffer.alloc(0);
    }
    file.bytes = bytes;
    res.writeHead(200, { 'content-type': 'text/plain' });
    res.end(`OK - ${bytes.length}`);
  }

  /** Files shared into `channel` (optionally in thread `threadTs`), oldest first. */
  filesIn(channel: string, threadTs?: string): FakeSlackFile[] {
    return [...this.files.values()].filter(
      (f) => f.channel === channel && (threadTs === undefined || f.thread_ts === threadTs),
    );
  }

  #list(channel: string): FakeSlackMessage[] {
    let list = this.messages.get(channel);
    if (!list) this.messages.set(channel, (list = []));
    return list;
  }

  #nextTs(): string {
    return `1700000000.${String(++this.#seq).padStart(6, '0')}`;
  }
}

function userJson(u: FakeSlackUser) {
  return {
    id: u.id,
    name: u.name,
    real_name: u.name,
    locale: u.locale,
    profile: { email: u.email, real_name: u.name },
  };
}

function parseArgs(raw: string, contentType: string | undefined): Record<string, any> {
  if (!raw) return {};
  if (contentType?.includes('application/json')) return JSON.parse(raw);
  const out: Record<string, any> = {};
  for (const [k, v] of new URLSearchParams(raw)) {
    out[k] = JSON_FIELDS.has(k) ? safeJson(v) : v;
  }
  return out;
}

function safeJson(v: string): unknown {
  try {
    return JSON.parse(v);
  } catch {
    return v;
  }
}

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  res.end(text);
}
