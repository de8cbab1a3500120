// Locks in robustness of the HTTP edge: 1,000 malformed Slack and Feishu requests (broken JSON, missing
// fields, wrong types, huge bodies, wrong content types; signed with the real secrets and unsigned). Every
// request is answered (no hang, no unhandled rejection), unsigned ones never get past verification,
// nothing leaks an exception, every chat reply is an error message, and nothing runs in Zadig.
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AppHarness, startAppHarness } from '../support/app-harness.js';
import { rng } from './helpers/fuzz.js';
import { type RawRequest, slackRequest } from './helpers/malformed.js';
import { feishuRequest } from './helpers/malformed-feishu.js';

const REQUESTS = 1000;
const SEED = Number(process.env.FUZZ_SEED ?? Date.now() % 2 ** 31);
const LEAK =
  /\bat [^\s]+ \(?[^\s]*:\d+:\d+\)?|TypeError|ReferenceError|SyntaxError|Unexpected token|\[object Object\]/;
let h: AppHarness;

beforeAll(async () => {
  h = await startAppHarness({ slack: true, feishu: true });
});
afterAll(async () => {
  await h?.close();
});

interface Outcome {
  q: RawRequest;
  status: number;
  body: string;
}

describe('fuzz: 1,000 malformed Slack and Feishu requests over HTTP', () => {
  it(`answers every one safely and runs nothing (seed ${SEED})`, { timeout: 300_000 }, async () => {
    const r = rng(SEED);
    const keys = {
      signingSecret: h.signingSecret,
      encryptKey: h.feishuEncryptKey,
      verificationToken: h.feishuVerificationToken,
    };
    const requests = Array.from({ length: REQUESTS }, (_, i) =>
      i % 2 === 0 ? slackRequest(r, keys) : feishuRequest(r, keys),
    );
    const outcomes: Outcome[] = [];
    const failures: string[] = [];
    let next = 0;
    const worker = async () => {
      while (next < requests.length) {
        const q = requests[next++]!;
        try {
          // Bolt answers requests no listener takes after 3 s; 10 s means the request was left hanging.
          const res = await fetch(`${h.url}${q.path}`, {
            method: 'POST',
            headers: q.headers,
            body: q.body,
            signal: AbortSignal.timeout(10_000),
          });
          outcomes.push({ q, status: res.status, body: await res.text() });
        } catch (e) {
          failures.push(`${q.label}: ${(e as Error).message} ← ${q.body.slice(0, 200)}`);
        }
      }
    };
    await Promise.all(Array.from({ length: 25 }, worker));
    await sleep(4000); // replies still being sent after the ack

    expect(failures.slice(0, 10), `seed ${SEED}`).toEqual([]);
    const bad: string[] = [];
    for (const o of outcomes) {
      const unsigned = o.q.label.endsWith('(unsigned)');
      const slack = o.q.path === '/slack/events';
      // Bolt answers 500 (empty body) when its own middleware cannot read a signed payload's structure.
      const allowed = unsigned
        ? [400, 401, 413]
        : slack
          ? [200, 400, 401, 404, 413, 500]
          : [200, 400, 401, 413];
      if (!allowed.includes(o.status)) bad.push(`${o.q.label} → ${o.status}`);
      if (o.status === 500 && o.body !== '') bad.push(`${o.q.label} → 500 with a body`);
      if (LEAK.test(o.body)) bad.push(`${o.q.label} → leaked: ${o.body.slice(0, 200)}`);
      // A card callback answers "working on it" when its command outlasts the callback budget (~2 s): on
      // a busy machine a malformed command can; its error reply is then posted, and checked below.
      const working = o.body.includes('"en_us":"Working on it…"');
      if (o.body.includes('"toast"') && !o.body.includes('"type":"error"') && !working)
        bad.push(`${o.q.label} → non-error toast ${o.body.slice(0, 200)}`);
    }
    expect(bad.slice(0, 10), `seed ${SEED}`).toEqual([]);
    // Both platforms really reached their command paths, not only their verification.
    expect(outcomes.filter((o) => o.q.path === '/slack/events' && o.status === 200).length).toBeGreaterThan(
      50,
    );
    expect(outcomes.filter((o) => o.q.path === '/feishu/events' && o.status === 200).length).toBeGreaterThan(
      50,
    );

    const slackReplies = [
      ...[...h.slackApi!.messages.values()].flat().map((m) => JSON.stringify([m.text, m.blocks])),
      ...h.slackApi!.ephemerals.map((m) => JSON.stringify([m.text, m.blocks])),
    ];
    const feishuReplies = h.feishuApi!.sent().map((m) => m.content);
    expect(slackReplies.length + feishuReplies.length).toBeGreaterThan(20);
    const notErrors = [...slackReplies, ...feishuReplies].filter((t) => !t.includes('❌') || LEAK.test(t));
    expect(notErrors.slice(0, 5)).toEqual([]);

    expect(h.sandbox.requests.filter((q) => q.method !== 'GET').map((q) => `${q.method} ${q.path}`)).toEqual(
      [],
    );
    const commands = await h.app.metrics.registry.getSingleMetricAsString('zbot_commands_total');
    expect(commands).not.toMatch(/result="(internal_error|ok)"/);
    expect((await fetch(`${h.url}/healthz`)).status).toBe(200);
  });
});
