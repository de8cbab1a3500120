/**
 * A proxy between the app and the fake Slack Web API, for races that need exact timing: it logs every
 * call on arrival, can hold the next call of a method before forwarding it (so it lands after others),
 * and can hold a 429 answer before the app gets it (so newer work queues up while it is in flight).
 * `startProxiedSlackE2E` starts the full app with SLACK_API_URL pointing at it.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { FakeSlackApi } from '../fakes/fake-slack-api.js';
import type { AppHarnessOptions } from './app-harness.js';
import { SLACK_USERS, type SlackE2E, startSlackE2E } from './slack-e2e.js';

/** One call as the proxy saw it: `at` when it arrived, `answeredAt` when the app got the answer. */
export interface ProxiedCall {
  method: string;
  channel?: string;
  ts?: string;
  status: number;
  at: number;
  answeredAt: number;
}

export class SlackHoldingProxy {
  /** When > 0, a 429 answer is held this long before the app gets it. */
  hold429Ms = 0;
  readonly log: ProxiedCall[] = [];
  url = '';
  #server: Server | undefined;
  #holdNext = new Map<string, number>();

  constructor(private readonly target: string) {}

  /** The next call of `method` waits `ms` before it is forwarded to the fake. */
  holdNext(method: string, ms: number): void {
    this.#holdNext.set(method, ms);
  }

  async start(): Promise<this> {
    this.#server = createServer((req, res) => {
      void (async () => {
        const chunks: Buffer[] = [];
        for await (const c of req) chunks.push(c as Buffer);
        const body = Buffer.concat(chunks);
        const form = new URLSearchParams(body.toString('utf8'));
        const method = (req.url ?? '').replace(/^\/api\//, '').split('?')[0] ?? '';
        const entry: ProxiedCall = { method, status: 0, at: Date.now(), answeredAt: 0 };
        const channel = form.get('channel');
        const ts = form.get('ts');
        if (channel) entry.channel = channel;
        if (ts) entry.ts = ts;
        this.log.push(entry);
        const hold = this.#holdNext.get(method);
        if (hold !== undefined) {
          this.#holdNext.delete(method);
          await new Promise((r) => setTimeout(r, hold));
        }
        const headers: Record<string, string> = {};
        for (const h of ['content-type', 'authorization'])
          if (typeof req.headers[h] === 'string') headers[h] = req.headers[h] as string;
        const up = await fetch(`${this.target}${req.url}`, { method: req.method ?? 'POST', headers, body });
        const text = await up.text();
        entry.status = up.status;
        if (up.status === 429 && this.hold429Ms > 0) await new Promise((r) => setTimeout(r, this.hold429Ms));
        entry.answeredAt = Date.now();
        const out: Record<string, string> = {
          'content-type': up.headers.get('content-type') ?? 'text/plain',
        };
        const retryAfter = up.headers.get('retry-after');
        if (retryAfter) out['retry-after'] = retryAfter;
        res.writeHead(up.status, out);
        res.end(text);
      })().catch(() => {
        if (!res.headersSent) res.writeHead(502);
        res.end();
      });
    });
    await new Promise<void>((r) => this.#server!.listen(0, '127.0.0.1', r));
    this.url = `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    const s = this.#server;
    this.#server = undefined;
    if (!s) return;
    s.closeAllConnections();
    await new Promise<void>((r) => s.close(() => r()));
  }
}

export interface ProxiedSlackE2E {
  /** The harness, with `slackApi` being the fake behind the proxy. */
  h: SlackE2E;
  proxy: SlackHoldingProxy;
  close(): Promise<void>;
}

/** The full app whose Web API calls go through a SlackHoldingProxy to a fake Slack API. */
export async function startProxiedSlackE2E(
  opts: Omit<AppHarnessOptions, 'slack'> = {},
): Promise<ProxiedSlackE2E> {
  const fake = await new FakeSlackApi({ users: Object.values(SLACK_USERS) }).start();
  const proxy = await new SlackHoldingProxy(fake.apiUrl.replace(/\/api\/$/, '')).start();
  const base = await startSlackE2E({
    ...opts,
    env: { ...opts.env, SLACK_API_URL: `${proxy.url}/api/`, SLACK_BOT_TOKEN: fake.botToken },
  });
  return {
    h: { ...base, slackApi: fake },
    proxy,
    async close() {
      await base.close();
      await proxy.stop();
      await fake.stop();
    },
  };
}
