/**
 * Reads the value of a non-switch flag into the intent fields: one value (`string`, `int`), several
 * (`list`, repeatable) or pairs (`map`, repeatable). Repeating a one-value flag with a different value is
 * an error rather than a silent "last one wins": these lines deploy things.
 */
import { t } from '../../notifications/message.js';
import type { FlagSpec } from './command-spec.js';
import {
  type Bad,
  conflict,
  isBad,
  readChoice,
  readInt,
  readMap,
  readName,
  readText,
  splitList,
} from './parse-values.js';

/** Stores the value of `flag` into `fields[flag.field]`; a Bad when it is not acceptable. */
export function readFlagValue(flag: FlagSpec, raw: string, fields: Record<string, unknown>): Bad | undefined {
  const subject = { en: `\`--${flag.name}\``, zh: `\`--${flag.name}\` ` };
  const value = raw.trim();
  switch (flag.kind) {
    case 'int': {
      const n = readInt(value, subject, flag.min ?? 0, flag.max ?? Number.MAX_SAFE_INTEGER);
      return isBad(n) ? n : store(flag, fields, n);
    }
    case 'list': {
      const items: string[] = [];
      for (const item of splitList(value)) {
        const read = readItem(flag, item, subject);
        if (isBad(read)) return read;
        items.push(read);
      }
      if (items.length === 0) {
        const example = `--${flag.name} ${flag.example ?? flag.valueName ?? 'a,b'}`;
        return {
          bad: t(
            `\`--${flag.name}\` needs at least one value, e.g. \`${example}\`.`,
            `\`--${flag.name}\` 至少需要一个值，例如 \`${example}\`。`,
          ),
        };
      }
      const prior = (fields[flag.field] as string[] | undefined) ?? [];
      fields[flag.field] = [...new Set([...prior, ...items])];
      return undefined;
    }
    case 'map': {
      const into = (fields[flag.field] as Record<string, string> | undefined) ?? {};
      fields[flag.field] = into;
      return readMap(value, flag.name, flag.valueName ?? 'key=value', flag.example ?? 'key=value', into);
    }
    default: {
      const read = readItem(flag, value, subject);
      return isBad(read) ? read : store(flag, fields, read);
    }
  }
}

function readItem(flag: FlagSpec, raw: string, subject: { en: string; zh: string }): string | Bad {
  if (flag.choices) return readChoice(raw, subject, flag.choices, flag.choiceAliases);
  if (flag.check === 'name') return readName(raw, subject);
  return readText(raw, subject);
}

function store(flag: FlagSpec, fields: Record<string, unknown>, value: string | number): Bad | undefined {
  const prior = fields[flag.field];
  if (prior !== undefined && prior !== value)
    return conflict(`\`--${flag.name}\``, String(prior), String(value));
  fields[flag.field] = value;
  return undefined;
}
