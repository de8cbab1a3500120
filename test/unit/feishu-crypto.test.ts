// Locks in Feishu webhook cryptography: signatures verify only for the exact body, key and headers,
// and payloads encrypted the way Feishu does (AES-256-CBC, sha256 key, IV prefix) decrypt.
import { describe, expect, it } from 'vitest';
import {
  decryptLarkPayload,
  larkSignature,
  safeEqual,
  verifyLarkSignature,
} from '../../src/bot/feishu/feishu-crypto.js';
import { buildEventRequest, feishuEncrypt } from '../fakes/fake-feishu-api.js';

const KEY = 'encrypt-key-for-tests';

describe('feishu crypto', () => {
  it('verifies the signature of a request built like Feishu builds it', () => {
    const req = buildEventRequest(
      { hello: 'world' },
      { encryptKey: KEY, timestamp: 1_700_000_000, nonce: 'n1' },
    );
    const headers = {
      timestamp: req.headers['x-lark-request-timestamp']!,
      nonce: req.headers['x-lark-request-nonce']!,
      signature: req.headers['x-lark-signature']!,
    };
    const body = Buffer.from(req.body);
    expect(verifyLarkSignature(headers, KEY, body)).toBe(true);
    expect(verifyLarkSignature(headers, 'other-key', body)).toBe(false);
    expect(verifyLarkSignature({ ...headers, nonce: 'n2' }, KEY, body)).toBe(false);
    expect(verifyLarkSignature(headers, KEY, Buffer.from(req.body.replace(/.$/, ' }')))).toBe(false);
    expect(verifyLarkSignature({ ...headers, signature: 'short' }, KEY, body)).toBe(false);
    expect(larkSignature('1', '2', KEY, '{}')).toMatch(/^[0-9a-f]{64}$/);
  });

  it('decrypts what Feishu encrypts and refuses a wrong key or garbage', () => {
    const plain = JSON.stringify({ schema: '2.0', header: { token: 't' }, text: '中文 ok' });
    const enc = feishuEncrypt(plain, KEY);
    expect(decryptLarkPayload(enc, KEY)).toBe(plain);
    expect(() => decryptLarkPayload(enc, 'wrong-key')).toThrow();
    expect(() => decryptLarkPayload('bm90IGVub3VnaA==', KEY)).toThrow();
  });

  it('compares strings in constant time, false on any difference', () => {
    expect(safeEqual('abc', 'abc')).toBe(true);
    expect(safeEqual('abc', 'abd')).toBe(false);
    expect(safeEqual('abc', 'abcd')).toBe(false);
  });
});
