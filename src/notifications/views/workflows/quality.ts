/**
 * Quality views: a test task card (status, pass/fail counts, the failing cases) and a code-scan task
 * card (status, quality-gate result, repositories, the scanner's report link). Both carry a button that
 * runs the same test or scan again, and a link into Zadig.
 */
import type { ScanTask, TestTask } from '../../../zadig/api.js';
import {
  both,
  code,
  escapeMd,
  formatDuration,
  isTerminal,
  mentionUser,
  pick,
  plural,
  statusEmoji,
  statusLabel,
  toneForStatus,
  truncate,
} from '../../format.js';
import { type Block, type Button, type Field, type I18nText, type Message, t } from '../../message.js';
import { arg, finish, OPEN_IN_ZADIG, type ViewContext } from '../common.js';

/** Context of the test and scan cards. */
export interface QualityCardContext extends ViewContext {
  /** The chat user who started it (mentioned on the card). */
  startedBy?: { id: string; name?: string };
}

const MAX_FAILED_CASES = 10;

function base(url: string): string {
  return url.replace(/\/+$/, '');
}

/** Link to a project's tests in the Zadig UI. */
export function testsUrl(zadigUrl: string, projectKey: string): string {
  return `${base(zadigUrl)}/v1/projects/detail/${encodeURIComponent(projectKey)}/test`;
}

/** Link to a project's code scans in the Zadig UI. */
export function scansUrl(zadigUrl: string, projectKey: string): string {
  return `${base(zadigUrl)}/v1/projects/detail/${encodeURIComponent(projectKey)}/scanner`;
}

function statusField(status: string): Field {
  return {
    label: t('Status', '状态'),
    value: both((l) => `${statusEmoji(status)} ${pick(statusLabel(status), l)}`),
  };
}

function timing(start: number, end: number, status: string, now: number | undefined): Field | undefined {
  if (!start) return undefined;
  if (end && end >= start) return { label: t('Duration', '耗时'), value: formatDuration(end - start) };
  if (status === 'running' && now && now >= start) {
    const d = formatDuration(now - start);
    return { label: t('Running for', '已运行'), value: t(d.en, d.zh) };
  }
  return undefined;
}

function who(task: { creator: string }, ctx: QualityCardContext): string {
  if (ctx.startedBy) return mentionUser(ctx.startedBy.id, ctx.startedBy.name);
  return escapeMd(task.creator || '-');
}

function rate(ok: number, total: number): string {
  return total > 0 ? `${Math.round((ok / total) * 100)}%` : '-';
}

/** A test task: status, counts (passed, failed, skipped, errors), the failing cases and their messages. */
export function testCard(projectKey: string, task: TestTask, ctx: QualityCardContext): Message {
  const fields: Field[] = [
    statusField(task.status),
    { label: t('Project', '项目'), value: code(projectKey) },
    { label: t('Started by', '发起人'), value: who(task, ctx) },
  ];
  const time = timing(task.startTime || task.createTime, task.endTime, task.status, ctx.now);
  if (time) fields.push(time);
  const blocks: Block[] = [{ type: 'fields', fields }];
  const r = task.report;
  let summary: I18nText = statusLabel(task.status);
  if (r && r.total > 0) {
    const failed = r.failures + r.errors;
    summary = both((l) =>
      l === 'en'
        ? `${r.successes}/${r.total} passed (${rate(r.successes, r.total)}), ${failed} failed`
        : `${r.successes}/${r.total} 通过（${rate(r.successes, r.total)}），${failed} 个失败`,
    );
    blocks.push({
      type: 'fields',
      fields: [
        { label: t('Passed', '通过'), value: `✅ ${r.successes}` },
        { label: t('Failed', '失败'), value: `${r.failures > 0 ? '❌' : '✅'} ${r.failures}` },
        { label: t('Errors', '错误'), value: `${r.errors > 0 ? '💥' : '✅'} ${r.errors}` },
        { label: t('Skipped', '跳过'), value: `⏭️ ${r.skipped}` },
        {
          label: t('Total', '总数'),
          value: both(
            (l) => `${r.total} · ${rate(r.successes, r.total)} ${l === 'en' ? 'pass rate' : '通过率'}`,
          ),
        },
        { label: t('Test time', '用例耗时'), value: formatDuration(r.timeSeconds) },
      ],
    });
    if (r.failedCases.length > 0) {
      const shown = r.failedCases.slice(0, MAX_FAILED_CASES);
      blocks.push({
        type: 'text',
        markdown: both((l) =>
          [
            l === 'en' ? '**Failing cases**' : '**失败用例**',
            ...shown.map(
              (c) =>
                `• ${escapeMd(c.name || '-')}${c.message ? `: ${escapeMd(truncate(c.message, 300))}` : ''}`,
            ),
          ].join('\n'),
        ),
      });
      if (r.failedCases.length > shown.length) {
        const more = r.failedCases.length - shown.length;
        blocks.push({
          type: 'context',
          text: t(
            `… and ${plural(more, 'more failing case', 'more failing cases')}`,
            `… 还有 ${more} 个失败用例`,
          ),
        });
      }
    }
  } else if (!isTerminal(task.status)) {
    blocks.push({
      type: 'context',
      text: t('The report appears when the test finishes.', '测试结束后显示报告。'),
    });
  }
  const buttons: Button[] = [
    {
      kind: 'command',
      label: t('Run again', '再次运行'),
      command: `test ${arg(task.testName)} --project ${arg(projectKey)}`,
    },
  ];
  if (ctx.zadigUrl)
    buttons.push({ kind: 'link', label: OPEN_IN_ZADIG, url: testsUrl(ctx.zadigUrl, projectKey) });
  blocks.push({ type: 'actions', buttons });
  return finish(
    {
      title: t(`Test ${task.testName} #${task.taskId}`, `测试 ${task.testName} #${task.taskId}`),
      tone: toneForStatus(task.status),
      blocks,
      ...(ctx.locale ? { locale: ctx.locale } : {}),
    },
    both((l) => `${l === 'en' ? 'Test' : '测试'} ${task.testName} #${task.taskId}: ${pick(summary, l)}`),
  );
}

