/**
 * Help replies generated from the command table: an overview grouped by area (one line per visible
 * command) or one command's usage, arguments, flags, aliases and examples. Every text is an I18nText so
 * bilingual surfaces (Feishu) carry both languages; `locale` picks the fallback text and the reply locale.
 */
import {
  type Block,
  type I18nText,
  type Locale,
  type Message,
  t,
  textIn,
} from '../../notifications/message.js';
import type { CommandSpec } from './command-spec.js';
import { AREAS, COMMANDS, commandWords, findCommand, typedWords } from './command-table.js';
import { echoable, show } from './parse-values.js';
import { suggest } from './suggest.js';
import { argUsage, flagUsage, shortUsage, specUsage } from './usage.js';

/** Joins per-language lines into one I18nText. */
function lines(parts: readonly I18nText[], sep = '\n'): I18nText {
  return t(parts.map((p) => p.en).join(sep), parts.map((p) => p.zh).join(sep));
}

function hanAliases(spec: CommandSpec): string[] {
  return spec.aliases.filter((a) => /\p{Script=Han}/u.test(a));
}

/** Plain text of the blocks, for notifications and text-only surfaces. */
function fallback(title: I18nText, blocks: readonly Block[], locale: Locale): string {
  const out = [textIn(title, locale)];
  for (const b of blocks) {
    if (b.type === 'text') out.push(textIn(b.markdown, locale));
    else if (b.type === 'context') out.push(textIn(b.text, locale));
    else if (b.type === 'code') out.push(b.text);
    else if (b.type === 'fields')
      out.push(...b.fields.map((f) => `${textIn(f.label, locale)}: ${textIn(f.value, locale)}`));
  }
  return out.join('\n\n');
}

function overview(locale: Locale): Message {
  const title = t('Zadig bot commands', 'Zadig 机器人命令');
  const blocks: Block[] = [
    {
      type: 'text',
      markdown: t(
        'Type a command as shown below. Words are case-insensitive, quotes group words, and `help <command>` shows the details of one command.',
        '按下面的格式输入命令。命令不区分大小写，可用引号把含空格的值括起来；输入 `帮助 <命令>` 查看某个命令的详细用法。',
      ),
    },
  ];
  for (const area of AREAS) {
    const specs = COMMANDS.filter((c) => c.area === area.id && !c.hidden);
    if (specs.length === 0) continue;
    const rows = specs.map((spec) => {
      const zhAliases = hanAliases(spec);
      const alias = zhAliases.length > 0 ? `（${zhAliases.join('、')}）` : '';
      return t(
        `• \`${shortUsage(spec)}\` — ${spec.summary.en}`,
        `• \`${shortUsage(spec)}\`${alias} — ${spec.summary.zh}`,
      );
    });
    blocks.push({
      type: 'text',
      markdown: lines([t(`**${area.title.en}**`, `**${area.title.zh}**`), ...rows]),
    });
  }
  blocks.push({
    type: 'context',
    text: t(
      'Flags: `--flag value` or `--flag=value`, anywhere after the command. Buttons on cards send these same commands.',
      '参数写作 `--flag value` 或 `--flag=value`，可放在命令之后的任意位置。卡片上的按钮发送的也是这些命令。',
    ),
  });
  return { title, tone: 'info', blocks, fallbackText: fallback(title, blocks, locale), locale };
}

function flagLine(spec: CommandSpec, i: number): I18nText {
  const flag = spec.flags[i]!;
  const forms = [`\`${flagUsage(flag)}\``];
  if (flag.short) forms.push(`\`-${flag.short}\``);
  for (const alias of flag.aliases ?? []) forms.push(`\`--${alias}\``);
  const req = flag.required ? t(' (required)', '（必填）') : t('', '');
  return t(
    `• ${forms.join(', ')}${req.en} — ${flag.description.en}`,
    `• ${forms.join('、')}${req.zh} — ${flag.description.zh}`,
  );
}

