/**
 * The request context handed to route handlers, the route table type, and small binding helpers that
 * reproduce gin's behaviour (bad query ints → 400 with an empty body; bad JSON → typed 400).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { SandboxCore } from './core.js';
import { EmptyStatusError, Errs } from './errors.js';
import type { UserRec } from './model.js';
import { permsOf } from './seed-users.js';

export type Obj = Record<string, unknown>;

export interface Ctx {
  readonly method: string;
  readonly path: string;
  readonly query: URLSearchParams;
  readonly params: Record<string, string>;
  readonly user: UserRec;
  readonly body: string;
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
  /** Marks the response as written by the handler (SSE); the server then leaves it alone. */
  markStatus(status: number): void;
}

export type Handler = (ctx: Ctx, core: SandboxCore) => unknown;

export interface Route {
  method: string;
  pattern: string;
  /** Licence the route needs (reference §2.7); the server answers 7050 below it. */
  license?:
    | 'professional'
    | 'enterprise'
    | ((ctx: { path: string; method: string }) => 'professional' | undefined);
  handler: Handler;
}

/** A handler result sent as `text/plain` (Zadig returns strings that way). */
export class TextReply {
  constructor(readonly text: string) {}
}

/** A handler result meaning "the response is already being written" (streams). */
export const HANDLED = Symbol('handled');

export function q(ctx: Ctx, name: string): string {
  return ctx.query.get(name) ?? '';
}

/** gin `form:"x,default=d"` int binding: absent → default, not an int → 400 empty body. */
export function qInt(ctx: Ctx, name: string, def: number): number {
  const raw = ctx.query.get(name);
  if (raw === null || raw === '') return def;
  if (!/^-?\d+$/.test(raw)) throw new EmptyStatusError(400);
  return Number.parseInt(raw, 10);
}

/** Parses the JSON body; invalid JSON is a typed 400 (ErrInvalidParam), as `ShouldBindJSON` gives. */
export function jsonBody(ctx: Ctx): Obj {
  if (!ctx.body.trim()) return {};
  try {
    const v = JSON.parse(ctx.body) as unknown;
    if (v && typeof v === 'object' && !Array.isArray(v)) return v as Obj;
    throw new Error('json: cannot unmarshal array into Go value of type object');
  } catch (err) {
    throw Errs.badRequest((err as Error).message);
  }
}

export function str(v: unknown): string {
  return typeof v === 'string' ? v : v === undefined || v === null ? '' : String(v);
}

/** A body value read as an object: anything else (arrays included) reads as `{}`. */
export function obj(v: unknown): Obj {
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : {};
}

/** A body value read as a list of objects: anything but an array reads as `[]`. */
export function arr(v: unknown): Obj[] {
  return Array.isArray(v) ? v.map(obj) : [];
}

/** Throws 403 (empty body) unless `user` holds `bit` in `projectKey`. */
export function requirePerm(
  user: UserRec,
  projectKey: string,
  bit: 'view' | 'execute' | 'managePods' | 'manageProdPods',
): void {
  const p = permsOf(user, projectKey);
  if (!p?.[bit]) throw Errs.forbidden();
}

export function canView(user: UserRec, projectKey: string): boolean {
  return !!permsOf(user, projectKey)?.view;
}

/** Slices a list for 1-based `pageNum`/`pageSize`. */
export function page<T>(items: T[], pageNum: number, pageSize: number): T[] {
  const n = Math.max(1, pageNum);
  const size = Math.max(0, pageSize);
  return items.slice((n - 1) * size, (n - 1) * size + size);
}