/** The quality-gate verdict Zadig expresses through the scan task's status. */
function gate(status: string): I18nText {
  switch (status) {
    case 'passed':
      return t('✅ Passed', '✅ 通过');
    case 'failed':
      return t('❌ Failed: see the report', '❌ 未通过：请查看报告');
    case 'timeout':
    case 'cancelled':
      return both((l) => `${statusEmoji(status)} ${pick(statusLabel(status), l)}`);
    default:
      return t('⏳ Pending', '⏳ 等待结果');
  }
}

/** A code-scan task: status, quality-gate result, the repositories scanned, and the report link. */
export function scanCard(projectKey: string, task: ScanTask, ctx: QualityCardContext): Message {
  const fields: Field[] = [
    statusField(task.status),
    { label: t('Quality gate', '质量门禁'), value: gate(task.status) },
    { label: t('Project', '项目'), value: code(projectKey) },
    { label: t('Started by', '发起人'), value: who(task, ctx) },
  ];
  const time = timing(task.createTime, task.endTime, task.status, ctx.now);
  if (time) fields.push(time);
  const blocks: Block[] = [{ type: 'fields', fields }];
  if (task.repos.length > 0) {
    blocks.push({
      type: 'text',
      markdown: both((l) =>
        [
          l === 'en' ? '**Repositories**' : '**代码库**',
          ...task.repos.map(
            (r) => `• ${escapeMd(`${r.repoOwner}/${r.repoName}`)} @ ${code(r.branch || '-')}`,
          ),
        ].join('\n'),
      ),
    });
  }
  const buttons: Button[] = [];
  const done = isTerminal(task.status);
  if (done && task.resultLink)
    buttons.push({ kind: 'link', label: t('Scan report', '扫描报告'), url: task.resultLink });
  if (!done) {
    blocks.push({
      type: 'context',
      text: t('The quality-gate result appears when the scan finishes.', '扫描结束后显示质量门禁结果。'),
    });
  }
  // The branches just scanned, so "again" means the same code.
  const branches = task.repos
    .filter((r) => r.repoName && r.branch)
    .map((r) => ` --branch ${arg(`${r.repoName}=${r.branch}`)}`)
    .join('');
  buttons.push({
    kind: 'command',
    label: t('Scan again', '再次扫描'),
    command: `scan ${arg(task.scanName)} --project ${arg(projectKey)}${branches}`,
  });
  if (ctx.zadigUrl)
    buttons.push({ kind: 'link', label: OPEN_IN_ZADIG, url: scansUrl(ctx.zadigUrl, projectKey) });
  blocks.push({ type: 'actions', buttons });
  return finish(
    {
      title: t(`Code scan ${task.scanName} #${task.taskId}`, `代码扫描 ${task.scanName} #${task.taskId}`),
      tone: toneForStatus(task.status),
      blocks,
      ...(ctx.locale ? { locale: ctx.locale } : {}),
    },
    both(
      (l) =>
        `${l === 'en' ? 'Code scan' : '代码扫描'} ${task.scanName} #${task.taskId}: ${pick(statusLabel(task.status), l)} · ${l === 'en' ? 'quality gate' : '质量门禁'} ${pick(gate(task.status), l)}`,
    ),
  );
}
