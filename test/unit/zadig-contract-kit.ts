/**
 * Shared by the contract tests of the Zadig client: fixtures (replies shaped from the v3.4.1 server's Go
 * structs, the struct named where each is loaded) and one assertion for the request the server's
 * handler binds: method, path, exactly these query names and values, and the JSON body.
 */
import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import type { Received } from './zadig-local-server.js';

/** A reply fixture from test/fixtures/zadig/. */
export function fixture(name: string): unknown {
  return JSON.parse(readFileSync(new URL(`../fixtures/zadig/${name}.json`, import.meta.url), 'utf8'));
}

/** What the server's handler reads from a request. */
export interface WireRequest {
  method: string;
  path: string;
  /** Every query parameter, exactly (repeated names as arrays). */
  query?: Record<string, string | string[]>;
  /** The JSON body, exactly; absent = no body expected. */
  body?: unknown;
}

/** Asserts that `req` is exactly the request described (no extra query names, no missing ones). */
export function expectRequest(req: Received | undefined, want: WireRequest): void {
  expect(req, 'no request reached the server').toBeDefined();
  const r = req as Received;
  expect(r.method).toBe(want.method);
  expect(r.url.pathname).toBe(want.path);
  const query: Record<string, string | string[]> = {};
  for (const key of new Set(r.url.searchParams.keys())) {
    const all = r.url.searchParams.getAll(key);
    query[key] = all.length === 1 ? (all[0] as string) : all;
  }
  expect(query).toEqual(want.query ?? {});
  if (want.body === undefined) expect(r.body).toBe('');
  else expect(JSON.parse(r.body)).toEqual(want.body);
}
