// Locks in policy emails on Feishu, whose events carry no email: through encrypted webhook events, a
// Feishu user named in `production` by email is matched by the email of the Zadig user they linked,
// so they get the confirmation (not a refusal); someone unlinked, or linked to another email, does not.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cardText, dmOf, type FeishuE2E, inChat, startFeishuE2E } from '../support/feishu-e2e.js';
import { waitFor } from '../support/wait-for.js';

let h: FeishuE2E;

beforeAll(async () => {
  h = await startFeishuE2E({ policy: 'defaults:\n  production: ["Carol@demo.local"]\n' });
  await h.login('carol');
  await h.login('bob');
}, 20_000);
afterAll(async () => {
  await h?.close();
});

/** What the bot answers `who` in their p2p chat. */
async function ask(who: 'carol' | 'bob', text: string): Promise<string> {
  const before = inChat(h.feishuApi, dmOf(who)).length;
  expect((await h.say({ from: who, text })).status).toBe(200);
  await waitFor(`reply to ${who}`, () => inChat(h.feishuApi, dmOf(who)).length > before);
  return cardText(inChat(h.feishuApi, dmOf(who)).at(-1)!.content);
}

describe('policy emails on Feishu', () => {
  it('carol, named by the email of her linked Zadig user, is asked to confirm a production restart', async () => {
    const text = await ask('carol', 'restart backend --env prod --project demo');
    expect(text).toContain('changes PRODUCTION');
    expect(text).not.toContain('does not let you change production');
  });

  it('bob, linked to another email, is refused', async () => {
    const text = await ask('bob', 'restart backend --env prod --project demo');
    expect(text).toContain('does not let you change production');
  });
});
