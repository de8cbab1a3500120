/**
 * A form's way back into a command line, the same on every platform. When a command needs more from
 * the user the core answers with a FormRequest; the adapter shows it (a Slack modal, a Feishu form card,
 * console prompts) and keeps one `FormMetadata` with it (the modal's private_metadata, the submit
 * button's callback value). On submit, `formCommandLine` appends each filled field to the command the
 * form completes — `name=value`, or `--flag value` — quoted by the tokenizer's own rules, so every value
 * reads back exactly as typed: quotes, `＝`, runs of spaces, backticks, a leading dash.
 */
import { quoteWord } from './tokenize.js';

/** What a form remembers between being shown and being submitted. */
export interface FormMetadata {
  /** The form's id (FormRequest.id). */
  form: string;
  /** The command line the form completes, e.g. `run deploy-dev --project demo`. */
  cmd: string;
  /** Per field, in order: its `name` (sent as `name=value`) or its `--flag` (sent as `--flag value`). */
  args: string[];
  /**
   * Where the form was shown: the conversation (and thread) the submission answers in; `direct` when
   * that is a direct chat with the bot, found by the conversation or, before its id is known, the user.
   */
  at?: { conversation?: string; thread?: string; user?: string; direct?: boolean };
}

/** The form fields this needs (a FormRequest's): a name, and a flag when the value goes after one. */
interface FormShape {
  id: string;
  command: string;
  fields: readonly { name: string; flag?: string }[];
}

/** The metadata to keep with a form shown at `at`. */
export function formMetadata(form: FormShape, at?: FormMetadata['at']): FormMetadata {
  return {
    form: form.id,
    cmd: form.command,
    args: form.fields.map((f) => (f.flag ? `--${f.flag.replace(/^-+/, '')}` : f.name)),
    ...(at && Object.keys(at).length > 0 ? { at } : {}),
  };
}

const str = (v: unknown): v is string => typeof v === 'string';

/** Reads metadata back (from JSON text or a parsed value); undefined when it is not a form's. */
export function readFormMetadata(raw: unknown): FormMetadata | undefined {
  let v = raw;
  if (str(raw)) {
    try {
      v = JSON.parse(raw);
    } catch {
      return undefined;
    }
  }
  if (!v || typeof v !== 'object') return undefined;
  const o = v as Record<string, unknown>;
  if (!str(o.form) || !str(o.cmd) || !Array.isArray(o.args) || !o.args.every(str)) return undefined;
  const at = o.at && typeof o.at === 'object' ? (o.at as Record<string, unknown>) : undefined;
  const where: NonNullable<FormMetadata['at']> = {
    ...(str(at?.conversation) ? { conversation: at.conversation } : {}),
    ...(str(at?.thread) ? { thread: at.thread } : {}),
    ...(str(at?.user) ? { user: at.user } : {}),
    ...(at?.direct === true ? { direct: true } : {}),
  };
  return { form: o.form, cmd: o.cmd, args: o.args, ...(Object.keys(where).length > 0 ? { at: where } : {}) };
}

/**
 * The command line for a submission: the form's command plus ` name=value` / ` --flag value` for each
 * field with a value (`values` in field order). A blank value leaves its field out; any other value is
 * kept exactly, quoted only when the tokenizer needs it.
 */
export function formCommandLine(meta: FormMetadata, values: readonly (string | undefined)[]): string {
  const parts = [meta.cmd.trim()];
  meta.args.forEach((arg, i) => {
    const v = values[i];
    if (v === undefined || v.trim() === '') return;
    parts.push(arg.startsWith('--') ? `${arg} ${quoteWord(v)}` : `${arg}=${quoteWord(v)}`);
  });
  return parts.join(' ');
}
