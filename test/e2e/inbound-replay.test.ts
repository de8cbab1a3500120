// Locks in replay-proof inbound requests: a signed request is accepted once for as long as its signature
// is valid. The same signed Slack block_actions request sent again after the 5 s double-click window, and
// the same encrypted, signed Feishu card action sent again (as captured, or re-signed with the same
// event id and card token), start no second run; the memory of them lives in Redis under the app's prefix.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildEventRequest, postEvent } from '../fakes/fake-feishu-api.js';
import { type FeishuE2E, dmOf as feishuDm, startFeishuE2E } from '../support/feishu-e2e.js';
import { dmOf, link, SLACK_USERS, type SlackE2E, startSlackE2E, zadigCalls } from '../support/slack-e2e.js';
import { waitFor } from '../support/wait-for.js';

const RUN = { method: 'POST', path: /^\/api\/aslan\/workflow\/v4\/workflowtask$/ };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('Slack: a captured signed request is accepted once', () => {
  let h: SlackE2E;
  beforeAll(async () => {
    h = await startSlackE2E();
    await link(h, 'alice');
  });
  afterAll(async () => {
    await h?.close();
  });

  it('the same signed block_actions request re-sent after 5.5 s starts no second run', async () => {
    const u = SLACK_USERS.alice;
    const payload = {
      type: 'block_actions',
      team: { id: h.slackApi.teamId, domain: 'demo' },
      user: { id: u.id, username: 'alice', name: 'alice', team_id: h.slackApi.teamId },
      api_app_id: 'A1',
      token: 'legacy',
      container: { type: 'message', message_ts: '1710000000.000001', channel_id: dmOf('alice') },
      trigger_id: 'trig-replay-1',
      channel: { id: dmOf('alice'), name: 'directmessage' },
      message: { type: 'message', ts: '1710000000.000001', text: 'card', blocks: [] },
      response_url: h.slackApi.responseUrl('replay-1'),
      actions: [
        {
          type: 'button',
          action_id: 'zcmd-0',
          block_id: 'b0',
          value: 'run build-deploy --project demo tag=replayed',
          text: { type: 'plain_text', text: 'Run' },
          action_ts: String(Date.now() / 1000),
        },
      ],
    };
    const body = new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
    // One capture: the exact bytes and headers, as an attacker on the path would hold them.
    const headers = h.slackHeaders(body);
    const send = () => fetch(`${h.url}/slack/events`, { method: 'POST', headers, body });
    const from = h.sandbox.requests.length;
    expect((await send()).status).toBe(200);
    await waitFor('the run', () => zadigCalls(h, from, RUN).length === 1);
    await sleep(5_500);
    const again = await send();
    expect(again.status).toBe(200);
    await sleep(600);
    expect(zadigCalls(h, from, RUN)).toHaveLength(1);
    expect(h.sandbox.tasks('build-deploy').filter((t) => t.params.tag === 'replayed')).toHaveLength(1);
    expect(h.logs.some((l) => l.includes('replayed request dropped'))).toBe(true);
    // Remembered in Redis (so every replica agrees), for no longer than the signature stays valid.
    const [, keys] = await h.redis.scan('0', 'MATCH', `${h.prefix}*replay:slack:*`, 'COUNT', 10_000);
    expect(keys.length).toBeGreaterThanOrEqual(1);
    const ttl = await h.redis.pttl(keys[0]!);
    expect(ttl).toBeGreaterThan(60_000);
    expect(ttl).toBeLessThanOrEqual(10 * 60_000 + 2_000);
  }, 20_000);
});

describe('Feishu: a card action is accepted once', () => {
  let h: FeishuE2E;
  beforeAll(async () => {
    h = await startFeishuE2E();
    await h.login('alice');
  }, 20_000);
  afterAll(async () => {
    await h?.close();
  });

  const runsTagged = (tag: string) =>
    h.sandbox.tasks('build-deploy').filter((t) => t.params.tag === tag).length;

  it('the same encrypted, signed card action re-sent after 6.5 s starts no second run', async () => {
    const action = h.cardAction({
      from: 'alice',
      messageId: 'om_replay_card_1',
      chatId: feishuDm('alice'),
      value: { cmd: 'run build-deploy --project demo tag=feishu-replayed' },
    });
    const captured = buildEventRequest(action, { encryptKey: h.feishuEncryptKey });
    const url = `${h.url}/feishu/events`;
    expect((await postEvent(url, captured)).status).toBe(200);
    await waitFor('the run', () => runsTagged('feishu-replayed') === 1);
    await sleep(6_500);
    const again = await postEvent(url, captured);
    expect(again.status).toBe(200);
    await h.app.adapter('feishu')!.idle();
    await sleep(300);
    expect(runsTagged('feishu-replayed')).toBe(1);
  }, 20_000);

  it('the same event id and card token under a fresh signature start no second run either', async () => {
    const action = h.cardAction({
      from: 'alice',
      messageId: 'om_replay_card_2',
      chatId: feishuDm('alice'),
      value: { cmd: 'run build-deploy --project demo tag=feishu-resigned' },
    });
    expect((await h.push(action)).status).toBe(200);
    await waitFor('the run', () => runsTagged('feishu-resigned') === 1);
    await sleep(5_500);
    // A new nonce and timestamp: a new signature over the same event.
    expect((await h.push(action)).status).toBe(200);
    await h.app.adapter('feishu')!.idle();
    await sleep(300);
    expect(runsTagged('feishu-resigned')).toBe(1);
    const [, keys] = await h.redis.scan('0', 'MATCH', `${h.prefix}*replay:feishu:*`, 'COUNT', 10_000);
    expect(keys.length).toBeGreaterThanOrEqual(3);
  }, 20_000);
});
