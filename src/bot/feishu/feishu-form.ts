/**
 * Forms on Feishu: Feishu has no modal, so a FormRequest becomes a card 2.0 `form` container (input,
 * multiline input, select_static; a secret is a password input that is never pre-filled or echoed) whose
 * submit button calls back with the form's metadata (src/commands/grammar/form-line.ts). On submit,
 * `submittedValues` reads the field values back, in order, for the one `formCommandLine`. Pure functions.
 */
import type { FormMetadata } from '../../commands/grammar/form-line.js';
import type { FormRequest } from '../../commands/types.js';
import { commandWord } from '../inbound/command-word.js';

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
 * A card 2.0 holding the form; its submit button calls back with `meta` (where `meta.at` says whether the
 * form went to a p2p chat). With `base` (the rendered reply card) the form is appended to its body so the
 * user sees the core's explanation above the inputs.
 */
export function renderFormCard(form: FormRequest, meta: FormMetadata, base?: object): object {
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
        behaviors: [{ type: 'callback', value: meta }],
      },
    ],
  };
  const card = base as { body?: { elements?: unknown[] }; header?: unknown } | undefined;
  if (card && Array.isArray(card.body?.elements)) {
    return {
      ...card,
      ...(card.header ? {} : { header: { title: plain(form.title), template: 'blue' } }),
      body: { ...card.body, elements: [...card.body.elements, container] },
    };
  }
  return {
    schema: '2.0',
    config: { update_multi: true },
    header: { title: plain(form.title), template: 'blue' },
    body: { elements: [container] },
  };
}

function valueText(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (Array.isArray(v)) return v.map(String).join(',');
  if (v === undefined || v === null) return undefined;
  return String(v);
}

/** The submitted value of each field (`form_value.field_<i>`), in field order; multi-selects joined by `,`. */
export function submittedValues(
  meta: FormMetadata,
  formValue: Record<string, unknown>,
): (string | undefined)[] {
  return meta.args.map((_arg, i) => valueText(formValue[`field_${i}`]));
}
