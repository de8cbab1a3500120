// Locks in the pure pieces of the Slack adapter: form → modal (secret never pre-filled, Slack's length
// limits, the one form metadata shape), a submission read back into field values, and leading bot
// mention stripping.
import { describe, expect, it } from 'vitest';
import {
  FORM_CALLBACK_ID,
  formView,
  parseFormMetadata,
  submittedValues,
} from '../../src/bot/slack/slack-forms.js';
import { stripBotMention } from '../../src/bot/slack/slack-messages.js';
import { formCommandLine } from '../../src/commands/grammar/form-line.js';
import type { FormRequest } from '../../src/commands/types.js';

const form: FormRequest = {
  id: 'login',
  title: 'Link your Zadig account now please',
  submitLabel: 'Link',
  command: 'login',
  fields: [
    {
      name: 'token',
      label: 'API token',
      kind: 'secret',
      required: true,
      initial: 'leak-me',
      hint: 'Zadig → API token',
    },
    {
      name: 'env',
      label: 'Env',
      kind: 'choice',
      required: false,
      options: ['dev', 'prod'],
      initial: 'prod',
      flag: '--env',
    },
  ],
};

describe('formView', () => {
  it('builds an input per field, never pre-fills a secret, and keeps Slack limits', () => {
    const v = formView(form, { channel: 'C1', threadTs: '1.2', locale: 'zh' }) as any;
    expect(v.callback_id).toBe(FORM_CALLBACK_ID);
    expect(v.title.text.length).toBeLessThanOrEqual(24);
    expect(v.close.text).toBe('取消');
    expect(v.blocks[0]).toMatchObject({
      type: 'input',
      block_id: 'f0',
      optional: false,
      element: { type: 'plain_text_input', action_id: 'v', multiline: false },
      hint: { text: 'Zadig → API token' },
    });
    expect(JSON.stringify(v)).not.toContain('leak-me');
    expect(v.blocks[1].optional).toBe(true);
    expect(v.blocks[1].element.initial_option.value).toBe('prod');
    expect(parseFormMetadata(v.private_metadata)).toEqual({
      form: 'login',
      cmd: 'login',
      args: ['token', '--env'],
      at: { conversation: 'C1', thread: '1.2' },
    });
  });

  it('rejects metadata that is not ours', () => {
    expect(parseFormMetadata('not json')).toBeUndefined();
    expect(parseFormMetadata('{"x":1}')).toBeUndefined();
    expect(parseFormMetadata(undefined)).toBeUndefined();
  });
});

describe('submittedValues', () => {
  it('reads each field in order, selects and inputs alike, and the one command line follows', () => {
    const meta = { form: 'run', cmd: 'run deploy', args: ['branch', '--env', 'note', 'x'] };
    const values = submittedValues(meta, {
      f0: { v: { value: 'feat/a b' } },
      f1: { v: { selected_option: { value: 'prod' } } },
      f2: { v: { value: 'say "hi"' } },
      f3: { v: { value: null } },
    });
    expect(values).toEqual(['feat/a b', 'prod', 'say "hi"', undefined]);
    expect(formCommandLine(meta, values)).toBe('run deploy branch="feat/a b" --env prod note="say \\"hi\\""');
  });
});

describe('stripBotMention', () => {
  it('removes a leading mention of the bot only', () => {
    expect(stripBotMention('<@UBOT> run x', 'UBOT')).toBe('run x');
    expect(stripBotMention('<@UBOT|zadig>:  run x', 'UBOT')).toBe('run x');
    expect(stripBotMention('<@UOTHER> run x', 'UBOT')).toBe('<@UOTHER> run x');
    expect(stripBotMention('run <@UBOT>', 'UBOT')).toBe('run <@UBOT>');
  });
});

describe('choices Slack cannot show as they are', () => {
  const long = (c: string) => `${c}-${'x'.repeat(200)}`;
  const choice = (options: string[]): FormRequest => ({
    id: 'run-x',
    title: 'Run x',
    submitLabel: 'Run',
    command: 'run x --project demo',
    fields: [
      { name: 'target', label: 'Target', kind: 'choice', required: true, options, initial: options[1] },
    ],
  });
  const pick = (value: string) => ({ f0: { v: { selected_option: { value } } } });

  it('an option longer than 150 characters comes back whole, never cut (an opaque value, mapped back)', () => {
    const f = choice(['short', long('a'), long('b')]);
    const view = formView(f, { channel: 'C1' }) as any;
    const options = view.blocks[0].element.options;
    for (const o of options) expect(o.value.length).toBeLessThanOrEqual(150);
    expect(view.private_metadata.length).toBeLessThanOrEqual(3000);
    expect(view.blocks[0].element.initial_option.text.text).toBe(options[1].text.text);
    const meta = parseFormMetadata(view.private_metadata)!;
    for (const [i, want] of ['short', long('a'), long('b')].entries()) {
      const values = submittedValues(meta, pick(options[i].value), view.private_metadata);
      expect(values).toEqual([want]);
    }
  });

  it('more than 100 options, or none, is a typed value whose hint says so', () => {
    const many = Array.from({ length: 140 }, (_, i) => `region-${i}`);
    for (const options of [many, []]) {
      const view = formView(choice(options), { channel: 'C1' }) as any;
      expect(view.blocks[0].element.type).toBe('plain_text_input');
      expect(view.blocks[0].hint.text).toMatch(
        options.length ? /^Type one of 140 choices exactly: region-0, / : /^Type the value/,
      );
    }
  });

  it('long options that do not fit private_metadata are a typed value too, never cut', () => {
    const f = choice(Array.from({ length: 20 }, (_, i) => long(`o${i}`)));
    const view = formView(f, { channel: 'C1' }) as any;
    expect(view.private_metadata.length).toBeLessThanOrEqual(3000);
    expect(view.blocks[0].element.type).toBe('plain_text_input');
  });
});
