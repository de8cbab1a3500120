/**
 * The first pass of binding a command line: every `--flag` (any form, anywhere) and every `name=value`
 * pair is read into the intent fields; the other words are left, in order, for the positional arguments.
 */
import type { CommandSpec, FlagSpec } from './command-spec.js';
import type { ParseError } from './parse-error.js';
import { badValueError, missingFlagValueError, strayPairError, unknownFlagError } from './parse-messages.js';
import { conflict, isBad, KEY_RE, readBool, setOwn } from './parse-values.js';
import { readFlagValue } from './read-flag-value.js';
import { suggest } from './suggest.js';
import { quoteWord, type Token } from './tokenize.js';

/** The original line and where its command word starts, to build corrected lines for suggestions. */
export interface LineContext {
  text: string;
  lineStart: number;
}

/** What binding has read so far. */
export interface Binding {
  /** Intent fields by name. */
  fields: Record<string, unknown>;
  /** Flag values as typed (flag name → raw value), for "type this instead" lines. */
  given: Map<string, string>;
  /** Words that are neither flags nor pairs, in order. */
  positionals: Token[];
  /** `name=value` pairs of commands that take params. */
  params: Record<string, string>;
}

/** `--name`, `-n`, `--name=value`, `--name:value` (the value part is `inline`). */
const FLAG_RE = /^(-{1,2})([A-Za-z][A-Za-z0-9_-]*)(?:[=:：](.*))?$/su;

interface FlagWord {
  dashes: string;
  name: string;
  inline?: string;
}

/** The flag a token spells, if it spells one (quoted words never do). */
export function flagWord(tok: Token | undefined): FlagWord | undefined {
  if (!tok || tok.quoted) return undefined;
  const m = FLAG_RE.exec(tok.value);
  if (!m) return undefined;
  return { dashes: m[1]!, name: m[2]!, ...(m[3] !== undefined ? { inline: m[3] } : {}) };
}

function findFlag(spec: CommandSpec, word: FlagWord): FlagSpec | undefined {
  const name = word.name.toLowerCase();
  const byShort = spec.flags.find((f) => f.short === name);
  if (word.dashes === '-' && name.length === 1) return byShort;
  return spec.flags.find((f) => f.name === name || f.aliases?.includes(name)) ?? byShort;
}

/** The line with `tok` replaced, from the command word on. */
export function replaceIn(ctx: LineContext, tok: Token, replacement: string): string {
  return (ctx.text.slice(ctx.lineStart, tok.start) + replacement + ctx.text.slice(tok.end)).trim();
}

/** The value as it should be retyped in a corrected line (`--workload=deploymnet` keeps its `--workload=`). */
function fixedValue(ctx: LineContext, tok: Token, raw: string, fix: string): string {
  const typed = ctx.text.slice(tok.start, tok.end);
  if (typed === raw || !typed.endsWith(raw)) return quoteWord(fix);
  return typed.slice(0, typed.length - raw.length) + quoteWord(fix);
}

/** What `--help` anywhere on the line means: help for this command. */
export interface HelpAsked {
  help: true;
}

/**
 * Reads the flags and pairs of `tokens` into a Binding. A ParseError for a word that cannot be read,
 * `{help: true}` when the line asks for the command's help.
 */
export function readWords(
  spec: CommandSpec,
  tokens: readonly Token[],
  ctx: LineContext,
): Binding | ParseError | HelpAsked {
  const b: Binding = { fields: {}, given: new Map(), positionals: [], params: {} };
  for (let i = 0; i < tokens.length; i++) {
    const tok = tokens[i]!;
    const word = flagWord(tok);
    if (word) {
      if (/^(help|h)$/i.test(word.name) && word.inline === undefined) return { help: true };
      const read = readFlag(spec, word, tokens, i, ctx, b);
      if (typeof read !== 'number') return read;
      i = read;
      continue;
    }
    const pair = readPair(spec, tok, ctx, b);
    if (pair === 'positional') b.positionals.push(tok);
    else if (pair !== 'read') return pair;
  }
  return b;
}

