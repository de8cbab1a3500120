// Shared by the parse-error tests: reads a line that must fail and checks one table row against it.
import { expect } from 'vitest';
import { isParseError, type ParseError, parse } from '../../src/commands/grammar/parser.js';
import { usageOf } from '../../src/commands/grammar/usage.js';

/** Parses a line that must fail. */
export function fail(line: string): ParseError {
  const r = parse(line);
  if (!isParseError(r)) throw new Error(`expected a parse error for ${line}, got ${JSON.stringify(r)}`);
  return r;
}

export interface ErrorCase {
  line: string;
  code: ParseError['code'];
  command?: string;
  /** Substrings of the English message. */
  en: string[];
  /** Substrings of the Chinese message. */
  zh?: string[];
  suggestion?: string;
}

/** Code, command, message parts in both languages, suggestion and usage of one error. */
export function checkErrorCase(c: ErrorCase): void {
  const err = fail(c.line);
  expect(err.kind).toBe('parse-error');
  expect(err.code).toBe(c.code);
  expect(err.command).toBe(c.command);
  for (const part of c.en) expect(err.message.en).toContain(part);
  for (const part of c.zh ?? []) expect(err.message.zh).toContain(part);
  expect(err.message.zh).not.toBe(err.message.en);
  expect(err.message.zh).toMatch(/\p{Script=Han}/u);
  expect(err.suggestion).toBe(c.suggestion);
  if (c.command) expect(err.usage).toBe(usageOf(c.command));
  else expect(err.usage).toBeUndefined();
  // A suggestion fixes what was wrong: a corrected line parses; a corrected command word is a command.
  if (c.suggestion && c.code !== 'UNKNOWN_COMMAND') expect(parse(c.suggestion)).not.toHaveProperty('kind');
  if (c.suggestion) expect(parse(c.suggestion)).not.toMatchObject({ code: 'UNKNOWN_COMMAND' });
}
