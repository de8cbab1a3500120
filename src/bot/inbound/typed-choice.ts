/**
 * A form's choice that a platform cannot offer as a list (no options, more than its list holds, or an
 * option its list would change) is asked as a typed value instead: the hint says so and names the first
 * options. The run checks a typed value against the workflow's options and lists them when it is not one.
 */
import type { I18nText } from '../../notifications/message.js';

/** The hint of a choice asked as a typed value, in both languages, within `max` characters. */
export function typedChoiceHint(options: readonly string[], max = 100): I18nText {
  const listed = (head: string): string => {
    let out = head;
    for (const [i, o] of options.entries()) {
      const next = `${out}${i === 0 ? '' : ', '}${o}`;
      if (next.length > max - 2) return i === 0 ? out.trimEnd() : `${out}, …`;
      out = next;
    }
    return out;
  };
  if (options.length === 0) return { en: 'Type the value', zh: '请输入取值' };
  return {
    en: listed(`Type one of ${options.length} choices exactly: `),
    zh: listed(`请准确输入 ${options.length} 个选项之一：`),
  };
}
