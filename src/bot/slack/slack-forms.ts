/**
 * FormRequest ⇄ Slack modal. `formView` builds the modal: one input block per field, and the form's
 * metadata (the command it completes, how each field joins the command line, the channel and thread
 * it was asked in) as `private_metadata`. `submittedValues` reads a submission back into the field
 * values, in order, for the one `formCommandLine` of src/commands. A secret field is a plain input that
 * never gets an initial value, so a secret is never echoed back.
 */
import { type FormMetadata, formMetadata, readFormMetadata } from '../../commands/grammar/form-line.js';
import type { FormRequest } from '../../commands/types.js';
import { type Locale, textIn } from '../../notifications/message.js';
import { cut } from '../../notifications/render-kit.js';
import { CANCEL_LABEL } from './slack-text.js';

/** callback_id of every modal this adapter opens. */
export const FORM_CALLBACK_ID = 'zbot-form';
/** action_id of the input element inside each field's block. */
const VALUE_ACTION = 'v';

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
  const meta = formMetadata(form, {
    ...(origin.channel ? { conversation: origin.channel } : {}),
    ...(origin.threadTs ? { thread: origin.threadTs } : {}),
  });
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

/** Reads `private_metadata` back; undefined when it is not one of our forms. */
export function parseFormMetadata(raw: string | undefined): FormMetadata | undefined {
  return raw ? readFormMetadata(raw) : undefined;
}

/** The state of a submitted view (`view.state.values`): block id → action id → input. */
export type StateValues = Record<
  string,
  Record<string, { value?: string | null; selected_option?: { value?: string } | null }>
>;

/** The submitted value of each field, in field order (undefined where the field was left empty). */
export function submittedValues(meta: FormMetadata, values: StateValues): (string | undefined)[] {
  return meta.args.map((_arg, i) => {
    const input = values[`f${i}`]?.[VALUE_ACTION];
    return input?.selected_option?.value ?? input?.value ?? undefined;
  });
}