/** Reads the flag at `tokens[i]` (and its value word); the index of the last word it used. */
function readFlag(
  spec: CommandSpec,
  word: FlagWord,
  tokens: readonly Token[],
  i: number,
  ctx: LineContext,
  b: Binding,
): number | ParseError {
  const tok = tokens[i]!;
  const flag = findFlag(spec, word);
  if (!flag) {
    const near = suggest(
      word.name,
      spec.flags.flatMap((f) => [f.name, ...(f.aliases ?? [])]),
    );
    const raw = ctx.text.slice(tok.start, tok.end);
    const at = raw.indexOf(word.name);
    const line =
      near && at >= 0 ? replaceIn(ctx, tok, `--${near}${raw.slice(at + word.name.length)}`) : undefined;
    return unknownFlagError(spec, `${word.dashes}${word.name}`, near, line);
  }
  if (flag.kind === 'bool') {
    const on = word.inline === undefined ? true : readBool(word.inline, flag.name);
    if (isBad(on)) return badValueError(spec, on);
    b.fields[flag.field] = on;
    b.given.set(flag.name, String(on));
    return i;
  }
  let raw = word.inline;
  let valueTok = tok;
  let last = i;
  if (raw === undefined) {
    const next = tokens[i + 1];
    if (!next || flagWord(next)) return missingFlagValueError(spec, flag);
    raw = next.value;
    valueTok = next;
    last = i + 1;
  }
  if (raw.trim() === '') return missingFlagValueError(spec, flag);
  const bad = readFlagValue(flag, raw, b.fields);
  if (bad) {
    const line = bad.fix ? replaceIn(ctx, valueTok, fixedValue(ctx, valueTok, raw, bad.fix)) : undefined;
    return badValueError(spec, bad, line);
  }
  b.given.set(flag.name, raw);
  return last;
}

/**
 * Reads `tok` as a `name=value` pair when it is one the command takes here ('read'); 'positional' for a
 * word that belongs to the arguments (a pair-taking argument slot keeps its `=`).
 */
function readPair(
  spec: CommandSpec,
  tok: Token,
  ctx: LineContext,
  b: Binding,
): 'read' | 'positional' | ParseError {
  const slot = slotFor(spec, b.positionals.length);
  const slotTakesPairs = slot !== undefined && ['text', 'rest', 'pair'].includes(slot.kind);
  const quotedPair = spec.params && tok.quoted && b.positionals.length >= spec.args.length;
  const eq = tok.eq > 0 ? tok.eq : quotedPair ? tok.value.indexOf('=') : -1;
  const key = eq > 0 ? tok.value.slice(0, eq) : '';
  if (eq <= 0 || !KEY_RE.test(key) || slotTakesPairs) return 'positional';
  const value = tok.value.slice(eq + 1);
  if (!spec.params) {
    const asFlag = spec.flags.find((f) => f.name === key.toLowerCase() && f.kind !== 'bool');
    const fix = asFlag ? `--${asFlag.name} ${quoteWord(value)}` : undefined;
    return strayPairError(spec, tok.value, fix, fix ? replaceIn(ctx, tok, fix) : undefined);
  }
  const prior = Object.hasOwn(b.params, key) ? b.params[key] : undefined;
  if (prior !== undefined && prior !== value)
    return badValueError(spec, conflict(`\`${key}\``, prior, value));
  setOwn(b.params, key, value);
  return 'read';
}

/** Which argument the next positional word fills (everything after a `rest` argument belongs to it). */
export function slotFor(spec: CommandSpec, count: number): CommandSpec['args'][number] | undefined {
  const rest = spec.args.findIndex((a) => a.kind === 'rest');
  return rest >= 0 && count >= rest ? spec.args[rest] : spec.args[count];
}
