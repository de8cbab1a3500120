// Locks in the generated help: the overview lists every visible command once, grouped by area, in both
// languages; `help <command>` (by name or alias) shows usage, flags, aliases and examples; unknown → suggestion.
import { describe, expect, it } from 'vitest';
import { DEFAULT_ADMIN_COMMANDS } from '../../src/commands/access/policy.js';
import { AREAS, COMMANDS, typedWords } from '../../src/commands/grammar/command-table.js';
import { helpMessage } from '../../src/commands/grammar/help.js';
import { shortUsage, specUsage } from '../../src/commands/grammar/usage.js';
import { type Block, type Message, textIn } from '../../src/notifications/message.js';

function allText(m: Message, locale: 'en' | 'zh'): string {
  const parts: string[] = [m.title ? textIn(m.title, locale) : ''];
  for (const b of m.blocks) parts.push(blockText(b, locale));
  return parts.join('\n');
}

function blockText(b: Block, locale: 'en' | 'zh'): string {
  switch (b.type) {
    case 'text':
      return textIn(b.markdown, locale);
    case 'context':
      return textIn(b.text, locale);
    case 'code':
      return b.text;
    case 'fields':
      return b.fields.map((f) => `${textIn(f.label, locale)} ${textIn(f.value, locale)}`).join('\n');
    case 'actions':
      return b.buttons.map((btn) => (btn.kind === 'command' ? btn.command : btn.url)).join('\n');
    default:
      return '';
  }
}

describe('help areas', () => {
  it('files under Admin exactly the commands the policy keeps for admins by default', () => {
    const admin = COMMANDS.filter((c) => c.area === 'admin' && !c.hidden).map((c) => c.name);
    expect(admin.sort()).toEqual([...DEFAULT_ADMIN_COMMANDS].sort());
  });

  it('files stats and oplog where anyone looks for them: Statistics and logs', () => {
    for (const name of ['stats', 'oplog'])
      expect(COMMANDS.find((c) => c.name === name)?.area).toBe('insights');
    const text = allText(helpMessage(), 'en');
    const section = text.split('**Statistics and logs**')[1]?.split('**')[0] ?? '';
    expect(section).toContain('`stats`');
    expect(section).toContain('`oplog`');
    expect(allText(helpMessage(undefined, 'zh'), 'zh')).toContain('**统计与日志**');
  });
});

