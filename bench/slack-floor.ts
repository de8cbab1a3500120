/**
 * The floor for the ack benchmark: a bare node:http server that only verifies the Slack signature
 * (v0 HMAC-SHA256, 5-minute window) and answers 200. The bot's ack latency is compared with this.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export function slackSignature(secret: string, timestamp: string, body: string): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
}

export async function startFloorServer(
  signingSecret: string,
): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const ts = String(req.headers['x-slack-request-timestamp'] ?? '');
      const sig = String(req.headers['x-slack-signature'] ?? '');
      const fresh = Math.abs(Date.now() / 1000 - Number(ts)) < 300;
      const expected = Buffer.from(slackSignature(signingSecret, ts, body));
      const given = Buffer.from(sig);
      const ok = fresh && given.length === expected.length && timingSafeEqual(given, expected);
      res.writeHead(ok ? 200 : 401);
      res.end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((r) => {
        server.close(() => r());
        // Keep-alive sockets of a finished load run would otherwise hold close() open.
        server.closeAllConnections();
      }),
  };
}
