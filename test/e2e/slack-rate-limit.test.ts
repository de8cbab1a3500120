// Locks in Slack 429 handling of live cards: a chat.update answered with 429 + Retry-After is retried
// after that wait and delivered, while the card in another channel is edited without waiting for it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FakeSlackMessage } from '../fakes/fake-slack-api.js';
import { link, type SlackE2E, slash, startSlackE2E, textOf, until } from '../helpers/slack-e2e.js';

let h: SlackE2E;

beforeAll(async () => {
  h = await startSlackE2E();
  await link(h, 'alice');
});
afterAll(async () => {
  await h?.close();
});

async function card(ch: string): Promise<FakeSlackMessage> {
  expect((await slash(h, 'alice', ch, 'run build-deploy --project demo')).status).toBe(200);
  await until(() => h.slackApi.messagesIn(ch).length === 1, `card in ${ch}`);
  return h.slackApi.messagesIn(ch)[0]!;
}

/** When each chat.update for `ts` was received (ms), and what it answered, from the fake's log. */
function updatesOf(ts: string, log: { ts: string; at: number }[]): number[] {
  return log.filter((u) => u.ts === ts).map((u) => u.at);
}

describe('Slack rate-limited card edit', () => {
  it('delays the limited edit by Retry-After, then delivers it; the other channel is not delayed', async () => {
    const a = await card('C-rl-a');
    const b = await card('C-rl-b');
    // Let both watches settle (first poll done, nothing left to edit), then record chat.update times.
    await new Promise((r) => setTimeout(r, 600));
    const log: { ts: string; at: number }[] = [];
    const seen = h.slackApi.calls.length;
    const tick = setInterval(() => {
      for (const c of h.slackApi.calls.slice(seen + log.length))
        if (c.method === 'chat.update') log.push({ ts: String(c.args.ts), at: Date.now() });
        else log.push({ ts: '', at: Date.now() });
    }, 5);

    try {
      const editsA = a.edits;
      const editsB = b.edits;
      // The next chat.update (whichever card it is for) answers 429 with Retry-After: 1.
      h.slackApi.rateLimit('chat.update', 1, 1);
      const started = Date.now();
      await h.sandbox.advance(5000);
      await until(() => a.edits > editsA && b.edits > editsB, 'both cards edited', 8000);

      const limited = updatesOf(a.ts, log).length >= 2 ? a : b;
      const other = limited === a ? b : a;
      const limitedCalls = updatesOf(limited.ts, log);
      const otherCalls = updatesOf(other.ts, log);
      // The limited card: the refused attempt, then the delivery no sooner than Retry-After.
      expect(limitedCalls.length).toBeGreaterThanOrEqual(2);
      expect(limitedCalls[1]! - limitedCalls[0]!).toBeGreaterThanOrEqual(950);
      expect(textOf(limited)).toMatch(/running/i);
      // The other channel's card went out right away, not after the limited card's wait.
      expect(otherCalls.length).toBeGreaterThanOrEqual(1);
      expect(otherCalls[0]! - started).toBeLessThan(900);
      expect(otherCalls[0]!).toBeLessThan(limitedCalls[1]!);
      expect(textOf(other)).toMatch(/running/i);
    } finally {
      clearInterval(tick);
    }
  });
});
