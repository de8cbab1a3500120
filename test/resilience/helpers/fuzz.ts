/**
 * Seeded random inputs for the fuzz tests: command lines (command words and aliases with broken, hostile
 * or absurd arguments, and pure noise) and checks that a reply is a proper user-facing message.
 */
import { COMMANDS } from '../../../src/commands/grammar/command-table.js';
import type { Message } from '../../../src/notifications/message.js';

/** mulberry32: a small seeded PRNG, so a failing run can be replayed with its seed. */
export function rng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)] as T;
  return { next, int, pick, chance: (p: number) => next() < p };
}
export type Rng = ReturnType<typeof rng>;

const WORDS = [
  ...new Set(COMMANDS.flatMap((c) => [c.name, c.words, ...c.aliases]).filter((w): w is string => !!w)),
];
const FLAGS = [
  ...new Set(
    COMMANDS.flatMap((c) => c.flags.flatMap((f) => [`--${f.name}`, ...(f.short ? [`-${f.short}`] : [])])),
  ),
];
const HOSTILE = [
  '',
  '""',
  '"unclosed',
  "'single",
  '“curly”',
  '\\',
  '\\"',
  '=',
  'a=',
  '=b',
  '--',
  '---x',
  '-',
  '*',
  '0',
  '-1',
  '1e309',
  '9007199254740993',
  'NaN',
  'Infinity',
  '0x1f',
  '1.5',
  'null',
  'undefined',
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  '__proto__=1',
  'constructor.prototype.polluted=1',
  '\u0024{process.exit()}', // "${...}" spelled so the linter does not take it for a template
  '$(reboot)',
  '`rm -rf /`',
  "'; DROP TABLE users; --",
  '<script>alert(1)</script>',
  '<@U123>',
  '<!channel>',
  '<http://evil.example|click>',
  '*bold*',
  '_x_',
  '```',
  '%s%s%s%n',
  '{{.}}',
  '../../etc/passwd',
  'demo/../payments',
  'a'.repeat(300),
  'ü'.repeat(100),
  '🚀🔥',
  '👨‍👩‍👧‍👦',
  '\u200b',
  '\u202e',
  '\u0000',
  '\u0007',
  '\ud800',
  '\u3000',
  '帮助',
  '生产',
  '项目=演示',
  'http://127.0.0.1:1/',
  'demo',
  'prod',
  'hotfix',
  'release-prod',
  '42',
  '-5',
  '100000',
];
const SPACES = [' ', '  ', '\t', '\n', '\u00a0', '\u3000', ' \r\n '];

function noise(r: Rng): string {
  const len = r.int(40);
  let s = '';
  for (let i = 0; i < len; i++) {
    const k = r.int(6);
    if (k === 0) s += String.fromCharCode(r.int(0x80));
    else if (k === 1) s += String.fromCharCode(0x4e00 + r.int(0x5000));
    else if (k === 2) s += String.fromCodePoint(0x1f300 + r.int(0x300));
    else if (k === 3) s += r.pick(SPACES);
    else s += String.fromCharCode(0x21 + r.int(0x5e));
  }
  return s;
}

function arg(r: Rng): string {
  const k = r.int(10);
  if (k < 4) return r.pick(HOSTILE);
  if (k < 6) return `${r.pick(FLAGS)}${r.chance(0.3) ? '=' : ' '}${r.pick(HOSTILE)}`;
  if (k < 7) return r.pick(FLAGS);
  if (k < 8) return `${noise(r).replace(/\s/g, '') || 'x'}=${r.pick(HOSTILE)}`;
  if (k < 9) return `"${r.pick(HOSTILE)} ${r.pick(HOSTILE)}"`;
  return noise(r);
}

/** One random command line. */
export function commandLine(r: Rng): string {
  const k = r.int(20);
  if (k === 0) return noise(r);
  if (k === 1) return 'x'.repeat(1 + r.int(20_000));
  if (k === 2) return Array.from({ length: 500 }, () => r.pick(FLAGS)).join(' ');
  const head = r.pick(['', '', '', '/zadig ', '/', '<@UBOT> ', '@_user_1 ']);
  let word = r.pick(WORDS);
  if (r.chance(0.15)) word = word.toUpperCase();
  if (r.chance(0.1)) word = word.slice(0, Math.max(1, word.length - 1)); // a typo
  const n = r.int(6);
  const args = Array.from({ length: n }, () => arg(r));
  return head + [word, ...args].join(r.pick(SPACES));
}

/** What a proper user-facing reply looks like; returns the problems found (empty when fine). */
export function replyProblems(msg: Message): string[] {
  const problems: string[] = [];
  if (typeof msg.fallbackText !== 'string' || msg.fallbackText.trim() === '')
    problems.push('no fallback text');
  if (!Array.isArray(msg.blocks)) problems.push('blocks is not an array');
  const text = JSON.stringify(msg);
  if (/\bat [^\s]+ \(?[^\s]*:\d+:\d+\)?/.test(text)) problems.push('stack trace in reply');
  if (/\b(TypeError|ReferenceError|RangeError|SyntaxError)\b/.test(text))
    problems.push('raw JS error in reply');
  if (text.includes('[object Object]')) problems.push('[object Object] in reply');
  if (/Internal error \(ref/.test(text)) problems.push('internal error');
  return problems;
}
