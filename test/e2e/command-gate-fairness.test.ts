// Locks in fair admission end to end: each person has a share of the command gate. While alice floods
// the bot with 1,000 signed slash commands (each stuck on a slow Zadig), bob's one command in the middle
// is taken on — its ack is not "busy" — and answered; alice alone is told busy beyond her share.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SlackE2E, slash, startSlackE2E, textOf } from '../support/slack-e2e.js';
import { waitFor } from '../support/wait-for.js';

const STATUS = 'status build-deploy --project demo';
const BUSY_EN = 'The bot is busy right now';

describe("Slack: one user's flood never makes another user's command busy", () => {
  let h: SlackE2E;
  beforeAll(async () => {
    h = await startSlackE2E();
  });
  afterAll(async () => {
    await h?.close();
  });

  it('admits bob during a 1,000-command flood from alice and answers him', async () => {
    // Alice's commands hang on Zadig (until the command deadline); bob's, after the fault is lifted, do not.
    const undo = h.sandbox.fault({ path: /^\/openapi\/workflows\//, kind: 'slow', delayMs: 8_000 });
    try {
      const acks: { status: number; body: string }[] = [];
      const send = async (n: number) => {
        for (let i = 0; i < n; i += 100) {
          const batch = Array.from({ length: Math.min(100, n - i) }, () =>
            slash(h, 'alice', 'C-flood', STATUS),
          );
          acks.push(...(await Promise.all(batch)));
        }
      };
      // More than the whole gate holds (32 running + 512 waiting) before bob types.
      await send(600);
      undo();
      const bob = await slash(h, 'bob', 'C-bob', STATUS);
      await send(400);
      expect(acks).toHaveLength(1_000);
      // Bob's command was taken on: an empty ack, no busy text.
      expect(bob).toEqual({ status: 200, body: '' });
      // Alice got her share; the rest of her flood was refused, to her alone.
      const busy = acks.filter((a) => a.body.includes(BUSY_EN)).length;
      // (A few more of hers may be admitted if the flood outlasts her first commands' deadline.)
      expect(busy).toBeGreaterThanOrEqual(900);
      expect(busy).toBeLessThan(1_000);
      expect(h.app.config.commandPerUser).toBe(8);
      await waitFor('bob answered', () => (h.slackApi.messages.get('C-bob') ?? []).length === 1, 15_000);
      expect(textOf(h.slackApi.messages.get('C-bob')?.[0])).toContain('build-deploy');
    } finally {
      undo();
    }
  }, 40_000);
});
