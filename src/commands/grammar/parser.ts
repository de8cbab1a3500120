/**
 * `parse(text)`: one chat line → an Intent or a ParseError value. Finds the command word (tolerating a
 * leading `/zadig`, `/`, a mention, a trailing colon, or a Chinese alias glued to its first argument),
 * then lets bindCommand read the rest against the command table. Whatever is typed gives an Intent or a
 * ParseError; an exception means a bug in the parser or the table, and is left to reach the command core,
 * which logs it and answers with an internal error and a ref (a bug must not read as "unreadable").
 */
import { bindCommand } from './bind-command.js';
import { COMMANDS, type CommandSpec, commandWords, findCommand } from './command-table.js';
import type { Intent } from './intents.js';
import type { ParseError } from './parse-error.js';
import { emptyError, unclosedQuoteError, unknownCommandError } from './parse-messages.js';
import { suggest } from './suggest.js';
import { type Token, tokenize } from './tokenize.js';

export type { ParseError, ParseErrorCode } from './parse-error.js';
export { isParseError } from './parse-error.js';

/** Chinese aliases, longest first, for lines typed without a space: `部署deploy-dev`. */
const HAN_ALIASES = COMMANDS.flatMap((c) => c.aliases.filter((a) => /\p{Script=Han}/u.test(a))).sort(
  (a, b) => b.length - a.length,
);

/** Words adapters normally strip but that may still lead the line. */
function isPrefix(tok: Token): boolean {
  if (tok.quoted) return false;
  const v = tok.value.replace(/^／/, '/');
  return /^\/zadig$/i.test(v) || v === '/' || /^<@[^>]*>$/.test(v) || /^@\S+$/.test(v);
}

/**
 * True when the line's command word (after any `/zadig`, `/` or mention) is written in Chinese —
 * `帮助`, `运行 …`, or a mistyped `帮主` — so a person who saved no language can be answered in it.
 */
export function typedInChinese(text: string): boolean {
  const tokens = tokenize(typeof text === 'string' ? text : '');
  const first = tokens.find((tok) => !isPrefix(tok));
  return first !== undefined && /^[/／]?\p{Script=Han}/u.test(first.value);
}

/** Parses one chat line: an Intent, or a ParseError saying what to type instead. */
export function parse(text: string): Intent | ParseError {
  return parseLine(typeof text === 'string' ? text : String(text ?? ''));
}

function parseLine(text: string): Intent | ParseError {
  const tokens = tokenize(text);
  let k = 0;
  while (k < tokens.length && isPrefix(tokens[k]!)) k++;
  const first = tokens[k];
  if (!first) return emptyError();
  const ctx = { text, lineStart: first.start };
  const found = resolve(text, tokens, k);
  const open = tokens.find((tok) => tok.unclosedQuote !== undefined)?.unclosedQuote;
  if (open !== undefined) {
    const after = found?.spec.args.some((a) => a.sensitive) ? '' : text.slice(open + 1);
    return unclosedQuoteError(found?.spec, text[open]!, after);
  }
  if (found) return bindCommand(found.spec, found.rest, ctx);

  const word = first.value.replace(/^[/／]/, '');
  const near = suggest(
    word,
    commandWords().filter((w) => !findCommand(w)?.hidden),
  );
  const target = near ? findCommand(near) : undefined;
  const keepRest = target !== undefined && !target.args.some((a) => a.sensitive);
  const line = near && keepRest ? `${near} ${text.slice(first.end).trim()}`.trim() : near;
  return unknownCommandError(word, near, line);
}

/** The command at tokens[k] and the words that follow it, or undefined when no command matches. */
function resolve(
  text: string,
  tokens: readonly Token[],
  k: number,
): { spec: CommandSpec; rest: Token[] } | undefined {
  const first = tokens[k]!;
  const word = first.value.replace(/^[/／]/, '').replace(/[:：]$/, '');
  if (word === '') return undefined;
  const second = tokens[k + 1];
  if (second && !second.quoted) {
    const two = findCommand(`${word} ${second.value}`);
    if (two) return { spec: two, rest: tokens.slice(k + 2) };
  }
  const one = findCommand(word);
  if (one) return { spec: one, rest: tokens.slice(k + 1) };

  // Glued forms: `status:deploy-dev`, `状态：deploy-dev`, `部署deploy-dev`. Only for plain (unquoted) words,
  // so offsets in the raw text stay exact.
  const raw = text.slice(first.start, first.end);
  if (raw !== first.value || first.quoted) return undefined;
  const lead = raw.length - word.length - (/[:：]$/.test(raw) ? 1 : 0);
  const colon = /[:：]/.exec(word);
  let split: { spec: CommandSpec; at: number } | undefined;
  const before = colon ? findCommand(word.slice(0, colon.index)) : undefined;
  if (colon && before) split = { spec: before, at: colon.index + 1 };
  const han = split ? undefined : HAN_ALIASES.find((a) => word.startsWith(a) && word.length > a.length);
  const hanSpec = han ? findCommand(han) : undefined;
  if (han && hanSpec) split = { spec: hanSpec, at: han.length };
  if (!split) return undefined;
  const offset = first.start + lead + split.at;
  const glued = tokenize(text.slice(offset, first.end)).map((tok) => ({
    ...tok,
    start: tok.start + offset,
    end: tok.end + offset,
  }));
  return { spec: split.spec, rest: [...glued, ...tokens.slice(k + 1)] };
}
