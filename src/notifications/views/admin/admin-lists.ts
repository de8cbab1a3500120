/**
 * Admin lists: clusters, image registries, users, project members (role bindings), roles, and the Zadig
 * operation log (who changed what, newest first).
 */
import type { Cluster, OperationLog, Registry, Role, RoleBinding } from '../../../zadig/api.js';
import type { ZadigUser } from '../../../zadig/types.js';
import { both, code, escapeMd, formatTime, truncate } from '../../format.js';
import { type I18nText, type Message, t } from '../../message.js';
import type { ListContext } from '../common.js';
import { simpleList } from '../generic.js';

function loc(ctx?: ListContext): { locale?: 'en' | 'zh' } {
  return ctx?.locale ? { locale: ctx.locale } : {};
}

const PROVIDERS = [
  'Kubernetes',
  'Alibaba ACK',
  'Tencent TKE',
  'Huawei CCE',
  'Amazon EKS',
  'TKE Serverless',
  'GKE',
  'AKS',
];

const CLUSTER_STATUS: Record<string, [string, string, string]> = {
  normal: ['🟢', 'normal', '正常'],
  disconnected: ['🔴', 'disconnected', '已断开'],
  abnormal: ['🟠', 'abnormal', '异常'],
  pending: ['🔵', 'pending', '等待接入'],
};

/** Clusters connected to Zadig. */
export function clusterListMessage(clusters: Cluster[], ctx?: ListContext): Message {
  const rows = clusters.map((c) =>
    both((l) => {
      const s = CLUSTER_STATUS[c.status] ?? ['⚪', c.status || 'unknown', c.status || '未知'];
      const parts = [`${s[0]} **${escapeMd(c.name)}**`, l === 'en' ? s[1] : s[2]];
      if (c.production) parts.push(l === 'en' ? '🔒 production' : '🔒 生产');
      parts.push(escapeMd(PROVIDERS[c.provider] ?? `provider ${c.provider}`));
      if (c.type) parts.push(escapeMd(c.type));
      if (c.projectNames.length > 0)
        parts.push(`${l === 'en' ? 'projects' : '项目'} ${c.projectNames.map(code).join(' ')}`);
      return parts.join(' · ');
    }),
  );
  return simpleList(t('Clusters', '集群'), rows, {
    ...loc(ctx),
    empty: t('No clusters are connected.', '没有接入的集群。'),
  });
}

/** Image registries configured in Zadig. */
export function registryListMessage(registries: Registry[], ctx?: ListContext): Message {
  const rows = registries.map((r) =>
    both((l) => {
      const parts = [`${code(r.address)}`];
      if (r.namespace) parts.push(`${l === 'en' ? 'namespace' : '命名空间'} ${code(r.namespace)}`);
      if (r.provider) parts.push(escapeMd(r.provider));
      if (r.region) parts.push(escapeMd(r.region));
      if (r.isDefault) parts.push(l === 'en' ? '⭐ default' : '⭐ 默认');
      return parts.join(' · ');
    }),
  );
  return simpleList(t('Image registries', '镜像仓库'), rows, {
    ...loc(ctx),
    empty: t('No image registries are configured.', '没有配置镜像仓库。'),
  });
}

/** Zadig users (optionally the ones matching a search). */
export function userListMessage(
  users: ZadigUser[],
  total: number,
  search?: string,
  ctx?: ListContext,
): Message {
  const rows = users.map((u) => {
    const name = u.name && u.name !== u.account ? ` — ${escapeMd(u.name)}` : '';
    const type = u.identityType && u.identityType !== 'system' ? ` · ${escapeMd(u.identityType)}` : '';
    return `${code(u.account)}${name}${type}`;
  });
  const more = total > users.length ? total - users.length : 0;
  return simpleList(
    search ? t(`Users matching "${search}"`, `匹配“${search}”的用户`) : t('Users', '用户'),
    rows,
    {
      ...loc(ctx),
      empty: search ? t('No user matches.', '没有匹配的用户。') : t('No users.', '没有用户。'),
      ...(more > 0
        ? {
            footer: t(
              `${more} more in Zadig; narrow it with \`users --search X\``,
              `Zadig 中还有 ${more} 个；用 \`users --search X\` 缩小范围`,
            ),
          }
        : {}),
    },
  );
}

