// Locks in that Slack, Feishu and the console handle an inbound command the same way, scenario for
// scenario, through their real transports: a click delivered twice runs once; a full gate answers busy,
// runs nothing and does not claim the refused click; a failing core and a failing delivery both show the
// user an error ref that the log carries too; Redis down during dedupe runs nothing and says so with a
// ref; a click that starts a watch keeps it when marking the replaced card fails; a form round-trips
// values with quotes, `＝`, runs of spaces and backticks exactly.
import type { Redis } from 'ioredis';
import { afterEach, describe, expect, it } from 'vitest';
import { BUSY_TEXT, CommandGate } from '../../src/commands/access/command-gate.js';
import type { RunIntent } from '../../src/commands/grammar/intents.js';
import { parse } from '../../src/commands/grammar/parser.js';
import type { FormRequest, WatchRequest } from '../../src/commands/types.js';
import { consoleDriver } from '../support/console-driver.js';
import { feishuDriver } from '../support/feishu-driver.js';
import {
  claimWhileRedisDown,
  type DriverFactory,
  downRedis,
  type InboundDriver,
  markReplacedWhileRedisDown,
  refShown,
} from '../support/inbound-driver.js';
import { replyFor } from '../support/recording-core.js';
import { slackDriver } from '../support/slack-driver.js';
import { waitFor } from '../support/wait-for.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const count = (text: string, part: string) => text.split(part).length - 1;

const WATCH: WatchRequest = { kind: 'workflow', projectKey: 'demo', name: 'deploy-dev', taskId: 7 };

const drivers: [string, DriverFactory][] = [
  ['slack', slackDriver],
  ['feishu', feishuDriver],
  ['console', consoleDriver],
];

describe.each(drivers)('%s: inbound contract', (_platform, start) => {
  let d: InboundDriver | undefined;
  let down: Redis | undefined;
  afterEach(async () => {
    await d?.close();
    d = undefined;
    down?.disconnect();
    down = undefined;
  });

  it('runs a click delivered twice once', async () => {
    d = await start();
    const card = await d.postCard('status deploy-dev 7');
    await d.click(card, { twice: true });
    await waitFor('the click to run', () => d!.core.finished >= 1);
    await d.settle();
    await sleep(200);
    expect(d.core.commands.map((c) => c.text)).toEqual(['status deploy-dev 7']);
  });

  it('answers busy when the gate is full, runs nothing, and runs the refused click once free', async () => {
    d = await start({ gate: new CommandGate({ maxInFlight: 1, maxQueued: 0, adaptive: false }) });
    let release = () => {};
    const held = new Promise<void>((r) => {
      release = r;
    });
    d.core.answer = async (cmd) => {
      if (cmd.text === 'status one') await held;
      return { reply: replyFor('status') };
    };
    await d.type('status one');
    await waitFor('the first command to run', () => d!.core.commands.length === 1);

    await d.type('status two');
    await waitFor('the busy answer', () => d!.seen().includes(BUSY_TEXT.en));
    const card = await d.postCard('status three');
    const before = count(d.seen(), BUSY_TEXT.en);
    await d.click(card);
    await waitFor('the busy answer to the click', () => count(d!.seen(), BUSY_TEXT.en) > before);
    expect(d.core.commands.map((c) => c.text)).toEqual(['status one']);

    release();
    await waitFor('the first command to finish', () => d!.core.finished === 1);
    await d.settle();
    // Refused means not claimed: the same click again runs.
    await d.click(card);
    await waitFor('the click to run', () => d!.core.commands.length === 2);
    expect(d.core.commands.map((c) => c.text)).toEqual(['status one', 'status three']);
  });

  it('shows an error ref, also in the log, when the core fails', async () => {
    d = await start();
    d.core.answer = () => {
      throw new Error('core exploded');
    };
    await d.type('projects');
    const ref = await waitFor('an error ref shown', () => refShown(d!.seen()));
    expect(d.logs.join('\n')).toContain(ref);
  });

  it('tells the user, with a ref, when the reply cannot be delivered', async () => {
    d = await start();
    d.failNextDelivery();
    await d.type('projects');
    const ref = await waitFor('an error ref shown', () => refShown(d!.seen()));
    expect(d.logs.join('\n')).toContain(ref);
    expect(d.core.commands).toHaveLength(1);
  });

  it('runs nothing while Redis is down for the dedupe claim, and says so with a ref', async () => {
    down = downRedis();
    d = await start({ dedupe: claimWhileRedisDown(down) });
    await d.type('projects');
    const ref = await waitFor('an error ref shown', () => refShown(d!.seen()));
    expect(d.logs.join('\n')).toContain(ref);
    await d.settle();
    expect(d.core.commands).toEqual([]);
  });

  it('keeps the watch a click starts when marking the replaced card fails (Redis blip)', async () => {
    down = downRedis();
    d = await start({ onReplaced: markReplacedWhileRedisDown(down) });
    // Slower than a platform's callback budget: the answer takes the late path.
    d.core.delayMs = 300;
    d.core.answers.set('retry', { reply: replyFor('retry'), replaceSource: true, watch: WATCH });
    const card = await d.postCard('retry deploy-dev 7');
    await d.click(card);
    const handed = await waitFor('the watch to be handed over', () => d!.watches[0]);
    expect(handed.watch).toEqual(WATCH);
    expect(handed.ref.messageId).toBe(card.ref.messageId);
  });

  it('round-trips form values with quotes, ＝, spaces and backticks exactly', async () => {
    d = await start();
    const form: FormRequest = {
      id: 'run-deploy-dev',
      title: 'Run deploy-dev',
      submitLabel: 'Run',
      command: 'run deploy-dev --project demo',
      fields: ['msg', 'tag', 'title', 'script'].map((name) => ({
        name,
        label: name,
        kind: 'string' as const,
        required: true,
      })),
    };
    d.core.answer = (cmd) =>
      cmd.origin === 'form' ? { reply: replyFor('run') } : { reply: replyFor('run'), form };
    const values = [`say "hi" and 'bye'`, 'a＝b', 'two  words  here', '`rm -rf /` \\ done'];
    await d.click(await d.postCard('run deploy-dev --project demo'));
    await d.submitForm(values);
    const submitted = await waitFor('the submission', () =>
      d!.core.commands.find((c) => c.origin === 'form'),
    );
    const intent = parse(submitted.text) as RunIntent;
    expect(intent).toMatchObject({ command: 'run', workflow: 'deploy-dev', project: 'demo' });
    expect(intent.params).toEqual({ msg: values[0], tag: values[1], title: values[2], script: values[3] });
  });
});
