// Locks in what the Slack adapter does with each real payload shape (test/fixtures/slack, sent signed
// over HTTP): which run a command and with what text, which are ignored, and that edits never run.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parse } from '../../src/commands/grammar/parser.js';
import type { FakeSlackUser } from '../fakes/fake-slack-api.js';
import { SLACK_IDS, slackFixture } from '../support/platform-fixtures.js';
import { type Harness, startHarness } from '../support/slack-adapter-harness.js';
import { waitFor } from '../support/wait-for.js';

const ALICE: FakeSlackUser = { id: SLACK_IDS.alice, name: 'Alice', email: 'alice@acme.com', locale: 'en-US' };

let h: Harness;
beforeEach(async () => {
  h = await startHarness({ botUserId: SLACK_IDS.bot, users: [ALICE] });
});
afterEach(async () => {
  await h.close();
});

const settle = () => new Promise((r) => setTimeout(r, 150));

/** POSTs an Events API fixture (or an adapted copy) signed, as Slack does. */
async function sendEvent(body: object): Promise<Response> {
  const res = await h.post(JSON.stringify(body), 'application/json');
  expect(res.status).toBe(200);
  return res;
}

/** A fixture with its `response_url` pointed at the fake Slack. */
function withResponseUrl<T extends { response_url?: string }>(body: T, id: string): T {
  return body.response_url === undefined ? body : { ...body, response_url: h.fake.responseUrl(id) };
}

const repliesIn = (channel: string) => h.fake.messagesIn(channel);

describe('app_mention', () => {
  it('runs a plain mention once, as the text after the bot mention, in the channel', async () => {
    await sendEvent(slackFixture('app_mention.plain'));
    await waitFor('reply', () => repliesIn(SLACK_IDS.channel).length === 1);
    expect(h.core.commands).toHaveLength(1);
    expect(h.core.commands[0]).toMatchObject({
      platform: 'slack',
      tenant: SLACK_IDS.team,
      conversation: SLACK_IDS.channel,
      isDirect: false,
      actor: { id: SLACK_IDS.alice },
      text: 'run build-deploy --project demo',
      origin: 'text',
      eventId: 'Ev0MENTION01',
    });
  });

  it('never runs an edited mention (new event_id, same ts): it says once that edits are not re-run', async () => {
    await sendEvent(slackFixture('app_mention.plain'));
    await waitFor('first run', () => h.core.commands.length === 1);
    await sendEvent(slackFixture('app_mention.edited'));
    await waitFor('edit notice', () => h.fake.ephemerals.length === 1);
    // A second edit of the same message gets no second notice.
    const again = slackFixture('app_mention.edited');
    again.event_id = 'Ev0MENTION05';
    again.event.edited.ts = '1767225700.000000';
    await sendEvent(again);
    await settle();
    expect(h.core.commands).toHaveLength(1);
    expect(h.fake.ephemerals).toHaveLength(1);
    expect(h.fake.ephemerals[0]).toMatchObject({ channel: SLACK_IDS.channel, user: SLACK_IDS.alice });
    expect(h.fake.ephemerals[0]?.text).toMatch(/not run again/);
    expect(repliesIn(SLACK_IDS.channel)).toHaveLength(1);
  });

  it('does not run an edit even when the original was never seen', async () => {
    await sendEvent(slackFixture('app_mention.edited'));
    await waitFor('edit notice', () => h.fake.ephemerals.length === 1);
    await settle();
    expect(h.core.commands).toEqual([]);
  });

  it('runs one message once even when it arrives under a second event_id', async () => {
    const first = slackFixture('app_mention.plain');
    await sendEvent(first);
    await waitFor('first run', () => h.core.commands.length === 1);
    // The same message (team, channel, ts), delivered again as a different event.
    await sendEvent({ ...first, event_id: 'Ev0MENTION99' });
    await settle();
    expect(h.core.commands).toHaveLength(1);
  });

  it('answers a mention inside a thread in that thread, as the person who wrote it', async () => {
    await sendEvent(slackFixture('app_mention.thread'));
    await waitFor('threaded reply', () => repliesIn(SLACK_IDS.channel).length === 1);
    expect(repliesIn(SLACK_IDS.channel)[0]?.thread_ts).toBe('1767225600.000100');
    expect(h.core.commands[0]).toMatchObject({
      text: 'status build-deploy --project demo',
      actor: { id: 'U0BOB00001' },
    });
  });

  it('reads a rich_text mention from its text, with the link Slack made of a bare image name undone', async () => {
    await sendEvent(slackFixture('app_mention.rich_text'));
    await waitFor('run', () => h.core.commands.length === 1);
    const text = h.core.commands[0]!.text;
    expect(text).toBe('set-image backend ghcr.io/acme/backend:1.4.3 --project demo');
    expect(parse(`${text} --env dev`)).toMatchObject({
      command: 'set-image',
      image: 'ghcr.io/acme/backend:1.4.3',
    });
  });
});

