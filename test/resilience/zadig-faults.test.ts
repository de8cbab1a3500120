// Locks in behaviour while Zadig is down: with Zadig answering 500, and with Zadig hanging for 60 s, chat
// commands still get "Zadig is unavailable" (English and Chinese, as the core words it) within 5 s, and
// the watches of running tasks resume after the fault clears, each posting its final once.

import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AppHarness, startAppHarness } from '../support/app-harness.js';
import { waitFor } from '../support/wait-for.js';

const CHANNEL = 'C-faults';
const EN = 'Zadig is unavailable right now, try again in a minute.';
const ZH = 'Zadig 暂时不可用，请一分钟后再试。';
let h: AppHarness;

const cards = () => h.slackApi!.messagesIn(CHANNEL).filter((m) => m.thread_ts === undefined);
const finalsUnder = (ts: string) => h.slackApi!.messagesIn(CHANNEL).filter((m) => m.thread_ts === ts);

/** Sends `/zadig <text>` and measures until its reply reaches the response_url; returns the reply text. */
async function timed(text: string, user: string): Promise<{ ms: number; reply: string }> {
  const id = randomUUID();
  const started = Date.now();
  const res = await h.slash(text, { user, channel: CHANNEL, responseId: id });
  expect(res.status).toBe(200);
  await waitFor(`a reply to "${text}"`, () => h.slackApi!.responses.some((r) => r.id === id), 15_000);
  const ms = Date.now() - started;
  return { ms, reply: JSON.stringify(h.slackApi!.responses.find((r) => r.id === id)!.body) };
}

/** Starts a watched hotfix task as alice; returns its card's ts. */
async function startWatchedTask(): Promise<string> {
  const before = cards().length;
  await h.slash('run hotfix --project demo', { channel: CHANNEL });
  await waitFor('the task card', () => cards().length === before + 1, 10_000);
  await h.sandbox.advance(3000); // running
  return cards()[before]!.ts;
}

beforeAll(async () => {
  h = await startAppHarness({
    slack: {
      users: [
        { id: 'alice', name: 'alice', locale: 'en-US' },
        { id: 'lin', name: 'Lin', locale: 'zh-CN' },
      ],
    },
    pollIntervalMs: 200,
  });
  await h.slash(`login ${h.sandbox.users.alice!.token}`, { channel: 'D-alice', responseId: 'login' });
  await waitFor('the login reply', () => h.slackApi!.responses.some((r) => r.id === 'login'), 10_000);
});

afterAll(async () => {
  h?.sandbox.clearFaults();
  await h?.close();
});

describe('Zadig answering 500', () => {
  it('replies "Zadig unavailable" within 5 s and resumes the watch afterwards', async () => {
    const card = await startWatchedTask();
    const clear = h.sandbox.fault({ path: /^\/openapi\//, kind: '500' });
    const en = await timed('status hotfix', 'alice');
    const zh = await timed('status hotfix', 'lin');
    const list = await timed('workflows --project demo', 'alice');
    for (const r of [en, list]) expect(r.reply).toContain(EN);
    expect(zh.reply).toContain(ZH);
    console.info(`Zadig 500: "unavailable" replies after ${[en, zh, list].map((r) => r.ms).join(', ')} ms`);
    for (const r of [en, zh, list]) expect(r.ms).toBeLessThan(5000);

    await h.sandbox.advance(60_000); // the task ends in Zadig while every poll gets a 500
    await sleep(3000);
    expect(finalsUnder(card)).toHaveLength(0);
    clear();
    await waitFor('the final after the fault cleared', () => finalsUnder(card).length === 1, 30_000);
    await sleep(1000);
    expect(finalsUnder(card)).toHaveLength(1);
    expect(JSON.stringify(cards().find((c) => c.ts === card)!.blocks)).toMatch(/[Pp]assed|Success|succeeded/);
  });
});

describe('Zadig hanging for 60 s', () => {
  it('replies "Zadig unavailable" within 5 s all along and resumes the watch afterwards', {
    timeout: 150_000,
  }, async () => {
    const card = await startWatchedTask();
    const clear = h.sandbox.fault({ path: /^\/openapi\//, kind: 'hang' });
    const hangStarted = Date.now();
    await h.sandbox.advance(60_000); // the task ends in Zadig; nobody hears of it while Zadig hangs
    const samples: { ms: number; reply: string; lang: string }[] = [];
    for (let round = 0; round < 3; round++) {
      const [en, zh] = await Promise.all([timed('status hotfix', 'alice'), timed('tasks hotfix', 'lin')]);
      samples.push({ ...en, lang: 'en' }, { ...zh, lang: 'zh' });
      if (round < 2) await sleep(15_000);
    }
    console.info(`Zadig hanging: "unavailable" replies after ${samples.map((s) => s.ms).join(', ')} ms`);
    for (const s of samples) {
      expect(s.reply).toContain(s.lang === 'en' ? EN : ZH);
      expect(s.ms).toBeLessThan(5000);
    }
    expect(finalsUnder(card)).toHaveLength(0);
    await sleep(Math.max(0, 60_000 - (Date.now() - hangStarted)));
    clear();
    // A poll caught by the hang gives up at its 10 s timeout; the next attempt goes through.
    await waitFor('the final after Zadig answered again', () => finalsUnder(card).length === 1, 60_000);
    await sleep(1000);
    expect(finalsUnder(card)).toHaveLength(1);
    // Commands are answered normally again (the task card goes into the channel).
    const before = cards().length;
    await h.slash('status hotfix', { channel: CHANNEL });
    await waitFor('a task card from status', () => cards().length === before + 1, 10_000);
  });
});
