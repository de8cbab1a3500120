// Locks in that a pasted Zadig token is never echoed, through signed Slack and encrypted Feishu
// deliveries: a JWT-shaped word anywhere in a command (here as `--project`) is not run and not repeated
// in any reply, log line or Redis key; in a group the reply says it is exposed and must be regenerated.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FeishuE2E, inChat, inThread, startFeishuE2E } from '../support/feishu-e2e.js';
import { dumpText } from '../support/redis.js';
import {
  dm,
  dmOf,
  mentionEvent,
  type SlackE2E,
  sendEvent,
  startSlackE2E,
  textOf,
} from '../support/slack-e2e.js';
import { waitFor } from '../support/wait-for.js';

describe('Slack', () => {
  let h: SlackE2E;
  beforeAll(async () => {
    h = await startSlackE2E();
  });
  afterAll(async () => {
    await h?.close();
  });

  /** Everything the bot said on Slack, as one text. */
  const said = () =>
    JSON.stringify([
      ...[...h.slackApi.messages.values()].flat().map(textOf),
      h.slackApi.ephemerals,
      h.slackApi.responses,
    ]);

  it('a token in a group mention, a slash command or a DM is never echoed; the group is told to regenerate', async () => {
    const token = h.sandbox.users.carol!.token;
    const signature = token.split('.').at(-1)!;
    const before = h.sandbox.requests.length;

    await sendEvent(h, mentionEvent(h, 'carol', 'C-team', `status build-deploy --project ${token}`));
    await waitFor(
      'the group reply',
      () => h.slackApi.messagesIn('C-team').length + h.slackApi.ephemerals.length > 0,
    );
    expect(said()).toContain('everyone in this conversation can read it');
    expect(said()).toContain('regenerate it in Zadig');

    await dm(h, 'carol', `tasks build-deploy --project demo param=${token}`);
    await waitFor('the DM reply', () => h.slackApi.messagesIn(dmOf('carol')).length > 0);
    expect(textOf(h.slackApi.messagesIn(dmOf('carol')).at(-1))).toContain('I did not run it');

    const slash = await h.slash(`status x --project ${token}`, { user: 'UCAROL', channel: 'C-team' });
    expect(slash.status).toBe(200);
    expect(slash.body).not.toContain(signature);
    await new Promise((r) => setTimeout(r, 300));

    const everywhere = { replies: said(), logs: h.logs.join('\n'), redis: await dumpText(h.redis, h.prefix) };
    for (const [where, text] of Object.entries(everywhere)) {
      expect(text.includes(signature), `token in ${where}`).toBe(false);
    }
    // Nothing was looked up with it either.
    expect(h.sandbox.requests.slice(before).some((r) => r.path.includes(signature))).toBe(false);
  });
});

describe('Feishu', () => {
  let h: FeishuE2E;
  beforeAll(async () => {
    h = await startFeishuE2E();
  }, 20_000);
  afterAll(async () => {
    await h?.close();
  });

  it('a token in a group message is not echoed, and the group is told it is exposed', async () => {
    const token = h.sandbox.users.dave!.token;
    const signature = token.split('.').at(-1)!;
    const { messageId } = await h.say({
      from: 'dave',
      group: true,
      chat: 'oc_team',
      text: `status build-deploy --project ${token}`,
    });
    await waitFor(
      'the reply',
      () => inThread(h.feishuApi, messageId).length + inChat(h.feishuApi, 'oc_team').length > 0,
    );
    const sent = JSON.stringify(h.feishuApi.calls);
    expect(sent).toContain('regenerate it in Zadig');
    expect(sent.includes(signature)).toBe(false);
    expect(h.logs.join('\n').includes(signature)).toBe(false);
  });
});
