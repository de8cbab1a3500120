/**
 * FormRequest ⇄ Slack modal. `formView` builds the modal (one input block per field; `private_metadata`
 * carries the command, the channel and how each field maps onto the command line), and
 * `commandFromSubmission` turns the submitted values back into a command line for the parser.
 * Values are quoted with the parser's own `quoteWord`, so they read back exactly as typed.
 * A secret field is a plain input that never gets an initial value, so a secret is never echoed back.
 */
import { quoteWord } from '../../commands/grammar/tokenize.js';
import type { FormRequest } from '../../commands/types.js';
import { type Locale, textIn } from '../../notifications/message.js';
import { cut } from '../../notifications/render-kit.js';
import { CANCEL_LABEL } from './slack-text.js';

/** callback_id of every modal this adapter opens. */
export const FORM_CALLBACK_ID = 'zbot-form';
/** action_id of the input element inside each field's block. */
const VALUE_ACTION = 'v';

/** What the modal remembers between opening and submission (kept small: Slack allows 3000 chars). */
export interface FormMetadata {
  /** Command line the form completes. */
  c: string;
  /** Channel and thread the command came from. */
  ch?: string;
  th?: string;
  /** Per field (in block order): name, and flag when the value goes after a `--flag`. */
  f: { n: string; fl?: string }[];
}

/** Where the form was asked for; replies to the submission go there. */
export interface FormOrigin {
  channel?: string;
  threadTs?: string;
  locale?: Locale;
}

const plain = (text: string, max: number) => ({
  type: 'plain_text',
  text: cut(text, max) || ' ',
  emoji: true,
});

/** The `views.open` view for a form. */
export function formView(form: FormRequest, origin: FormOrigin): Record<string, unknown> {
  const meta: FormMetadata = {
    c: form.command,
    ...(origin.channel ? { ch: origin.channel } : {}),
    ...(origin.threadTs ? { th: origin.threadTs } : {}),
    f: form.fields.map((f) => ({ n: f.name, ...(f.flag ? { fl: f.flag } : {}) })),
  };
  const blocks = form.fields.slice(0, 100).map((f, i) => {
    let element: Record<string, unknown>;
    if (f.kind === 'choice') {
      const options = (f.options ?? [])
        .slice(0, 100)
        .map((o) => ({ text: plain(o, 75), value: cut(o, 150) }));
      element = { type: 'static_select', action_id: VALUE_ACTION, options };
      const initial = options.find((o) => o.value === f.initial);
      if (initial) element.initial_option = initial;
    } else {
      element = { type: 'plain_text_input', action_id: VALUE_ACTION, multiline: f.kind === 'text' };
      // Never pre-fill a secret: whatever is in the view comes back in every payload and log of it.
      if (f.kind !== 'secret' && f.initial) element.initial_value = f.initial;
    }
    return {
      type: 'input',
      block_id: `f${i}`,
      optional: !f.required,
      label: plain(f.label, 2000),
      element,
      ...(f.hint ? { hint: plain(f.hint, 2000) } : {}),
    };
  });
  return {
    type: 'modal',
    callback_id: FORM_CALLBACK_ID,
    private_metadata: JSON.stringify(meta),
    title: plain(form.title, 24),
    submit: plain(form.submitLabel, 24),
    close: plain(textIn(CANCEL_LABEL, origin.locale ?? 'en'), 24),
    blocks,
  };
}

/** Parses `private_metadata`; undefined when it is not ours. */
export function parseFormMetadata(raw: string | undefined): FormMetadata | undefined {
  if (!raw) return undefined;
  try {
    const m = JSON.parse(raw) as FormMetadata;
    return typeof m?.c === 'string' && Array.isArray(m.f) ? m : undefined;
  } catch {
    return undefined;
  }
}

type StateValues = Record<
  string,
  Record<string, { value?: string | null; selected_option?: { value?: string } | null }>
>;

/** Builds the command line from a submitted view: `command name=value …` / `command --flag value …`. */
export function commandFromSubmission(meta: FormMetadata, values: StateValues): string {
  let line = meta.c;
  meta.f.forEach((field, i) => {
    const input = values[`f${i}`]?.[VALUE_ACTION];
    const v = input?.selected_option?.value ?? input?.value ?? '';
    if (v === '') return;
    if (field.fl) {
      const flag = field.fl.startsWith('-') ? field.fl : `--${field.fl}`;
      line += ` ${flag} ${quoteWord(v)}`;
    } else line += ` ${field.n}=${quoteWord(v)}`;
  });
  return line;
}
