/**
 * Values of an environment's global variables. Zadig keeps each value as `interface{}` and checks it by
 * the variable's type when the list is written (`GlobalVariableKVToYaml`, common/types/service_variable.go):
 * a `bool` takes a JSON bool (or the strings "true"/"false"), an `enum` one of its options, a `yaml` a
 * YAML string, a `string` anything.
 */
import type { EnvVariable } from './types.js';

/** What a typed input becomes, or why it cannot. */
export type VariableValue =
  | { ok: true; value: string | boolean }
  | { ok: false; reason: 'not-bool' | 'not-option' };

/**
 * The value to store for `input` typed by a user for `variable`: a bool variable gets a JSON bool (so it
 * stays a bool on the server), an enum must name one of its options, anything else stays the string.
 */
export function typedVariableValue(
  variable: Pick<EnvVariable, 'type' | 'options'>,
  input: string,
): VariableValue {
  if (variable.type === 'bool') {
    const v = input.trim().toLowerCase();
    if (v === 'true') return { ok: true, value: true };
    if (v === 'false') return { ok: true, value: false };
    return { ok: false, reason: 'not-bool' };
  }
  if (variable.type === 'enum' && !variable.options.includes(input))
    return { ok: false, reason: 'not-option' };
  return { ok: true, value: input };
}

/** A stored value as text for people: strings as they are, bools and numbers spelled, the rest as JSON. */
export function shownVariableValue(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === undefined || value === null) return '';
  if (typeof value === 'boolean' || typeof value === 'number') return String(value);
  return JSON.stringify(value);
}
