/**
 * Linked Zadig identities per chat user. The user's API token is sealed (SecretBox, AAD = the chat
 * identity) before it reaches Redis; reads without `getToken` never decrypt it. Secondary indexes
 * (Zadig uid, email) let the bot find and DM a linked approver.
 */

import type { TokenClaims } from '../zadig/types.js';
import { type StoreKeys, storeKeys, userMember } from './keys.js';
import { LuaScript } from './lua.js';
import type { RedisConnection } from './redis.js';
import type { SecretBox } from './secret-box.js';
import { assertPrefix, type Scope, type StoreOptions } from './types.js';

/** What `link` takes. The token is sealed immediately and never stored or returned in the clear. */
export interface LinkInput {
  token: string;
  claims: TokenClaims;
  /** Epoch milliseconds. */
  linkedAt: number;
}

/** A linked identity without its token. */
export interface LinkedIdentity {
  uid: string;
  name: string;
  account: string;
  email: string;
  /** Epoch milliseconds. */
  linkedAt: number;
  /** Id of the key the token is sealed with (for operators checking a rotation). */
  keyId: string;
}

/** Options of `IdentityStore`. */
export interface IdentityStoreOptions extends StoreOptions {
  secretBox: SecretBox;
}

// Compare-and-set on the indexed fields, so two concurrent links of one user never leave an index
// entry pointing at the wrong identity. KEYS: hash, all-set, nRem sets to leave, then sets to join.
// ARGV: expected uid, expected email, user id, all-set member, nRem, field/value pairs...
const LINK = new LuaScript(`
local cur = redis.call('HMGET', KEYS[1], 'uid', 'email')
if (cur[1] or '') ~= ARGV[1] or (cur[2] or '') ~= ARGV[2] then return 0 end
local nrem = tonumber(ARGV[5])
for i = 3, 2 + nrem do redis.call('SREM', KEYS[i], ARGV[3]) end
for i = 3 + nrem, #KEYS do redis.call('SADD', KEYS[i], ARGV[3]) end
redis.call('DEL', KEYS[1])
redis.call('HSET', KEYS[1], unpack(ARGV, 6))
redis.call('SADD', KEYS[2], ARGV[4])
return 1
`);

// KEYS: hash, all-set, index sets to leave. ARGV: expected uid, expected email, user id, all-set member.
// Returns 1 removed, 0 nothing linked, -1 changed concurrently.
const UNLINK = new LuaScript(`
local cur = redis.call('HMGET', KEYS[1], 'uid', 'email')
if (cur[1] or '') ~= ARGV[1] or (cur[2] or '') ~= ARGV[2] then return -1 end
for i = 3, #KEYS do redis.call('SREM', KEYS[i], ARGV[3]) end
redis.call('SREM', KEYS[2], ARGV[4])
return redis.call('DEL', KEYS[1])
`);

// Re-seal only if the stored value is still the one we opened (a concurrent login wins).
const RESEAL = new LuaScript(`
if redis.call('HGET', KEYS[1], 'sealedToken') ~= ARGV[1] then return 0 end
redis.call('HSET', KEYS[1], 'sealedToken', ARGV[2], 'keyId', ARGV[3])
return 1
`);

const MAX_CAS_ATTEMPTS = 8;

/** Linked Zadig identities, one Redis hash per chat user. */
export class IdentityStore {
  readonly #redis: RedisConnection;
  readonly #keys: StoreKeys;
  readonly #box: SecretBox;

  constructor(opts: IdentityStoreOptions) {
    assertPrefix(opts.prefix);
    this.#redis = opts.redis;
    this.#keys = storeKeys(opts.prefix);
    this.#box = opts.secretBox;
  }

