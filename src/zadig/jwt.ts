/**
 * Reads the identity claims of a Zadig API token (a JWT). Nothing is verified here: Zadig itself
 * decodes without verifying, and a real call confirms the token works.
 */
import type { TokenClaims } from './types.js';

function decodeSegment(segment: string): unknown {
  if (!/^[A-Za-z0-9_-]+={0,2}$/.test(segment)) return null;
  try {
    return JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'));
  } catch {
    return null;
  }
}

/** Claims `uid`, `name`, `preferred_username` (→ account) and `email`; null when the token is not a JWT. */
export function decodeTokenClaims(token: string): TokenClaims | null {
  const parts = token
    .trim()
    .replace(/^Bearer\s+/i, '')
    .split('.');
  if (parts.length !== 3 || !parts[1]) return null;
  const payload = decodeSegment(parts[1]);
  if (payload === null || typeof payload !== 'object' || Array.isArray(payload)) return null;
  const p = payload as Record<string, unknown>;
  const str = (v: unknown) => (typeof v === 'string' ? v : '');
  const claims: TokenClaims = {
    uid: str(p.uid),
    name: str(p.name),
    account: str(p.preferred_username),
    email: str(p.email),
  };
  return claims.uid || claims.name || claims.account ? claims : null;
}

// Three base64url parts joined by dots, not part of a longer dotted word (a hostname, a version).
const JWT_SHAPED =
  /(?<![A-Za-z0-9_.-])[A-Za-z0-9_-]{2,}\.[A-Za-z0-9_-]{2,}\.[A-Za-z0-9_-]*(?![A-Za-z0-9_.-])/g;

/**
 * Every JWT-shaped word in `text` (a Zadig API token, or any other JWT): three base64url parts whose
 * first decodes to a JSON object, as a JWT header does. Hostnames and versions (`a.b.c`) are not.
 */
export function findJwtShaped(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(JWT_SHAPED)) {
    const header = Buffer.from(m[0].split('.')[0] as string, 'base64url').toString('utf8');
    if (/^\s*\{/.test(header)) out.push(m[0]);
  }
  return out;
}
