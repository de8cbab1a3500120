import { describe, expect, it } from 'vitest';
import type { ZadigClientOptions } from '../../src/zadig/client.js';
import type { ZadigError } from '../../src/zadig/errors.js';
import { assertNoToken, errors, failure, useLocalServer } from './zadig-client-fixture.js';
import { json } from './zadig-local-server.js';

const local = useLocalServer();
const client = (extra: Partial<ZadigClientOptions> = {}) => local.client(extra);

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
      local.srv.handle((_req, res) => json(res, status, body));
      const err = await failure(client({ retries: 0 }).cancelTask('wf', 1));
      expect(err.code).toBe(code);
      expect(err).toMatchObject(props);
      expect(err.endpoint).toBe('DELETE /openapi/workflows/custom/task');
      assertNoToken(err);
    });
  }

  it('a 200 that is not JSON, or lacks required fields, is ZADIG_PROTOCOL', async () => {
    local.srv.handle((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<html>login</html>');
    });
    expect((await failure(client().getTask('wf', 1))).code).toBe('ZADIG_PROTOCOL');
    local.srv.handle((_req, res) => json(res, 200, { workflow_key: 'wf' }));
    const err = await failure(client().getTask('wf', 1));
    expect(err.code).toBe('ZADIG_PROTOCOL');
    expect(err.message).toContain('task_id');
  });

  it('scrubs the token even when the server echoes it back', async () => {
    local.srv.handle((req, res) =>
      json(res, 400, {
        type: 'error',
        code: 6160,
        message: 'x',
        description: `bad ${req.headers.authorization}`,
      }),
    );
    const err = await failure(
      client().startWorkflowTask({
        projectKey: 'p',
        workflowKey: 'w',
        workflow: { name: 'w', project: 'p' },
      }),
    );
    expect(err.code).toBe('ZADIG_BUSINESS');
    expect(err.description).toContain('[redacted]');
    assertNoToken(err);
  });
});
