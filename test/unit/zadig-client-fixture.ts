/**
 * Shared setup of the Zadig client's HTTP tests: a local server started per file, a client bound to it
 * with a recognisable fake token, the recorded error bodies, and helpers that catch a ZadigError and
 * prove the token never leaks through it.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, beforeEach, expect } from 'vitest';
import type { ZadigClient } from '../../src/zadig/api.js';
import { createZadigClient, type ZadigClientOptions } from '../../src/zadig/client.js';
import { ZadigError } from '../../src/zadig/errors.js';
import { type LocalServer, startLocalServer } from './zadig-local-server.js';

export const TOKEN = 'eyJhbGciOiJIUzI1NiJ9.eyJ1aWQiOiJzZWNyZXQtdWlkIn0.SUPER-SECRET-SIGNATURE';
export const errors = JSON.parse(
  readFileSync(new URL('../fixtures/zadig/errors.json', import.meta.url), 'utf8'),
) as Record<string, unknown>;

/** Starts a local server for this test file (reset before each test) and returns a client factory. */
export function useLocalServer(): {
  readonly srv: LocalServer;
  client(extra?: Partial<ZadigClientOptions>): ZadigClient;
} {
  let srv: LocalServer | undefined;
  beforeAll(async () => {
    srv = await startLocalServer();
  });
  afterAll(() => srv?.close());
  beforeEach(() => {
    if (srv) srv.received.length = 0;
  });
  return {
    get srv() {
      if (!srv) throw new Error('local server not started yet');
      return srv;
    },
    client(extra = {}) {
      return createZadigClient({ baseUrl: `${this.srv.url}/`, token: TOKEN, retryBaseMs: 1, ...extra });
    },
  };
}

/** Awaits `p`, expecting it to fail with a ZadigError, and returns that error. */
export async function failure(p: Promise<unknown>): Promise<ZadigError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(ZadigError);
    return e as ZadigError;
  }
  throw new Error('expected a ZadigError');
}

/** Walks the error and its causes: the token must appear in none of them. */
export function assertNoToken(err: unknown): void {
  const seen = new Set<unknown>();
  let e: unknown = err;
  while (e && !seen.has(e)) {
    seen.add(e);
    const text = `${String(e)} ${JSON.stringify(e)} ${(e as Error).stack ?? ''} ${(e as Error).message ?? ''}`;
    expect(text).not.toContain('SUPER-SECRET');
    e = (e as { cause?: unknown }).cause;
  }
}
