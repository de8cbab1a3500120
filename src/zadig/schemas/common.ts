/**
 * Building blocks for the response schemas: lenient readers for optional fields (a missing or
 * mistyped optional field becomes its default) and `parseResponse`, which turns a schema mismatch
 * on a field we rely on into a ZADIG_PROTOCOL error instead of a crash further down.
 */
import { z } from 'zod';
import { ZadigError } from '../errors.js';

/** An optional string field as `optStr` reads it (for hand-written readers of hot responses). */
export function readOptStr(v: unknown): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  return '';
}

/** An optional number field as `optNum` reads it. */
export function readOptNum(v: unknown): number {
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return Number(v);
  return 0;
}

/** Optional string: null, absent or non-string → '' (numbers are stringified, Zadig mixes them). */
export const optStr = z.unknown().optional().transform(readOptStr);

/** Optional number: null, absent or non-numeric → 0. */
export const optNum = z.unknown().optional().transform(readOptNum);

/** Optional boolean: only `true` is true. */
export const optBool = z
  .unknown()
  .optional()
  .transform((v): boolean => v === true);

/** Optional string list: non-strings dropped, null → []. */
export const optStrList = z
  .unknown()
  .optional()
  .transform((v): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []));

/** Optional plain object: anything else → {}. */
export const optRecord = z
  .unknown()
  .optional()
  .transform(
    (v): Record<string, unknown> =>
      v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {},
  );

/** Required non-empty string (an identifier we key on). */
export const reqStr = z.string().min(1);

/** Required integer id (Zadig sends int64 as JSON numbers). */
export const reqInt = z.number().int();

/** Optional array whose items must still match `item`; null/absent/non-array → []. */
export function optArr<T extends z.ZodType>(item: T) {
  return z.preprocess((v) => (Array.isArray(v) ? v : []), z.array(item));
}

/** Optional object parsed with `schema` when present; null/absent/non-object → null. */
export function optObj<T extends z.ZodType>(schema: T) {
  return z.preprocess(
    (v) => (v !== null && typeof v === 'object' && !Array.isArray(v) ? v : null),
    schema.nullable(),
  );
}

/** First non-empty string among the candidates (DOC≠SRC field aliases), else ''. */
export function firstStr(...values: unknown[]): string {
  for (const v of values) if (typeof v === 'string' && v !== '') return v;
  return '';
}

/** Validates a decoded response body; a mismatch becomes ZADIG_PROTOCOL naming the endpoint and paths. */
export function parseResponse<T extends z.ZodType>(schema: T, data: unknown, endpoint: string): z.output<T> {
  const result = schema.safeParse(data);
  if (result.success) return result.data;
  // Paths and zod's messages only: never the received values, which could hold anything.
  const detail = result.error.issues
    .slice(0, 3)
    .map((i) => `${i.path.length > 0 ? i.path.join('.') : '(root)'}: ${i.message}`)
    .join('; ');
  throw new ZadigError({
    code: 'ZADIG_PROTOCOL',
    message: `Zadig ${endpoint}: unexpected response shape (${detail})`,
    endpoint,
    description: detail,
  });
}
