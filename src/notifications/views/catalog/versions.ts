/**
 * Delivery versions (Zadig "版本管理", a professional-licence feature): the list of a project, and one
 * version with the image of each service it delivered.
 */
import type { DeliveryVersion, DeliveryVersionBrief } from '../../../zadig/api.js';
import {
  both,
  code,
  escapeMd,
  formatTime,
  healthEmoji,
  pick,
  statusEmoji,
  statusLabel,
  truncate,
} from '../../format.js';
import { type Block, type Field, type Message, type Tone, t } from '../../message.js';
import { arg, finish, type ListContext, OPEN_IN_ZADIG } from '../common.js';
import { simpleList } from '../generic.js';

function loc(ctx?: ListContext): { locale?: 'en' | 'zh' } {
  return ctx?.locale ? { locale: ctx.locale } : {};
}

/** Link to a project's versions in the Zadig UI. */
export function versionsUrl(zadigUrl: string, projectKey: string): string {
  return `${zadigUrl.replace(/\/+$/, '')}/v1/projects/detail/${encodeURIComponent(projectKey)}/version`;
}

function emoji(status: string): string {
  // Delivery versions say `success`/`failed`/`creating`/`retrying`.
  return status === 'creating' || status === 'retrying' ? healthEmoji('creating') : statusEmoji(status);
}

function statusText(status: string) {
  return both((l) => `${emoji(status)} ${pick(statusLabel(status || 'Unknown'), l)}`);
}

/** The delivery versions of a project, newest first as given. */
export function versionListMessage(
  projectKey: string,
  versions: DeliveryVersionBrief[],
  ctx?: ListContext,
): Message {
  const rows = versions.map((v) =>
    both((l) => {
      const parts = [
        `${emoji(v.status)} **${escapeMd(v.versionName || v.id)}**`,
        pick(statusLabel(v.status || 'Unknown'), l),
      ];
      if (v.labels.length > 0) parts.push(v.labels.map(code).join(' '));
      if (v.createdBy) parts.push(escapeMd(v.createdBy));
      if (v.createTime) parts.push(formatTime(v.createTime));
      parts.push(code(v.id));
      return parts.join(' · ');
    }),
  );
  return simpleList(t(`Versions of ${projectKey}`, `项目 ${projectKey} 的版本`), rows, {
    ...loc(ctx),
    empty: t('No delivery versions in this project.', '该项目下没有交付版本。'),
    footer: t(
      `Details: \`version <name or id> --project ${arg(projectKey)}\``,
      `查看详情：\`version <版本名或 ID> --project ${arg(projectKey)}\``,
    ),
  });
}

function tone(status: string): Tone {
  if (status === 'success') return 'success';
  if (status === 'failed') return 'danger';
  if (status === 'creating' || status === 'retrying') return 'running';
  return 'info';
}

/** One delivery version: status, type, labels, description and the delivered images. */
export function versionCard(projectKey: string, v: DeliveryVersion, ctx?: ListContext): Message {
  const fields: Field[] = [
    { label: t('Status', '状态'), value: statusText(v.status) },
    { label: t('Project', '项目'), value: code(projectKey) },
    { label: t('Type', '类型'), value: escapeMd(v.type || '-') },
    {
      label: t('Created', '创建'),
      value:
        [escapeMd(v.createdBy), formatTime(v.createTime)].filter((s) => s && s !== '-').join(' · ') || '-',
    },
  ];
  if (v.labels.length > 0) fields.push({ label: t('Labels', '标签'), value: v.labels.map(code).join(' ') });
  const blocks: Block[] = [{ type: 'fields', fields }];
  if (v.description) blocks.push({ type: 'text', markdown: escapeMd(truncate(v.description, 1000)) });
  blocks.push({
    type: 'text',
    markdown: both((l) => {
      const rows = v.images.map((i) => {
        const name =
          i.serviceModule && i.serviceModule !== i.serviceName
            ? `${i.serviceName}/${i.serviceModule}`
            : i.serviceName;
        return `• ${escapeMd(name)}: ${code(i.image)}`;
      });
      return [
        l === 'en' ? '**Images**' : '**镜像**',
        ...(rows.length > 0 ? rows : [l === 'en' ? 'none' : '无']),
      ].join('\n');
    }),
  });
  if (ctx?.zadigUrl) {
    blocks.push({
      type: 'actions',
      buttons: [{ kind: 'link', label: OPEN_IN_ZADIG, url: versionsUrl(ctx.zadigUrl, projectKey) }],
    });
  }
  return finish(
    {
      title: t(`Version ${v.versionName || v.id}`, `版本 ${v.versionName || v.id}`),
      tone: tone(v.status),
      blocks,
      ...loc(ctx),
    },
    both(
      (l) =>
        `${pick(statusLabel(v.status || 'Unknown'), l)} · ${v.images.length} ${l === 'en' ? 'images' : '个镜像'}`,
    ),
  );
}
