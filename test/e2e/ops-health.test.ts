// Locks in the health endpoints: /healthz answers 200 while the process runs; /readyz answers 200 only
// when Redis answers and a chat platform is connected, 503 (naming the failing check) when Redis is
// unreachable or goes away, and when no chat platform could connect; it recovers once they are back.

import { afterEach, describe, expect, it } from 'vitest';
import { createTcpProxy, type TcpProxy } from '../resilience/helpers/tcp-proxy.js';
import { type AppHarness, startAppHarness } from '../support/app-harness.js';
import { freePort } from '../support/private-redis.js';
import { REDIS_URL } from '../support/redis.js';
import { waitFor } from '../support/wait-for.js';

const redisPort = Number(new URL(REDIS_URL).port || 6379);
let h: AppHarness | undefined;
let proxy: TcpProxy | undefined;

afterEach(async () => {
  await proxy?.open(); // let the app's connections close cleanly
  await h?.close();
  await proxy?.close();
  h = undefined;
  proxy = undefined;
});

async function ready(): Promise<{ status: number; body: { checks: Record<string, boolean> } }> {
  const res = await fetch(`${h!.url}/readyz`);
  return { status: res.status, body: (await res.json()) as { checks: Record<string, boolean> } };
}

describe('health and readiness', () => {
  it('is live and ready while all is well', async () => {
    h = await startAppHarness({ slack: true, feishu: true });
    const live = await fetch(`${h.url}/healthz`);
    expect(live.status).toBe(200);
    expect(await ready()).toEqual({
      status: 200,
      body: expect.objectContaining({ checks: { redis: true, chat: true, zadig: true, workers: true } }),
    });
  });

  it('is not ready while Redis is unreachable, and ready again once it is back', async () => {
    proxy = await createTcpProxy(redisPort);
    h = await startAppHarness({
      slack: true,
      role: 'bot',
      env: { REDIS_URL: `redis://127.0.0.1:${proxy.port}` },
    });
    expect((await ready()).status).toBe(200);

    await proxy.close(); // Redis vanishes for this app only
    await waitFor('readyz 503', async () => (await ready()).status === 503, 10_000);
    const down = await ready();
    expect(down.body.checks).toMatchObject({ redis: false, chat: true });
    expect((await fetch(`${h.url}/healthz`)).status).toBe(200); // alive all the same

    await proxy.open();
    await waitFor('readyz 200 after Redis returned', async () => (await ready()).status === 200, 15_000);
  });

  it('is not ready when started against a closed Redis port', async () => {
    const closed = await freePort();
    h = await startAppHarness({
      slack: true,
      role: 'bot',
      env: { REDIS_URL: `redis://127.0.0.1:${closed}` },
    });
    const r = await ready();
    expect(r.status).toBe(503);
    expect(r.body.checks.redis).toBe(false);
    expect((await fetch(`${h.url}/healthz`)).status).toBe(200);
  });

  it('is not ready while no chat platform is connected, and ready once Feishu answers', async () => {
    h = await startAppHarness({ feishu: true });
    // A second app whose Feishu API address answers nothing yet.
    proxy = await createTcpProxy(Number(new URL(h.feishuApi!.url).port));
    await proxy.close();
    const other = await startAppHarness({
      feishu: true,
      useSandbox: h.sandbox,
      env: { FEISHU_DOMAIN: `http://127.0.0.1:${proxy.port}` },
    });
    try {
      const res = await fetch(`${other.url}/readyz`);
      expect(res.status).toBe(503);
      expect(((await res.json()) as { checks: Record<string, boolean> }).checks).toMatchObject({
        redis: true,
        chat: false,
      });
      await proxy.open();
      await waitFor(
        'readyz 200 once Feishu answers',
        async () => (await fetch(`${other.url}/readyz`)).status === 200,
        10_000,
      );
    } finally {
      await other.close();
    }
  });
});
