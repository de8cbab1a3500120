/**
 * The template functions the mini renderer knows: text/template built-ins, Helm's (`include`,
 * `required`, `fail`, `toYaml`) and the Sprig ones charts commonly use. Argument types are checked the
 * way Go checks them (a float64 from values where an int or string is expected is an error in Helm),
 * so a template that passes here also passes `helm template`.
 */
import { createHash } from 'node:crypto';
import { stringify } from 'yaml';
import { type TemplateFunc, UserFailure } from './exec.js';
import { goFormat, goQuote, goSprintf, goType, isMap, truth } from './go-values.js';

function str(v: unknown, what = 'string'): string {
  if (typeof v !== 'string') throw new Error(`wrong type for value; expected ${what}; got ${goType(v)}`);
  return v;
}

function int(v: unknown): number {
  if (typeof v !== 'bigint') throw new Error(`wrong type for value; expected int; got ${goType(v)}`);
  return Number(v);
}

function arity(name: string, args: unknown[], min: number, max = min): void {
  if (args.length < min || args.length > max) {
    throw new Error(
      `wrong number of args for ${name}: want ${min === max ? min : `${min}-${max}`} got ${args.length}`,
    );
  }
}

/** A function whose argument count is checked first, as Go checks it before the call. */
function fixed(name: string, min: number, max: number, fn: TemplateFunc): TemplateFunc {
  return (args, ctx) => {
    arity(name, args, min, max);
    return fn(args, ctx);
  };
}

/** Sprig's strval: strings stay, everything else is `%v`. */
function strval(v: unknown): string {
  return typeof v === 'string' ? v : goFormat(v);
}

/** Sprig's `empty`. */
function empty(v: unknown): boolean {
  return !truth(v);
}

/** Sprig's indent: every line, blank ones included, gets the pad. */
function indent(n: number, s: string): string {
  const pad = ' '.repeat(n);
  return pad + s.replaceAll('\n', `\n${pad}`);
}

/** Go template's `eq` rules: nil compares unequal to anything; int vs float64 is an error. */
function equal(a: unknown, b: unknown): boolean {
  if (a === null || a === undefined || b === null || b === undefined) return (a ?? null) === (b ?? null);
  if (goType(a) !== goType(b)) throw new Error('incompatible types for comparison');
  if (typeof a === 'object') throw new Error('non-comparable type');
  return a === b;
}

function compare(name: string, args: unknown[]): number {
  arity(name, args, 2);
  const [a, b] = args;
  if (goType(a) !== goType(b) || !['string', 'int', 'float64'].includes(goType(a))) {
    throw new Error('incompatible types for comparison');
  }
  return (a as number) < (b as number) ? -1 : a === b ? 0 : 1;
}

function toInt(v: unknown): bigint {
  if (typeof v === 'bigint') return v;
  if (typeof v === 'number') return BigInt(Math.trunc(v));
  if (typeof v === 'boolean') return v ? 1n : 0n;
  if (typeof v === 'string' && /^[+-]?\d+$/.test(v.trim())) return BigInt(v.trim());
  return 0n;
}

/** Helm's toYaml (sigs.k8s.io/yaml): keys sorted, no trailing newline. */
export function toYaml(v: unknown): string {
  if (v === undefined) v = null;
  return stringify(v, { sortMapEntries: true, lineWidth: 0 }).replace(/\n$/, '');
}

