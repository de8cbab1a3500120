// Locks in request verification on POST /slack/events of the composed app: a wrong signature, a
// timestamp older (or further ahead) than 5 minutes, or a missing signature answers 401 and nothing
// runs — no Zadig request, no Slack call — for slash commands, events and button clicks alike.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  dmEvent,
  eventEnvelope,
  link,
  postSlack,
  SLACK_USERS,
  type SlackE2E,
  startSlackE2E,
} from '../support/slack-e2e.js';

let h: SlackE2E;

beforeAll(async () => {
  h = await startSlackE2E();
  await link(h, 'alice');
});
afterAll(async () => {
  await h?.close();
});

const FORM = 'application/x-www-form-urlencoded';

function slashBody(text: string): string {
  return new URLSearchParams({
    command: '/zadig',
    text,
    team_id: h.slackApi.teamId,
    channel_id: 'C-sig',
    channel_name: 'sig',
    user_id: SLACK_USERS.alice.id,
    user_name: 'alice',
    response_url: h.slackApi.responseUrl('sig'),
    trigger_id: 'trig-sig',
    api_app_id: 'A1',
  }).toString();
}

const clickBody = () =>
  new URLSearchParams({
    payload: JSON.stringify({
      type: 'block_actions',
      team: { id: h.slackApi.teamId },
      user: { id: SLACK_USERS.alice.id, name: 'alice', team_id: h.slackApi.teamId },
      channel: { id: 'C-sig' },
      container: { type: 'message', channel_id: 'C-sig', message_ts: '1.2' },
      message: { ts: '1.2', text: 'card' },
      trigger_id: 'trig-click',
      response_url: h.slackApi.responseUrl('sig-click'),
      actions: [
        { type: 'button', action_id: 'zcmd-0', value: 'run build-deploy --project demo', block_id: 'b' },
      ],
    }),
  }).toString();

const now = () => Math.floor(Date.now() / 1000);
const SIX_MINUTES = 6 * 60;

/** Asserts that nothing reached Zadig or Slack after `from` (indexes into the recorders). */
async function nothingRan(from: { zadig: number; slack: number; responses: number }): Promise<void> {
  // Give a wrongly accepted request time to reach the core and Zadig.
  await new Promise((r) => setTimeout(r, 500));
  expect(h.sandbox.requests.slice(from.zadig)).toEqual([]);
  expect(h.slackApi.calls.slice(from.slack)).toEqual([]);
  expect(h.slackApi.responses.slice(from.responses)).toEqual([]);
}

const mark = () => ({
  zadig: h.sandbox.requests.length,
  slack: h.slackApi.calls.length,
  responses: h.slackApi.responses.length,
});

describe('Slack request verification', () => {
  it.each([
    ['a wrong signature', { signature: `v0=${'0'.repeat(64)}` }],
    ['a signature made with another secret', { signature: 'v0=deadbeef' }],
    ['a timestamp older than 5 minutes (correctly signed)', { timestamp: now() - SIX_MINUTES }],
    ['a timestamp more than 5 minutes ahead (correctly signed)', { timestamp: now() + SIX_MINUTES }],
  ])('answers 401 to a slash command with %s and runs nothing', async (_name, o) => {
    const from = mark();
    const res = await postSlack(h, slashBody('run build-deploy --project demo'), FORM, o);
    expect(res.status).toBe(401);
    await nothingRan(from);
  });

  it('answers 401 to a request without signature headers', async () => {
    const from = mark();
    const res = await fetch(`${h.url}/slack/events`, {
      method: 'POST',
      headers: { 'content-type': FORM },
      body: slashBody('run build-deploy --project demo'),
    });
    expect(res.status).toBe(401);
    await nothingRan(from);
  });

  it('answers 401 to a stale Events API delivery and to a badly signed button click', async () => {
    const from = mark();
    const event = eventEnvelope(h, dmEvent('alice', 'run build-deploy --project demo'), 'EvStale1');
    const stale = await postSlack(h, event, 'application/json', { timestamp: now() - SIX_MINUTES });
    expect(stale.status).toBe(401);
    const forged = await postSlack(h, clickBody(), FORM, { signature: 'v0=bad' });
    expect(forged.status).toBe(401);
    await nothingRan(from);
  });

  it('accepts the same request correctly signed within the 5-minute window (the check is not blanket)', async () => {
    const from = mark();
    const res = await postSlack(h, slashBody('whoami'), FORM, { timestamp: now() - 4 * 60 });
    expect(res.status).toBe(200);
    const deadline = Date.now() + 5000;
    while (h.slackApi.responses.length === from.responses && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 20));
    expect(JSON.stringify(h.slackApi.responses.slice(from.responses))).toContain('Alice Wang');
  });
});
