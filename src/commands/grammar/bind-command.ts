/**
 * Binds the words after a recognised command word to that command's table entry: flags (anywhere, any
 * form) and `name=value` pairs first (bind-words.ts), then positional arguments, then required flags and
 * defaults. Generic over the table, so no command has its own parsing code.
 */
import { type Binding, type LineContext, readWords, replaceIn } from './bind-words.js';
import type { ArgSpec, CommandSpec } from './command-spec.js';
import { findCommand, typedWords } from './command-table.js';
import { checkImageReference } from './image-reference.js';
import type { Intent } from './intents.js';
import { isParseError, type ParseError } from './parse-error.js';
import { badValueError, missingArgError, missingFlagError, tooManyError } from './parse-messages.js';
import {
  type Bad,
  isBad,
  KEY_RE,
  readChoice,
  readInt,
  readName,
  readTaskId,
  readText,
} from './parse-values.js';
import { quoteWord, type Token } from './tokenize.js';

export type { LineContext } from './bind-words.js';

/** Binds `tokens` to `spec`: an Intent, or a ParseError saying what to type instead. */
export function bindCommand(
  spec: CommandSpec,
  tokens: readonly Token[],
  ctx: LineContext,
): Intent | ParseError {
  const b = readWords(spec, tokens, ctx);
  if ('help' in b) return { command: 'help', topic: spec.name };
  if (isParseError(b)) return b;

  if (b.positionals.length === 0 && spec.withoutArgs) return rebind(spec.withoutArgs, tokens, ctx);
  if (b.positionals.length > 0 && spec.withArgs) return rebind(spec.withArgs, tokens, ctx);

  const values = bindArgs(spec, ctx, b);
  if (!Array.isArray(values)) return values;
  const missing = applyFlagDefaults(spec, b, values);
  if (missing) return missing;
  if (spec.params) b.fields.params = b.params;
  if (spec.name === 'help' && typeof b.fields.topic === 'string') {
    b.fields.topic = findCommand(b.fields.topic)?.name ?? b.fields.topic;
  }
  return { command: spec.name, ...b.fields } as unknown as Intent;
}

/**
 * Fills the positional arguments from the words left after flags and pairs. Returns the values as
 * typed (undefined where none was, or where it must not be echoed) for "type this instead" lines.
 */
function bindArgs(spec: CommandSpec, ctx: LineContext, b: Binding): (string | undefined)[] | ParseError {
  const { fields, positionals, given } = b;
  const values: (string | undefined)[] = [];
  let p = 0;
  for (const arg of spec.args) {
    if (arg.kind === 'rest') {
      const joined = positionals
        .slice(p)
        .map((tok) => tok.value)
        .join(' ')
        .trim();
      p = positionals.length;
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
      const key = (eq > 0 ? tok.value.slice(0, eq) : tok.value).trim();
      let value: string | undefined = eq > 0 ? tok.value.slice(eq + 1) : undefined;
      if (value === undefined && positionals[p]) value = positionals[p++]!.value; // `set-var KEY VALUE`
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
  if (extra) {
    const shown = spec.args.some((a) => a.sensitive) ? '' : extra.value;
    return tooManyError(spec, shown, hintLine(spec, values, given));
  }
  return values;
}

/** Required flags that were not given are an error; the others get their defaults. */
function applyFlagDefaults(
  spec: CommandSpec,
  b: Binding,
  values: readonly (string | undefined)[],
): ParseError | undefined {
  for (const flag of spec.flags) {
    if (b.fields[flag.field] !== undefined) continue;
    if (flag.required) return missingFlagError(spec, flag, hintLine(spec, values, b.given));
    if (flag.kind === 'bool') b.fields[flag.field] = false;
    else if (flag.kind === 'map') b.fields[flag.field] = {};
    else if (flag.kind === 'int' && flag.default !== undefined) b.fields[flag.field] = flag.default;
  }
  return undefined;
}

function rebind(name: string, tokens: readonly Token[], ctx: LineContext): Intent | ParseError {
  const target = findCommand(name);
  if (!target) throw new Error(`command table: redirect to unknown command ${name}`);
  return bindCommand({ ...target, withArgs: undefined, withoutArgs: undefined }, tokens, ctx);
}

function readArg(arg: ArgSpec, raw: string): unknown | Bad {
  switch (arg.kind) {
    case 'name':
      return readName(arg.allowHash ? raw.replace(/^[#＃](?=.)/, '') : raw, arg.label, arg.allowStar);
    case 'task-id':
      return readTaskId(raw, arg.label);
    case 'int':
      return readInt(raw, arg.label, arg.min ?? 0, arg.max ?? Number.MAX_SAFE_INTEGER);
    case 'choice':
      return readChoice(raw, arg.label, arg.choices ?? [], arg.choiceAliases);
    case 'text':
      return readText(raw, arg.label);
    case 'image': {
      // A dot-segment is refused as everywhere a single word goes, then the Docker reference grammar.
      const word = readText(raw, arg.label);
      if (isBad(word)) return word;
      const bad = checkImageReference(raw);
      return bad ? { bad } : raw;
    }
    default:
      return raw;
  }
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