/** Every function a chart template may call. */
export const FUNCS: Readonly<Record<string, TemplateFunc>> = {
  // text/template built-ins (`and`/`or` are handled by the executor, which short-circuits them).
  and: () => undefined,
  or: () => undefined,
  not: fixed('not', 1, 1, (a) => !truth(a[0])),
  eq: (a) => {
    if (a.length < 2) throw new Error('missing argument for comparison');
    return a.slice(1).some((b) => equal(a[0], b));
  },
  ne: fixed('ne', 2, 2, (a) => !equal(a[0], a[1])),
  lt: (a) => compare('lt', a) < 0,
  le: (a) => compare('le', a) <= 0,
  gt: (a) => compare('gt', a) > 0,
  ge: (a) => compare('ge', a) >= 0,
  len: (a) => {
    arity('len', a, 1);
    const v = a[0];
    if (typeof v === 'string') return BigInt(Buffer.byteLength(v));
    if (Array.isArray(v)) return BigInt(v.length);
    if (isMap(v)) return BigInt(Object.keys(v).length);
    throw new Error(`len of type ${goType(v)}`);
  },
  index: (a) => {
    let v = a[0];
    for (const key of a.slice(1)) {
      if (Array.isArray(v)) {
        if (typeof key !== 'bigint') throw new Error(`cannot index slice/array with type ${goType(key)}`);
        if (key < 0n || key >= BigInt(v.length)) throw new Error(`index out of range: ${key}`);
        v = v[Number(key)];
      } else if (isMap(v)) v = Object.hasOwn(v, str(key)) ? v[str(key)] : undefined;
      else if (v === null || v === undefined) return undefined;
      else throw new Error(`can't index item of type ${goType(v)}`);
    }
    return v;
  },
  print: (a) =>
    a
      .map((v, i) => (i > 0 && typeof v !== 'string' && typeof a[i - 1] !== 'string' ? ' ' : '') + strval(v))
      .join(''),
  printf: (a) => goSprintf(str(a[0]), a.slice(1)),

  // Helm.
  include: fixed('include', 2, 2, (a, ctx) => ctx.include(str(a[0]), a[1])),
  required: (a) => {
    arity('required', a, 2);
    const [msg, v] = a;
    if (v === null || v === undefined || v === '') throw new UserFailure(str(msg));
    return v;
  },
  fail: (a) => {
    arity('fail', a, 1);
    throw new UserFailure(str(a[0]));
  },
  toYaml: fixed('toYaml', 1, 1, (a) => toYaml(a[0])),

  // Sprig.
  default: (a) => {
    arity('default', a, 1, 2);
    return a.length < 2 || empty(a[1]) ? a[0] : a[1];
  },
  empty: fixed('empty', 1, 1, (a) => empty(a[0])),
  coalesce: (a) => a.find((v) => !empty(v)),
  ternary: (a) => {
    arity('ternary', a, 3);
    if (typeof a[2] !== 'boolean')
      throw new Error(`wrong type for value; expected bool; got ${goType(a[2])}`);
    return a[2] ? a[0] : a[1];
  },
  quote: (a) =>
    a
      .filter((v) => v !== null && v !== undefined)
      .map((v) => goQuote(strval(v)))
      .join(' '),
  squote: (a) =>
    a
      .filter((v) => v !== null && v !== undefined)
      .map((v) => `'${strval(v)}'`)
      .join(' '),
  toString: fixed('toString', 1, 1, (a) => strval(a[0])),
  int: fixed('int', 1, 1, (a) => toInt(a[0])),
  b64enc: fixed('b64enc', 1, 1, (a) => Buffer.from(str(a[0]), 'utf8').toString('base64')),
  sha256sum: fixed('sha256sum', 1, 1, (a) => createHash('sha256').update(str(a[0])).digest('hex')),
  trunc: (a) => {
    arity('trunc', a, 2);
    const [n, s] = [int(a[0]), str(a[1])];
    if (n < 0) return s.length + n < 0 ? s : s.slice(s.length + n);
    return s.slice(0, n);
  },
  trimSuffix: fixed('trimSuffix', 2, 2, (a) => {
    const [suffix, s] = [str(a[0]), str(a[1])];
    return suffix && s.endsWith(suffix) ? s.slice(0, -suffix.length) : s;
  }),
  trimPrefix: fixed('trimPrefix', 2, 2, (a) => {
    const [prefix, s] = [str(a[0]), str(a[1])];
    return s.startsWith(prefix) ? s.slice(prefix.length) : s;
  }),
  trim: fixed('trim', 1, 1, (a) => str(a[0]).trim()),
  replace: fixed('replace', 3, 3, (a) => str(a[2]).replaceAll(str(a[0]), str(a[1]))),
  lower: fixed('lower', 1, 1, (a) => str(a[0]).toLowerCase()),
  upper: fixed('upper', 1, 1, (a) => str(a[0]).toUpperCase()),
  contains: fixed('contains', 2, 2, (a) => str(a[1]).includes(str(a[0]))),
  hasPrefix: fixed('hasPrefix', 2, 2, (a) => str(a[1]).startsWith(str(a[0]))),
  hasSuffix: fixed('hasSuffix', 2, 2, (a) => str(a[1]).endsWith(str(a[0]))),
  indent: fixed('indent', 2, 2, (a) => indent(int(a[0]), str(a[1]))),
  nindent: fixed('nindent', 2, 2, (a) => `\n${indent(int(a[0]), str(a[1]))}`),
  join: (a) => {
    arity('join', a, 2);
    const list = a[1];
    if (!Array.isArray(list)) return strval(list);
    return list
      .filter((v) => v !== null && v !== undefined)
      .map(strval)
      .join(str(a[0]));
  },
  list: (a) => [...a],
  dict: (a) => {
    const out: Record<string, unknown> = {};
    for (let i = 0; i < a.length; i += 2) out[strval(a[i])] = i + 1 < a.length ? a[i + 1] : '';
    return out;
  },
  hasKey: (a) => {
    arity('hasKey', a, 2);
    const m = a[0];
    if (!isMap(m))
      throw new Error(`wrong type for value; expected map[string]interface {}; got ${goType(m)}`);
    return Object.hasOwn(m, str(a[1]));
  },
};
