/**
 * A parse failure as a value, never an exception: the caller renders `message` (both languages) and
 * may offer `suggestion` as a button that sends the corrected line.
 */
import type { I18nText } from '../../notifications/message.js';

export type ParseErrorCode =
  | 'EMPTY'
  | 'UNKNOWN_COMMAND'
  | 'MISSING_ARGUMENT'
  | 'BAD_ARGUMENT'
  | 'UNKNOWN_FLAG'
  | 'TOO_MANY_ARGUMENTS'
  | 'UNCLOSED_QUOTE';

export interface ParseError {
  kind: 'parse-error';
  code: ParseErrorCode;
  /** Canonical name of the command, once it was recognised. */
  command?: string;
  /** What was wrong and what to type instead, in both languages. */
  message: I18nText;
  /**
   * A corrected line to offer ("did you mean"): the full command line with the wrong word replaced
   * (or the bare command word when the rest must not be echoed, e.g. after `login`).
   */
  suggestion?: string;
  /** The command's usage line, e.g. `cancel <workflow> <taskId> [--project P]`. */
  usage?: string;
}

/** Type guard for parse results. */
export function isParseError(x: unknown): x is ParseError {
  return typeof x === 'object' && x !== null && (x as { kind?: unknown }).kind === 'parse-error';
}
