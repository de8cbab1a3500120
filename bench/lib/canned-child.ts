/**
 * Zero-cost stand-ins for Zadig and the Slack Web API, in their own process: a caching proxy per
 * upstream that forwards the first request of each method + path + query to the real fake (the sandbox,
 * the fake Slack), keeps its answer, and answers every later one from that recording without asking the
 * upstream. A bot pointed at these does all of its own work (parsing, Redis, rendering, HTTP) while
 * Zadig and Slack cost nothing: the floor of the reply path. It notes when each chat post arrived
 * (epoch ms, `performance.timeOrigin + now()`), since those no longer reach the fake Slack.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serveParent } from './child-serve.js';

interface Recorded {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

const servers: Server[] = [];
let posts: number[] = [];

function readAll(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

async function proxy(upstream: string): Promise<string> {
  const base = new URL(upstream);
  const cache = new Map<string, Promise<Recorded>>();
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const url = req.url ?? '/';
    if (/\/chat\.post(Message|Ephemeral)$/.test(url.split('?')[0] ?? '')) {
      posts.push(performance.timeOrigin + performance.now());
    }
    const key = `${req.method} ${url}`;
    void readAll(req).then(
      async (body) => {
        let hit = cache.get(key);
        if (!hit) {
          hit = (async () => {
            const r = await fetch(new URL(url, base.origin), {
              method: req.method ?? 'GET',
              headers: Object.fromEntries(
                Object.entries(req.headers)
                  .filter(([k]) => !['host', 'connection', 'content-length'].includes(k))
                  .map(([k, v]) => [k, String(v)]),
              ),
              ...(req.method === 'GET' || req.method === 'HEAD' ? {} : { body }),
            });
            const headers: Record<string, string> = {};
            r.headers.forEach((v, k) => {
              if (k === 'content-type') headers[k] = v;
            });
            return { status: r.status, headers, body: Buffer.from(await r.arrayBuffer()) };
          })();
          cache.set(key, hit);
        }
        const rec = await hit;
        res.writeHead(rec.status, { ...rec.headers, 'content-length': rec.body.length });
        res.end(rec.body);
      },
      () => res.destroy(),
    );
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  // Keep the upstream's path prefix (SLACK_API_URL ends in /api/).
  return `http://127.0.0.1:${port}${base.pathname}`;
}

serveParent({
  async start(msg) {
    const upstreams = msg.upstreams as string[];
    return { urls: await Promise.all(upstreams.map(proxy)) };
  },
  /** Chat posts seen since the last call (epoch ms), ascending. */
  takePosts() {
    const out = posts;
    posts = [];
    return { posts: out };
  },
  async stop() {
    await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
  },
});
