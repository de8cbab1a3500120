// Locks in the pure pieces of the Slack adapter: form → modal (secret never pre-filled, Slack's length
// limits), submission → command line (quoting, flags), leading bot mention stripping, and the
// command word that is all a log line may say about the text.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  commandFromSubmission,
  FORM_CALLBACK_ID,
  formView,
  parseFormMetadata,
} from '../../src/bot/slack/slack-forms.js';
import { commandWord } from '../../src/bot/slack/slack-inbound.js';
import { stripBotMention } from '../../src/bot/slack/slack-listeners.js';
import { tokenize } from '../../src/commands/grammar/tokenize.js';
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
      c: 'login',
      ch: 'C1',
      th: '1.2',
      f: [{ n: 'token' }, { n: 'env', fl: '--env' }],
    });
  });

  it('rejects metadata that is not ours', () => {
    expect(parseFormMetadata('not json')).toBeUndefined();
    expect(parseFormMetadata('{"x":1}')).toBeUndefined();
    expect(parseFormMetadata(undefined)).toBeUndefined();
  });
});

describe('commandFromSubmission', () => {
  it('appends name=value and --flag value, quoting values with spaces and skipping empty ones', () => {
    const meta = {
      c: 'run deploy',
      f: [{ n: 'branch' }, { n: 'env', fl: 'env' }, { n: 'note' }, { n: 'x' }],
    };
    const line = commandFromSubmission(meta, {
      f0: { v: { value: 'feat/a b' } },
      f1: { v: { selected_option: { value: 'prod' } } },
      f2: { v: { value: 'say "hi"' } },
      f3: { v: { value: null } },
    });
    expect(line).toBe('run deploy branch="feat/a b" --env prod note="say \\"hi\\""');
  });

  it('writes lines the command tokenizer reads back with every value exactly as submitted', () => {
    const meta = { c: 'run deploy', f: [{ n: 'branch' }, { n: 'env', fl: 'env' }] };
    fc.assert(
      fc.property(fc.string({ minLength: 1 }), fc.string({ minLength: 1 }), (branch, env) => {
        const line = commandFromSubmission(meta, { f0: { v: { value: branch } }, f1: { v: { value: env } } });
        const words = tokenize(line).map((w) => w.value);
        expect(words).toEqual(['run', 'deploy', `branch=${branch}`, '--env', env]);
      }),
    );
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

describe('commandWord', () => {
  it('keeps command words and hides anything that could be a token', () => {
    expect(commandWord('login abc.def.ghi')).toBe('login');
    expect(commandWord('审批 deploy 1')).toBe('审批');
    expect(commandWord('eyJhbGciOi.eyJzdWIi.sig')).toBe('?');
    expect(commandWord('  ')).toBe('');
  });
});
