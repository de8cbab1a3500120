// Locks in that every Feishu card the views and forms can produce is one Feishu takes as card JSON 2.0:
// only the properties each tag's 2.0 doc page lists (test/support/feishu-card-schema.ts names the pages;
// 2.0 refuses anything else with 200621), 2.0 enum values, at most 200 components.
import { describe, expect, it } from 'vitest';
import { renderFormCard } from '../../src/bot/feishu/feishu-form.js';
import { renderFeishu } from '../../src/bot/feishu/feishu-renderer.js';
import { formMetadata } from '../../src/commands/grammar/form-line.js';
import type { FormRequest } from '../../src/commands/types.js';
import { t } from '../../src/notifications/message.js';
import * as v from '../../src/notifications/views/index.js';
import { cardProblems } from '../support/feishu-card-schema.js';
import { platformFixture } from '../support/platform-fixtures.js';
import { catalogue, hugeTask } from './views-catalogue.js';
import { catalogAdminCatalogue } from './views-catalogue-catalog.js';
import { ctx } from './views-fixtures.js';

const views = { ...catalogue(), ...catalogAdminCatalogue() };
const mentions = { 'alice@example.com': 'ou_alice' };

const runForm: FormRequest = {
  id: 'run-deploy-dev',
  title: 'Run deploy-dev / 运行',
  submitLabel: 'Run / 运行',
  command: 'run deploy-dev --project demo',
  fields: [
    {
      name: 'branch',
      label: 'Branch',
      kind: 'string',
      required: true,
      initial: 'main',
      hint: 'a git branch',
    },
    {
      name: 'mode',
      label: 'Mode',
      kind: 'choice',
      required: true,
      options: ['fast', 'full'],
      initial: 'fast',
    },
    { name: 'notes', label: 'Notes', kind: 'text', required: false },
    {
      name: 'env',
      flag: 'env',
      label: 'Environment / 环境',
      kind: 'choice',
      required: true,
      options: ['dev', 'staging'],
    },
  ],
};
const loginForm: FormRequest = {
  id: 'login',
  title: 'Link / 绑定',
  submitLabel: 'Link / 绑定',
  command: 'login',
  fields: [{ name: 'token', label: 'Token', kind: 'secret', required: true }],
};

describe('card JSON 2.0 properties', () => {
  it.each(Object.keys(views))('%s', (name) => {
    expect(cardProblems(renderFeishu(views[name]!, { mentions }))).toEqual([]);
    expect(cardProblems(renderFeishu(views[name]!, { locale: 'en' }))).toEqual([]);
  });

  it('a task far beyond every limit', () => {
    const msg = v.taskFinalMessage(hugeTask(), { ...ctx, logTail: Array(800).fill('x'.repeat(120)) });
    expect(cardProblems(renderFeishu(msg))).toEqual([]);
  });

  it('a message with more rows than a card holds keeps to 200 components, its buttons and a note', () => {
    const fields = Array.from({ length: 120 }, (_, i) => ({ label: `svc-${i}`, value: `image:${i}` }));
    const buttons = Array.from({ length: 5 }, (_, i) => ({
      kind: 'command' as const,
      label: `b${i}`,
      command: `cmd ${i}`,
    }));
    const card = renderFeishu({
      title: 'Services',
      blocks: [
        { type: 'fields', fields },
        { type: 'actions', buttons },
      ],
      fallbackText: 'x',
    });
    expect(cardProblems(card)).toEqual([]);
    const json = JSON.stringify(card);
    expect(json).toContain('svc-0');
    expect(json).toContain('…more in Zadig');
    expect(json).toContain('cmd 4');
  });

  it('the run form (inputs, selects, multiline, submit) alone and below a reply card', () => {
    const base = renderFeishu({
      blocks: [{ type: 'text', markdown: t('needs a choice', '需要选择') }],
      fallbackText: 'x',
    });
    const meta = formMetadata(runForm, { conversation: 'oc_1', direct: false });
    expect(cardProblems(renderFormCard(runForm, meta))).toEqual([]);
    expect(cardProblems(renderFormCard(runForm, meta, base))).toEqual([]);
  });

  it('the login form (a password input)', () => {
    expect(cardProblems(renderFormCard(loginForm, formMetadata(loginForm)))).toEqual([]);
  });

  it('a form with more choices than a card holds: the longest lists become typed values', () => {
    const many = (n: number, p: string) => Array.from({ length: n }, (_, i) => `${p}-${i}`);
    const form: FormRequest = {
      ...runForm,
      fields: [
        { name: 'region', label: 'Region', kind: 'choice', required: true, options: many(300, 'region') },
        { name: 'mode', label: 'Mode', kind: 'choice', required: true, options: many(60, 'mode') },
        { name: 'env', flag: 'env', label: 'Env', kind: 'choice', required: true, options: many(60, 'env') },
      ],
    };
    const base = renderFeishu(v.taskCard(hugeTask(), ctx));
    for (const card of [
      renderFormCard(form, formMetadata(form)),
      renderFormCard(form, formMetadata(form), base),
    ]) {
      expect(cardProblems(card)).toEqual([]);
      const fields = (card as any).body.elements.at(-1).elements;
      const region = fields.find((e: any) => e.name === 'field_0');
      expect(region).toMatchObject({ tag: 'input' });
      expect(region.placeholder.content).toMatch(/^Type one of 300 choices exactly: region-0, region-1, /);
      expect(region.placeholder.i18n_content.zh_cn).toMatch(/^请准确输入 300 个选项之一：region-0/);
    }
    // Alone, the two shorter lists still fit as lists.
    const alone = (renderFormCard(form, formMetadata(form)) as any).body.elements[0].elements;
    expect(alone.filter((e: any) => e.tag === 'select_static').map((e: any) => e.options.length)).toEqual([
      60, 60,
    ]);
  });

  it('a choice without options is a typed value, never an empty select', () => {
    const form: FormRequest = {
      ...runForm,
      fields: [{ name: 'mode', label: 'Mode', kind: 'choice', required: true, options: [] }],
    };
    const card = renderFormCard(form, formMetadata(form)) as any;
    expect(cardProblems(card)).toEqual([]);
    expect(card.body.elements[0].elements[0]).toMatchObject({ tag: 'input', name: 'field_0' });
  });

  it('the checker takes Feishu’s own 2.0 examples (test/fixtures/feishu/outbound)', () => {
    expect(cardProblems(platformFixture('feishu/outbound/card.status.json'))).toEqual([]);
    expect(cardProblems(platformFixture('feishu/outbound/card.form-run.json'))).toEqual([]);
    const answer = platformFixture('feishu/outbound/card.action.trigger.response.json');
    expect(cardProblems(answer.card.data)).toEqual([]);
  });

  it('the checker itself refuses what 2.0 refuses', () => {
    const select = {
      tag: 'select_static',
      name: 's',
      label: { tag: 'plain_text', content: 'x' },
      options: [],
    };
    const card = {
      schema: '2.0',
      body: { elements: [{ tag: 'column_set', horizontal_spacing: 'default', columns: [] }, select] },
    };
    expect(cardProblems(card)).toEqual([
      'card.body.elements[0](column_set).horizontal_spacing: "default" is not a 2.0 value',
      'card.body.elements[1](select_static): unknown property "label"',
      'card.body.elements[1](select_static).options: a select needs at least one option',
    ]);
  });
});
