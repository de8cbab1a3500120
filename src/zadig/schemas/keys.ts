/**
 * Deep key-case conversion for the free-form parts of Zadig JSON: job `spec` objects come in as
 * snake_case and are handed to the rest of the app in camelCase; run-input `parameters` go out in
 * snake_case. Both conversions are idempotent, so callers may pass either casing.
 */

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

// Zadig uses a small vocabulary of keys over and over: remember each conversion (bounded).
const CAMEL = new Map<string, string>();
const CAMEL_MAX = 4096;

/** `service_and_builds` → `serviceAndBuilds`; keys without `_` are left as they are. */
export function camelKey(key: string): string {
  if (!key.includes('_')) return key;
  let out = CAMEL.get(key);
  if (out === undefined) {
    out = key.replace(/(?<=[A-Za-z0-9])_+([a-z0-9])/g, (_m, c: string) => c.toUpperCase());
    if (CAMEL.size >= CAMEL_MAX) CAMEL.clear();
    CAMEL.set(key, out);
  }
  return out;
}

/** `serviceList` → `service_list`; keys without upper-case letters are left as they are. */
export function snakeKey(key: string): string {
  return key.replace(/(?<=[a-z0-9])[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

function mapKeys(value: unknown, convert: (k: string) => string): unknown {
  if (Array.isArray(value)) return value.map((v) => mapKeys(v, convert));
  if (!isPlainObject(value)) return value;
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(value)) out[convert(k)] = mapKeys(value[k], convert);
  return out;
}

/** Deep copy with camelCase keys (values untouched). */
export function camelKeys(value: unknown): unknown {
  return mapKeys(value, camelKey);
}

/** Deep copy with snake_case keys (values untouched). */
export function snakeKeys(value: unknown): unknown {
  return mapKeys(value, snakeKey);
}

/** camelKeys for a value expected to be an object; anything else → {}. */
export function camelRecord(value: unknown): Record<string, unknown> {
  const v = camelKeys(value);
  return isPlainObject(v) ? v : {};
}