/** Members of a project with their roles. */
export function memberListMessage(projectKey: string, bindings: RoleBinding[], ctx?: ListContext): Message {
  const rows = bindings.map((b) =>
    both((l) => {
      const kind = b.bindingType === 'group' ? (l === 'en' ? '👥 group ' : '👥 用户组 ') : '';
      const name = b.name && b.name !== b.account ? ` — ${escapeMd(b.name)}` : '';
      const id = b.account ? code(b.account) : escapeMd(b.name || b.uid);
      return `${kind}${id}${b.account ? name : ''} · ${b.roles.map(code).join(' ') || '-'}`;
    }),
  );
  return simpleList(t(`Members of ${projectKey}`, `项目 ${projectKey} 的成员`), rows, {
    ...loc(ctx),
    empty: t('This project has no members.', '该项目没有成员。'),
  });
}

/** Roles defined in a project. */
export function roleListMessage(projectKey: string, roles: Role[], ctx?: ListContext): Message {
  const rows = roles.map((r) =>
    both((l) => {
      const type =
        r.type === 'system' ? (l === 'en' ? 'built-in' : '内置') : l === 'en' ? 'custom' : '自定义';
      return `${code(r.name)} · ${type}${r.description ? ` · ${escapeMd(r.description)}` : ''}`;
    }),
  );
  return simpleList(t(`Roles in ${projectKey}`, `项目 ${projectKey} 的角色`), rows, {
    ...loc(ctx),
    empty: t('No roles.', '没有角色。'),
  });
}

/** The filters an operation-log reply names in its title. */
export interface OplogFilter {
  projectKey?: string;
  env?: string;
  user?: string;
}

function filterText(f: OplogFilter): I18nText {
  return both((l) => {
    const parts: string[] = [];
    if (f.projectKey) parts.push(`${l === 'en' ? 'project' : '项目'} ${f.projectKey}`);
    if (f.env) parts.push(`${l === 'en' ? 'env' : '环境'} ${f.env}`);
    if (f.user) parts.push(`${l === 'en' ? 'user' : '用户'} ${f.user}`);
    return parts.length > 0 ? ` (${parts.join(', ')})` : '';
  });
}

/** Operation-log entries, newest first. */
export function oplogMessage(
  logs: OperationLog[],
  total: number,
  filter: OplogFilter,
  ctx?: ListContext,
): Message {
  const rows = [...logs]
    .sort((a, b) => b.createdAt - a.createdAt)
    .map((o) => {
      const ok = o.status >= 200 && o.status < 300;
      const what = [o.method, o.function].filter(Boolean).join(' ');
      const parts = [
        `${ok ? '✅' : '❌'} ${formatTime(o.createdAt)}`,
        `**${escapeMd(o.username || '-')}**`,
        escapeMd(what || '-'),
      ];
      if (o.targets.length > 0) parts.push(o.targets.map(code).join(' '));
      if (o.projectKey) parts.push(code(o.projectKey));
      if (!ok) parts.push(String(o.status));
      if (o.detail) parts.push(escapeMd(truncate(o.detail, 160)));
      return parts.join(' · ');
    });
  const f = filterText(filter);
  const more = total > logs.length ? total - logs.length : 0;
  return simpleList(t(`Operation log${f.en}`, `操作日志${f.zh}`), rows, {
    ...loc(ctx),
    max: 100,
    empty: t('No operations recorded.', '没有操作记录。'),
    ...(more > 0
      ? {
          footer: t(
            `${more} older entries not shown (\`--limit N\`, at most 100).`,
            `还有 ${more} 条更早的记录（\`--limit N\`，最多 100）。`,
          ),
        }
      : {}),
  });
}
