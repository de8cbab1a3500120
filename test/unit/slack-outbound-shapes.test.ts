// Locks in that everything the bot sends Slack is what Slack takes: every message the views render and
// every modal a form opens type-checks against @slack/types (KnownBlock, ModalView, HomeView; compiled here
// with the TypeScript compiler, excess properties included) and keeps the limits Slack documents
// (test/support/slack-limits.ts: 50 blocks, section text 3000, button text 75, value 2000, options 1–100 of
// value ≤ 150, …).
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { formView } from '../../src/bot/slack/slack-forms.js';
import { renderSlack } from '../../src/bot/slack/slack-renderer.js';
import type { FormRequest } from '../../src/commands/types.js';
import { t } from '../../src/notifications/message.js';
import * as v from '../../src/notifications/views/index.js';
import { slackProblems } from '../support/slack-limits.js';
import { catalogue, hugeTask } from './views-catalogue.js';
import { catalogAdminCatalogue } from './views-catalogue-catalog.js';
import { ctx } from './views-fixtures.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const views = { ...catalogue(), ...catalogAdminCatalogue() };
const long = (c: string) => `${c}-${'x'.repeat(200)}`;

const forms: Record<string, FormRequest> = {
  run: {
    id: 'run-deploy-dev',
    title: 'Run deploy-dev / 运行',
    submitLabel: 'Run / 运行',
    command: 'run deploy-dev --project demo',
    fields: [
      { name: 'tag', label: 'tag — the image tag', kind: 'string', required: false, initial: 'latest' },
      {
        name: 'mode',
        label: 'mode',
        kind: 'choice',
        required: true,
        options: ['fast', 'full'],
        initial: 'full',
      },
      { name: 'notes', label: 'notes', kind: 'text', required: false, hint: 'anything' },
      {
        name: 'env',
        flag: 'env',
        label: 'Environment / 环境',
        kind: 'choice',
        required: true,
        options: ['dev', 'staging'],
      },
    ],
  },
  login: {
    id: 'login',
    title: 'Link your Zadig account',
    submitLabel: 'Link / 绑定',
    command: 'login',
    fields: [
      { name: 'token', label: 'API token', kind: 'secret', required: true, hint: 'Zadig → API token' },
    ],
  },
  'long-and-many-options': {
    id: 'run-x',
    title: 'Run x',
    submitLabel: 'Run',
    command: 'run x --project demo',
    fields: [
      {
        name: 'target',
        label: 'target',
        kind: 'choice',
        required: true,
        options: ['a', long('b')],
        initial: long('b'),
      },
      {
        name: 'region',
        label: 'region',
        kind: 'choice',
        required: true,
        options: Array.from({ length: 140 }, (_, i) => `r${i}`),
      },
      { name: 'empty', label: 'empty', kind: 'choice', required: false, options: [] },
    ],
  },
};

/** Every payload: name → [the @slack/types type it must be, the surface, the payload]. */
function payloads(): Record<string, [string, 'message' | 'modal' | 'home', object]> {
  const out: Record<string, [string, 'message' | 'modal' | 'home', object]> = {};
  const mentions = { 'alice@example.com': 'U0ALICE' };
  for (const [name, msg] of Object.entries(views)) {
    out[`message ${name}`] = ['Message', 'message', renderSlack(msg, { mentions })];
    out[`message ${name} zh`] = ['Message', 'message', renderSlack(msg, { locale: 'zh' })];
  }
  const huge = hugeTask();
  out['message huge task card'] = ['Message', 'message', renderSlack(v.taskCard(huge, ctx))];
  out['message huge final'] = [
    'Message',
    'message',
    renderSlack(v.taskFinalMessage(huge, { ...ctx, logTail: Array(800).fill(`"${'y'.repeat(300)}"`) })),
  ];
  for (const [name, form] of Object.entries(forms)) {
    out[`modal ${name}`] = [
      'ModalView',
      'modal',
      formView(form, { channel: 'C1', threadTs: '1.2', locale: 'zh' }),
    ];
  }
  // App Home, as SlackNotifier.publishHome builds it from a message.
  out['home'] = [
    'HomeView',
    'home',
    { type: 'home', blocks: renderSlack(views['inbox'] ?? Object.values(views)[0]!).blocks },
  ];
  out['message plain reply'] = [
    'Message',
    'message',
    renderSlack({ blocks: [{ type: 'text', markdown: t('done', '完成') }], fallbackText: 'done' }),
  ];
  return out;
}

/** Type-checks the payloads as literals of their @slack/types types; returns tsc's messages. */
function typeErrors(all: Record<string, [string, string, object]>): string[] {
  const file = join(ROOT, 'test', '__slack_outbound_shapes__.ts');
  const lines = [
    "import type { HomeView, KnownBlock, ModalView } from '@slack/types';",
    'type Message = { text: string; blocks: KnownBlock[] };',
    ...Object.entries(all).map(
      ([name, [type, , payload]], i) =>
        `// ${name}\nexport const p${i}: ${type} = ${JSON.stringify(payload)};`,
    ),
  ];
  const source = lines.join('\n');
  const options: ts.CompilerOptions = {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    types: [],
  };
  const host = ts.createCompilerHost(options);
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (name, lang, ...rest) =>
    name === file ? ts.createSourceFile(name, source, lang) : getSourceFile(name, lang, ...rest);
  const fileExists = host.fileExists.bind(host);
  host.fileExists = (name) => name === file || fileExists(name);
  const program = ts.createProgram([file], options, host);
  return ts.getPreEmitDiagnostics(program).map((d) => {
    const at = d.file && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start).line : -1;
    const name = at >= 0 ? source.split('\n')[at - 1] : '';
    return `${name} ${ts.flattenDiagnosticMessageText(d.messageText, '\n').slice(0, 400)}`;
  });
}

const all = payloads();

describe('what Slack takes', () => {
  it(`every message and view type-checks against @slack/types (${Object.keys(all).length} payloads)`, () => {
    expect(typeErrors(all)).toEqual([]);
  }, 60_000);

  it.each(Object.keys(all))('%s keeps the documented limits', (name) => {
    const [, surface, payload] = all[name]!;
    expect(slackProblems(payload, surface)).toEqual([]);
  });

  it('the checkers refuse what Slack refuses', () => {
    const bad = { type: 'section', text: { type: 'mrkdwn', text: 'x' }, colour: 'red' };
    expect(typeErrors({ bad: ['Message', 'message', { text: 'x', blocks: [bad] }] })[0]).toMatch(
      /colour.*does not exist in type 'SectionBlock'/,
    );
    const select = {
      type: 'input',
      label: { type: 'plain_text', text: 'x' },
      element: { type: 'static_select', action_id: 'v', options: [] },
    };
    expect(
      slackProblems({ type: 'modal', title: { type: 'plain_text', text: 'x' }, blocks: [select] }, 'modal'),
    ).toEqual(['blocks[0](input).element.options: 0 options, 1–100 allowed']);
  });
});
