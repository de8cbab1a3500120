/**
 * A service's revision history in an env (what Zadig records for every deploy, image update, variable
 * change and rollback), and a rollback's preview: revision now → target, the images that change and a
 * summary of the configuration that differs, from Zadig's diff of the two revisions.
 */
import type { RevisionDiff, ServiceRevision } from '../../../zadig/service-revisions.js';
import type { ContainerImage } from '../../../zadig/types.js';
import { both, code, escapeMd, formatTime, plural } from '../../format.js';
import { type Block, type Field, type I18nText, type Message, t } from '../../message.js';
import { finish, type ListContext, rollbackButton } from '../common.js';

/** Where a service's revisions live: project, env (and whether it is production), service. */
export interface RevisionPlace {
  projectKey: string;
  envKey: string;
  production: boolean;
  service: string;
}

function imagesText(containers: ContainerImage[]): string {
  if (containers.length === 0) return '-';
  return containers
    .map((c) => (containers.length > 1 ? `${escapeMd(c.name)}: ${code(c.image)}` : code(c.image)))
    .join(', ');
}

function operationText(r: ServiceRevision): I18nText {
  if (r.operation !== 'rollback') return t('', '');
  const why = r.detail ? ` (${escapeMd(r.detail)})` : '';
  return t(` · ↩ rollback${why}`, ` · ↩ 回滚${why}`);
}

/** The history, newest first, at most `limit` rows; the current revision marked; a Roll back button. */
export function revisionHistoryMessage(
  place: RevisionPlace,
  revisions: ServiceRevision[],
  limit: number,
  ctx?: ListContext,
): Message {
  const newest = [...revisions].sort((a, b) => b.revision - a.revision);
  const shown = newest.slice(0, limit);
  const current = newest[0]?.revision;
  const rows = shown.map((r) =>
    both((l) => {
      const mark = r.revision === current ? (l === 'en' ? ' · **current**' : ' · **当前**') : '';
      const who = r.createBy ? `${l === 'en' ? 'by' : '操作人'} ${escapeMd(r.createBy)} · ` : '';
      return `**#${r.revision}**${mark} · ${imagesText(r.containers)} · ${who}${formatTime(r.createTime)}${operationText(r)[l]}`;
    }),
  );
  const blocks: Block[] = [{ type: 'text', markdown: both((l) => rows.map((r) => r[l]).join('\n')) }];
  if (newest.length > shown.length) {
    const more = newest.length - shown.length;
    blocks.push({
      type: 'context',
      text: t(
        `… and ${plural(more, 'older revision', 'older revisions')} (--limit shows more; Zadig keeps the last 20)`,
        `… 还有 ${more} 个更早的版本（用 --limit 查看更多；Zadig 保留最近 20 个）`,
      ),
    });
  }
  const previous = newest[1];
  if (previous) blocks.push({ type: 'actions', buttons: [rollbackButton(place, previous.revision)] });
  const where = `${place.service} · ${place.envKey}`;
  return finish(
    {
      title: t(`Revisions of ${where}`, `${where} 的历史版本`),
      tone: 'info',
      blocks,
      ...(ctx?.locale ? { locale: ctx.locale } : {}),
    },
    t(
      `${plural(newest.length, 'revision')} of ${place.service} in ${place.envKey}; current #${current}`,
      `${place.envKey} 中 ${place.service} 共 ${newest.length} 个版本，当前 #${current}`,
    ),
  );
}

