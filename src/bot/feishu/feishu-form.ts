/**
 * Forms on Feishu: Feishu has no modal, so a FormRequest becomes a card 2.0 `form` container (input,
 * multiline input, select_static; a secret is a password input that is never pre-filled or echoed) whose
 * submit button calls back with `{form, cmd, args}`. On submit, `formCommandLine` rebuilds the command
 * line the core asked for (` name=value` or ` --flag value`, quoted when needed). Pure functions.
 */
import type { FormRequest } from '../../commands/types.js';
import { commandWord } from './feishu-inbound.js';

/** The callback value the submit button carries. */
export interface FormCallbackValue {
  form: string;
  /** The command line the form completes. */
  cmd: string;
  /** Per field, in order: the `name` (sent as `name=value`) or the `--flag` (sent as `--flag value`). */
  args: string[];
  /** The p2p chat the form was sent to; a submission from any other chat is not direct. */
  dm?: string;
  /** The user whose p2p chat got the form when the chat id was not known yet (bot-menu replies). */
  dmUser?: string;
}

const SECRET_PLACEHOLDER = {
  en: 'Paste it here: it goes to the bot only and is never shown',
  zh: '粘贴到这里：只发送给机器人，不会显示',
};

/** Forms that may only be shown in a p2p chat with the bot (anything asking for a secret, and login). */
export function isDirectOnlyForm(form: FormRequest): boolean {
  return (
    form.fields.some((f) => f.kind === 'secret') || ['login', '登录'].includes(commandWord(form.command))
  );
}

/** Quotes a value for the command parser when it holds spaces or quotes (`"a b"`, `"say \"hi\""`). */
export function quoteArg(value: string): string {
  if (value !== '' && !/[\s"'\\]/.test(value)) return value;
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

function plain(content: string, i18n?: { en: string; zh: string }): Record<string, unknown> {
  return i18n
    ? { tag: 'plain_text', content: i18n.en, i18n_content: { en_us: i18n.en, zh_cn: i18n.zh } }
    : { tag: 'plain_text', content };
}

function fieldElement(field: FormRequest['fields'][number], name: string): Record<string, unknown> {
  const label = plain(field.required ? `${field.label} *` : field.label);
  const base = { name, required: field.required, label, width: 'fill' };
  const hint = field.hint ? plain(field.hint.slice(0, 100)) : undefined;
  switch (field.kind) {
    case 'secret':
      return { tag: 'input', ...base, input_type: 'password', placeholder: plain('', SECRET_PLACEHOLDER) };
    case 'text':
      return {
        tag: 'input',
        ...base,
        input_type: 'multiline_text',
        rows: 3,
        ...(hint ? { placeholder: hint } : {}),
        ...(field.initial ? { default_value: field.initial } : {}),
      };
    case 'choice': {
      const options = (field.options ?? []).map((o) => ({ text: plain(o), value: o }));
      const initial =
        field.initial && field.options?.includes(field.initial) ? { initial_option: field.initial } : {};
      return { tag: 'select_static', ...base, options, ...initial, ...(hint ? { placeholder: hint } : {}) };
    }
    default:
      return {
        tag: 'input',
        ...base,
        ...(hint ? { placeholder: hint } : {}),
        ...(field.initial ? { default_value: field.initial } : {}),
      };
  }
}

/**
 * A card 2.0 holding the form. With `base` (the rendered reply card) the form is appended to its body so
 * the user sees the core's explanation above the inputs; `dmChatId` marks the form as sent to a p2p chat.
 */
export function renderFormCard(
  form: FormRequest,
  opts: { base?: object; dmChatId?: string; dmUser?: string } = {},
): object {
  const value: FormCallbackValue = {
    form: form.id,
    cmd: form.command,
    args: form.fields.map((f) => (f.flag ? `--${f.flag.replace(/^-+/, '')}` : f.name)),
    ...(opts.dmChatId ? { dm: opts.dmChatId } : {}),
    ...(opts.dmUser ? { dmUser: opts.dmUser } : {}),
  };
  const container = {
    tag: 'form',
    name: 'zbot_form',
    elements: [
      ...form.fields.map((f, i) => fieldElement(f, `field_${i}`)),
      {
        tag: 'button',
        name: 'zbot_submit',
        type: 'primary',
        text: plain(form.submitLabel),
        form_action_type: 'submit',
        behaviors: [{ type: 'callback', value }],
      },
    ],
  };
  const base = opts.base as { body?: { elements?: unknown[] }; header?: unknown } | undefined;
  if (base && Array.isArray(base.body?.elements)) {
    return {
      ...base,
      ...(base.header ? {} : { header: { title: plain(form.title), template: 'blue' } }),
      body: { ...base.body, elements: [...base.body.elements, container] },
    };
  }
  return {
    schema: '2.0',
    config: { update_multi: true },
    header: { title: plain(form.title), template: 'blue' },
    body: { elements: [container] },
  };
}

function valueText(v: unknown): string {
  if (typeof v === 'string') return v;
  if (Array.isArray(v)) return v.map(String).join(',');
  if (v === undefined || v === null) return '';
  return String(v);
}

/** Reads a submit callback value; undefined when it is not one of our forms. */
export function parseFormValue(value: Record<string, unknown> | undefined): FormCallbackValue | undefined {
  if (!value || typeof value.form !== 'string' || typeof value.cmd !== 'string') return undefined;
  const args = Array.isArray(value.args) ? value.args.filter((a): a is string => typeof a === 'string') : [];
  return {
    form: value.form,
    cmd: value.cmd,
    args,
    ...(typeof value.dm === 'string' ? { dm: value.dm } : {}),
    ...(typeof value.dmUser === 'string' ? { dmUser: value.dmUser } : {}),
  };
}

/** The command line for a submission: `cmd` plus one ` name=value` / ` --flag value` per filled field. */
export function formCommandLine(value: FormCallbackValue, formValue: Record<string, unknown>): string {
  const parts = [value.cmd.trim()];
  value.args.forEach((arg, i) => {
    const v = valueText(formValue[`field_${i}`]).trim();
    if (!v) return;
    parts.push(arg.startsWith('--') ? `${arg} ${quoteArg(v)}` : `${arg}=${quoteArg(v)}`);
  });
  return parts.join(' ');
}
