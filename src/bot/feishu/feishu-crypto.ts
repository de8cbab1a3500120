/**
 * Feishu webhook cryptography (platforms.md §B.5): the request signature
 * `X-Lark-Signature = hex(sha256(timestamp + nonce + encryptKey + rawBody))` and the body encryption
 * `{"encrypt": base64(IV16 || AES-256-CBC(key = sha256(encryptKey), PKCS7))}`. Pure functions.
 */
import { createDecipheriv, createHash, timingSafeEqual } from 'node:crypto';

/** The signature Feishu sends for a body, as lowercase hex. */
export function larkSignature(
  timestamp: string,
  nonce: string,
  encryptKey: string,
  rawBody: string | Buffer,
): string {
  return createHash('sha256')
    .update(timestamp + nonce + encryptKey)
    .update(rawBody)
    .digest('hex');
}

/** Constant-time comparison of two strings (false on different lengths). */
export function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a, 'utf8');
  const y = Buffer.from(b, 'utf8');
  return x.length === y.length && timingSafeEqual(x, y);
}

/** True when `signature` is the valid signature of `rawBody` (constant-time). */
export function verifyLarkSignature(
  headers: { timestamp: string; nonce: string; signature: string },
  encryptKey: string,
  rawBody: Buffer,
): boolean {
  const expected = larkSignature(headers.timestamp, headers.nonce, encryptKey, rawBody);
  return safeEqual(expected, headers.signature.toLowerCase());
}

/** Decrypts an `encrypt` field; throws on a wrong key or a malformed payload. */
export function decryptLarkPayload(encrypt: string, encryptKey: string): string {
  const key = createHash('sha256').update(encryptKey).digest();
  const buf = Buffer.from(encrypt, 'base64');
  if (buf.length < 32 || (buf.length - 16) % 16 !== 0) throw new Error('malformed encrypted payload');
  const decipher = createDecipheriv('aes-256-cbc', key, buf.subarray(0, 16));
  return Buffer.concat([decipher.update(buf.subarray(16)), decipher.final()]).toString('utf8');
}
