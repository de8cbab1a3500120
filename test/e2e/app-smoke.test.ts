// Locks in the composed application (src/app.ts): one HTTP server answers health, readiness and metrics,
// a signed Slack slash command reaches the command core, the Zadig version it knows is logged at start,
// and stop() shuts everything down.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AppHarness, startAppHarness } from '../support/app-harness.js';

let h: AppHarness;

beforeAll(async () => {
  h = await startAppHarness({ slack: true });
});
afterAll(async () => {
  await h?.close();
});

describe('composed app', () => {
  it('serves /healthz, /readyz and /metrics on one port', async () => {
    expect((await fetch(`${h.url}/healthz`)).status).toBe(200);
    const ready = await fetch(`${h.url}/readyz`);
    expect(await ready.json()).toMatchObject({ checks: { redis: true, chat: true, workers: true } });
    expect(ready.status).toBe(200);
    const metrics = await (await fetch(`${h.url}/metrics`)).text();
    expect(metrics).toContain('zbot_commands_total');
    expect((await fetch(`${h.url}/nope`)).status).toBe(404);
  });

  it('logs at start the Zadig version it knows of (none yet: Zadig has no version endpoint)', () => {
    const line = h.logs.map((l) => JSON.parse(l)).find((l) => 'zadigVersion' in l);
    expect(line).toMatchObject({ level: 30, zadigVersion: 'unknown', covered: '3.4.x', support: 'unknown' });
    expect(line.msg).toContain('learned from the User-Agent of its webhook deliveries');
  });

  it('answers a signed slash command through the core with a reply in the channel', async () => {
    const res = await h.slash('help run', { channel: 'C-smoke' });
    expect(res.status).toBe(200);
    await expect.poll(() => h.slackApi!.messages.get('C-smoke')?.length ?? 0, { timeout: 5000 }).toBe(1);
    const reply = JSON.stringify(h.slackApi!.messages.get('C-smoke'));
    expect(reply).toContain('run &lt;workflow&gt;');
    expect(reply).toContain('--project');
  });

  it('rejects a bad signature with 401', async () => {
    const body = 'command=%2Fzadig&text=help';
    const headers = { ...h.slackHeaders(body), 'x-slack-signature': 'v0=deadbeef' };
    const res = await fetch(`${h.url}/slack/events`, { method: 'POST', headers, body });
    expect(res.status).toBe(401);
  });
});