/** Top-level keys whose lines differ between two YAML texts (values are not shown: they may be secret). */
export function changedKeys(a: string, b: string): string[] {
  const top = (text: string) => {
    const map = new Map<string, string[]>();
    let key = '';
    for (const line of text.split('\n')) {
      const m = /^([^\s#-][^:]*):/.exec(line);
      if (m?.[1]) key = m[1].trim();
      if (!key || line.trim() === '') continue;
      map.set(key, [...(map.get(key) ?? []), line]);
    }
    return map;
  };
  const ma = top(a);
  const mb = top(b);
  const keys = new Set([...ma.keys(), ...mb.keys()]);
  return [...keys].filter((k) => (ma.get(k) ?? []).join('\n') !== (mb.get(k) ?? []).join('\n')).sort();
}

/** Lines of one text that the other does not have (a count for "the manifest differs in N lines"). */
function differingLines(a: string, b: string): number {
  const count = (text: string) => {
    const m = new Map<string, number>();
    for (const line of text.split('\n')) if (line.trim()) m.set(line, (m.get(line) ?? 0) + 1);
    return m;
  };
  const ca = count(a);
  const cb = count(b);
  let n = 0;
  for (const [line, k] of ca) n += Math.max(0, k - (cb.get(line) ?? 0));
  for (const [line, k] of cb) n += Math.max(0, k - (ca.get(line) ?? 0));
  return n;
}

/** What a rollback from `diff.a` (now) to `diff.b` (target) changes, as the preview's blocks. */
export function rollbackPreviewBlocks(
  place: RevisionPlace,
  revisions: { from: number; to: number },
  diff: RevisionDiff,
): Block[] {
  const fields: Field[] = [
    { label: t('Service', '服务'), value: code(place.service) },
    {
      label: t('Environment', '环境'),
      value: place.production
        ? both((l) => `${code(place.envKey)} 🔒 ${l === 'en' ? 'production' : '生产'}`)
        : code(place.envKey),
    },
    { label: t('Revision', '版本'), value: `#${revisions.from} → #${revisions.to}` },
    {
      label: t('Target revision made', '目标版本来自'),
      value: `${diff.b.createBy ? `${escapeMd(diff.b.createBy)} · ` : ''}${formatTime(diff.b.createTime)}`,
    },
  ];
  const now = new Map(diff.a.containers.map((c) => [c.name, c.image]));
  const then = new Map(diff.b.containers.map((c) => [c.name, c.image]));
  const names = [...new Set([...now.keys(), ...then.keys()])];
  const imageLines = names
    .filter((n) => now.get(n) !== then.get(n))
    .map((n) => `${escapeMd(n)}: ${code(now.get(n) ?? '-')} → ${code(then.get(n) ?? '-')}`);
  const keys = changedKeys(diff.a.variableYaml, diff.b.variableYaml);
  const manifest = differingLines(diff.a.yaml, diff.b.yaml);
  const lines: I18nText[] = [];
  lines.push(
    imageLines.length > 0
      ? t(`**Images**\n${imageLines.join('\n')}`, `**镜像**\n${imageLines.join('\n')}`)
      : t('**Images**: unchanged', '**镜像**：不变'),
  );
  const shownKeys = keys.slice(0, 8).map(code).join(', ');
  const moreKeys = keys.length > 8 ? ` … +${keys.length - 8}` : '';
  lines.push(
    keys.length > 0
      ? t(
          `**Variables**: ${plural(keys.length, 'key differs', 'keys differ')}: ${shownKeys}${moreKeys}`,
          `**变量**：${keys.length} 项不同：${shownKeys}${moreKeys}`,
        )
      : t('**Variables**: unchanged', '**变量**：不变'),
  );
  if (diff.a.yaml || diff.b.yaml) {
    lines.push(
      manifest > 0
        ? t(
            `**Manifest**: ${plural(manifest, 'line differs', 'lines differ')}`,
            `**资源清单**：${manifest} 行不同`,
          )
        : t('**Manifest**: unchanged', '**资源清单**：不变'),
    );
  }
  return [
    { type: 'fields', fields },
    { type: 'text', markdown: both((l) => lines.map((x) => x[l]).join('\n')) },
  ];
}

/** The title of a rollback's preview card. */
export function rollbackTitle(place: RevisionPlace): I18nText {
  return t(`Roll back ${place.service} in ${place.envKey}?`, `回滚 ${place.envKey} 中的 ${place.service}？`);
}
