/**
 * The console's chat loop, over any input stream and writer (stdin/stdout in `npm run console`, pipes
 * in tests): type a command as one chat user, read the reply as text, press a button by typing its
 * number, answer a form field by field. `:as <user>` switches the chat user, `:lang zh|en` the
 * language, `:help` explains, `:quit` leaves. Commands go through the same core as Slack and Feishu.
 */
import { createInterface } from 'node:readline';
import type {
  Actor,
  CommandCore,
  CommandResult,
  FormRequest,
  InboundCommand,
  WatchHandler,
} from '../../commands/types.js';
import type { Locale } from '../../notifications/message.js';
import type { ConsoleNotifier } from './console-notifier.js';

/** What a console session needs. */
export interface ConsoleSessionOptions {
  core: CommandCore;
  input: NodeJS.ReadableStream;
  write: (text: string) => void;
  notifier: ConsoleNotifier;
  /** The first chat user (default `alice`). */
  user?: string;
  tenant?: string;
  conversation?: string;
  /** Starts following a task when the reply asks for it (the task watcher, which edits the card through
   * the notifier); absent → a hint is printed once. */
  onWatch?: WatchHandler;
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
  'Type any bot command (try `help`); type a number to press that button of the last reply.',
].join('\n');

/** A line reader that a form can pull from in the middle of the loop. */
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

/** Runs the session until `:quit` or the end of input. */
export async function runConsoleSession(o: ConsoleSessionOptions): Promise<void> {
  const lines = lineQueue(o.input);
  let user = o.user ?? 'alice';
  const locales = new Map<string, Locale>();
  let hinted = false;
  const tenant = o.tenant ?? 'local';
  const conversation = o.conversation ?? 'console';
  const actor = (): Actor => ({ id: user, name: user, locale: locales.get(user) ?? 'en' });

  const show = (result: CommandResult): string =>
    o.notifier.reply(result.reply, locales.get(user) ?? result.reply.locale ?? 'en');

  /** Reads a line after printing `prompt`; cards printed meanwhile re-print the prompt. */
  const ask = async (prompt: string): Promise<string | null> => {
    o.write(prompt);
    o.notifier.setPrompt(prompt);
    try {
      return await lines.next();
    } finally {
      o.notifier.setPrompt(undefined);
    }
  };

  const dispatch = async (text: string, origin: InboundCommand['origin']): Promise<void> => {
    const cmd: InboundCommand = {
      platform: 'console',
      tenant,
      conversation,
      isDirect: true,
      actor: actor(),
      text,
      origin,
    };
    const result = await o.core.handle(cmd);
    const id = show(result);
    if (result.watch) {
      if (o.onWatch) {
        const ref = { platform: 'console' as const, tenant, conversation, messageId: id };
        await o.onWatch(result.watch, ref, cmd);
      } else if (!hinted) {
        hinted = true;
        o.write(
          '(Live card updates need the worker; meanwhile type `status <workflow> <taskId>` to refresh.)\n',
        );
      }
    }
    if (result.form) await askForm(result.form);
  };

  const askForm = async (form: FormRequest): Promise<void> => {
    o.write(`${form.title} — answer each field (empty keeps the default, :cancel stops)\n`);
    const parts = [form.command];
    for (const f of form.fields) {
      const opts = f.options?.length ? ` [${f.options.join('|')}]` : '';
      const def = f.initial ? ` (${f.initial})` : '';
      let value: string | undefined;
      for (;;) {
        const line = await ask(`  ${f.label}${opts}${def}${f.required ? ' *' : ''}: `);
        if (line === null || line.trim() === ':cancel') {
          o.write('\nForm cancelled.\n');
          return;
        }
        value = line.trim() || f.initial || undefined;
        if (value || !f.required) break;
      }
      if (!value) continue;
      const quoted = /^[^\s"']+$/.test(value) ? value : `"${value.replace(/"/g, "'")}"`;
      parts.push(f.flag ? `--${f.flag} ${quoted}` : `${f.name}=${quoted}`);
    }
    await dispatch(parts.join(' '), 'form');
  };

  const command = async (line: string): Promise<boolean> => {
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

  for (;;) {
    const raw = await ask(`${user}> `);
    if (raw === null) break;
    const line = raw.trim();
    if (line === '') continue;
    try {
      if (line.startsWith(':')) {
        if (!(await command(line))) break;
      } else if (/^\d+$/.test(line)) {
        const b = o.notifier.buttons().find((x) => x.n === Number(line));
        if (!b) o.write(`There is no button ${line} on the last reply.\n`);
        else if (b.command) await dispatch(b.command, 'button');
        else if (b.url) o.write(`${b.url}\n`);
      } else {
        await dispatch(line, 'text');
      }
    } catch (e) {
      // The core never throws; this is the console's own failure (e.g. output closed).
      o.write(`console error: ${(e as Error).message}\n`);
    }
  }
  lines.close();
}
