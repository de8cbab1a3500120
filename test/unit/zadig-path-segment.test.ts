// Locks in that a value becomes a Zadig URL path segment only through one function that refuses `.`,
// `..`, their encodings and path separators — before any request is made — and encodes everything else.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Sandbox, startSandbox } from '../../sandbox/index.js';
import { fillRoute } from '../../src/zadig/http.js';
import { createZadigClient, isDotSegment, isZadigError, pathSegment } from '../../src/zadig/index.js';

const DOTS = ['.', '..', '%2e', '%2E%2e', '.%2e', '%252e%252e', '%c0%ae%c0%ae', '．．', '\u2025', ' .. '];
const SEPARATORS = ['a/b', 'a%2Fb', 'a%252f..', '..\\x', 'x\\y'];

describe('pathSegment', () => {
  it('refuses dot-segments however they are written', () => {
    for (const v of DOTS) {
      expect(isDotSegment(v), v).toBe(true);
      expect(() => pathSegment(v), v).toThrow(/not a name/);
    }
  });

  it('refuses separators and the empty value', () => {
    for (const v of [...SEPARATORS, '']) expect(() => pathSegment(v), v).toThrow(/not a name/);
  });

  it('encodes ordinary names, including dots inside them', () => {
    expect(pathSegment('release-prod')).toBe('release-prod');
    expect(pathSegment('v1.4.2')).toBe('v1.4.2');
    expect(pathSegment('...')).toBe('...');
    expect(pathSegment('a b?#')).toBe('a%20b%3F%23');
    expect(pathSegment(42)).toBe('42');
    expect(fillRoute('/openapi/build/:name/detail', { name: 'backend-build' })).toBe(
      '/openapi/build/backend-build/detail',
    );
  });
});

describe('the client', () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await startSandbox();
  });
  afterAll(async () => {
    await sandbox.close();
  });

  it('makes no request for a dot-segment name: build, scan, release plan', async () => {
    const client = createZadigClient({ baseUrl: sandbox.url, token: sandbox.botToken, retries: 0 });
    const before = sandbox.requests.length;
    const calls = [
      client.getBuild('demo', '..'),
      client.runScan('demo', '..', { repos: [] }),
      client.getReleasePlan('.'),
      client.getEnv('demo', '%2e%2e'),
    ];
    for (const call of calls) {
      const e = await call.then(
        () => undefined,
        (err: unknown) => err,
      );
      expect(isZadigError(e) && e.code).toBe('ZADIG_BAD_REQUEST');
    }
    expect(sandbox.requests.slice(before)).toEqual([]);
  });
});
