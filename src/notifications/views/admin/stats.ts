/**
 * Statistics: builds, deploys, tests and releases over a period, plus the installation overview.
 * Any part may be missing (licence gates, errors): it is then left out rather than shown as zero.
 */
import type { BuildStats, DailyStat, StatsOverview, TestStats } from '../../../zadig/api.js';
import { both, formatDuration, pick, plural } from '../../format.js';
import { type Block, type Field, type I18nText, type Message, t } from '../../message.js';
import { finish, type ListContext } from '../common.js';

/** Input of statsMessage. */
export interface StatsInput {
  overview?: StatsOverview | null;
  build?: BuildStats | null;
  deploy?: BuildStats | null;
  test?: TestStats | null;
  release?: BuildStats | null;
  days: number;
  projectKey?: string;
}

const BARS = '▁▂▃▄▅▆▇█';

/** A one-line sparkline of the rows' totals (oldest first). */
export function sparkline(daily: DailyStat[]): string {
  const totals = daily.map((d) => d.total);
  const max = Math.max(0, ...totals);
  if (max === 0) return BARS[0]!.repeat(totals.length);
  return totals
    .map((v) => BARS[Math.min(BARS.length - 1, Math.round((v / max) * (BARS.length - 1)))])
    .join('');
}

function rate(success: number, total: number): string {
  return total > 0 ? `${Math.round((success / total) * 100)}%` : '-';
}

function runs(s: BuildStats): I18nText {
  return both((l) =>
    l === 'en'
      ? `${plural(s.total, 'run')} · ${rate(s.success, s.total)} success`
      : `${s.total} 次 · 成功率 ${rate(s.success, s.total)}`,
  );
}

/** Builds the statistics reply. */
export function statsMessage(input: StatsInput, ctx?: ListContext): Message {
  const fields: Field[] = [];
  if (input.build) fields.push({ label: t('Builds', '构建'), value: runs(input.build) });
  if (input.deploy) fields.push({ label: t('Deploys', '部署'), value: runs(input.deploy) });
  if (input.release) fields.push({ label: t('Releases', '发布'), value: runs(input.release) });
  if (input.test) {
    const ts = input.test;
    fields.push({
      label: t('Tests', '测试'),
      value: both((l) => {
        const avg = pick(formatDuration(ts.averageRuntime), l);
        return l === 'en'
          ? `${plural(ts.caseCount, 'case')} · ${plural(ts.execCount, 'run')} · ${rate(ts.successCount, ts.execCount)} success · avg ${avg}`
          : `${ts.caseCount} 个用例 · ${ts.execCount} 次执行 · 成功率 ${rate(ts.successCount, ts.execCount)} · 平均 ${avg}`;
      }),
    });
  }
  const blocks: Block[] = [];
  if (fields.length > 0) blocks.push({ type: 'fields', fields });

  const trends: I18nText[] = [];
  // Zadig counts deploys per week (its weekly deploy stats) and the rest per day.
  const trend = (what: { en: string; zh: string }, s?: BuildStats | null): void => {
    if (!s || s.daily.length <= 1) return;
    const label =
      s.bucket === 'week'
        ? t(`${what.en} per week`, `每周${what.zh}`)
        : t(`${what.en} per day`, `每日${what.zh}`);
    trends.push(both((l) => `${label[l]} \`${sparkline(s.daily)}\``));
  };
  trend({ en: 'Builds', zh: '构建' }, input.build);
  trend({ en: 'Deploys', zh: '部署' }, input.deploy);
  trend({ en: 'Releases', zh: '发布' }, input.release);
  if (trends.length > 0)
    blocks.push({ type: 'text', markdown: both((l) => trends.map((x) => x[l]).join('\n')) });

  const o = input.overview;
  if (o) {
    blocks.push({
      type: 'fields',
      fields: [
        { label: t('Projects', '项目'), value: String(o.projects) },
        { label: t('Workflows', '工作流'), value: String(o.workflows) },
        { label: t('Services', '服务'), value: String(o.services) },
        { label: t('Environments', '环境'), value: String(o.envs) },
        { label: t('Clusters', '集群'), value: String(o.clusters) },
        { label: t('Artifacts', '制品'), value: String(o.artifacts) },
      ],
    });
  }
  if (blocks.length === 0) {
    blocks.push({ type: 'text', markdown: t('No statistics available.', '没有可用的统计数据。') });
  }
  const scope = input.projectKey;
  const last = input.days === 1 ? 'last day' : `last ${input.days} days`;
  return finish({
    title: scope
      ? t(`Statistics for ${scope}, ${last}`, `项目 ${scope} 最近 ${input.days} 天统计`)
      : t(`Statistics, ${last}`, `最近 ${input.days} 天统计`),
    tone: 'info',
    blocks,
    ...(ctx?.locale ? { locale: ctx.locale } : {}),
  });
}