describe('message.im', () => {
  it('decodes entities once: what arrives as a&amp;b and &lt;hotfix&gt; is what the user typed', async () => {
    await sendEvent(slackFixture('message.im.entities'));
    await waitFor('run', () => h.core.commands.length === 1);
    expect(h.core.commands[0]).toMatchObject({
      conversation: SLACK_IDS.dm,
      isDirect: true,
      text: 'run build-deploy --project demo --var tag=a&b --note <hotfix> --when "x > 1"',
    });
  });

  it('turns links, emails, channels and users back into what the user typed', async () => {
    await sendEvent(slackFixture('message.im.links-mentions'));
    await waitFor('run', () => h.core.commands.length === 1);
    expect(h.core.commands[0]?.text).toBe(
      'set-image backend ghcr.io/acme/backend:1.4.3 --project demo --manager alice@acme.com' +
        ' --notify #deploys --also #C0OPS00001 --approver @U0BOB00001' +
        ' --docs https://zadig.example.com/v1/projects/demo',
    );
  });

  it('runs the text of a message that shares a file (the file itself is not read)', async () => {
    await sendEvent(slackFixture('message.file_share'));
    await waitFor('run', () => h.core.commands.length === 1);
    expect(h.core.commands[0]).toMatchObject({ text: 'run build-deploy --project demo', isDirect: true });
  });

  it('never runs an edited DM (message_changed): it says once that edits are not re-run', async () => {
    await sendEvent(slackFixture('message.message_changed'));
    await waitFor('edit notice', () => repliesIn(SLACK_IDS.dm).length === 1);
    await sendEvent({ ...slackFixture('message.message_changed'), event_id: 'Ev0CHANGED2' });
    await settle();
    expect(h.core.commands).toEqual([]);
    expect(repliesIn(SLACK_IDS.dm)).toHaveLength(1);
    expect(repliesIn(SLACK_IDS.dm)[0]?.text).toMatch(/not run again/);
  });

  it('says nothing when the bot edits its own card or Slack changes a message nobody edited', async () => {
    const own = slackFixture('message.message_changed');
    own.event_id = 'Ev0CHANGED3';
    own.event.message = { ...own.event.message, user: SLACK_IDS.bot, bot_id: 'B0ZADIGBOT' };
    await sendEvent(own);
    // An unfurl or a similar change: the message carries no `edited`.
    const unfurl = slackFixture('message.message_changed');
    unfurl.event_id = 'Ev0CHANGED4';
    delete unfurl.event.message.edited;
    await sendEvent(unfurl);
    await settle();
    expect(h.core.commands).toEqual([]);
    expect(repliesIn(SLACK_IDS.dm)).toEqual([]);
    expect(h.fake.ephemerals).toEqual([]);
  });

  it('ignores posts by bots: a classic bot_message and an app post (bot_id), in a channel or a DM', async () => {
    const classic = slackFixture('message.bot_message');
    await sendEvent(classic);
    await sendEvent({
      ...classic,
      event_id: 'Ev0BOTMSG02',
      event: { ...classic.event, channel: SLACK_IDS.dm, channel_type: 'im' },
    });
    await sendEvent(slackFixture('message.bot_id'));
    await settle();
    expect(h.core.commands).toEqual([]);
  });

  it('leaves a thread_broadcast in a channel to its app_mention; in a DM it runs like any message', async () => {
    const broadcast = slackFixture('message.thread_broadcast');
    await sendEvent(broadcast);
    await settle();
    expect(h.core.commands).toEqual([]);
    await sendEvent({
      ...broadcast,
      event_id: 'Ev0BROADC02',
      event: { ...broadcast.event, channel: SLACK_IDS.dm, channel_type: 'im' },
    });
    await waitFor('run', () => h.core.commands.length === 1);
    expect(h.core.commands[0]).toMatchObject({ text: 'run build-deploy --project demo', isDirect: true });
  });

  it('echoes the url_verification challenge', async () => {
    const res = await sendEvent(slackFixture('url_verification'));
    expect(await res.json()).toEqual({ challenge: slackFixture('url_verification').challenge });
  });
});

