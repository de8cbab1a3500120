// Locks in how a chat line splits into words: quotes of every kind, `=` outside quotes, full-width
// spaces and equals, IME dashes before flags, exact offsets, and that quoteWord round-trips any value.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { quoteWord, tokenize } from '../../src/commands/grammar/tokenize.js';

const values = (s: string) => tokenize(s).map((t) => t.value);

describe('tokenize', () => {
  it.each([
    ['a b  c', ['a', 'b', 'c']],
    ['a\u3000b\tc\nd', ['a', 'b', 'c', 'd']],
    ['"a b" c', ['a b', 'c']],
    ["'a b' c", ['a b', 'c']],
    ['“a b” ‘c d’', ['a b', 'c d']],
    ['「a b」 『c d』', ['a b', 'c d']],
    ['k="a b"', ['k=a b']],
    ["k='a b' x", ['k=a b', 'x']],
    ['k＝v', ['k=v']],
    ['--flag="a b"', ['--flag=a b']],
    ["don't stop", ["don't", 'stop']],
    ['"open only', ['"open', 'only']],
    ['""', ['']],
    ['"a\\"b"', ['a"b']],
    ["'a\\'", ['a\\']],
    ['—project x', ['--project', 'x']],
    ['——env x', ['--env', 'x']],
    ['－p x', ['--p', 'x']],
    ['— alone', ['—', 'alone']],
    ['"—quoted"', ['—quoted']],
    ['', []],
    ['   ', []],
  ])('%j → %j', (input, expected) => {
    expect(values(input)).toEqual(expected);
  });

  it('marks quoted words and the first unquoted =', () => {
    expect(tokenize('"--x" a=b "c=d" e="f=g"')).toMatchObject([
      { value: '--x', quoted: true, eq: -1 },
      { value: 'a=b', quoted: false, eq: 1 },
      { value: 'c=d', quoted: true, eq: -1 },
      { value: 'e=f=g', quoted: false, eq: 1 },
    ]);
    expect(tokenize('版本：1.2 "a：b"')).toMatchObject([
      { value: '版本：1.2', eq: 2 },
      { value: 'a：b', eq: -1 },
    ]);
  });

  it('keeps offsets of the raw words', () => {
    const text = '  run "a b"  x=1 ';
    const toks = tokenize(text);
    expect(toks.map((t) => text.slice(t.start, t.end))).toEqual(['run', '"a b"', 'x=1']);
  });

  it('adjusts the = index after an IME dash', () => {
    const [tok] = tokenize('——env=dev');
    expect(tok).toMatchObject({ value: '--env=dev', eq: 5 });
  });
});

describe('quoteWord', () => {
  it.each([
    ['plain', 'plain'],
    ['a b', '"a b"'],
    ['', '""'],
    ['-x', '"-x"'],
    ['—x', '"—x"'],
    ['a=b', '"a=b"'],
    ['a：b', '"a：b"'],
    ['say "hi"', '"say \\"hi\\""'],
    ['back\\slash', '"back\\\\slash"'],
  ])('%j → %s', (value, quoted) => {
    expect(quoteWord(value)).toBe(quoted);
  });

  it('reads back as one word with the same value, never a flag or a pair', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 30 }), (v) => {
        const toks = tokenize(`x ${quoteWord(v)} y`);
        expect(toks.map((t) => t.value)).toEqual(['x', v, 'y']);
        const mid = toks[1]!;
        expect(mid.eq).toBe(-1);
        expect(mid.quoted || !/^[-—－–]/.test(mid.value)).toBe(true);
      }),
      { numRuns: 500 },
    );
  });
});
