// Locks in the mapping of every Zadig failure shape (401/403/404, 6xxx, 7050, 400, 500 mongo, 5xx,
// non-JSON, schema mismatch) to ZadigError codes, and that the token never appears in an error or its causes.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createZadigClient, type ZadigClientOptions } from '../../src/zadig/client.js';
import { ZadigError } from '../../src/zadig/errors.js';
import { json, type LocalServer, startLocalServer } from './zadig-local-server.js';

const TOKEN = 'eyJhbGciOiJIUzI1NiJ9.eyJ1aWQiOiJzZWNyZXQtdWlkIn0.SUPER-SECRET-SIGNATURE';
const errors = JSON.parse(
  readFileSync(new URL('../fixtures/zadig/errors.json', import.meta.url), 'utf8'),
) as Record<string, unknown>;

let srv: LocalServer;
beforeAll(async () => {
  srv = await startLocalServer();
});
afterAll(() => srv.close());
beforeEach(() => {
  srv.received.length = 0;
});

function client(extra: Partial<ZadigClientOptions> = {}) {
  return createZadigClient({ baseUrl: `${srv.url}/`, token: TOKEN, retryBaseMs: 1, ...extra });
}

async function failure(p: Promise<unknown>): Promise<ZadigError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(ZadigError);
    return e as ZadigError;
  }
  throw new Error('expected a ZadigError');
}

function assertNoToken(err: unknown): void {
  const seen = new Set<unknown>();
  let e: unknown = err;
  while (e && !seen.has(e)) {
    seen.add(e);
    const text = `${String(e)} ${JSON.stringify(e)} ${(e as Error).stack ?? ''} ${(e as Error).message ?? ''}`;
    expect(text).not.toContain('SUPER-SECRET');
    e = (e as { cause?: unknown }).cause;
  }
}

describe('error mapping', () => {
  const cases: [string, number, string | object, string, Partial<ZadigError>][] = [
    ['401 empty', 401, '', 'ZADIG_UNAUTHORIZED', { status: 401, retryable: false }],
    ['403 empty', 403, '', 'ZADIG_FORBIDDEN', { status: 403 }],
    ['404 plain', 404, 'Invalid path: /x', 'ZADIG_NOT_FOUND', { status: 404 }],
    [
      '6169',
      400,
      errors.approve6169!,
      'ZADIG_BUSINESS',
      { zadigCode: 6169, description: 'user bot has no authority to Approve' },
    ],
    ['6163', 400, errors.cancel6163!, 'ZADIG_BUSINESS', { zadigCode: 6163 }],
    ['7050', 400, errors.license7050!, 'ZADIG_LICENSE', { zadigCode: 7050 }],
    ['6161 mongo', 400, errors.retryMissing6161!, 'ZADIG_NOT_FOUND', { zadigCode: 6161 }],
    [
      '400 envelope',
      400,
      errors.badRequest400!,
      'ZADIG_BAD_REQUEST',
      { description: 'workflow name is required' },
    ],
    ['400 empty', 400, '', 'ZADIG_BAD_REQUEST', { status: 400 }],
    ['500 mongo', 500, errors.mongo500!, 'ZADIG_NOT_FOUND', { status: 500, retryable: false }],
    [
      '500 other',
      500,
      errors.retryState500!,
      'ZADIG_SERVER',
      { retryable: true, description: '工作流任务状态无法重试' },
    ],
    ['502 html', 502, '<html>bad gateway</html>', 'ZADIG_SERVER', { retryable: true }],
  ];
  for (const [label, status, body, code, props] of cases) {
    it(`${label} → ${code}`, async () => {
      srv.handle((_req, res) => json(res, status, body));
      const err = await failure(client({ retries: 0 }).cancelTask('wf', 1));
      expect(err.code).toBe(code);
      expect(err).toMatchObject(props);
      expect(err.endpoint).toBe('DELETE /openapi/workflows/custom/task');
      assertNoToken(err);
    });
  }

  it('a 200 that is not JSON, or lacks required fields, is ZADIG_PROTOCOL', async () => {
    srv.handle((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<html>login</html>');
    });
    expect((await failure(client().getTask('wf', 1))).code).toBe('ZADIG_PROTOCOL');
    srv.handle((_req, res) => json(res, 200, { workflow_key: 'wf' }));
    const err = await failure(client().getTask('wf', 1));
    expect(err.code).toBe('ZADIG_PROTOCOL');
    expect(err.message).toContain('task_id');
  });

  it('scrubs the token even when the server echoes it back', async () => {
    srv.handle((req, res) =>
      json(res, 400, {
        type: 'error',
        code: 6160,
        message: 'x',
        description: `bad ${req.headers.authorization}`,
      }),
    );
    const err = await failure(
      client().runWorkflow({ projectKey: 'p', workflowKey: 'w', parameters: [], inputs: [] }),
    );
    expect(err.code).toBe('ZADIG_BUSINESS');
    expect(err.description).toContain('[redacted]');
    assertNoToken(err);
  });
});
