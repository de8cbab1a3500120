/**
 * Binds the words after a recognised command word to that command's table entry: flags (anywhere, any
 * form), `name=value` pairs, then positional arguments, then required flags and defaults. Generic over
 * the table, so no command has its own parsing code.
 */
import type { ArgSpec, CommandSpec, FlagSpec } from './command-spec.js';
import { findCommand, typedWords } from './command-table.js';
import type { Intent } from './intents.js';
import type { ParseError } from './parse-error.js';
import {
  badValueError,
  missingArgError,
  missingFlagError,
  missingFlagValueError,
  strayPairError,
  tooManyError,
  unknownFlagError,
} from './parse-messages.js';
import {
  type Bad,
  conflict,
  isBad,
  KEY_RE,
  readBool,
  readChoice,
  readInt,
  readName,
  readTaskId,
  setOwn,
} from './parse-values.js';
import { readFlagValue } from './read-flag-value.js';
import { suggest } from './suggest.js';
import { quoteWord, type Token } from './tokenize.js';

/** The original line and where its command word starts, to build corrected lines for suggestions. */
export interface LineContext {
  text: string;
  lineStart: number;
}

/** `--name`, `-n`, `--name=value`, `--name:value` (the value part is `inline`). */
const FLAG_RE = /^(-{1,2})([A-Za-z][A-Za-z0-9_-]*)(?:[=:：](.*))?$/su;

interface FlagWord {
  dashes: string;
  name: string;
  inline?: string;
}

