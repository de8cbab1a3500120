/**
 * The Slack transport (src/bot/slack/slack-fetch.ts) against a real node:http server on 127.0.0.1:
 * what the Slack clients send arrives as sent, answers read as `fetch` reads them, sockets are kept
 * alive and reused (a socket the server closed is not used again), aborts and redirects behave like
 * `fetch`, and what it does not send itself (a FormData upload) still goes out through the global fetch.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebClient } from '@slack/web-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keepAliveFetch } from '../../src/bot/slack/slack-fetch.js';

interface Seen {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
  socket: number;
}

let server: Server;
let base = '';
const seen: Seen[] = [];
let sockets = 0;
let handler: (req: IncomingMessage, res: ServerResponse, body: string) => void = (_q, res) => {
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end('{"ok":true}');
};

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const id = (req.socket as { zid?: number }).zid ?? 0;
      seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body, socket: id });
      handler(req, res, body);
    });
  });
  server.on('connection', (s) => {
    sockets++;
    (s as { zid?: number }).zid = sockets;
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((r) => server.close(() => r()));
});

const reset = () => {
  seen.length = 0;
  handler = (_q, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end('{"ok":true}');
  };
};

describe('keepAliveFetch', () => {
  it('sends method, headers and a string body as given, and reads the answer like fetch', async () => {
    reset();
    handler = (_q, res) => {
      res.writeHead(201, 'Made', { 'content-type': 'application/json', 'x-two': ['a', 'b'] });
      res.end('{"ok":true,"ts":"1.2"}');
    };
    const f = keepAliveFetch();
    const res = await f(`${base}/api/chat.postMessage?x=1`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Authorization: 'Bearer xoxb-1' },
      body: 'channel=C1&text=h%C3%A9llo',
    });
    expect(seen[0]).toMatchObject({
      method: 'POST',
      url: '/api/chat.postMessage?x=1',
      body: 'channel=C1&text=h%C3%A9llo',
    });
    expect(seen[0]?.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(seen[0]?.headers.authorization).toBe('Bearer xoxb-1');
    expect(seen[0]?.headers['content-length']).toBe(String(Buffer.byteLength('channel=C1&text=h%C3%A9llo')));
    expect(res.status).toBe(201);
    expect(res.statusText).toBe('Made');
    expect(res.ok).toBe(true);
    expect(res.headers.get('Content-Type')).toBe('application/json');
    expect(res.headers.get('x-two')).toBe('a, b');
    expect(res.headers.get('missing')).toBeNull();
    expect(Object.fromEntries(res.headers.entries())).toMatchObject({ 'x-two': 'a, b' });
    expect(await res.json()).toEqual({ ok: true, ts: '1.2' });
    await expect(res.text()).rejects.toThrow(/already been read/);
  });

  it('keeps one socket alive across calls; after the server closed it, the next call still goes through', async () => {
    reset();
    const f = keepAliveFetch();
    for (let i = 0; i < 5; i++) await (await f(`${base}/a`, { method: 'POST', body: `n=${i}` })).text();
    expect(new Set(seen.map((s) => s.socket)).size).toBe(1);
    // The server drops its kept-alive sockets without telling the client first (as an idle timeout does).
    server.closeIdleConnections();
    await new Promise((r) => setTimeout(r, 20));
    reset();
    const res = await f(`${base}/b`, { method: 'POST', body: 'again' });
    expect(await res.text()).toBe('{"ok":true}');
    expect(seen.map((s) => s.body)).toEqual(['again']);
  });

  it('rejects like fetch: a refused connection is a TypeError, an abort is the signal reason', async () => {
    reset();
    const f = keepAliveFetch();
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((r) => closed.close(() => r()));
    const err = await f(`http://127.0.0.1:${port}/`, { method: 'POST', body: 'x' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TypeError);
    expect(((err as Error).cause as NodeJS.ErrnoException).code).toBe('ECONNREFUSED');

    handler = () => undefined; // never answers
    const t0 = Date.now();
    const aborted = await f(`${base}/slow`, {
      method: 'POST',
      body: 'x',
      signal: AbortSignal.timeout(100),
    }).catch((e: unknown) => e);
    expect((aborted as Error).name).toBe('TimeoutError');
    expect(Date.now() - t0).toBeLessThan(2000);
    const already = new AbortController();
    already.abort(new Error('gone'));
    await expect(f(`${base}/x`, { signal: already.signal })).rejects.toThrow('gone');
  });

  it("refuses a redirect under redirect: 'error' (as Slack's clients ask)", async () => {
    reset();
    handler = (_q, res) => {
      res.writeHead(302, { location: '/elsewhere' });
      res.end();
    };
    const f = keepAliveFetch();
    const err = await f(`${base}/r`, { method: 'POST', body: 'x', redirect: 'error' }).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(TypeError);
    const manual = await f(`${base}/r`, { method: 'POST', body: 'x', redirect: 'manual' });
    expect(manual.status).toBe(302);
  });

  it("follows a redirect under redirect: 'follow' as fetch does, never sending the request twice to one place", async () => {
    reset();
    handler = (q, res) => {
      if (q.url === '/r') {
        res.writeHead(302, { location: '/elsewhere' });
        res.end();
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"ok":true}');
    };
    const f = keepAliveFetch();
    const res = await f(`${base}/r`, { method: 'POST', body: 'once' });
    expect(await res.json()).toEqual({ ok: true });
    // 302 after a POST: the next hop is a GET without the body; /r was asked once.
    expect(seen.map((x) => `${x.method} ${x.url} ${x.body}`)).toEqual(['POST /r once', 'GET /elsewhere ']);
  });

  it('drops the credentials on a redirect to another origin, and the body headers with the body, as fetch does', async () => {
    reset();
    const other = createServer((q, res) => {
      seenElsewhere.push(q.headers);
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"ok":true}');
    });
    const seenElsewhere: IncomingMessage['headers'][] = [];
    await new Promise<void>((r) => other.listen(0, '127.0.0.1', r));
    const otherBase = `http://127.0.0.1:${(other.address() as AddressInfo).port}`;
    handler = (_q, res) => {
      res.writeHead(302, { location: `${otherBase}/landing` });
      res.end();
    };
    try {
      const res = await keepAliveFetch()(`${base}/r`, {
        method: 'POST',
        body: 'token=xoxb-secret',
        headers: {
          authorization: 'Bearer xoxb-secret',
          cookie: 'd=secret',
          'content-type': 'application/x-www-form-urlencoded',
          'user-agent': 'zadig-chatops',
        },
      });
      expect(res.status).toBe(200);
      expect(seen[0]?.headers.authorization).toBe('Bearer xoxb-secret');
      expect(seenElsewhere).toHaveLength(1);
      expect(seenElsewhere[0]).not.toHaveProperty('authorization');
      expect(seenElsewhere[0]).not.toHaveProperty('cookie');
      expect(seenElsewhere[0]).not.toHaveProperty('content-type');
      expect(seenElsewhere[0]?.['user-agent']).toBe('zadig-chatops');
    } finally {
      other.closeAllConnections();
      await new Promise<void>((r) => other.close(() => r()));
    }
  });

  it('hands what it does not send itself (FormData, a Request) to the fallback', async () => {
    reset();
    const handed: string[] = [];
    const f = keepAliveFetch({
      fallback: (input, init) => {
        handed.push(init?.body instanceof FormData ? 'form' : 'request');
        return globalThis.fetch(input, init);
      },
    });
    const form = new FormData();
    form.append('channels', 'C1');
    form.append('file', new Blob(['png-bytes']), 'chart.png');
    const res = await f(`${base}/api/files.upload`, { method: 'POST', body: form });
    expect(res.status).toBe(200);
    expect(seen[0]?.headers['content-type']).toMatch(/^multipart\/form-data; boundary=/);
    expect(seen[0]?.body).toContain('png-bytes');
    await f(new Request(`${base}/req`, { method: 'POST', body: 'r' }));
    expect(handed).toEqual(['form', 'request']);
  });

  it("serves @slack/web-api's WebClient: a call, its ok:false error and a 429's retry-after", async () => {
    reset();
    const f = keepAliveFetch();
    const client = new WebClient('xoxb-test', {
      slackApiUrl: `${base}/api/`,
      fetch: f,
      rejectRateLimitedCalls: true,
      retryConfig: { retries: 0 },
    });
    handler = (_q, res) => {
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
      res.end('{"ok":true,"channel":"C1","ts":"170.1"}');
    };
    const r = await client.chat.postMessage({ channel: 'C1', text: 'hi 你好' });
    expect(r.ts).toBe('170.1');
    expect(new URLSearchParams(seen[0]?.body).get('text')).toBe('hi 你好');
    expect(seen[0]?.headers.authorization).toBe('Bearer xoxb-test');

    handler = (_q, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"ok":false,"error":"channel_not_found"}');
    };
    await expect(client.chat.postMessage({ channel: 'C9', text: 'x' })).rejects.toMatchObject({
      data: { error: 'channel_not_found' },
    });

    handler = (_q, res) => {
      res.writeHead(429, { 'retry-after': '7' });
      res.end();
    };
    await expect(client.chat.postMessage({ channel: 'C1', text: 'x' })).rejects.toMatchObject({
      code: 'slack_webapi_rate_limited_error',
      retryAfter: 7,
    });
  });
});
