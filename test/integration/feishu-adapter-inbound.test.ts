// Locks in two Feishu-only edges of the inbound flow: a message refused while the bot is busy is not
// claimed, so Feishu's re-push of it runs and its real reply is sent (not swallowed as a repeat of the
// busy reply); and a log line names only a command word, never the start of what was typed.
import { afterEach, describe, expect, it } from 'vitest';
import { BUSY_TEXT, CommandGate } from '../../src/commands/access/command-gate.js';
import { type Harness, startHarness, VERIFICATION_TOKEN } from '../support/feishu-adapter-harness.js';
import { messageEvent } from '../support/feishu-messages.js';
import { replyFor } from '../support/recording-core.js';
import { waitFor } from '../support/wait-for.js';

const ALICE = 'ou_alice000000000000000000000000000';
const DM = 'oc_dm_alice';

let h: Harness;
afterEach(async () => {
  await h.close();
});

const say = (text: string, eventId?: string) =>
  messageEvent({
    token: VERIFICATION_TOKEN,
    chatId: DM,
    chatType: 'p2p',
    sender: ALICE,
    text,
    ...(eventId ? { eventId } : {}),
  });
const cardsIn = (chat: string) => h.fake.sent().filter((m) => m.chat_id === chat);

describe('feishu inbound', () => {
  it('does not claim a message refused as busy: the re-push runs and gets its own reply', async () => {
    h = await startHarness({ gate: new CommandGate({ maxInFlight: 1, maxQueued: 0, adaptive: false }) });
    let release = () => {};
    const held = new Promise<void>((r) => {
      release = r;
    });
    h.core.answer = async (cmd) => {
      if (cmd.text === 'status one') await held;
      return { reply: replyFor(cmd.text.split(' ')[1] ?? '') };
    };
    await h.push(say('status one'));
    await waitFor('the first command to run', () => h.core.commands.length === 1);
    const refused = say('status two', 'ev-refused-then-repushed');
    expect((await h.push(refused)).status).toBe(200);
    await waitFor('the busy reply', () => cardsIn(DM).some((m) => m.content.includes(BUSY_TEXT.en)));

    release();
    await waitFor('the first reply', () => cardsIn(DM).length === 2);
    await h.adapter.idle();
    // Feishu pushes the same event again (it re-pushes until it gets a timely 200 for a delivery).
    expect((await h.push(refused)).status).toBe(200);
    await waitFor('the re-push to run', () => h.core.commands.length === 2);
    await waitFor('its reply', () => cardsIn(DM).some((m) => m.content.includes('Done: two')));
    expect(h.core.commands.map((c) => c.text)).toEqual(['status one', 'status two']);
  });

  it('logs a command word only: a pasted token that comes first never reaches the log', async () => {
    h = await startHarness();
    const token = 'eyJhbGciOiJIUzI1NiJ9zbotsecretvalue0123456789';
    await h.push(say(token));
    await h.push(say(`/zadig ${token}`));
    await waitFor('both to run', () => h.core.commands.length === 2);
    await h.adapter.idle();
    const logs = h.logs.join('\n');
    expect(logs.toLowerCase()).not.toContain(token.slice(0, 12).toLowerCase());
    expect(logs).toContain('"command":"?"');
  });
});
