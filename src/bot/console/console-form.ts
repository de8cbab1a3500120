/**
 * A form answered at the console, field by field: the prompt of each field (its options, its default,
 * `*` when required), an empty answer keeping the default, a required field asked again until answered,
 * `:cancel` to stop. The answers become the form's command line through the one `formCommandLine`.
 */
import { formCommandLine, formMetadata } from '../../commands/grammar/form-line.js';
import type { FormRequest } from '../../commands/types.js';

/** The form being answered; `answer` takes one line and says what happens next. */
export class ConsoleForm {
  readonly #values: (string | undefined)[] = [];

  constructor(readonly form: FormRequest) {}

  /** The first line shown when the form opens. */
  intro(): string {
    return `${this.form.title} — answer each field (empty keeps the default, :cancel stops)\n`;
  }

  /** The prompt of the field waiting for an answer. */
  prompt(): string {
    const f = this.form.fields[this.#values.length];
    if (!f) return '';
    const opts = f.options?.length ? ` [${f.options.join('|')}]` : '';
    const def = f.initial ? ` (${f.initial})` : '';
    return `  ${f.label}${opts}${def}${f.required ? ' *' : ''}: `;
  }

  /**
   * Takes the answer to the current field: `ask` again (a required field left empty), `next` field,
   * `done` with the command line, or `cancelled`.
   */
  answer(
    line: string,
  ): { next: 'ask' | 'next' } | { next: 'done'; commandLine: string } | { next: 'cancelled' } {
    if (line.trim() === ':cancel') return { next: 'cancelled' };
    const f = this.form.fields[this.#values.length];
    if (!f) return { next: 'cancelled' };
    const value = line.trim() === '' ? f.initial || undefined : line;
    if (value === undefined && f.required) return { next: 'ask' };
    this.#values.push(value);
    if (this.#values.length < this.form.fields.length) return { next: 'next' };
    return { next: 'done', commandLine: formCommandLine(formMetadata(this.form), this.#values) };
  }
}
