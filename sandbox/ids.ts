/**
 * Deterministic id, hash and time-format helpers, so seeded data looks the same on every start.
 */
import { createHash } from 'node:crypto';

/** 24-hex Mongo-style ObjectID: 8 hex of Unix seconds + 16 hex derived from a seed string. */
export function objectId(sec: number, seed: string): string {
  const ts = Math.max(0, Math.floor(sec)).toString(16).padStart(8, '0').slice(-8);
  return ts + sha1(seed).slice(0, 16);
}

/** SHA-1 hex of a string (used for fake commit ids and stable suffixes). */
export function sha1(s: string): string {
  return createHash('sha1').update(s).digest('hex');
}

/** A stable UUID-shaped string derived from a seed. */
export function stableUuid(seed: string): string {
  const h = sha1(seed);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** Five-character lower-case pod suffix derived from a seed (k8s style). */
export function podSuffix(seed: string): string {
  const alphabet = 'bcdfghjklmnpqrstvwxz2456789';
  const h = sha1(seed);
  let out = '';
  for (let i = 0; i < 5; i++)
    out += alphabet[Number.parseInt(h.slice(i * 2, i * 2 + 2), 16) % alphabet.length];
  return out;
}

export function toSec(ms: number): number {
  return Math.floor(ms / 1000);
}

/** `YYYY-MM-DD` in UTC. */
export function isoDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** `YYYYMMDDHHmmss` in UTC (Zadig's image tag timestamp). */
export function compactStamp(ms: number): string {
  return new Date(ms).toISOString().replace(/[-:T]/g, '').slice(0, 14);
}

/** Kubernetes-style age: `42s`, `5m`, `3h`, `12d`. */
export function kubeAge(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  if (s < 120) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 120) return `${m}m`;
  const h = Math.floor(m / 60);
  if (h < 48) return `${h}h`;
  return `${Math.floor(h / 24)}d`;
}

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;
