// Locks in the token encryption: AES-256-GCM round trips, fails closed (wrong key, tampering, AAD
// mismatch) with SecretBoxError, rotates keys by key id, and key parsing never echoes the key.
import { createHash, randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { keyIdOf, parseSecretKey, SecretBox, SecretBoxError } from '../../src/store/secret-box.js';

const key = () => randomBytes(32);

function expectBoxError(fn: () => unknown, code: SecretBoxError['code']): SecretBoxError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(SecretBoxError);
    expect((err as SecretBoxError).code).toBe(code);
    return err as SecretBoxError;
  }
  throw new Error('expected a SecretBoxError');
}

describe('parseSecretKey', () => {
  it('accepts 64 hex characters and base64 (standard, url-safe, unpadded) of 32 bytes', () => {
    const k = key();
    expect(parseSecretKey(k.toString('hex')).equals(k)).toBe(true);
    expect(parseSecretKey(k.toString('hex').toUpperCase()).equals(k)).toBe(true);
    expect(parseSecretKey(k.toString('base64')).equals(k)).toBe(true);
    expect(parseSecretKey(k.toString('base64url')).equals(k)).toBe(true);
    expect(parseSecretKey(`  ${k.toString('base64')}\n`).equals(k)).toBe(true);
  });

  it.each([
    ['', /is empty/],
    ['abcdef0123', /looks like hex but has 10 characters/],
    [randomBytes(16).toString('base64'), /decodes to 16 bytes/],
    [randomBytes(48).toString('base64'), /decodes to 48 bytes/],
    ['not a key!! with spaces and symbols %%%%', /neither hex nor base64/],
    ['00'.repeat(32), /one byte repeated/],
  ])('rejects %j with a message naming the problem', (input, message) => {
    const err = expectBoxError(() => parseSecretKey(input, 'ZBOT_SECRET_KEY'), 'INVALID_KEY');
    expect(err.message).toMatch(message);
    expect(err.message).toContain('ZBOT_SECRET_KEY');
    if (input.trim().length > 2) expect(err.message).not.toContain(input.trim());
  });

  it('never echoes a wrong-length hex key', () => {
    const almost = randomBytes(31).toString('hex');
    const err = expectBoxError(() => parseSecretKey(almost), 'INVALID_KEY');
    expect(err.message).not.toContain(almost);
    expect(err.message).not.toContain(almost.slice(0, 16));
  });
});

describe('SecretBox', () => {
  it('round-trips any text and uses a fresh IV each time', () => {
    const box = new SecretBox({ current: key() });
    fc.assert(
      fc.property(fc.string(), fc.string(), (plaintext, aad) => {
        expect(box.open(box.seal(plaintext, aad), aad)).toBe(plaintext);
      }),
      { numRuns: 200 },
    );
    expect(box.seal('same', 'aad')).not.toBe(box.seal('same', 'aad'));
  });

  it('writes version, key id (first 8 hex of SHA-256 of the key) and base64 body, never the plaintext', () => {
    const k = key();
    const box = new SecretBox({ current: k });
    const sealed = box.seal('zadig-token-123', 'aad');
    const [version, kid, body] = sealed.split('.');
    expect(version).toBe('v1');
    expect(kid).toBe(createHash('sha256').update(k).digest('hex').slice(0, 8));
    expect(kid).toBe(keyIdOf(k));
    expect(box.keyId).toBe(kid);
    expect(Buffer.from(body ?? '', 'base64').length).toBe(12 + 16 + 'zadig-token-123'.length);
    expect(sealed).not.toContain('zadig-token');
  });

  it('fails closed under a different key', () => {
    const sealed = new SecretBox({ current: key() }).seal('secret', 'aad');
    expectBoxError(() => new SecretBox({ current: key() }).open(sealed, 'aad'), 'UNKNOWN_KEY');
  });

  it('fails closed when the key id is forged to point at the wrong key', () => {
    const a = new SecretBox({ current: key() });
    const other = key();
    const b = new SecretBox({ current: other, previous: [key()] });
    const sealed = a.seal('secret', 'aad');
    const forged = sealed.replace(`.${a.keyId}.`, `.${keyIdOf(other)}.`);
    expectBoxError(() => b.open(forged, 'aad'), 'DECRYPT_FAILED');
  });

  it('fails closed on any flipped bit of IV, tag or ciphertext', () => {
    const box = new SecretBox({ current: key() });
    const sealed = box.seal('a token worth protecting', 'aad');
    const [v, kid, b64] = sealed.split('.') as [string, string, string];
    const body = Buffer.from(b64, 'base64');
    for (let i = 0; i < body.length; i++) {
      const tampered = Buffer.from(body);
      tampered[i] = (tampered[i] ?? 0) ^ 0x01;
      expectBoxError(() => box.open(`${v}.${kid}.${tampered.toString('base64')}`, 'aad'), 'DECRYPT_FAILED');
    }
  });

  it('fails closed on an AAD mismatch (a token copied to another user)', () => {
    const box = new SecretBox({ current: key() });
    const sealed = box.seal('secret', 'slack:T1:U-alice');
    expectBoxError(() => box.open(sealed, 'slack:T1:U-mallory'), 'DECRYPT_FAILED');
  });

  it.each([
    'plain-token',
    'v2.abcdef01.AAAA',
    'v1.nothex!!.AAAA',
    'v1.abcdef01.not base64',
    'v1.abcdef01.AAAA',
    'v1.abcdef01',
  ])('rejects malformed input %j', (sealed) => {
    const box = new SecretBox({ current: key() });
    expectBoxError(() => box.open(sealed, 'aad'), 'MALFORMED');
  });

  it('opens values sealed with a previous key and says they need rotation', () => {
    const oldKey = key();
    const newKey = key();
    const sealedOld = new SecretBox({ current: oldKey }).seal('secret', 'aad');
    const rotated = new SecretBox({ current: newKey, previous: [oldKey] });
    expect(rotated.open(sealedOld, 'aad')).toBe('secret');
    expect(rotated.needsRotation(sealedOld)).toBe(true);
    const resealed = rotated.seal('secret', 'aad');
    expect(rotated.needsRotation(resealed)).toBe(false);
    expectBoxError(() => new SecretBox({ current: oldKey }).open(resealed, 'aad'), 'UNKNOWN_KEY');
  });

  it('refuses keys that are not 32 bytes', () => {
    expectBoxError(() => new SecretBox({ current: randomBytes(16) }), 'INVALID_KEY');
    expectBoxError(() => new SecretBox({ current: key(), previous: [randomBytes(31)] }), 'INVALID_KEY');
  });
});
