// Locks in two properties of the parser: any string at all yields an Intent or a ParseError (no throw),
// and any valid command line built from the command table — in any flag form, order, case, alias or
// quoting — parses back to exactly the values it was built from (also through toCommandLine).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toCommandLine } from '../../src/commands/grammar/command-line.js';
import type { ArgSpec, CommandSpec, FlagSpec } from '../../src/commands/grammar/command-spec.js';
import { COMMANDS, commandNames, findCommand, typedWords } from '../../src/commands/grammar/command-table.js';
import type { Intent } from '../../src/commands/grammar/intents.js';
import { isParseError, parse } from '../../src/commands/grammar/parser.js';
import { quoteWord } from '../../src/commands/grammar/tokenize.js';
import { isDotSegment } from '../../src/zadig/index.js';

const CODES = [
  'EMPTY',
  'UNKNOWN_COMMAND',
  'MISSING_ARGUMENT',
  'BAD_ARGUMENT',
  'UNKNOWN_FLAG',
  'TOO_MANY_ARGUMENTS',
  'UNCLOSED_QUOTE',
];
const NAMES = new Set(commandNames());

function checkResult(r: unknown): void {
  if (isParseError(r)) {
    expect(CODES).toContain(r.code);
    expect(typeof r.message.en).toBe('string');
    expect(r.message.en.length).toBeGreaterThan(0);
    expect(r.message.zh.length).toBeGreaterThan(0);
  } else {
    expect(NAMES.has((r as Intent).command)).toBe(true);
  }
}

const tricky = fc.constantFrom(
  ...' \t\n\u3000"\'“”‘’「」『』＂\\=＝:：,，、-—－–#＃/／@<>*?？',
  'a',
  'Z',
  '7',
  '０',
  '部',
  '署',
  '😀',
  'run',
  'status',
  '--env',
  '-p',
  'x=y',
  '--branch',
  'login',
);

describe('parse never throws', () => {
  it('on arbitrary unicode strings', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 80 }), (s) => checkResult(parse(s))),
      { numRuns: 400 },
    );
  });
  it('on strings of quotes, dashes, equals and command words', () => {
    fc.assert(
      fc.property(fc.string({ unit: tricky, maxLength: 40 }), (s) => checkResult(parse(s))),
      { numRuns: 600 },
    );
  });
  it('on every command word followed by noise', () => {
    const words = COMMANDS.flatMap((c) => [typedWords(c), ...c.aliases]);
    fc.assert(
      fc.property(fc.constantFrom(...words), fc.string({ unit: tricky, maxLength: 30 }), (w, rest) =>
        checkResult(parse(`${w} ${rest}`)),
      ),
      { numRuns: 600 },
    );
  });
});

type G = fc.GeneratorValue;

// `.` and `..` (and their encodings) are never names: the grammar refuses them (parser-bad-values).
const nameArb = fc.stringMatching(/^[A-Za-z0-9._-]{1,12}$/).filter((s) => !isDotSegment(s));
const keyArb = fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_.-]{0,10}$/);
const branchArb = fc.stringMatching(/^[A-Za-z0-9._/-]{1,12}$/);
/** Image references by the Docker reference grammar: an optional registry host, path, optional tag. */
const imageArb = fc.stringMatching(
  /^(?:[a-z0-9]{1,6}\.[a-z]{2,4}(?::[0-9]{2,4})?\/)?[a-z0-9]{1,8}(?:[._-][a-z0-9]{1,6}){0,2}(?:\/[a-z0-9]{1,8}){0,2}(?::[A-Za-z0-9_][A-Za-z0-9_.-]{0,10})?$/,
);
/** Any text a value may hold once quoted (flag and rest values are trimmed by the grammar). */
const textArb = fc
  .string({ unit: 'grapheme', minLength: 1, maxLength: 20 })
  .filter((s) => s.trim() === s && s !== '' && !isDotSegment(s));

function randomCase(g: G, word: string): string {
  return g(fc.boolean) ? word.toUpperCase() : word;
}

/** A positional value and its rendering. */
function genArg(g: G, spec: CommandSpec, arg: ArgSpec): { value: unknown; words: string[]; extra?: unknown } {
  switch (arg.kind) {
    case 'task-id': {
      const n = g(fc.integer, { min: 1, max: 1_000_000_000 });
      return { value: n, words: [g(fc.boolean) ? `#${n}` : String(n)] };
    }
    case 'int': {
      const n = g(fc.integer, { min: arg.min ?? 0, max: arg.max ?? 1000 });
      return { value: n, words: [String(n)] };
    }
    case 'choice': {
      const c = g(fc.constantFrom, ...(arg.choices ?? []));
      return { value: c, words: [randomCase(g, c)] };
    }
    case 'pair': {
      const key = g(() => keyArb);
      const value = g(fc.string, { maxLength: 15 });
      return { value: key, extra: value, words: [`${key}=${quoteWord(value)}`] };
    }
    case 'rest': {
      if (spec.name === 'help') {
        const topic = g(fc.constantFrom, ...commandNames());
        return { value: topic, words: [topic] };
      }
      const v = g(() => textArb);
      const plain = v.split(' ');
      const asWords = !v.includes('  ') && plain.every((w) => w !== '' && quoteWord(w) === w);
      return { value: v, words: asWords && g(fc.boolean) ? plain : [quoteWord(v)] };
    }
    case 'text': {
      const v = g(() => textArb);
      return { value: v, words: [quoteWord(v)] };
    }
    case 'image': {
      const v = g(() => imageArb);
      return { value: v, words: [v] };
    }
    default: {
      let v = arg.allowStar && g(fc.boolean) ? '*' : g(() => nameArb);
      // `plan create` is the two-word command, so a plan id cannot be the word `create`.
      if (spec.name === 'plan' && v.toLowerCase() === 'create') v = 'c1';
      return { value: v, words: [quoteWord(v)] };
    }
  }
}