  /** Links (or re-links) a chat user to a Zadig identity; the token is sealed before it is written. */
  async link(scope: Scope, userId: string, input: LinkInput): Promise<LinkedIdentity> {
    if (input.token === '' || input.claims.uid === '')
      throw new TypeError('link needs a token and a Zadig uid');
    const key = this.#keys.identity(scope, userId);
    const email = normalizeEmail(input.claims.email);
    const identity: LinkedIdentity = {
      uid: input.claims.uid,
      name: input.claims.name,
      account: input.claims.account,
      email,
      linkedAt: input.linkedAt,
      keyId: this.#box.keyId,
    };
    const sealedToken = this.#box.seal(input.token, tokenAad(scope, userId));
    const fields = [
      'sealedToken',
      sealedToken,
      'uid',
      identity.uid,
      'name',
      identity.name,
      'account',
      identity.account,
      'email',
      identity.email,
      'linkedAt',
      String(identity.linkedAt),
      'keyId',
      identity.keyId,
    ];
    for (let attempt = 0; attempt < MAX_CAS_ATTEMPTS; attempt++) {
      const [oldUid, oldEmail] = await this.#indexed(key);
      const leave = this.#indexKeys(scope, oldUid, oldEmail);
      const join = this.#indexKeys(scope, identity.uid, identity.email);
      const ok = await LINK.run(
        this.#redis,
        [key, this.#keys.identityAll, ...leave, ...join],
        [oldUid, oldEmail, userId, userMember(scope, userId), leave.length, ...fields],
      );
      if (ok === 1) return identity;
    }
    throw new Error('identity link kept racing with concurrent updates; try again');
  }

  /** The linked identity (claims only), or null when the user never linked or logged out. */
  async get(scope: Scope, userId: string): Promise<LinkedIdentity | null> {
    const h = await this.#redis.hgetall(this.#keys.identity(scope, userId));
    if (h.sealedToken === undefined || h.uid === undefined) return null;
    return {
      uid: h.uid,
      name: h.name ?? '',
      account: h.account ?? '',
      email: h.email ?? '',
      linkedAt: Number(h.linkedAt ?? 0),
      keyId: h.keyId ?? '',
    };
  }

  /**
   * The user's decrypted Zadig token, or null when not linked. A token sealed with a previous key is
   * re-sealed under the current key on the way out.
   * @throws SecretBoxError when the stored value cannot be authenticated (key lost, tampering); treat
   *   it as "not linked, please log in again", never fall back to anything else.
   */
  async getToken(scope: Scope, userId: string): Promise<string | null> {
    const key = this.#keys.identity(scope, userId);
    const sealed = await this.#redis.hget(key, 'sealedToken');
    if (sealed === null) return null;
    const aad = tokenAad(scope, userId);
    const token = this.#box.open(sealed, aad);
    if (this.#box.needsRotation(sealed)) {
      await RESEAL.run(this.#redis, [key], [sealed, this.#box.seal(token, aad), this.#box.keyId]);
    }
    return token;
  }

  /** Forgets the user's identity and token. Resolves false when nothing was linked. */
  async unlink(scope: Scope, userId: string): Promise<boolean> {
    const key = this.#keys.identity(scope, userId);
    for (let attempt = 0; attempt < MAX_CAS_ATTEMPTS; attempt++) {
      const [uid, email] = await this.#indexed(key);
      const result = await UNLINK.run(
        this.#redis,
        [key, this.#keys.identityAll, ...this.#indexKeys(scope, uid, email)],
        [uid, email, userId, userMember(scope, userId)],
      );
      if (result !== -1) return result === 1;
    }
    throw new Error('identity unlink kept racing with concurrent updates; try again');
  }

  /** Chat user ids (in this scope) linked to a Zadig user id, sorted. */
  async findByZadigUid(scope: Scope, uid: string): Promise<string[]> {
    if (uid === '') return [];
    return (await this.#redis.smembers(this.#keys.identityByUid(scope, uid))).sort();
  }

  /** Chat user ids (in this scope) whose linked Zadig identity has this email (case-insensitive), sorted. */
  async findByEmail(scope: Scope, email: string): Promise<string[]> {
    const normalized = normalizeEmail(email);
    if (normalized === '') return [];
    return (await this.#redis.smembers(this.#keys.identityByEmail(scope, normalized))).sort();
  }

  /** Number of linked users across all scopes. */
  async count(): Promise<number> {
    return this.#redis.scard(this.#keys.identityAll);
  }

  async #indexed(key: string): Promise<[string, string]> {
    const [uid, email] = await this.#redis.hmget(key, 'uid', 'email');
    return [uid ?? '', email ?? ''];
  }

  #indexKeys(scope: Scope, uid: string, email: string): string[] {
    const keys: string[] = [];
    if (uid !== '') keys.push(this.#keys.identityByUid(scope, uid));
    if (email !== '') keys.push(this.#keys.identityByEmail(scope, email));
    return keys;
  }
}

/** Binds a sealed token to exactly one chat user, so a copied value fails to open for anyone else. */
function tokenAad(scope: Scope, userId: string): string {
  return JSON.stringify(['identity-token', scope.platform, scope.tenant, userId]);
}

function normalizeEmail(email: string | undefined): string {
  return (email ?? '').trim().toLowerCase();
}