function flagWord(tok: Token | undefined): FlagWord | undefined {
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

/** Which argument the next positional word fills (everything after a `rest` argument belongs to it). */
function slotFor(spec: CommandSpec, count: number): ArgSpec | undefined {
  const rest = spec.args.findIndex((a) => a.kind === 'rest');
  return rest >= 0 && count >= rest ? spec.args[rest] : spec.args[count];
}

function replaceIn(ctx: LineContext, tok: Token, replacement: string): string {
  return (ctx.text.slice(ctx.lineStart, tok.start) + replacement + ctx.text.slice(tok.end)).trim();
}

/** Binds `tokens` to `spec`; an Intent or a ParseError, never an exception. */
export function bindCommand(
  spec: CommandSpec,
  tokens: readonly Token[],
  ctx: LineContext,
): Intent | ParseError {
  const fields: Record<string, unknown> = {};
  const given = new Map<string, string>();
  const positionals: Token[] = [];
  const params: Record<string, string> = {};

  for (let i = 0; i < tokens.length; i++) {
    const tok = tokens[i]!;
    const word = flagWord(tok);
    if (word) {
      if (/^(help|h)$/i.test(word.name) && word.inline === undefined)
        return { command: 'help', topic: spec.name };
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
      let raw = word.inline;
      let valueTok = tok;
      if (flag.kind === 'bool') {
        const on = raw === undefined ? true : readBool(raw, flag.name);
        if (isBad(on)) return badValueError(spec, on);
        fields[flag.field] = on;
        given.set(flag.name, String(on));
        continue;
      }
      if (raw === undefined) {
        const next = tokens[i + 1];
        if (!next || flagWord(next)) return missingFlagValueError(spec, flag);
        raw = next.value;
        valueTok = next;
        i++;
      }
      if (raw.trim() === '') return missingFlagValueError(spec, flag);
      const bad = readFlagValue(flag, raw, fields);
      if (bad) {
        const line = bad.fix ? replaceIn(ctx, valueTok, fixedValue(ctx, valueTok, raw, bad.fix)) : undefined;
        return badValueError(spec, bad, line);
      }
      given.set(flag.name, raw);
      continue;
    }

    const slot = slotFor(spec, positionals.length);
    const slotTakesPairs = slot !== undefined && ['text', 'rest', 'pair'].includes(slot.kind);
    const quotedPair = spec.params && tok.quoted && positionals.length >= spec.args.length;
    const eq = tok.eq > 0 ? tok.eq : quotedPair ? tok.value.indexOf('=') : -1;
    const key = eq > 0 ? tok.value.slice(0, eq) : '';
    if (eq > 0 && KEY_RE.test(key) && !slotTakesPairs) {
      const value = tok.value.slice(eq + 1);
      if (!spec.params) {
        const asFlag = spec.flags.find((f) => f.name === key.toLowerCase() && f.kind !== 'bool');
        const fix = asFlag ? `--${asFlag.name} ${quoteWord(value)}` : undefined;
        return strayPairError(spec, tok.value, fix, fix ? replaceIn(ctx, tok, fix) : undefined);
      }
      const prior = Object.hasOwn(params, key) ? params[key] : undefined;
      if (prior !== undefined && prior !== value)
        return badValueError(spec, conflict(`\`${key}\``, prior, value));
      setOwn(params, key, value);
      continue;
    }
    positionals.push(tok);
  }

  if (positionals.length === 0 && spec.withoutArgs) return rebind(spec.withoutArgs, tokens, ctx);
  if (positionals.length > 0 && spec.withArgs) return rebind(spec.withArgs, tokens, ctx);

  const values: (string | undefined)[] = [];
  let p = 0;
  for (const arg of spec.args) {
    if (arg.kind === 'rest') {
      const rest = positionals.slice(p).map((tok) => tok.value);
      p = positionals.length;
      const joined = rest.join(' ').trim();
      values.push(joined === '' ? undefined : joined);
      if (joined !== '') fields[arg.field] = joined;
      else if (arg.required) return missingArgError(spec, arg, hintLine(spec, values, given));
      continue;
    }
    const tok = positionals[p];
    if (!tok) {
      if (arg.required) return missingArgError(spec, arg, hintLine(spec, values, given));
      continue;
    }
    p++;
    if (arg.kind === 'pair') {
      const eq = tok.eq > 0 ? tok.eq : tok.value.indexOf('=');
      let key = eq > 0 ? tok.value.slice(0, eq) : tok.value;
      let value: string | undefined = eq > 0 ? tok.value.slice(eq + 1) : undefined;
      if (value === undefined && positionals[p]) value = positionals[p++]!.value; // `set-var KEY VALUE`
      key = key.trim();
      if (value === undefined || !KEY_RE.test(key)) {
        values.push(undefined);
        return missingArgError(spec, arg, hintLine(spec, values, given));
      }
      fields[arg.field] = key;
      fields[arg.valueField ?? 'value'] = value;
      values.push(`${key}=${quoteWord(value)}`);
      continue;
    }
    const read = readArg(arg, tok.value);
    if (isBad(read)) {
      const line = read.fix ? replaceIn(ctx, tok, quoteWord(read.fix)) : undefined;
      return badValueError(spec, read, line);
    }
    fields[arg.field] = read;
    values.push(arg.sensitive ? undefined : tok.value);
  }
  const extra = positionals[p];
  if (extra)
    return tooManyError(
      spec,
      spec.args.some((a) => a.sensitive) ? '' : extra.value,
      hintLine(spec, values, given),
    );

  for (const flag of spec.flags) {
    if (fields[flag.field] !== undefined) continue;
    if (flag.required) return missingFlagError(spec, flag, hintLine(spec, values, given));
    if (flag.kind === 'bool') fields[flag.field] = false;
    else if (flag.kind === 'map') fields[flag.field] = {};
    else if (flag.kind === 'int' && flag.default !== undefined) fields[flag.field] = flag.default;
  }
  if (spec.params) fields.params = params;
  if (spec.name === 'help' && typeof fields.topic === 'string') {
    fields.topic = findCommand(fields.topic)?.name ?? fields.topic;
  }
  return { command: spec.name, ...fields } as unknown as Intent;
}

function rebind(name: string, tokens: readonly Token[], ctx: LineContext): Intent | ParseError {
  const target = findCommand(name);
  if (!target) throw new Error(`command table: redirect to unknown command ${name}`);
  return bindCommand({ ...target, withArgs: undefined, withoutArgs: undefined }, tokens, ctx);
}

function readArg(arg: ArgSpec, raw: string): unknown | Bad {
  switch (arg.kind) {
    case 'name':
      return readName(raw, arg.label, arg.allowStar);
    case 'task-id':
      return readTaskId(raw, arg.label);
    case 'int':
      return readInt(raw, arg.label, arg.min ?? 0, arg.max ?? Number.MAX_SAFE_INTEGER);
    case 'choice':
      return readChoice(raw, arg.label, arg.choices ?? [], arg.choiceAliases);
    default:
      return raw;
  }
}

/** The value as it should be retyped in a corrected line (`--workload=deploymnet` keeps its `--workload=`). */
function fixedValue(ctx: LineContext, tok: Token, raw: string, fix: string): string {
  const typed = ctx.text.slice(tok.start, tok.end);
  if (typed === raw || !typed.endsWith(raw)) return quoteWord(fix);
  return typed.slice(0, typed.length - raw.length) + quoteWord(fix);
}

/** "Type this instead": the user's own values where they gave them, the table's examples elsewhere. */
function hintLine(
  spec: CommandSpec,
  values: readonly (string | undefined)[],
  given: ReadonlyMap<string, string>,
): string {
  const parts = [typedWords(spec)];
  let last = -1;
  spec.args.forEach((arg, idx) => {
    if (arg.required || values[idx] !== undefined) last = idx;
  });
  for (let idx = 0; idx <= last; idx++) {
    const arg = spec.args[idx]!;
    const v = values[idx];
    parts.push(
      v !== undefined && !arg.sensitive
        ? arg.kind === 'pair' || arg.kind === 'rest'
          ? v
          : quoteWord(v)
        : arg.example,
    );
  }
  for (const flag of spec.flags) {
    const v = given.get(flag.name);
    if (v !== undefined)
      parts.push(
        flag.kind === 'bool' ? (v === 'true' ? `--${flag.name}` : '') : `--${flag.name} ${quoteWord(v)}`,
      );
    else if (flag.required) parts.push(`--${flag.name} ${flag.example ?? flag.valueName ?? 'X'}`);
  }
  return parts.filter((s) => s !== '').join(' ');
}
