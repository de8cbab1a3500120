// Locks in start-up truth: /readyz is 503 while a configured chat platform failed authentication (Slack
// auth.test, Feishu's app token), even when another platform is up, and names the failure in `details`;
// the Zadig token is checked at start — a clear log line either way, and /readyz is 503 with the reason
// while Zadig rejects it.
import { afterEach, describe, expect, it } from 'vitest';
import { type AppHarness, startAppHarness } from '../support/app-harness.js';

let h: AppHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

interface Ready {
  status: number;
  body: { checks: Record<string, boolean>; details?: Record<string, string> };
}

async function ready(): Promise<Ready> {
  const res = await fetch(`${h!.url}/readyz`);
  return { status: res.status, body: (await res.json()) as Ready['body'] };
}

const logged = (msg: RegExp) =>
  h!.logs.map((l) => JSON.parse(l) as { level: number; msg: string }).filter((l) => msg.test(l.msg));

describe('a chat platform that failed authentication', () => {
  it('Slack: a bot token Slack refuses keeps /readyz at 503 with the reason', async () => {
    h = await startAppHarness({ slack: true, env: { SLACK_BOT_TOKEN: 'xoxb-not-the-bots-token' } });
    const r = await ready();
    expect(r.status).toBe(503);
    expect(r.body.checks.chat).toBe(false);
    expect(r.body.details?.slack).toMatch(/auth\.test failed: invalid_auth/);
    expect(logged(/slack auth\.test failed/).length).toBeGreaterThan(0);
  });

  it('Slack refused while Feishu is up: still not ready', async () => {
    h = await startAppHarness({
      slack: true,
      feishu: true,
      env: { SLACK_BOT_TOKEN: 'xoxb-not-the-bots-token' },
    });
    const r = await ready();
    expect(r.status).toBe(503);
    expect(r.body.details?.slack).toMatch(/invalid_auth/);
    expect(r.body.details?.feishu).toBeUndefined();
  });

  it('Feishu: an app secret Feishu refuses keeps /readyz at 503 with the reason', async () => {
    h = await startAppHarness({ feishu: true, env: { FEISHU_APP_SECRET: 'not-the-secret' } });
    const r = await ready();
    expect(r.status).toBe(503);
    expect(r.body.checks.chat).toBe(false);
    expect(r.body.details?.feishu).toMatch(/app secret invalid/);
  });
});

describe('a chat platform that cannot be reached', () => {
  it('Slack unreachable: /readyz is 503 and details says Slack is not connected, not only chat: false', async () => {
    // Nothing listens on port 9 of loopback (discard): auth.test fails to connect, Slack refused nothing.
    h = await startAppHarness({ slack: true, env: { SLACK_API_URL: 'http://127.0.0.1:9/api/' } });
    const r = await ready();
    expect(r.status).toBe(503);
    expect(r.body.checks.chat).toBe(false);
    expect(r.body.details?.slack).toMatch(/not connected/);
  });
});

describe('the Zadig token at start', () => {
  it('an accepted token is logged with the Zadig user it belongs to; /readyz counts it', async () => {
    h = await startAppHarness({ slack: true });
    const r = await ready();
    expect(r.status).toBe(200);
    expect(r.body.checks.zadig).toBe(true);
    const line = h.logs.find((l) => l.includes('zadig token accepted'));
    expect(line).toContain('"account":"zbot"');
  });

  it('a token Zadig rejects: an error log line naming ZADIG_TOKEN, and /readyz 503 with the reason', async () => {
    h = await startAppHarness({
      slack: true,
      env: { ZADIG_TOKEN: 'eyJhbGciOiJIUzI1NiJ9.eyJ1aWQiOiJ4In0.not-signed-by-zadig' },
    });
    const r = await ready();
    expect(r.status).toBe(503);
    expect(r.body.checks.zadig).toBe(false);
    expect(r.body.details?.zadig).toMatch(/rejected ZADIG_TOKEN/);
    const errors = logged(/ZADIG_TOKEN/).filter((l) => l.level >= 50);
    expect(errors.length).toBeGreaterThan(0);
    expect(JSON.stringify(h.logs)).not.toContain('not-signed-by-zadig');
  });
});