/** Renders one flag with a value in a random form: `--f v`, `--f=v`, `-s v`, an alias, upper case. */
function flagWords(g: G, flag: FlagSpec, value: string): string[] {
  const names = [
    `--${flag.name}`,
    ...(flag.aliases ?? []).map((a) => `--${a}`),
    ...(flag.short ? [`-${flag.short}`] : []),
  ];
  const name = randomCase(g, g(fc.constantFrom, ...names));
  return g(fc.boolean) ? [`${name}=${quoteWord(value)}`] : [name, quoteWord(value)];
}

function genFlag(g: G, flag: FlagSpec, fields: Record<string, unknown>): string[][] {
  const present = flag.required || g(fc.boolean);
  if (flag.kind === 'bool') {
    fields[flag.field] = false;
    if (!present) return [];
    const on = g(fc.boolean);
    fields[flag.field] = on;
    if (on) return [[randomCase(g, `--${flag.name}`)]];
    return [[`--${flag.name}=false`]];
  }
  if (flag.kind === 'map') {
    const map = present ? g(() => fc.dictionary(nameArb, branchArb, { minKeys: 1, maxKeys: 3 })) : {};
    fields[flag.field] = { ...map };
    return Object.entries(map).map(([k, v]) => flagWords(g, flag, `${k}=${v}`));
  }
  if (!present) {
    if (flag.kind === 'int' && flag.default !== undefined) fields[flag.field] = flag.default;
    return [];
  }
  if (flag.kind === 'int') {
    const n = g(fc.integer, { min: flag.min ?? 0, max: flag.max ?? 1000 });
    fields[flag.field] = n;
    return [flagWords(g, flag, String(n))];
  }
  const one = (): { value: string; typed: string } => {
    if (flag.choices) {
      const c = g(fc.constantFrom, ...flag.choices);
      return { value: c, typed: randomCase(g, c) };
    }
    const v = flag.check === 'name' ? g(() => nameArb) : g(() => textArb);
    return { value: v, typed: v };
  };
  if (flag.kind === 'list') {
    const items = Array.from({ length: g(fc.integer, { min: 1, max: 3 }) }, one);
    fields[flag.field] = [...new Set(items.map((i) => i.value))];
    const sep = g(fc.constantFrom, ',', '，', '、');
    return [flagWords(g, flag, items.map((i) => i.typed).join(sep))];
  }
  const v = one();
  fields[flag.field] = v.value;
  return [flagWords(g, flag, v.typed)];
}

/** A random valid line for `spec` and the intent it must parse to. */
function genLine(g: G, spec: CommandSpec): { line: string; intent: Intent } {
  const fields: Record<string, unknown> = { command: spec.name };
  const positional: string[] = [];
  for (const arg of spec.args) {
    if (!arg.required && g(fc.boolean)) continue;
    const a = genArg(g, spec, arg);
    fields[arg.field] = a.value;
    if (arg.kind === 'pair') fields[arg.valueField ?? 'value'] = a.extra;
    positional.push(...a.words);
  }
  const units: string[][] = spec.flags.flatMap((f) => genFlag(g, f, fields));
  if (spec.params) {
    const params = g(() => fc.dictionary(keyArb, fc.string({ maxLength: 12 }), { maxKeys: 3 }));
    fields.params = { ...params };
    units.push(...Object.entries(params).map(([k, v]) => [`${k}=${quoteWord(v)}`]));
  }
  if (spec.name === 'help' && typeof fields.topic === 'string')
    fields.topic = findCommand(fields.topic)?.name;
  // Flags and pairs go anywhere after the command word; positionals keep their order.
  const tokens: string[] = [...positional];
  for (const unit of units) {
    const at = g(fc.integer, { min: 0, max: tokens.length });
    tokens.splice(at, 0, unit.join(' '));
  }
  const words = [typedWords(spec), ...spec.aliases];
  const word = randomCase(g, g(fc.constantFrom, ...words));
  const prefix = g(fc.constantFrom, '', '', '/zadig ', '/');
  return { line: [`${prefix}${word}`, ...tokens].join(' '), intent: fields as unknown as Intent };
}

describe('round trip', () => {
  it('a generated valid line parses to the values it was built from', () => {
    fc.assert(
      fc.property(fc.gen(), fc.constantFrom(...COMMANDS), (g, spec) => {
        const { line, intent } = genLine(g, spec);
        expect(parse(line), line).toEqual(intent);
      }),
      { numRuns: 1500 },
    );
  });

  it('toCommandLine(intent) parses back to the intent', () => {
    fc.assert(
      fc.property(fc.gen(), fc.constantFrom(...COMMANDS), (g, spec) => {
        const { intent } = genLine(g, spec);
        const line = toCommandLine(intent);
        expect(parse(line), line).toEqual(intent);
      }),
      { numRuns: 800 },
    );
  });
});
