// Locks in who an email in the policy names when the chat platform gives no email (Feishu events carry
// only an open_id): the email of the Zadig account the person linked, so `admins: [bob@…]` lets Bob in
// after he links, and nobody else.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CoreHarness, createCoreHarness } from '../support/core-harness.js';

let h: CoreHarness;
beforeAll(async () => {
  h = await createCoreHarness({ policy: 'admins: [bob@demo.local]\n' });
});
afterAll(async () => {
  await h?.close();
});

const feishu = { platform: 'feishu' as const, tenant: 'tenant-1', conversation: 'oc_ops' };

describe('an email in the policy', () => {
  it('matches the linked Zadig account’s email when the platform gives none', async () => {
    const before = h.text(await h.say('clusters', { ...feishu, user: 'ou_bob' }));
    expect(before).toContain('is for bot admins only');
    // The Feishu user ou_bob links the sandbox Zadig user bob (bob@demo.local) in a p2p chat.
    const token = h.sandbox.users.bob!.token;
    const login = await h.say(`login ${token}`, {
      ...feishu,
      user: 'ou_bob',
      isDirect: true,
      conversation: 'oc_p2p',
    });
    expect(login.reply.tone).toBe('success');
    const after = h.text(await h.say('clusters', { ...feishu, user: 'ou_bob' }));
    expect(after).not.toContain('is for bot admins only');
    expect(after).toContain('Clusters');
    // Someone else, unlinked and without an email, is still refused.
    expect(h.text(await h.say('clusters', { ...feishu, user: 'ou_carol' }))).toContain(
      'is for bot admins only',
    );
  });
});
