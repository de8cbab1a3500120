// Locks in linked identities on real Redis: tokens are sealed (never stored in the clear anywhere under
// the prefix), bound to their user, fail closed under a wrong key, re-sealed on rotation, and indexed by
// Zadig uid and email for approver DMs.
import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { IdentityStore } from '../../src/store/identity-store.js';
import { storeKeys } from '../../src/store/keys.js';
import { SecretBox, SecretBoxError } from '../../src/store/secret-box.js';
import type { Scope } from '../../src/store/types.js';
import { testRedis } from '../support/redis.js';

const t = testRedis({ hashTag: true });
afterAll(() => t.cleanup());

const slack: Scope = { platform: 'slack', tenant: 'T1' };
const feishu: Scope = { platform: 'feishu', tenant: 'tenant:with:colons' };
const k1 = randomBytes(32);
const k2 = randomBytes(32);
const claims = (n: string) => ({
  uid: `uid-${n}`,
  name: `Name ${n}`,
  account: `acct-${n}`,
  email: `${n}@Example.com`,
});
const freshToken = () => `eyJhbGciOiJIUzI1NiJ9.${randomBytes(24).toString('base64url')}.sig`;

describe('IdentityStore', () => {
  const store = new IdentityStore({
    redis: t.redis,
    prefix: t.prefix,
    secretBox: new SecretBox({ current: k1 }),
  });

  it('links, reads claims without the token, and decrypts the token on request', async () => {
    const token = freshToken();
    const linked = await store.link(slack, 'U1', { token, claims: claims('alice'), linkedAt: 1700 });
    expect(linked).toEqual({
      uid: 'uid-alice',
      name: 'Name alice',
      account: 'acct-alice',
      email: 'alice@example.com',
      linkedAt: 1700,
      keyId: new SecretBox({ current: k1 }).keyId,
    });
    expect(await store.get(slack, 'U1')).toEqual(linked);
    expect(JSON.stringify(await store.get(slack, 'U1'))).not.toContain(token);
    expect(await store.getToken(slack, 'U1')).toBe(token);
    expect(await store.get(slack, 'U-nobody')).toBeNull();
    expect(await store.getToken(slack, 'U-nobody')).toBeNull();
  });

  it('never writes a raw token anywhere under the prefix (keys, strings, hashes, sets)', async () => {
    const tokens = [freshToken(), freshToken(), freshToken()];
    await store.link(slack, 'U-raw1', { token: tokens[0]!, claims: claims('raw1'), linkedAt: 1 });
    await store.link(feishu, 'ou_raw2', { token: tokens[1]!, claims: claims('raw2'), linkedAt: 2 });
    await store.link(slack, 'U-raw1', { token: tokens[2]!, claims: claims('raw1b'), linkedAt: 3 });
    const dump = await t.dump();
    expect(dump.size).toBeGreaterThan(0);
    const everything = [...dump].map(([k, v]) => `${k}\n${v}`).join('\n');
    expect(everything).toContain('uid-raw2'); // the dump does see the stored data
    for (const token of tokens) {
      expect(everything).not.toContain(token);
      expect(everything).not.toContain(token.split('.')[1]!);
      expect(everything).not.toContain(Buffer.from(token).toString('base64'));
    }
  });

  it('indexes by Zadig uid and email (case-insensitive), per scope, and follows re-links and unlinks', async () => {
    await store.link(slack, 'U-a', { token: freshToken(), claims: claims('idx'), linkedAt: 1 });
    await store.link(slack, 'U-b', { token: freshToken(), claims: claims('idx'), linkedAt: 2 });
    await store.link(feishu, 'ou_c', { token: freshToken(), claims: claims('idx'), linkedAt: 3 });
    expect(await store.findByZadigUid(slack, 'uid-idx')).toEqual(['U-a', 'U-b']);
    expect(await store.findByEmail(slack, ' IDX@example.COM ')).toEqual(['U-a', 'U-b']);
    expect(await store.findByZadigUid(feishu, 'uid-idx')).toEqual(['ou_c']);

    await store.link(slack, 'U-b', { token: freshToken(), claims: claims('other'), linkedAt: 4 });
    expect(await store.findByZadigUid(slack, 'uid-idx')).toEqual(['U-a']);
    expect(await store.findByEmail(slack, 'other@example.com')).toEqual(['U-b']);

    expect(await store.unlink(slack, 'U-a')).toBe(true);
    expect(await store.unlink(slack, 'U-a')).toBe(false);
    expect(await store.get(slack, 'U-a')).toBeNull();
    expect(await store.getToken(slack, 'U-a')).toBeNull();
    expect(await store.findByZadigUid(slack, 'uid-idx')).toEqual([]);
    expect(await store.findByEmail(slack, 'idx@example.com')).toEqual([]);
    expect(await t.redis.exists(storeKeys(t.prefix).identityByUid(slack, 'uid-idx'))).toBe(0);
    expect(await store.findByEmail(slack, '')).toEqual([]);
  });

  it('keeps indexes consistent under concurrent re-links of one user', async () => {
    await Promise.all(
      ['p', 'q', 'r', 's', 'u'].map((n, i) =>
        store.link(slack, 'U-race', { token: freshToken(), claims: claims(`race-${n}`), linkedAt: i }),
      ),
    );
    const current = await store.get(slack, 'U-race');
    expect(current).not.toBeNull();
    for (const n of ['p', 'q', 'r', 's', 'u']) {
      const expected = current?.uid === `uid-race-${n}` ? ['U-race'] : [];
      expect(await store.findByZadigUid(slack, `uid-race-${n}`)).toEqual(expected);
      expect(await store.findByEmail(slack, `race-${n}@example.com`)).toEqual(expected);
    }
  });

  it('counts linked users across scopes', async () => {
    const before = await store.count();
    await store.link(feishu, 'ou_count', { token: freshToken(), claims: claims('count'), linkedAt: 1 });
    await store.link(feishu, 'ou_count', { token: freshToken(), claims: claims('count'), linkedAt: 2 });
    expect(await store.count()).toBe(before + 1);
    await store.unlink(feishu, 'ou_count');
    expect(await store.count()).toBe(before);
  });

  it('fails closed with SecretBoxError when the configured key is wrong', async () => {
    await store.link(slack, 'U-wrongkey', { token: freshToken(), claims: claims('wk'), linkedAt: 1 });
    const wrong = new IdentityStore({
      redis: t.redis,
      prefix: t.prefix,
      secretBox: new SecretBox({ current: randomBytes(32) }),
    });
    await expect(wrong.getToken(slack, 'U-wrongkey')).rejects.toBeInstanceOf(SecretBoxError);
  });

  it('fails closed when the sealed token was tampered with or copied to another user', async () => {
    const keys = storeKeys(t.prefix);
    await store.link(slack, 'U-victim', { token: freshToken(), claims: claims('victim'), linkedAt: 1 });
    await store.link(slack, 'U-thief', { token: freshToken(), claims: claims('thief'), linkedAt: 1 });
    const victimSealed = (await t.redis.hget(keys.identity(slack, 'U-victim'), 'sealedToken'))!;

    await t.redis.hset(keys.identity(slack, 'U-thief'), 'sealedToken', victimSealed);
    await expect(store.getToken(slack, 'U-thief')).rejects.toMatchObject({
      name: 'SecretBoxError',
      code: 'DECRYPT_FAILED',
    });

    const [v, kid, body] = victimSealed.split('.') as [string, string, string];
    const bytes = Buffer.from(body, 'base64');
    bytes[bytes.length - 1] = (bytes[bytes.length - 1] ?? 0) ^ 0x80;
    await t.redis.hset(
      keys.identity(slack, 'U-victim'),
      'sealedToken',
      `${v}.${kid}.${bytes.toString('base64')}`,
    );
    await expect(store.getToken(slack, 'U-victim')).rejects.toBeInstanceOf(SecretBoxError);
  });

  it('opens a token sealed with the previous key and re-seals it under the current key', async () => {
    const keys = storeKeys(t.prefix);
    const token = freshToken();
    await store.link(slack, 'U-rotate', { token, claims: claims('rot'), linkedAt: 1 });
    const before = (await t.redis.hget(keys.identity(slack, 'U-rotate'), 'sealedToken'))!;

    const box2 = new SecretBox({ current: k2, previous: [k1] });
    const rotated = new IdentityStore({ redis: t.redis, prefix: t.prefix, secretBox: box2 });
    expect(box2.needsRotation(before)).toBe(true);
    expect(await rotated.getToken(slack, 'U-rotate')).toBe(token);

    const after = (await t.redis.hget(keys.identity(slack, 'U-rotate'), 'sealedToken'))!;
    expect(after).not.toBe(before);
    expect(box2.needsRotation(after)).toBe(false);
    expect((await rotated.get(slack, 'U-rotate'))?.keyId).toBe(box2.keyId);
    // Only the new key is needed from now on; the old one alone can no longer open it.
    const onlyNew = new IdentityStore({
      redis: t.redis,
      prefix: t.prefix,
      secretBox: new SecretBox({ current: k2 }),
    });
    expect(await onlyNew.getToken(slack, 'U-rotate')).toBe(token);
    await expect(store.getToken(slack, 'U-rotate')).rejects.toBeInstanceOf(SecretBoxError);
  });

  it('uses the hash-tagged prefix for every key it writes', async () => {
    const keys = await t.keys();
    expect(keys.length).toBeGreaterThan(0);
    expect(keys.every((k) => k.startsWith(`${t.prefix}:identity:`))).toBe(true);
  });
});
