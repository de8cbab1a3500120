/**
 * Environment views: an env with its services and images, and one service's workloads, pods,
 * containers and restarts (what someone on call looks at first).
 */
import type { EnvDetail, ServiceWorkloads } from '../../../zadig/types.js';
import {
  both,
  code,
  escapeMd,
  formatTime,
  healthEmoji,
  pick,
  plural,
  statusLabel,
  truncate,
} from '../../format.js';
import { type Block, type Button, type Field, type Message, type Tone, t } from '../../message.js';
import { arg, envUrl, finish, type ListContext, OPEN_IN_ZADIG, rollbackButton } from '../common.js';

const SERVICES_PER_BLOCK = 15;
const MAX_SERVICES = 60;

function envTone(status: string): Tone {
  switch (status.toLowerCase()) {
    case 'running':
    case 'succeeded':
    case 'success':
      return 'success';
    case 'unstable':
    case 'stopped':
      return 'warning';
    case 'error':
    case 'failed':
      return 'danger';
    case 'creating':
    case 'updating':
    case 'deleting':
      return 'running';
    default:
      return 'info';
  }
}

/** A service's latest two revisions in the env (Zadig's version history), when they could be read. */
export interface ServiceRevisionPair {
  current: number;
  /** The one before the current, when there is one: what its Roll back button goes to. */
  previous?: number;
}

/** Context of the env card: the services' revisions, by service name, when they were read. */
export interface EnvCardContext extends ListContext {
  revisions?: ReadonlyMap<string, ServiceRevisionPair>;
}

/** At most this many Roll back buttons on an env card (one per unhealthy service). */
const MAX_ROLLBACK_BUTTONS = 5;

function unhealthy(status: string): boolean {
  return /^(failed|error|unstable|crash)/i.test(status);
}

/**
 * An environment: status, where it runs, and each service with its images and current revision; each
 * unhealthy service with an earlier revision gets a Roll back button to it.
 */
export function envCard(env: EnvDetail, ctx?: EnvCardContext): Message {
  const fields: Field[] = [
    { label: t('Project', '项目'), value: code(env.projectKey) },
    {
      label: t('Status', '状态'),
      value: both((l) => `${healthEmoji(env.status)} ${pick(statusLabel(env.status || 'Unknown'), l)}`),
    },
    { label: t('Namespace', '命名空间'), value: code(env.namespace || '-') },
    { label: t('Production', '生产环境'), value: env.production ? t('🔒 yes', '🔒 是') : t('no', '否') },
  ];
  if (env.updateBy || env.updateTime) {
    fields.push({
      label: t('Updated', '更新'),
      value:
        [escapeMd(env.updateBy), formatTime(env.updateTime)].filter((s) => s && s !== '-').join(' · ') || '-',
    });
  }
  const blocks: Block[] = [{ type: 'fields', fields }];

  const rows = env.services.slice(0, MAX_SERVICES).map((s) => {
    const images = s.containers.map((c) =>
      s.containers.length > 1 ? `${escapeMd(c.name)}: ${code(c.image)}` : code(c.image),
    );
    const rev = ctx?.revisions?.get(s.serviceName);
    return both(
      (l) =>
        `${healthEmoji(s.status)} **${escapeMd(s.serviceName)}** · ${pick(statusLabel(s.status || 'Unknown'), l)}` +
        (rev ? ` · ${l === 'en' ? 'rev' : '版本'} #${rev.current}` : '') +
        (images.length > 0 ? ` · ${images.join(', ')}` : ''),
    );
  });
  if (rows.length === 0) blocks.push({ type: 'text', markdown: t('No services.', '没有服务。') });
  for (let i = 0; i < rows.length; i += SERVICES_PER_BLOCK) {
    const part = rows.slice(i, i + SERVICES_PER_BLOCK);
    blocks.push({ type: 'text', markdown: both((l) => part.map((r) => r[l]).join('\n')) });
  }
  if (env.services.length > MAX_SERVICES) {
    const more = env.services.length - MAX_SERVICES;
    blocks.push({
      type: 'context',
      text: t(`… and ${plural(more, 'more service', 'more services')}`, `… 还有 ${more} 个服务`),
    });
  }
  const buttons: Button[] = [];
  for (const s of env.services) {
    const previous = ctx?.revisions?.get(s.serviceName)?.previous;
    if (previous === undefined || !unhealthy(s.status) || buttons.length >= MAX_ROLLBACK_BUTTONS) continue;
    buttons.push(
      rollbackButton({ projectKey: env.projectKey, envKey: env.key, service: s.serviceName }, previous),
    );
  }
  if (ctx?.zadigUrl) {
    buttons.push({ kind: 'link', label: OPEN_IN_ZADIG, url: envUrl(ctx.zadigUrl, env.projectKey, env.key) });
  }
  if (buttons.length > 0) blocks.push({ type: 'actions', buttons });
  const name = env.name && env.name !== env.key ? `${env.key} (${env.name})` : env.key;
  return finish(
    {
      title: t(`Environment ${name}`, `环境 ${name}`),
      tone: envTone(env.status),
      blocks,
      ...(ctx?.locale ? { locale: ctx.locale } : {}),
    },
    both(
      (l) =>
        `${pick(statusLabel(env.status || 'Unknown'), l)} · ${env.services.length} ${l === 'en' ? 'services' : '个服务'}`,
    ),
  );
}

