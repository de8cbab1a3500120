// Locks in freeze windows and rollback on Feishu end to end (encrypted webhook events and card callbacks,
// the fake Feishu API, the sandbox Zadig's request log, real Redis): during a freeze a write into a covered
// env is refused with the reason and the end; an admin's --override runs it, audited; rollback stays
// allowed: its preview card's Rollback button refuses another person's click and rolls back once on the
// asker's, as their own Zadig user.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatZoned } from '../../src/commands/access/freeze-windows.js';
import {
  buttonValue,
  cardText,
  type FeishuE2E,
  inThread,
  type Person,
  startFeishuE2E,
} from '../support/feishu-e2e.js';
import { waitFor } from '../support/wait-for.js';

const ROOM = 'oc_e2e_oncall';
// The bot decides on the wall clock: the window is in force from an hour ago for two hours.
const FROM = Date.now() - 3_600_000;
const TO = Date.now() + 7_200_000;
const POLICY = `
admins: ["zadig:carol"]
defaults:
  production: ["zadig:alice"]
freezes:
  - name: release-check
    reason: Release 4.2 is being verified
    from: ${formatZoned(FROM, 'UTC')}
    to: ${formatZoned(TO, 'UTC')}
    projects: [demo]
    envs: [dev, prod]
`;

let h: FeishuE2E;

beforeAll(async () => {
  h = await startFeishuE2E({ policy: POLICY });
  for (const who of ['alice', 'bob', 'carol'] as const) await h.login(who);
}, 30_000);
afterAll(async () => {
  await h?.close();
});

const writes = (from: number) => h.sandbox.requests.slice(from).filter((q) => q.method !== 'GET');

/** `who` types `text` in the room; the bot's reply in the message's thread. */
async function say(who: Person, text: string) {
  const res = await h.say({ from: who, text, chat: ROOM, group: true });
  expect(res.status).toBe(200);
  const [reply] = await waitFor(`reply to ${text}`, () => {
    const m = inThread(h.feishuApi, res.messageId);
    return m.length > 0 ? m : null;
  });
  return reply!;
}

describe('Feishu: a freeze window and rollback', () => {
  it('a write into a frozen env is refused with the reason and the end; nothing reaches Zadig', async () => {
    const from = h.sandbox.requests.length;
    const reply = await say('alice', 'restart backend --env dev --project demo');
    const text = cardText(reply.content);
    expect(text).toContain('during the change freeze `release-check`: Release 4.2 is being verified');
    expect(text).toContain(`The freeze ends ${formatZoned(TO, 'UTC')} UTC`);
    expect(JSON.stringify(reply.content)).toContain('封版窗口');
    expect(writes(from)).toEqual([]);
  });

  it('an admin overrides with a reason: the image changes, as the admin, and the audit keeps the reason', async () => {
    const from = h.sandbox.requests.length;
    const reply = await say(
      'carol',
      'set-image backend nginx:1.25 --env dev --project demo --override "hotfix"',
    );
    expect(cardText(reply.content)).toContain('to `nginx:1.25`');
    expect(writes(from)).toEqual([expect.objectContaining({ user: 'carol', status: 200 })]);
    expect(h.sandbox.envService('demo', 'dev', 'backend')!.images).toEqual(['nginx:1.25']);
    const audit = await h.redis.xrevrange(`${h.prefix}:audit`, '+', '-', 'COUNT', 5);
    expect(JSON.stringify(audit)).toContain('--override \\"hotfix\\"');
  });

  it('rollback stays allowed: only the asker’s Rollback click rolls back, once, as them', async () => {
    const before = h.sandbox.envService('demo', 'dev', 'backend')!;
    const previous = before.revisions.at(-2)!;
    const preview = await say('alice', 'rollback backend --env dev --project demo');
    expect(cardText(preview.content)).toContain(
      `#${before.revisions.at(-1)!.revision} → #${previous.revision}`,
    );
    expect(cardText(preview.content)).toContain('`nginx:1.25` → ');
    const value = buttonValue(preview.content, 'confirm ');
    const from = h.sandbox.requests.length;

    const bob = await h.push(
      h.cardAction({ from: 'bob', messageId: preview.message_id, chatId: ROOM, value }),
    );
    expect(bob.body.toast.type).toBe('error');
    expect(writes(from)).toEqual([]);

    const alice = await h.push(
      h.cardAction({ from: 'alice', messageId: preview.message_id, chatId: ROOM, value }),
    );
    expect(alice.status).toBe(200);
    expect(writes(from)).toEqual([
      expect.objectContaining({
        user: 'alice',
        path: expect.stringContaining('/dev/version/backend/rollback'),
      }),
    ]);
    expect(h.sandbox.envService('demo', 'dev', 'backend')!.images).toEqual(previous.images);
    const again = await h.push(
      h.cardAction({ from: 'alice', messageId: preview.message_id, chatId: ROOM, value }),
    );
    expect(again.status).toBe(200);
    expect(writes(from)).toHaveLength(1);
  });
});
