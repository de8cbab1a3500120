/**
 * The console's chat loop, over any input stream and writer (stdin/stdout in `npm run console`, pipes
 * in tests): type a command as one chat user, read the reply as text, press a button by typing its
 * number (the last reply's) or `N.k` (card N's), answer a form field by field. `:as <user>` switches the chat user, `:lang zh|en` the
 * language, `:help` explains, `:quit` leaves. Commands go through the same inbound kit as Slack and
 * Feishu (gate, dedupe claim, core, delivery, watch hand-off); like a chat, the next line is read while
 * a command runs, and the prompt comes back once nothing is running.
 */
import { randomBytes } from 'node:crypto';
import { createInterface } from 'node:readline';
import type { Logger } from 'pino';
import { CommandGate } from '../../commands/access/command-gate.js';
import type { CommandCore, FormRequest, InboundCommand } from '../../commands/types.js';
import type { Locale } from '../../notifications/message.js';
import type { DedupeClaim, DeliveryIdentity } from '../inbound/delivery-identity.js';
import { InFlight } from '../inbound/in-flight.js';
import { InboundKit } from '../inbound/inbound-kit.js';
import type { WatchHandoff } from '../inbound/watch-handoff.js';
import { ConsoleForm } from './console-form.js';
import { lineIdentity, pressIdentity } from './console-identity.js';
import type { ConsoleNotifier } from './console-notifier.js';
import { ConsoleReplyRoute } from './console-reply-route.js';

/** What a console session needs. */
export interface ConsoleSessionOptions extends WatchHandoff {
  core: CommandCore;
  /** The cross-session claim (the DedupeStore). */
  dedupe: DedupeClaim;
  /** Default: a roomy gate of its own. */
  gate?: CommandGate;
  logger: Logger;
  input: NodeJS.ReadableStream;
  write: (text: string) => void;
  notifier: ConsoleNotifier;
  /** The first chat user (default `alice`). */
  user?: string;
  tenant?: string;
  conversation?: string;
  /** Called when `:as` switches user; may return a note to print (the sandbox links the user there). */
  onSwitchUser?: (user: string) => Promise<string | undefined>;
  /** Persists a `:lang` choice (the preference store), so replies come in that language. */
  onLocale?: (user: string, locale: Locale) => Promise<void>;
}

const HELP = [
  'Console commands:',
  '  :as <user>     chat as another user (e.g. :as bob)',
  '  :lang zh|en    reply language',
  '  :help          this help',
  '  :quit          leave',
  'Type any bot command (try `help`); type a number to press that button of the last reply,',
  'or N.k for button k of card N (cards the worker prints show their buttons as [N.k]).',
].join('\n');

/** Lines of the input, pulled one at a time. */
function lineQueue(input: NodeJS.ReadableStream) {
  const rl = createInterface({ input, terminal: false, crlfDelay: Number.POSITIVE_INFINITY });
  const lines: string[] = [];
  const waiting: ((l: string | null) => void)[] = [];
  let closed = false;
  rl.on('line', (l) => {
    const w = waiting.shift();
    if (w) w(l);
    else lines.push(l);
  });
  rl.on('close', () => {
    closed = true;
    for (const w of waiting.splice(0)) w(null);
  });
  return {
    next(): Promise<string | null> {
      const l = lines.shift();
      if (l !== undefined) return Promise.resolve(l);
      if (closed) return Promise.resolve(null);
      return new Promise((r) => waiting.push(r));
    },
    close: () => rl.close(),
  };
}

/** How long leaving waits for commands still running. */
const LEAVE_WAIT_MS = 10_000;

