/**
 * Authenticated encryption of stored user tokens: AES-256-GCM with key rotation.
 *
 * Sealed format: `v1.<keyId>.<base64(iv[12] || tag[16] || ciphertext)>`, where keyId is the first 8 hex
 * characters of SHA-256(key). The version, key id and the caller's AAD are all authenticated, so a
 * sealed value copied to another user (different AAD), edited, or opened with the wrong key throws
 * instead of returning garbage.
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

const VERSION = 'v1';
const ALGORITHM = 'aes-256-gcm';
const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const HEX_KEY = /^[0-9a-f]{64}$/i;
const HEX_ONLY = /^[0-9a-f]+$/i;
const BASE64 = /^[A-Za-z0-9+/_-]+={0,2}$/;
const STRICT_BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** Why a secret-box operation failed. Messages never contain key material, plaintext or AAD. */
export type SecretBoxErrorCode = 'INVALID_KEY' | 'UNKNOWN_KEY' | 'MALFORMED' | 'DECRYPT_FAILED';

/** Thrown on a bad key, an unknown key id, a malformed sealed value or a failed authentication. */
export class SecretBoxError extends Error {
  readonly code: SecretBoxErrorCode;

  constructor(code: SecretBoxErrorCode, message: string) {
    super(message);
    this.name = 'SecretBoxError';
    this.code = code;
  }
}

/** Key id of a key: first 8 hex characters of its SHA-256. Reveals nothing useful about the key. */
export function keyIdOf(key: Buffer): string {
  return createHash('sha256').update(key).digest('hex').slice(0, 8);
}

/**
 * Parses a 32-byte key written as 64 hex characters or as base64 (standard or url-safe, padding
 * optional). The error says what is wrong (empty, length, alphabet, decoded size) but never echoes
 * the value.
 *
 * @param label - how to name the key in the error, e.g. `ZBOT_SECRET_KEY`.
 */
export function parseSecretKey(str: string, label = 'secret key'): Buffer {
  const s = str.trim();
  const hint = 'expected 32 random bytes as 64 hex characters or base64 (e.g. `openssl rand -hex 32`)';
  if (s.length === 0) throw new SecretBoxError('INVALID_KEY', `${label} is empty; ${hint}`);
  let key: Buffer;
  if (HEX_KEY.test(s)) {
    key = Buffer.from(s, 'hex');
  } else if (HEX_ONLY.test(s) && s.length !== 43 && s.length !== 44) {
    throw new SecretBoxError(
      'INVALID_KEY',
      `${label} looks like hex but has ${s.length} characters; ${hint}`,
    );
  } else if (!BASE64.test(s)) {
    throw new SecretBoxError(
      'INVALID_KEY',
      `${label} (${s.length} characters) contains characters that are neither hex nor base64; ${hint}`,
    );
  } else {
    key = Buffer.from(s.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
    if (key.length !== KEY_BYTES) {
      throw new SecretBoxError('INVALID_KEY', `${label} decodes to ${key.length} bytes; ${hint}`);
    }
  }
  if (key.every((b) => b === key[0])) {
    throw new SecretBoxError('INVALID_KEY', `${label} is one byte repeated, not a random key; ${hint}`);
  }
  return key;
}

/** The keys a SecretBox uses: seal with `current`, open with any of them. */
export interface SecretBoxKeys {
  current: Buffer;
  /** Keys retired by a rotation; values sealed with them still open (and should be re-sealed). */
  previous?: Buffer[];
}

/** AES-256-GCM sealing bound to an AAD string, with key ids for rotation. */
export class SecretBox {
  /** Key id of the current key (stored next to sealed values for operators). */
  readonly keyId: string;
  readonly #current: Buffer;
  readonly #keys = new Map<string, Buffer>();

  constructor(keys: SecretBoxKeys) {
    for (const key of [keys.current, ...(keys.previous ?? [])]) {
      if (!Buffer.isBuffer(key) || key.length !== KEY_BYTES) {
        throw new SecretBoxError('INVALID_KEY', `secret-box keys must be ${KEY_BYTES} bytes`);
      }
      const id = keyIdOf(key);
      if (!this.#keys.has(id)) this.#keys.set(id, Buffer.from(key));
    }
    this.#current = Buffer.from(keys.current);
    this.keyId = keyIdOf(keys.current);
  }

  /**
   * Encrypts `plaintext` with the current key and a fresh random IV.
   * @param aad - context the value is bound to (e.g. the owner's identity); `open` needs the same.
   */
  seal(plaintext: string, aad: string): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv(ALGORITHM, this.#current, iv, { authTagLength: TAG_BYTES });
    cipher.setAAD(associatedData(this.keyId, aad));
    const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    const body = Buffer.concat([iv, cipher.getAuthTag(), ciphertext]).toString('base64');
    return `${VERSION}.${this.keyId}.${body}`;
  }

  /**
   * Decrypts a sealed value with the key named by its key id.
   * @throws SecretBoxError MALFORMED, UNKNOWN_KEY (sealed with a key this box does not hold) or
   *   DECRYPT_FAILED (wrong AAD, tampered data): never returns unauthenticated bytes.
   */
  open(sealed: string, aad: string): string {
    const { keyId, body } = parseSealed(sealed);
    const key = this.#keys.get(keyId);
    if (!key) throw new SecretBoxError('UNKNOWN_KEY', `sealed with unknown key id ${keyId}`);
    const iv = body.subarray(0, IV_BYTES);
    const tag = body.subarray(IV_BYTES, IV_BYTES + TAG_BYTES);
    const ciphertext = body.subarray(IV_BYTES + TAG_BYTES);
    try {
      const decipher = createDecipheriv(ALGORITHM, key, iv, { authTagLength: TAG_BYTES });
      decipher.setAAD(associatedData(keyId, aad));
      decipher.setAuthTag(tag);
      return Buffer.concat([decipher.update(ciphertext), decipher.final()]).toString('utf8');
    } catch {
      throw new SecretBoxError(
        'DECRYPT_FAILED',
        'sealed value failed authentication (wrong key, AAD or data)',
      );
    }
  }

  /**
   * True when `sealed` was made with a key other than the current one and should be re-sealed.
   * @throws SecretBoxError MALFORMED
   */
  needsRotation(sealed: string): boolean {
    return parseSealed(sealed).keyId !== this.keyId;
  }
}

/** Version and key id are authenticated with the caller's AAD, so the header cannot be swapped. */
function associatedData(keyId: string, aad: string): Buffer {
  return Buffer.from(`zbot-secret-box\u0000${VERSION}\u0000${keyId}\u0000${aad}`, 'utf8');
}

function parseSealed(sealed: string): { keyId: string; body: Buffer } {
  const parts = typeof sealed === 'string' ? sealed.split('.') : [];
  const [version, keyId, b64] = parts;
  if (
    parts.length !== 3 ||
    version !== VERSION ||
    keyId === undefined ||
    !/^[0-9a-f]{8}$/.test(keyId) ||
    b64 === undefined ||
    !STRICT_BASE64.test(b64)
  ) {
    throw new SecretBoxError('MALFORMED', 'not a sealed value of a known format');
  }
  const body = Buffer.from(b64, 'base64');
  if (body.length < IV_BYTES + TAG_BYTES) {
    throw new SecretBoxError('MALFORMED', 'sealed value is truncated');
  }
  return { keyId, body };
}
