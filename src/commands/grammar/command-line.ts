/**
 * The inverse of parse: writes an intent as the command line that parses back to it. Views use it for
 * button commands (`approve release-gate 42 --project demo`) so buttons and typed text share one grammar.
 */
import { findCommand, typedWords } from './command-table.js';
import type { Intent } from './intents.js';
import { quoteWord } from './tokenize.js';

/**
 * A canonical command line for `intent`: English command words, positional arguments, `name=value`
 * params, then `--flag value` for each flag that differs from its default. Values are quoted when needed.
 * (List items and map values containing commas cannot round-trip: the grammar splits them.)
 */
export function toCommandLine(intent: Intent): string {
  const spec = findCommand(intent.command);
  if (!spec) return intent.command;
  const rec = intent as unknown as Record<string, unknown>;
  const parts = [typedWords(spec)];
  for (const arg of spec.args) {
    const v = rec[arg.field];
    if (v === undefined) continue;
    if (arg.kind === 'pair')
      parts.push(`${String(v)}=${quoteWord(String(rec[arg.valueField ?? 'value'] ?? ''))}`);
    else if (arg.name === 'command') parts.push(String(v));
    else parts.push(quoteWord(String(v)));
  }
  if (spec.params) {
    for (const [key, value] of Object.entries((rec.params as Record<string, string> | undefined) ?? {})) {
      parts.push(`${key}=${quoteWord(value)}`);
    }
  }
  for (const flag of spec.flags) {
    const v = rec[flag.field];
    if (v === undefined || v === false) continue;
    if (flag.kind === 'bool') parts.push(`--${flag.name}`);
    else if (flag.kind === 'int' && v === flag.default) continue;
    else if (flag.kind === 'list') parts.push(`--${flag.name} ${quoteWord((v as string[]).join(','))}`);
    else if (flag.kind === 'map') {
      for (const [key, value] of Object.entries(v as Record<string, string>)) {
        parts.push(`--${flag.name} ${quoteWord(`${key}=${value}`)}`);
      }
    } else parts.push(`--${flag.name} ${quoteWord(String(v))}`);
  }
  return parts.join(' ');
}
