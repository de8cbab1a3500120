// Locks in "did you mean": case-insensitive Damerau-Levenshtein distance on code points, the distance
// limit, and the tie-breaking order (closest length, then shortest, then alphabetical).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { editDistance, suggest } from '../../src/commands/grammar/suggest.js';

describe('editDistance', () => {
  it.each([
    ['', '', 0],
    ['abc', '', 3],
    ['', 'abc', 3],
    ['status', 'status', 0],
    ['Status', 'STATUS', 0],
    ['stauts', 'status', 1],
    ['statsu', 'status', 1],
    ['stats', 'status', 1],
    ['kitten', 'sitting', 3],
    ['ca', 'abc', 2],
    ['abcdef', 'badcfe', 3],
    ['状太', '状态', 1],
    ['部署', '署部', 1],
    ['😀a', 'a😀', 1],
  ])('%s ↔ %s = %i', (a, b, d) => {
    expect(editDistance(a, b)).toBe(d);
  });

  it('is a metric: symmetric, zero only for equal words, triangle inequality', () => {
    const word = fc.string({ unit: fc.constantFrom('a', 'b', 'c', 'A', '部'), maxLength: 7 });
    fc.assert(
      fc.property(word, word, word, (a, b, c) => {
        expect(editDistance(a, b)).toBe(editDistance(b, a));
        expect(editDistance(a, b) === 0).toBe(a.toLowerCase() === b.toLowerCase());
        expect(editDistance(a, c)).toBeLessThanOrEqual(editDistance(a, b) + editDistance(b, c));
        expect(editDistance(a, b)).toBeLessThanOrEqual(Math.max(Array.from(a).length, Array.from(b).length));
      }),
      { numRuns: 300 },
    );
  });
});

describe('suggest', () => {
  const commands = [
    'status',
    'stats',
    'tasks',
    'run',
    'retry',
    'restart',
    'env',
    'envs',
    'logs',
    'login',
    'logout',
    '状态',
  ];

  it.each([
    ['stauts', 'status'],
    ['statsu', 'status'],
    ['STATUS', 'status'],
    ['stat', 'stats'],
    ['staus', 'stats'],
    ['rnu', 'run'],
    ['retyr', 'retry'],
    ['restrat', 'restart'],
    ['lgoin', 'login'],
    ['logotu', 'logout'],
    ['evn', 'env'],
    ['状太', '状态'],
  ])('%s → %s', (word, expected) => {
    expect(suggest(word, commands)).toBe(expected);
  });

  it.each([['xyzzy'], ['deploy'], [''], ['   '], ['x'], ['a'.repeat(100)]])('%j → nothing', (word) => {
    expect(suggest(word, commands)).toBeUndefined();
  });

  it('returns the candidate as spelled', () => {
    expect(suggest('deploy-dev', ['Deploy-Dev', 'deploy-prod'])).toBe('Deploy-Dev');
  });

  it('breaks ties by closest length, then shortest, then alphabetically', () => {
    expect(suggest('ab', ['ac', 'ab1', 'a'])).toBe('ac');
    expect(suggest('abcd', ['abc', 'abcde'])).toBe('abc');
    expect(suggest('abcd', ['abcx', 'abcy'])).toBe('abcx');
    expect(suggest('abcd', ['abcy', 'abcx'])).toBe('abcx');
  });

  it('honours maxDistance', () => {
    expect(suggest('deploy-dve', ['deploy-dev'], 0)).toBeUndefined();
    expect(suggest('deploy-dve', ['deploy-dev'], 1)).toBe('deploy-dev');
    expect(suggest('dev', ['prod'], 4)).toBe('prod');
    expect(suggest('dev', ['prod'])).toBeUndefined();
  });

  it('grows its default tolerance with the word', () => {
    expect(suggest('bckend', ['backend'])).toBe('backend');
    expect(suggest('frntnd', ['frontend'])).toBe('frontend');
    expect(suggest('dploy-prdction', ['deploy-production'])).toBe('deploy-production');
    expect(suggest('ab', ['cd'])).toBeUndefined();
  });

  it('never suggests a candidate further than the limit', () => {
    const word = fc.string({ unit: fc.constantFrom('a', 'b', 'c', 'd'), minLength: 1, maxLength: 8 });
    fc.assert(
      fc.property(word, fc.array(word, { maxLength: 6 }), fc.integer({ min: 0, max: 3 }), (w, cands, max) => {
        const s = suggest(w, cands, max);
        if (s === undefined) {
          for (const c of cands) expect(editDistance(w, c)).toBeGreaterThan(max);
        } else {
          expect(cands).toContain(s);
          const best = Math.min(...cands.map((c) => editDistance(w, c)));
          expect(editDistance(w, s)).toBe(best);
        }
      }),
      { numRuns: 300 },
    );
  });
});