describe('interactivity', () => {
  async function interact(payload: object): Promise<void> {
    const res = await h.post(
      new URLSearchParams({ payload: JSON.stringify(payload) }).toString(),
      'application/x-www-form-urlencoded',
    );
    expect(res.status).toBe(200);
  }

  it('runs a button on a message as the clicker, with that message as the source', async () => {
    await interact(withResponseUrl(slackFixture('block_actions.message'), 'msg'));
    await waitFor('run', () => h.core.commands.length === 1);
    expect(h.core.commands[0]).toMatchObject({
      tenant: SLACK_IDS.team,
      conversation: SLACK_IDS.channel,
      actor: { id: SLACK_IDS.alice },
      text: 'approve build-deploy 42 --project demo',
      origin: 'button',
      sourceMessage: { conversation: SLACK_IDS.channel, messageId: '1767226400.679169' },
    });
  });

  it('runs a button on an ephemeral message (no message in the payload) and answers by its response_url', async () => {
    await interact(withResponseUrl(slackFixture('block_actions.ephemeral'), 'eph'));
    await waitFor('run', () => h.core.commands.length === 1);
    expect(h.core.commands[0]).toMatchObject({
      tenant: SLACK_IDS.team,
      text: 'run build-deploy --project demo',
      origin: 'button',
    });
    await waitFor('an answer', () => h.fake.responses.length + repliesIn(SLACK_IDS.channel).length > 0);
  });

  it('answers a button on App Home (no channel, no response_url) in the DM with the bot', async () => {
    await interact(slackFixture('block_actions.app_home'));
    await waitFor('run', () => h.core.commands.length === 1);
    expect(h.core.commands[0]).toMatchObject({
      text: 'run build-deploy --project demo',
      conversation: `D${SLACK_IDS.alice}`,
      isDirect: true,
    });
    expect(h.core.commands[0]?.sourceMessage).toBeUndefined();
    await waitFor('reply in the DM', () => repliesIn(`D${SLACK_IDS.alice}`).length === 1);
  });

  it('turns a view_submission into the form command line, values exactly as typed', async () => {
    await interact(slackFixture('view_submission'));
    await waitFor('run', () => h.core.commands.length === 1);
    expect(h.core.commands[0]).toMatchObject({
      tenant: SLACK_IDS.team,
      conversation: SLACK_IDS.channel,
      origin: 'form',
      text: 'run build-deploy --project demo --env prod tag="a&b <1.4.3>"',
    });
  });
});

describe('slash commands', () => {
  it('runs a slash command from an Enterprise Grid workspace (string fields, enterprise ids)', async () => {
    const res = await h.slash(withResponseUrl(slackFixture('slash_command'), 'slash'));
    expect(res.status).toBe(200);
    await waitFor('run', () => h.core.commands.length === 1);
    expect(h.core.commands[0]).toMatchObject({
      tenant: SLACK_IDS.team,
      conversation: SLACK_IDS.channel,
      actor: { id: SLACK_IDS.alice },
      text: 'run build-deploy --project demo',
      origin: 'slash',
    });
  });

  it('runs a slash command of an org-wide install (is_enterprise_install "true", a W… user)', async () => {
    await h.slash(withResponseUrl(slackFixture('slash_command.enterprise-install'), 'slash-org'));
    await waitFor('run', () => h.core.commands.length === 1);
    expect(h.core.commands[0]).toMatchObject({
      tenant: 'T0ACME0002',
      actor: { id: 'W0ALICE001' },
      text: 'run build-deploy --project demo --env prod',
    });
  });

  it('decodes slash text escaped by Slack and leaves text sent as typed unchanged', async () => {
    const escaped = withResponseUrl(slackFixture('slash_command'), 'slash-esc');
    escaped.text =
      'set-image backend <http://ghcr.io/acme/backend:1.4.3|ghcr.io/acme/backend:1.4.3> ' +
      '--manager <mailto:alice@acme.com|alice@acme.com> --note a&amp;b';
    await h.slash(escaped);
    const typed = withResponseUrl(slackFixture('slash_command'), 'slash-raw');
    typed.trigger_id = '111.111.yyy';
    typed.text = 'set-image backend ghcr.io/acme/backend:1.4.3 --note a&b <x> --manager alice@acme.com';
    await h.slash(typed);
    await waitFor('both', () => h.core.commands.length === 2);
    const texts = h.core.commands.map((c) => c.text).sort();
    expect(texts).toEqual([
      'set-image backend ghcr.io/acme/backend:1.4.3 --manager alice@acme.com --note a&b',
      'set-image backend ghcr.io/acme/backend:1.4.3 --note a&b <x> --manager alice@acme.com',
    ]);
  });
});