function commandHelp(spec: CommandSpec, locale: Locale): Message {
  const words = typedWords(spec);
  const title = t(`Help: ${words}`, `帮助：${words}`);
  const blocks: Block[] = [
    { type: 'text', markdown: spec.description },
    { type: 'code', text: specUsage(spec) },
  ];
  const args = spec.args.map((arg) => {
    const opt = arg.required ? t('', '') : t(' (optional)', '（可选）');
    return t(
      `• \`${argUsage(arg)}\`${opt.en} — ${arg.label.en}`,
      `• \`${argUsage(arg)}\`${opt.zh} — ${arg.label.zh}`,
    );
  });
  if (spec.params) {
    args.push(
      t('• `name=value` — a workflow variable (repeatable)', '• `name=value` — 工作流变量（可填写多个）'),
    );
  }
  if (args.length > 0)
    blocks.push({ type: 'text', markdown: lines([t('**Arguments**', '**参数**'), ...args]) });
  if (spec.flags.length > 0) {
    const flags = spec.flags.map((_, i) => flagLine(spec, i));
    blocks.push({ type: 'text', markdown: lines([t('**Flags**', '**选项**'), ...flags]) });
  }
  const aliases = [spec.name === words ? undefined : spec.name, ...spec.aliases].filter(
    (a) => a !== undefined,
  );
  blocks.push({
    type: 'fields',
    fields: [
      {
        label: t('Aliases', '别名'),
        value: aliases.length > 0 ? aliases.map((a) => `\`${a}\``).join(', ') : t('none', '无'),
      },
      {
        label: t('Changes Zadig', '修改 Zadig'),
        value: spec.write
          ? t('yes — runs as your linked Zadig user', '是 — 以你关联的 Zadig 用户身份执行')
          : spec.channelSetting
            ? t("no — changes this channel's settings", '否 — 修改本群的设置')
            : t('no — read only', '否 — 只读'),
      },
    ],
  });
  const examples = spec.examples.map((e) => t(`• \`${e}\``, `• \`${e}\``));
  blocks.push({ type: 'text', markdown: lines([t('**Examples**', '**示例**'), ...examples]) });
  return { title, tone: 'info', blocks, fallbackText: fallback(title, blocks, locale), locale };
}

function unknownTopic(topic: string, locale: Locale): Message {
  const title = t('Unknown command', '未知命令');
  const near = suggest(
    topic,
    commandWords().filter((w) => !findCommand(w)?.hidden),
  );
  const nearSpec = near ? findCommand(near) : undefined;
  const what = echoable(topic)
    ? t(`There is no command \`${show(topic)}\`.`, `没有 \`${show(topic)}\` 这个命令。`)
    : t('There is no such command.', '没有这个命令。');
  const did = nearSpec
    ? t(` Did you mean \`${near}\`?`, `你是不是想输入 \`${near}\`？`)
    : t(' Type `help` to see every command.', '输入 `帮助` 查看全部命令。');
  const blocks: Block[] = [{ type: 'text', markdown: t(what.en + did.en, what.zh + did.zh) }];
  const buttons = [
    ...(nearSpec
      ? [
          {
            kind: 'command' as const,
            label: t(`Help: ${typedWords(nearSpec)}`, `帮助：${typedWords(nearSpec)}`),
            command: `help ${typedWords(nearSpec)}`,
          },
        ]
      : []),
    { kind: 'command' as const, label: t('All commands', '全部命令'), command: 'help' },
  ];
  blocks.push({ type: 'actions', buttons });
  return { title, tone: 'warning', blocks, fallbackText: fallback(title, blocks, locale), locale };
}

/**
 * The help reply: the overview without `command`, one command's help when `command` names a command
 * or an alias (`help 部署`, `help plan create`), or an "unknown command" reply with a suggestion.
 */
export function helpMessage(command?: string, locale: Locale = 'en'): Message {
  const topic = command?.trim() ?? '';
  if (topic === '') return overview(locale);
  const spec = findCommand(topic);
  return spec ? commandHelp(spec, locale) : unknownTopic(topic, locale);
}
