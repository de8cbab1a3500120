// Locks in what /readyz and /metrics say about Zadig's webhook: before any push, that watched tasks are
// polled every interval; once an authenticated delivery arrives, that pushes arrive and watched tasks are
// polled only as a backstop (the gauge says 1). Readiness itself does not depend on pushes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AppHarness, startAppHarness } from '../support/app-harness.js';

let h: AppHarness;

beforeAll(async () => {
  h = await startAppHarness({ slack: true, env: { ZBOT_WEBHOOK_BACKSTOP_MS: '45000' } });
});
afterAll(async () => {
  await h?.close();
});

const readyz = async () => {
  const res = await fetch(`${h.url}/readyz`);
  return { status: res.status, body: (await res.json()) as { details?: Record<string, string> } };
};

describe('webhook mode in /readyz', () => {
  it('says watched tasks are polled every interval until a push arrives, then that pushes arrive', async () => {
    const before = await readyz();
    expect(before.status).toBe(200);
    expect(before.body.details?.webhook).toBe(
      'no webhook push received yet: watched tasks polled every 0.2 s',
    );

    const res = await fetch(`${h.url}/zadig/webhook`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-zadig-token': h.webhookToken },
      body: JSON.stringify({
        object_kind: 'workflow',
        event: 'workflow',
        workflow: { task_id: 1, project_name: 'demo', workflow_name: 'hotfix', status: 'passed', stages: [] },
      }),
    });
    expect(res.status).toBe(200);
    await expect
      .poll(async () => (await readyz()).body.details?.webhook, { timeout: 5000 })
      .toMatch(/^webhook pushes arriving \(last \d+ s ago\): watched tasks polled every 45 s as a backstop$/);
    const metrics = await (await fetch(`${h.url}/metrics`)).text();
    expect(metrics).toMatch(/^zbot_webhook_live 1$/m);
  });
});
