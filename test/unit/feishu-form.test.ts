// Locks in Feishu form cards (card 2.0 form container; secrets as password inputs, never pre-filled;
// the submit button carries the one form metadata shape) and how a submission's values are read back.
import { describe, expect, it } from 'vitest';
import { isDirectOnlyForm, renderFormCard, submittedValues } from '../../src/bot/feishu/feishu-form.js';
import { formCommandLine, formMetadata } from '../../src/commands/grammar/form-line.js';
import type { FormRequest } from '../../src/commands/types.js';

const runForm: FormRequest = {
  id: 'run-deploy-dev',
  title: 'Run deploy-dev',
  submitLabel: 'Run',
  command: 'run deploy-dev --project demo',
  fields: [
    { name: 'branch', label: 'Branch', kind: 'string', required: true, flag: 'branch', initial: 'main' },
    {
      name: 'env',
      label: 'Env',
      kind: 'choice',
      required: true,
      options: ['dev', 'staging'],
      initial: 'dev',
    },
    { name: 'comment', label: 'Comment', kind: 'text', required: false },
  ],
};

const loginForm: FormRequest = {
  id: 'login',
  title: 'Link your account',
  submitLabel: 'Link',
  command: 'login',
  fields: [{ name: 'token', label: 'Token', kind: 'secret', required: true, initial: 'must-not-show' }],
};

function formOf(card: any): any {
  return card.body.elements.find((e: any) => e.tag === 'form');
}

describe('renderFormCard', () => {
  it('builds a card 2.0 form with inputs, a select and a submit button carrying the command', () => {
    const card: any = renderFormCard(runForm, formMetadata(runForm, { conversation: 'oc_dm', direct: true }));
    expect(card.schema).toBe('2.0');
    const form = formOf(card);
    const [branch, envLabel, env, comment, submit] = form.elements;
    expect(branch).toMatchObject({ tag: 'input', name: 'field_0', required: true, default_value: 'main' });
    // A select has no `label` in card JSON 2.0 (refused with 200621): its label is the line above it.
    expect(envLabel).toEqual({ tag: 'markdown', content: '**Env &#42;**' });
    expect(env).toMatchObject({ tag: 'select_static', name: 'field_1', initial_option: 'dev' });
    expect(env).not.toHaveProperty('label');
    expect(env.options.map((o: any) => o.value)).toEqual(['dev', 'staging']);
    expect(comment).toMatchObject({ tag: 'input', input_type: 'multiline_text', required: false });
    expect(submit).toMatchObject({ tag: 'button', form_action_type: 'submit' });
    expect(submit.behaviors[0]).toEqual({
      type: 'callback',
      value: {
        form: 'run-deploy-dev',
        cmd: 'run deploy-dev --project demo',
        args: ['--branch', 'env', 'comment'],
        at: { conversation: 'oc_dm', direct: true },
      },
    });
  });

  it('renders a secret as a password input that is never pre-filled, with a bilingual placeholder', () => {
    const input = formOf(renderFormCard(loginForm, formMetadata(loginForm))).elements[0];
    expect(input.input_type).toBe('password');
    expect(input.default_value).toBeUndefined();
    expect(JSON.stringify(input)).not.toContain('must-not-show');
    expect(input.placeholder.i18n_content.zh_cn).toMatch(/不会显示/);
  });

  it('appends the form to the reply card when given one', () => {
    const base = {
      schema: '2.0',
      config: { update_multi: true },
      header: { title: { tag: 'plain_text', content: 'Hi' } },
      body: { elements: [{ tag: 'markdown', content: 'intro' }] },
    };
    const card: any = renderFormCard(runForm, formMetadata(runForm), base);
    expect(card.header.title.content).toBe('Hi');
    expect(card.body.elements.map((e: any) => e.tag)).toEqual(['markdown', 'form']);
    expect(base.body.elements).toHaveLength(1);
  });
});

describe('form submissions', () => {
  it('reads each field back in order (a multi-select joined by commas) for the one command line', () => {
    const meta = formMetadata(runForm);
    const values = submittedValues(meta, {
      field_0: 'feature/x',
      field_1: ['dev', 'staging'],
      field_2: 'ship it "now"',
    });
    expect(values).toEqual(['feature/x', 'dev,staging', 'ship it "now"']);
    expect(formCommandLine(meta, values)).toBe(
      'run deploy-dev --project demo --branch feature/x env=dev,staging comment="ship it \\"now\\""',
    );
    expect(submittedValues(meta, { field_0: 'main' })).toEqual(['main', undefined, undefined]);
  });

  it('keeps secret and login forms to p2p chats', () => {
    expect(isDirectOnlyForm(loginForm)).toBe(true);
    expect(
      isDirectOnlyForm({
        ...loginForm,
        fields: [{ name: 'x', label: 'x', kind: 'string', required: false }],
      }),
    ).toBe(true);
    expect(isDirectOnlyForm(runForm)).toBe(false);
  });
});