/** Context of the service card: whether the env is production (commands then need `--production`). */
export interface ServiceCardContext extends ListContext {
  production?: boolean;
}

/** One service in an env: workloads, images, pods, container restarts and reasons. */
export function serviceCard(svc: ServiceWorkloads, ctx?: ServiceCardContext): Message {
  const blocks: Block[] = [];
  let notReady = 0;
  let crashing = 0;
  let pods = 0;
  for (const w of svc.workloads.slice(0, 10)) {
    const head = both(
      (l) =>
        `**${escapeMd(w.name)}** (${escapeMd(w.type)}) · ${l === 'en' ? 'replicas' : '副本数'} ${w.replicas}` +
        (w.images.length > 0
          ? `\n${w.images.map((i) => `${escapeMd(i.name)}: ${code(i.image)}`).join('\n')}`
          : ''),
    );
    const podLines = w.pods.slice(0, 20).map((p) => {
      pods++;
      if (!p.ready) notReady++;
      const restarts = p.containers.reduce((n, c) => n + c.restartCount, 0);
      const trouble = p.containers.filter((c) => !c.ready || c.restartCount > 0 || c.reason);
      if (p.containers.some((c) => /CrashLoopBackOff|Error|OOMKilled/.test(c.reason))) crashing++;
      return both((l) => {
        const ready = p.ready ? (l === 'en' ? 'ready' : '就绪') : l === 'en' ? 'not ready' : '未就绪';
        const parts = [`${p.ready ? '🟢' : '🔴'} ${code(p.name)}`, escapeMd(p.status), ready];
        parts.push(`${l === 'en' ? 'restarts' : '重启'} ${restarts}`);
        if (p.age) parts.push(`${l === 'en' ? 'age' : '已运行'} ${escapeMd(p.age)}`);
        const sub = trouble.map(
          (c) =>
            `    ↳ ${code(c.name)} ${l === 'en' ? 'restarts' : '重启'} ${c.restartCount}` +
            (c.reason ? ` · ${escapeMd(c.reason)}` : '') +
            (c.message ? `: ${escapeMd(truncate(c.message, 200))}` : ''),
        );
        return [parts.join(' · '), ...sub].join('\n');
      });
    });
    blocks.push({
      type: 'text',
      markdown: both((l) => {
        const body =
          podLines.length > 0 ? podLines.map((p) => p[l]).join('\n') : l === 'en' ? '*no pods*' : '没有 Pod';
        return `${head[l]}\n${body}`;
      }),
    });
  }
  if (svc.workloads.length === 0)
    blocks.push({ type: 'text', markdown: t('No workloads.', '没有工作负载。') });

  const flags = `--env ${arg(svc.envName)} --project ${arg(svc.projectKey)}${ctx?.production ? ' --production' : ''}`;
  const buttons: Button[] = [
    { kind: 'command', label: t('Logs', '日志'), command: `logs ${arg(svc.serviceName)} ${flags}` },
    {
      kind: 'command',
      label: t('Restart', '重启'),
      command: `restart ${arg(svc.serviceName)} ${flags}`,
      style: 'danger',
      confirm: t(
        `Restart ${svc.serviceName} in ${svc.envName}?`,
        `确定重启 ${svc.envName} 环境的 ${svc.serviceName}？`,
      ),
    },
  ];
  if (ctx?.zadigUrl)
    buttons.push({
      kind: 'link',
      label: OPEN_IN_ZADIG,
      url: envUrl(ctx.zadigUrl, svc.projectKey, svc.envName),
    });
  blocks.push({ type: 'actions', buttons });

  const tone: Tone = crashing > 0 ? 'danger' : notReady > 0 ? 'warning' : pods > 0 ? 'success' : 'info';
  return finish(
    {
      title: t(`${svc.serviceName} in ${svc.envName}`, `${svc.envName} 环境的 ${svc.serviceName}`),
      tone,
      blocks,
      ...(ctx?.locale ? { locale: ctx.locale } : {}),
    },
    both((l) =>
      l === 'en'
        ? `${pods - notReady}/${plural(pods, 'pod')} ready in ${plural(svc.workloads.length, 'workload')}`
        : `${svc.workloads.length} 个工作负载，${pods - notReady}/${pods} 个 Pod 就绪`,
    ),
  );
}
