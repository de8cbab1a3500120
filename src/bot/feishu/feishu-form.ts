/**
 * Forms on Feishu: Feishu has no modal, so a FormRequest becomes a card 2.0 `form` container (input,
 * multiline input, select_static; a secret is a password input that is never pre-filled or echoed) whose
 * submit button calls back with the form's metadata (src/commands/grammar/form-line.ts). On submit,
 * `submittedValues` reads the field values back, in order, for the one `formCommandLine`. Pure functions.
 */
import type { FormMetadata } from '../../commands/grammar/form-line.js';
import type { FormRequest } from '../../commands/types.js';
import { commandWord } from '../inbound/command-word.js';
import { typedChoiceHint } from '../inbound/typed-choice.js';
import {
  cardRequestBytes,
  countComponents,
  escapeFeishu,
  FEISHU_CARD_BUDGET,
  FEISHU_MAX_COMPONENTS,
} from './feishu-renderer.js';

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

/**
 * The components of one field. An input carries its own `label`; a select_static has no `label` in card
 * JSON 2.0 (2.0 refuses unknown properties, error 200621), so its label is a markdown line above it.
 * A choice `asTyped` (or one without options) is an input whose placeholder names the choices.
 */
function fieldElements(
  field: FormRequest['fields'][number],
  name: string,
  asTyped: boolean,
): Record<string, unknown>[] {
  const labelText = field.required ? `${field.label} *` : field.label;
  const base = { name, required: field.required, width: 'fill' };
  const hint = field.hint ? plain(field.hint.slice(0, 100)) : undefined;
  switch (field.kind) {
    case 'secret':
      return [
        {
          tag: 'input',
          ...base,
          label: plain(labelText),
          input_type: 'password',
          placeholder: plain('', SECRET_PLACEHOLDER),
        },
      ];
    case 'text':
      return [
        {
          tag: 'input',
          ...base,
          label: plain(labelText),
          input_type: 'multiline_text',
          rows: 3,
          ...(hint ? { placeholder: hint } : {}),
          ...(field.initial ? { default_value: field.initial } : {}),
        },
      ];
    case 'choice': {
      if (asTyped) {
        const h = typedChoiceHint(field.options ?? []);
        return [
          {
            tag: 'input',
            ...base,
            label: plain(labelText),
            placeholder: plain(h.en, h),
            ...(field.initial ? { default_value: field.initial } : {}),
          },
        ];
      }
      const options = (field.options ?? []).map((o) => ({ text: plain(o), value: o }));
      const initial =
        field.initial && field.options?.includes(field.initial) ? { initial_option: field.initial } : {};
      return [
        { tag: 'markdown', content: `**${escapeFeishu(labelText)}**` },
        {
          tag: 'select_static',
          ...base,
          options,
          ...initial,
          placeholder: hint ?? plain(field.label.slice(0, 100)),
        },
      ];
    }
    default:
      return [
        {
          tag: 'input',
          ...base,
          label: plain(labelText),
          ...(hint ? { placeholder: hint } : {}),
          ...(field.initial ? { default_value: field.initial } : {}),
        },
      ];
  }
}

/**
 * The form container for `form`. Choices are lists while the card stays within `maxTags` components and
 * `maxBytes` of request; past that the longest list becomes a typed value, until it fits.
 */
export function formContainer(
  form: FormRequest,
  meta: FormMetadata,
  room: { maxTags?: number; maxBytes?: number } = {},
): Record<string, unknown> {
  const typed = new Set(
    form.fields.flatMap((f, i) => (f.kind === 'choice' && (f.options ?? []).length === 0 ? [i] : [])),
  );
  for (;;) {
    const container = {
      tag: 'form',
      name: 'zbot_form',
      elements: [
        ...form.fields.flatMap((f, i) => fieldElements(f, `field_${i}`, typed.has(i))),
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
    const fits =
      countComponents(container) <= (room.maxTags ?? FEISHU_MAX_COMPONENTS) &&
      cardRequestBytes(container) <= (room.maxBytes ?? FEISHU_CARD_BUDGET);
    // The longest list still shown becomes typed; when none is left, this is as small as it gets.
    const longest = form.fields
      .map((f, i) => ({
        i,
        n: f.kind === 'choice' && !typed.has(i) ? JSON.stringify(f.options ?? []).length : -1,
      }))
      .filter((x) => x.n >= 0)
      .sort((a, b) => b.n - a.n)[0];
    if (fits || !longest) return container;
    typed.add(longest.i);
  }
}

/** Components and request bytes of a card, so a form knows the room a reply card leaves it. */
export function cardWeight(card: object): { tags: number; bytes: number } {
  return { tags: countComponents(card), bytes: cardRequestBytes(card) };
}

/**
 * A card 2.0 holding the form; its submit button calls back with `meta` (where `meta.at` says whether the
 * form went to a p2p chat). With `base` (the rendered reply card) the form is appended to its body so the
 * user sees the core's explanation above the inputs; the form gets the room the base leaves.
 */
export function renderFormCard(form: FormRequest, meta: FormMetadata, base?: object): object {
  const header = { title: plain(form.title), template: 'blue' };
  const card = base as { body?: { elements?: unknown[] }; header?: unknown } | undefined;
  const shell =
    card && Array.isArray(card.body?.elements)
      ? { ...card, ...(card.header ? {} : { header }), body: { ...card.body, elements: card.body.elements } }
      : { schema: '2.0', config: { update_multi: true }, header, body: { elements: [] as unknown[] } };
  // The form's container joins the body's array: its own weight plus a comma.
  const used = cardWeight(shell);
  const container = formContainer(form, meta, {
    maxTags: FEISHU_MAX_COMPONENTS - used.tags,
    maxBytes: FEISHU_CARD_BUDGET - used.bytes - 1,
  });
  return { ...shell, body: { ...shell.body, elements: [...shell.body.elements, container] } };
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
