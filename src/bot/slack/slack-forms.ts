/**
 * FormRequest ⇄ Slack modal. `formView` builds the modal: one input block per field, and the form's
 * metadata (the command it completes, how each field joins the command line, the channel and thread
 * it was asked in) as `private_metadata`. `submittedValues` reads a submission back into the field
 * values, in order, for the one `formCommandLine` of src/commands. A secret field is a plain input that
 * never gets an initial value, so a secret is never echoed back.
 *
 * A choice comes back exactly as Zadig spells it. Slack holds at most 100 options of at most 150
 * characters of value: in a field with a longer option every value is opaque (`=value`, or `#i` for a
 * long one, whose full text travels in `private_metadata` under `o`) and is mapped back on submit. A choice
 * with no options, more than 100, or long options that do not fit `private_metadata` (3000 characters)
 * is asked as a typed value whose hint names the choices.
 */
import { type FormMetadata, formMetadata, readFormMetadata } from '../../commands/grammar/form-line.js';
import type { FormRequest } from '../../commands/types.js';
import { type Locale, textIn } from '../../notifications/message.js';
import { cut } from '../../notifications/render-kit.js';
import { typedChoiceHint } from '../inbound/typed-choice.js';
import { CANCEL_LABEL } from './slack-text.js';

/** callback_id of every modal this adapter opens. */
export const FORM_CALLBACK_ID = 'zbot-form';
/** action_id of the input element inside each field's block. */
const VALUE_ACTION = 'v';
/** Slack's limits on a static_select and a modal. */
const MAX_OPTIONS = 100;
const MAX_VALUE = 150;
const MAX_METADATA = 3000;

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

type Field = FormRequest['fields'][number];
type Element = Record<string, unknown>;

/** The option value Slack carries for option `i` of a field that has long options. */
const opaque = (o: string, i: number): string => (o.length > MAX_VALUE ? `#${i}` : `=${o}`);

function typedInput(f: Field): { element: Element; hint: string } {
  const h = typedChoiceHint(f.options ?? [], 2000);
  return {
    element: {
      type: 'plain_text_input',
      action_id: VALUE_ACTION,
      ...(f.initial ? { initial_value: f.initial } : {}),
    },
    hint: h.en,
  };
}

function selectOf(f: Field, opaqueValues: boolean): Element {
  const options = (f.options ?? []).map((o, i) => ({
    text: plain(o, 75),
    value: opaqueValues ? opaque(o, i) : o,
  }));
  const element: Element = { type: 'static_select', action_id: VALUE_ACTION, options };
  const at = f.initial === undefined ? -1 : (f.options ?? []).indexOf(f.initial);
  if (at >= 0) element.initial_option = options[at];
  return element;
}

/** The `views.open` view for a form. */
export function formView(form: FormRequest, origin: FormOrigin): Record<string, unknown> {
  const meta = formMetadata(form, {
    ...(origin.channel ? { conversation: origin.channel } : {}),
    ...(origin.threadTs ? { thread: origin.threadTs } : {}),
  });
  // Long options, by field: their index → full text, while private_metadata has room for them.
  const long: Record<string, Record<string, string>> = {};
  const fields = form.fields.slice(0, 100);
  const typed = new Set<number>();
  for (const [i, f] of fields.entries()) {
    if (f.kind !== 'choice') continue;
    const options = f.options ?? [];
    if (options.length === 0 || options.length > MAX_OPTIONS) {
      typed.add(i);
      continue;
    }
    const entries = options.flatMap((o, j) => (o.length > MAX_VALUE ? [[String(j), o] as const] : []));
    if (entries.length === 0) continue;
    const next = { ...long, [`f${i}`]: Object.fromEntries(entries) };
    if (JSON.stringify({ ...meta, o: next }).length <= MAX_METADATA) Object.assign(long, next);
    else typed.add(i);
  }
  const blocks = fields.map((f, i) => {
    let element: Element;
    let hint = f.hint;
    if (f.kind === 'choice' && typed.has(i)) {
      ({ element, hint } = typedInput(f));
    } else if (f.kind === 'choice') {
      element = selectOf(f, long[`f${i}`] !== undefined);
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
      ...(hint ? { hint: plain(hint, 2000) } : {}),
    };
  });
  return {
    type: 'modal',
    callback_id: FORM_CALLBACK_ID,
    private_metadata: JSON.stringify(Object.keys(long).length > 0 ? { ...meta, o: long } : meta),
    title: plain(form.title, 24),
    submit: plain(form.submitLabel, 24),
    close: plain(textIn(CANCEL_LABEL, origin.locale ?? 'en'), 24),
    blocks,
  };
}

/** Reads `private_metadata` back; undefined when it is not one of our forms. */
export function parseFormMetadata(raw: string | undefined): FormMetadata | undefined {
  return raw ? readFormMetadata(raw) : undefined;
}

/** The state of a submitted view (`view.state.values`): block id → action id → input. */
export type StateValues = Record<
  string,
  Record<string, { value?: string | null; selected_option?: { value?: string } | null }>
>;

/** The long options `formView` put in `private_metadata` (field block id → index → full text). */
function longOptions(raw: string | undefined): Record<string, Record<string, string>> {
  try {
    const o = raw ? (JSON.parse(raw) as { o?: unknown }).o : undefined;
    return o && typeof o === 'object' ? (o as Record<string, Record<string, string>>) : {};
  } catch {
    return {};
  }
}

/**
 * The submitted value of each field, in field order (undefined where the field was left empty); a
 * select's opaque value (a field with long options) is mapped back to the option with `privateMetadata`.
 */
export function submittedValues(
  meta: FormMetadata,
  values: StateValues,
  privateMetadata?: string,
): (string | undefined)[] {
  const long = longOptions(privateMetadata);
  return meta.args.map((_arg, i) => {
    const input = values[`f${i}`]?.[VALUE_ACTION];
    const selected = input?.selected_option?.value;
    const map = long[`f${i}`];
    if (selected !== undefined && selected !== null && map) {
      if (selected.startsWith('=')) return selected.slice(1);
      return map[selected.slice(1)];
    }
    return selected ?? input?.value ?? undefined;
  });
}
