/**
 * Usage lines generated from the command table, e.g.
 * `run <workflow> [name=value ...] [--project P] [--env E] [--branch svc=branch ...] [--services a,b]`.
 */
import type { ArgSpec, CommandSpec, FlagSpec } from './command-spec.js';
import { findCommand, typedWords } from './command-table.js';

/** `<workflow>`, `[taskId]`, `daily|weekly|off`, `<key>=<value>`, `[comment]`. */
export function argUsage(arg: ArgSpec): string {
  if (arg.kind === 'pair') return `<${arg.name}>=<value>`;
  if (arg.kind === 'choice') return arg.required ? arg.name : `[${arg.name}]`;
  return arg.required ? `<${arg.name}>` : `[${arg.name}]`;
}

/** `--project P`, `--production`, `--branch svc=branch ...` — without the optional brackets. */
export function flagUsage(flag: FlagSpec): string {
  if (flag.kind === 'bool') return `--${flag.name}`;
  const value = flag.valueName ?? 'X';
  return `--${flag.name} ${value}${flag.kind === 'map' ? ' ...' : ''}`;
}

/** The command words and positional arguments only: `status <workflow> [taskId]` (help overview lines). */
export function shortUsage(spec: CommandSpec): string {
  const parts = [typedWords(spec), ...spec.args.map(argUsage)];
  if (spec.params) parts.push('[name=value ...]');
  return parts.join(' ');
}

/** The full usage line of a command spec: arguments, then required flags bare, optional flags bracketed. */
export function specUsage(spec: CommandSpec): string {
  const parts = [shortUsage(spec)];
  for (const flag of spec.flags) parts.push(flag.required ? flagUsage(flag) : `[${flagUsage(flag)}]`);
  return parts.join(' ');
}

/** The usage line of a command by name or alias; empty string for an unknown command. */
export function usageOf(command: string): string {
  const spec = findCommand(command);
  return spec ? specUsage(spec) : '';
}
