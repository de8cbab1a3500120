/**
 * HS256 JWTs shaped like Zadig API tokens (claims per zadig-internals §4.1). The sandbox signs with a
 * fixed secret so tokens printed by `npm run sandbox` stay valid across restarts.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

/** Claims Zadig puts in an API token. */
export interface TokenClaims {
  name: string;
  uid: string;
  email: string;
  phone: string;
  preferred_username: string;
  aud: string;
  exp: number;
  federated_claims: { connector_id: string; user_id: string };
}

const SANDBOX_SECRET = 'zadig-sandbox-signing-secret-not-for-production';

function b64url(input: Buffer | string): string {
  return Buffer.from(input).toString('base64url');
}

function sign(data: string, secret: string): Buffer {
  return createHmac('sha256', secret).update(data).digest();
}

/** Signs `claims` as an HS256 JWT. */
export function signToken(claims: TokenClaims, secret = SANDBOX_SECRET): string {
  const head = b64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));
  const body = b64url(JSON.stringify(claims));
  const sig = sign(`${head}.${body}`, secret).toString('base64url');
  return `${head}.${body}.${sig}`;
}

/** Returns the claims when the signature and expiry check out, else null. */
export function verifyToken(token: string, nowSec: number, secret = SANDBOX_SECRET): TokenClaims | null {
  const parts = token.split('.');
  if (parts.length !== 3) return null;
  const [head, body, sig] = parts as [string, string, string];
  const expected = sign(`${head}.${body}`, secret);
  const given = Buffer.from(sig, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  try {
    const header = JSON.parse(Buffer.from(head, 'base64url').toString('utf8')) as { alg?: string };
    if (header.alg !== 'HS256') return null;
    const claims = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as TokenClaims;
    if (typeof claims.uid !== 'string' || typeof claims.exp !== 'number' || claims.exp < nowSec) return null;
    return claims;
  } catch {
    return null;
  }
}
