/**
 * The inbound contract's console driver: the real console session reading lines from a stream and
 * printing through the ConsoleNotifier into a buffer. Typing is a line (the session takes the next line
 * while a command runs, as a chat does), a card is printed through the notifier and clicked by typing its
 * button's number, a form is answered field by field. What the user saw: the whole output.
 */
import { PassThrough, Writable } from 'node:stream';
import { ConsoleNotifier } from '../../src/bot/console/console-notifier.js';
import { runConsoleSession } from '../../src/bot/console/console-session.js';
import { createLogger } from '../../src/logger.js';
import type { DriverOptions, InboundDriver, PostedCard } from './inbound-driver.js';
import { MemoryClaim } from './memory-claim.js';
import { RecordingCore } from './recording-core.js';
import { cardWithButton } from './slack-driver.js';
import { waitFor } from './wait-for.js';

export async function consoleDriver(o: DriverOptions = {}): Promise<InboundDriver> {
  const core = new RecordingCore();
  const input = new PassThrough();
  let out = '';
  let failWrites = 0;
  const write = (text: string) => {
    if (failWrites > 0 && text.startsWith('#')) {
      failWrites--;
      throw new Error('output closed');
    }
    out += text;
  };
  const logs: string[] = [];
  const logger = createLogger({
    level: 'debug',
    destination: new Writable({
      write(chunk, _enc, cb) {
        logs.push(String(chunk));
        cb();
      },
    }),
  });
  const notifier = new ConsoleNotifier(write);
  const watches: InboundDriver['watches'] = [];
  const session = runConsoleSession({
    core,
    dedupe: o.dedupe ?? new MemoryClaim(),
    ...(o.gate ? { gate: o.gate } : {}),
    ...(o.onReplaced ? { onReplaced: o.onReplaced } : {}),
    logger,
    input,
    write,
    notifier,
    onWatch: async (watch, ref, cmd) => void watches.push({ watch, ref, cmd }),
  });
  const line = async (text: string) => {
    input.write(`${text}\n`);
  };
  await waitFor('the first prompt', () => out.includes('alice> '));
  return {
    platform: 'console',
    core,
    watches,
    logs,
    type: (text) => line(text),
    async postCard(command): Promise<PostedCard> {
      const ref = await notifier.post({ tenant: 'local', conversation: 'console' }, cardWithButton(command));
      return { ref, command };
    },
    // A card the worker posts is pressed by `N.k` (a bare number presses only the last reply's buttons).
    async click(card, c = {}) {
      const press = `${card.ref.messageId}.1`;
      await line(press);
      if (c.twice) await line(press);
    },
    async submitForm(values) {
      await waitFor('the form to be asked', () => out.includes('answer each field'));
      for (const v of values) await line(v);
    },
    failNextDelivery() {
      failWrites = 1;
    },
    seen: () => out,
    async settle() {
      await waitFor('the console to be at its prompt', () => out.endsWith('alice> '));
    },
    async close() {
      input.end();
      await session;
    },
  };
}
