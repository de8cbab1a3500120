/**
 * The scheduled digest a channel asked for with `digest daily|weekly`: builds, deploys, tests and
 * releases with success rates over the period, and the slowest workflows. A part Zadig would not give
 * (licence gate, error) is left out rather than shown as zero.
 */
import type { BuildStats, TestStats } from '../../../zadig/api.js';
import { both, code, formatDuration, formatTime, pick, plural } from '../../format.js';
import { type Block, type Field, type I18nText, type Message, t } from '../../message.js';
import { arg, finish, type ListContext } from '../common.js';

/** One workflow's runs that finished within the digest period. */
export interface DigestWorkflowStat {
  projectKey: string;
  workflowKey: string;
  runs: number;
  failures: number;
  /** Seconds. */
  avgSeconds: number;
  maxSeconds: number;
}

/** Everything the digest shows. */
export interface DigestInput {
  schedule: 'daily' | 'weekly';
  projectKey?: string;
  /** Unix seconds: the period. */
  from: number;
  to: number;
  build?: BuildStats | null;
  deploy?: BuildStats | null;
  test?: TestStats | null;
  release?: BuildStats | null;
  /** Slowest first. */
  slowest: DigestWorkflowStat[];
  /** Workflow runs that finished in the period (from the task lists read), and how many failed. */
  runs: number;
  failures: number;
}

function rate(ok: number, total: number): string {
  return total > 0 ? `${Math.round((ok / total) * 100)}%` : '-';
}

function runs(s: { total: number; success: number }): I18nText {
  return both((l) =>
    l === 'en'
      ? `${plural(s.total, 'run')} · ${rate(s.success, s.total)} success`
      : `${s.total} 次 · 成功率 ${rate(s.success, s.total)}`,
  );
}

const MAX_SLOWEST = 5;

/** Builds the digest card. */
export function digestMessage(input: DigestInput, ctx?: ListContext): Message {
  const days = input.schedule === 'daily' ? 1 : 7;
  const fields: Field[] = [];
  if (input.build) fields.push({ label: t('Builds', '构建'), value: runs(input.build) });
  if (input.deploy) fields.push({ label: t('Deploys', '部署'), value: runs(input.deploy) });
  if (input.test) {
    const ts = input.test;
    fields.push({
      label: t('Tests', '测试'),
      value: runs({ total: ts.execCount, success: ts.successCount }),
    });
  }
  if (input.release) fields.push({ label: t('Releases', '发布'), value: runs(input.release) });
  fields.push({
    label: t('Workflow runs', '工作流运行'),
    value: both((l) =>
      l === 'en'
        ? `${input.runs} finished · ${input.failures} failed`
        : `完成 ${input.runs} 次 · 失败 ${input.failures} 次`,
    ),
  });
  const blocks: Block[] = [
    { type: 'context', text: `${formatTime(input.from)} → ${formatTime(input.to)}` },
    { type: 'fields', fields },
  ];
  const slow = input.slowest.slice(0, MAX_SLOWEST);
  if (slow.length > 0) {
    blocks.push({
      type: 'text',
      markdown: both((l) => {
        const rows = slow.map((w, i) => {
          const avg = pick(formatDuration(w.avgSeconds), l);
          const max = pick(formatDuration(w.maxSeconds), l);
          const proj = input.projectKey ? '' : ` (${w.projectKey})`;
          const failed =
            w.failures > 0 ? (l === 'en' ? ` · ${w.failures} failed` : ` · 失败 ${w.failures} 次`) : '';
          return l === 'en'
            ? `${i + 1}. ${code(w.workflowKey)}${proj} · avg ${avg} · max ${max} · ${plural(w.runs, 'run')}${failed}`
            : `${i + 1}. ${code(w.workflowKey)}${proj} · 平均 ${avg} · 最长 ${max} · ${w.runs} 次${failed}`;
        });
        return [l === 'en' ? '**Slowest workflows**' : '**最慢的工作流**', ...rows].join('\n');
      }),
    });
  } else {
    blocks.push({
      type: 'text',
      markdown: t('No workflow runs finished in this period.', '本周期内没有完成的工作流运行。'),
    });
  }
  const statsCmd = `stats --days ${days}${input.projectKey ? ` --project ${arg(input.projectKey)}` : ''}`;
  blocks.push({
    type: 'actions',
    buttons: [{ kind: 'command', label: t('Statistics', '统计'), command: statsCmd }],
  });
  const scope = input.projectKey ? ` · ${input.projectKey}` : '';
  const title =
    input.schedule === 'daily'
      ? t(`Daily digest${scope}`, `每日摘要${scope}`)
      : t(`Weekly digest${scope}`, `每周摘要${scope}`);
  return finish(
    {
      title,
      tone: input.failures > 0 ? 'warning' : 'info',
      blocks,
      ...(ctx?.locale ? { locale: ctx.locale } : {}),
    },
    both((l) => {
      const parts = fields.map((f) => `${pick(f.label, l)}: ${pick(f.value, l)}`);
      return parts.join('\n');
    }),
  );
}
