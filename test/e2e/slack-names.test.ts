// Locks in that names are names, through signed Slack slash commands and the sandbox Zadig's request log:
// `.`, `..` and their encodings typed where a name goes are refused with a clear reply, and no
// request reaches a Zadig URL with a dot-segment in its path.

import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { link, SLACK_USERS, type SlackE2E, startSlackE2E, textOf } from '../support/slack-e2e.js';
import { waitFor } from '../support/wait-for.js';

let h: SlackE2E;

beforeAll(async () => {
  h = await startSlackE2E();
  await link(h, 'bob');
});
afterAll(async () => {
  await h?.close();
});

/** `/zadig <text>` from bob; the reply wherever it went. */
async function reply(text: string): Promise<string> {
  const id = randomUUID();
  const channel = `C-names-${id.slice(0, 6)}`;
  expect((await h.slash(text, { user: SLACK_USERS.bob.id, channel, responseId: id })).status).toBe(200);
  await waitFor(
    `reply to ${text}`,
    () => h.slackApi.responses.some((r) => r.id === id) || h.slackApi.messagesIn(channel).length > 0,
  );
  const body = h.slackApi.responses.find((r) => r.id === id)?.body;
  return body ? textOf(body) : textOf(h.slackApi.messagesIn(channel)[0]);
}

const dotPaths = (from: number) =>
  h.sandbox.requests.slice(from).filter((r) => /(^|\/)(\.|\.\.|%2e|%2E)+(\/|$|\?)/.test(r.path));

describe('dot-segments never reach Zadig', () => {
  it('scan .., build .., plan ., version .. and encoded forms are refused, and nothing is requested', async () => {
    const from = h.sandbox.requests.length;
    const lines = [
      'scan .. --project demo',
      'build .. --project demo',
      'plan .',
      'version .. --project demo',
      'service .. --project demo',
      'logs .. --env dev --project demo',
      'set-image backend .. --env dev --project demo',
      'status build-deploy --project ．．',
    ];
    for (const line of lines) {
      const text = await reply(line);
      expect(text, line).toMatch(/are not names/);
    }
    expect(dotPaths(from)).toEqual([]);
  });
});