/** Runs the session until `:quit` or the end of input. */
export async function runConsoleSession(o: ConsoleSessionOptions): Promise<void> {
  const lines = lineQueue(o.input);
  const session = randomBytes(6).toString('hex');
  const tenant = o.tenant ?? 'local';
  const conversation = o.conversation ?? 'console';
  const log = o.logger.child({ platform: 'console' });
  const inFlight = new InFlight();
  const kit = new InboundKit({ ...o, platform: 'console', gate: o.gate ?? new CommandGate(), log, inFlight });
  let user = o.user ?? 'alice';
  const locales = new Map<string, Locale>();
  let form: ConsoleForm | undefined;
  let lineNo = 0;

  /** Shows the prompt when nothing is running; cards printed later re-print it. */
  const prompt = () => {
    if (inFlight.size > 0) return;
    const p = form ? form.prompt() : `${user}> `;
    o.write(p);
    o.notifier.setPrompt(p);
  };

  const dispatch = (
    text: string,
    origin: InboundCommand['origin'],
    identity: DeliveryIdentity,
    source?: { card: string; locale: Locale },
  ) => {
    const locale = locales.get(user);
    const cmd: InboundCommand = {
      platform: 'console',
      tenant,
      conversation,
      isDirect: true,
      // A button answers in its card's language unless the person chose one (a saved one wins in the core).
      actor: { id: user, name: user, locale: locale ?? source?.locale ?? 'en' },
      text,
      origin,
      eventId: `${session}-${lineNo}`,
      ...(source
        ? { sourceMessage: { platform: 'console' as const, tenant, conversation, messageId: source.card } }
        : {}),
    };
    const route = new ConsoleReplyRoute({
      notifier: o.notifier,
      tenant,
      conversation,
      locale,
      openForm: (f: FormRequest) => {
        form = new ConsoleForm(f);
        o.write(form.intro());
      },
      note: (t) => o.write(t),
    });
    o.notifier.setPrompt(undefined);
    void inFlight.track(kit.admitOrTellBusy({ cmd, identity }, route)).then(prompt);
  };

  const answerForm = (f: ConsoleForm, line: string) => {
    const r = f.answer(line);
    if (r.next === 'cancelled') {
      form = undefined;
      o.write('\nForm cancelled.\n');
    } else if (r.next === 'done') {
      form = undefined;
      dispatch(r.commandLine, 'form', lineIdentity(session, lineNo));
    }
  };

  /** `k`: button k of the last reply; `N.k`: button k of card N. */
  const press = (typed: string) => {
    const pressed = o.notifier.press(typed);
    if ('missing' in pressed) return o.write(`${pressed.missing}\n`);
    const { button: b, card, locale } = pressed;
    if (b.command)
      dispatch(b.command, 'button', pressIdentity(session, user, card, b.command), { card, locale });
    else if (b.url) o.write(`${b.url}\n`);
  };

  /** A `:` command; false to leave. */
  const consoleCommand = async (line: string): Promise<boolean> => {
    const [word, ...rest] = line.split(/\s+/);
    switch (word) {
      case ':quit':
      case ':exit':
        return false;
      case ':help':
        o.write(`${HELP}\n`);
        return true;
      case ':as': {
        const next = rest[0];
        if (!next) {
          o.write('Usage: :as <user>\n');
          return true;
        }
        user = next;
        o.notifier.clearButtons();
        const note = o.onSwitchUser ? await o.onSwitchUser(user) : undefined;
        o.write(`Now chatting as ${user}.${note ? ` ${note}` : ''}\n`);
        return true;
      }
      case ':lang': {
        const l = rest[0];
        if (l !== 'zh' && l !== 'en') {
          o.write('Usage: :lang zh|en\n');
          return true;
        }
        locales.set(user, l);
        await o.onLocale?.(user, l);
        o.write(l === 'zh' ? '已切换为中文。\n' : 'Replies are in English now.\n');
        return true;
      }
      default:
        o.write(`Unknown console command ${word}. ${HELP}\n`);
        return true;
    }
  };

  prompt();
  for (;;) {
    const raw = await lines.next();
    if (raw === null) break;
    lineNo++;
    o.notifier.setPrompt(undefined);
    try {
      const line = raw.trim();
      if (form) answerForm(form, raw);
      else if (line === '') {
        // nothing typed: just the prompt again
      } else if (line.startsWith(':')) {
        if (!(await consoleCommand(line))) break;
      } else if (/^\d+(?:\.\d+)?$/.test(line)) press(line);
      else dispatch(line, 'text', lineIdentity(session, lineNo));
    } catch (e) {
      // Commands never throw here; this is the console's own failure (e.g. output closed).
      o.write(`console error: ${(e as Error).message}\n`);
    }
    prompt();
  }
  if (form) o.write('\nForm cancelled.\n');
  await inFlight.drain(LEAVE_WAIT_MS);
  o.notifier.setPrompt(undefined);
  lines.close();
}
