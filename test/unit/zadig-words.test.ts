// Locks in the words for every kind of Zadig failure (the table in zadig-words.ts), whose token made the
// call (the user's or the bot's), and that a failure that is our bug (protocol, abort) gets no words.
import { describe, expect, it } from 'vitest';
import { tagClient } from '../../src/commands/access/client-tag.js';
import { zadigWords } from '../../src/commands/zadig-words.js';
import { ZadigCodes, ZadigError, type ZadigErrorInit } from '../../src/zadig/errors.js';
import type { ZadigClient } from '../../src/zadig/index.js';

const err = (init: Partial<ZadigErrorInit>) =>
  new ZadigError({ code: 'ZADIG_BUSINESS', message: 'm', ...init });

/** The error as it comes out of a client call made with the user's own token. */
async function asUser(e: ZadigError): Promise<ZadigError> {
  const client = tagClient({ getTask: () => Promise.reject(e) } as unknown as ZadigClient, 'user');
  return client.getTask('wf', 1).then(
    () => {
      throw new Error('expected a rejection');
    },
    (x: unknown) => x as ZadigError,
  );
}

describe('zadigWords', () => {
  it.each([
    [err({ code: 'ZADIG_TIMEOUT' }), 'Zadig is unavailable right now', 'zadig_error'],
    [err({ code: 'ZADIG_NETWORK' }), 'Zadig is unavailable right now', 'zadig_error'],
    [err({ code: 'ZADIG_SERVER', status: 500 }), 'Zadig is unavailable right now', 'zadig_error'],
    [err({ code: 'ZADIG_BAD_REQUEST', status: 502 }), 'Zadig is unavailable right now', 'zadig_error'],
    [err({ code: 'ZADIG_LICENSE' }), 'professional/enterprise licence', 'zadig_error'],
    [err({ zadigCode: ZadigCodes.license }), 'professional/enterprise licence', 'zadig_error'],
    [err({ code: 'ZADIG_UNAUTHORIZED' }), "Zadig rejected the bot's own token.", 'zadig_error'],
    [err({ code: 'ZADIG_FORBIDDEN' }), "The bot's Zadig user lacks permission in project `demo`.", 'denied'],
    [
      err({ description: 'user bob has no authority to Approve' }),
      'You are not an approver of this approval.',
      'denied',
    ],
    [err({ description: 'bob have approve already' }), 'You have already approved this.', 'user_error'],
    [err({ description: 'bob have reject already' }), 'You have already rejected this.', 'user_error'],
    [
      err({ description: 'not found approval' }),
      'No approval is waiting on that task any more.',
      'user_error',
    ],
    [
      err({ zadigCode: ZadigCodes.cancelTask }),
      'Zadig refused to cancel: the task has already finished.',
      'user_error',
    ],
    [err({ code: 'ZADIG_NOT_FOUND' }), 'Zadig could not find that in project `demo`.', 'user_error'],
    [err({ description: 'workflow is disabled' }), 'Zadig refused: workflow is disabled', 'zadig_error'],
    [err({ code: 'ZADIG_BAD_REQUEST', status: 400 }), 'Zadig refused: m', 'zadig_error'],
  ])('%s → %s', (e, text, outcome) => {
    const words = zadigWords(e, 'demo');
    expect(words?.text.en).toContain(text);
    expect(words?.text.zh).toBeTruthy();
    expect(words?.outcome).toBe(outcome);
  });

  it("words the user's own token and permissions as theirs", async () => {
    const rejected = zadigWords(await asUser(err({ code: 'ZADIG_UNAUTHORIZED' })), undefined);
    expect(rejected?.text.en).toBe('Your linked Zadig token was rejected.');
    expect(rejected?.outcome).toBe('denied');
    const forbidden = zadigWords(await asUser(err({ code: 'ZADIG_FORBIDDEN' })), 'demo');
    expect(forbidden?.text.en).toBe('Your Zadig user lacks permission in project `demo`.');
  });

  it('leaves our own bugs to the internal-error reply', () => {
    expect(zadigWords(err({ code: 'ZADIG_PROTOCOL' }), 'demo')).toBeNull();
    expect(zadigWords(err({ code: 'ZADIG_ABORTED' }), 'demo')).toBeNull();
  });
});