describe('help overview', () => {
  const en = helpMessage();
  const zh = helpMessage(undefined, 'zh');

  it('lists every visible command exactly once in each language', () => {
    for (const [m, locale] of [
      [en, 'en'],
      [zh, 'zh'],
    ] as const) {
      const text = allText(m, locale);
      for (const spec of COMMANDS.filter((c) => !c.hidden)) {
        const line = `\`${shortUsage(spec)}\``;
        expect(text.split(line).length - 1, `${spec.name} in ${locale}`).toBe(1);
      }
    }
  });

  it('does not list hidden commands', () => {
    expect(allText(en, 'en')).not.toContain('`confirm');
    expect(allText(zh, 'zh')).not.toContain('`confirm');
  });

  it('groups commands under the areas in order, with titles in both languages', () => {
    const en = allText(helpMessage(), 'en');
    const zh = allText(helpMessage(undefined, 'zh'), 'zh');
    const positions = AREAS.map((a) => en.indexOf(`**${a.title.en}**`));
    expect(positions.every((p) => p >= 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    for (const a of AREAS) expect(zh).toContain(`**${a.title.zh}**`);
    // A command sits under its own area: after its area title, before the next one.
    for (const spec of COMMANDS.filter((c) => !c.hidden)) {
      const at = en.indexOf(`\`${shortUsage(spec)}\``);
      const area = AREAS.findIndex((a) => a.id === spec.area);
      expect(at).toBeGreaterThan(positions[area]!);
      if (area + 1 < positions.length) expect(at).toBeLessThan(positions[area + 1]!);
    }
  });

  it('shows the summaries in the chosen language and Chinese aliases in Chinese', () => {
    const run = COMMANDS.find((c) => c.name === 'run')!;
    expect(allText(en, 'en')).toContain(run.summary.en);
    expect(allText(zh, 'zh')).toContain(run.summary.zh);
    expect(allText(zh, 'zh')).toContain('运行、部署');
  });

  it('sets locale and a fallback text in that locale', () => {
    expect(en.locale).toBe('en');
    expect(zh.locale).toBe('zh');
    expect(en.fallbackText).toContain('Workflows');
    expect(zh.fallbackText).toContain('工作流');
    expect(en.fallbackText).not.toContain('启动工作流任务');
  });

  it('treats a blank topic as the overview', () => {
    expect(helpMessage('  ')).toEqual(helpMessage());
  });
});

describe('help <command>', () => {
  it.each(COMMANDS.map((c) => [c.name, c] as const))('%s has full help in both languages', (_, spec) => {
    for (const locale of ['en', 'zh'] as const) {
      const m = helpMessage(spec.name, locale);
      const text = allText(m, locale);
      expect(m.tone).toBe('info');
      expect(text).toContain(specUsage(spec));
      expect(text).toContain(spec.description[locale]);
      for (const flag of spec.flags) {
        expect(text).toContain(`--${flag.name}`);
        expect(text).toContain(flag.description[locale]);
      }
      for (const alias of spec.aliases) expect(text).toContain(`\`${alias}\``);
      for (const example of spec.examples) expect(text).toContain(`\`${example}\``);
      for (const arg of spec.args) expect(text).toContain(arg.label[locale]);
      expect(m.fallbackText).toContain(specUsage(spec));
    }
  });

  it.each([
    ['部署', 'run'],
    ['RUN', 'run'],
    ['plan create', 'plan-create'],
    ['创建发布计划', 'plan-create'],
    ['审批', 'approve'],
  ])('help %s is the help of %s', (topic, name) => {
    expect(helpMessage(topic, 'zh')).toEqual(helpMessage(name, 'zh'));
  });

  it('says whether a command changes Zadig', () => {
    expect(allText(helpMessage('restart'), 'en')).toContain('runs as your linked Zadig user');
    expect(allText(helpMessage('status'), 'en')).toContain('read only');
    expect(allText(helpMessage('subscribe'), 'en')).toContain("this channel's settings");
    expect(allText(helpMessage('restart', 'zh'), 'zh')).toContain('以你关联的 Zadig 用户身份执行');
  });

  it('shows short flags, flag aliases and required flags', () => {
    const text = allText(helpMessage('envs'), 'en');
    expect(text).toContain('`--prod`');
    expect(text).toContain('`-p`');
    expect(allText(helpMessage('plan create'), 'en')).toMatch(/`--manager <account>`, `-m` \(required\)/);
    // `--env` defaults to the channel's bound env, so it is not required by the grammar.
    expect(allText(helpMessage('restart'), 'en')).toContain(
      '`--env E`, `-e` — Environment name (default: the one bound to this channel)',
    );
  });

  it('titles the help with the typed words', () => {
    expect(textIn(helpMessage('plan-create').title!, 'en')).toBe(
      `Help: ${typedWords(COMMANDS.find((c) => c.name === 'plan-create')!)}`,
    );
  });
});

describe('help for an unknown command', () => {
  it('suggests the nearest command with buttons', () => {
    const m = helpMessage('stauts');
    expect(m.tone).toBe('warning');
    expect(allText(m, 'en')).toContain('There is no command `stauts`. Did you mean `status`?');
    expect(allText(m, 'zh')).toContain('你是不是想输入 `status`');
    const actions = m.blocks.find((b) => b.type === 'actions');
    expect(
      actions && actions.type === 'actions'
        ? actions.buttons.map((b) => (b.kind === 'command' ? b.command : ''))
        : [],
    ).toEqual(['help status', 'help']);
  });

  it('offers the overview when nothing is close', () => {
    const m = helpMessage('xyzzy', 'zh');
    expect(allText(m, 'zh')).toContain('没有 `xyzzy` 这个命令');
    expect(m.fallbackText).toContain('xyzzy');
  });

  it('does not echo a pasted token', () => {
    const m = helpMessage('eyJhbGciOiJIUzI1NiJ9.c2VjcmV0.sig');
    expect(JSON.stringify(m)).not.toContain('c2VjcmV0');
  });
});
