/**
 * Environment variables and events: the global variables of an env (secret-looking values masked) and
 * its Kubernetes events, warnings first, for diagnosing a rollout that did not come up.
 */
import type { KubeEvent } from '../../../zadig/api.js';
import type { EnvVariable } from '../../../zadig/types.js';
import { both, code, escapeMd, formatTime, plural, truncate } from '../../format.js';
import { type Message, t } from '../../message.js';
import { arg, type ListContext } from '../common.js';
import { simpleList } from '../generic.js';
import { MASK } from '../task-facts.js';

function loc(ctx?: ListContext): { locale?: 'en' | 'zh' } {
  return ctx?.locale ? { locale: ctx.locale } : {};
}

/** Keys whose values are not shown in chat (they are still changed by `set-var`). */
const SECRET_KEY = /pass(word|wd)?|secret|token|credential|private|api[_-]?key|access[_-]?key/i;

/** True when a variable's value should be masked in replies. */
export function isSecretKey(key: string): boolean {
  return SECRET_KEY.test(key);
}

/** What a variable's value looks like in chat. */
export function shownValue(key: string, value: string): string {
  if (isSecretKey(key)) return MASK;
  return value === '' ? '""' : code(truncate(value, 200));
}

/** The env a view is about. */
export interface EnvRef {
  projectKey: string;
  env: string;
  production: boolean;
}

/** The global variables of an environment. */
export function envVarsMessage(ref: EnvRef, vars: EnvVariable[], ctx?: ListContext): Message {
  const rows = vars.map((v) =>
    both((l) => {
      const parts = [`${code(v.key)} = ${shownValue(v.key, v.value)}`];
      if (v.type && v.type !== 'string') parts.push(escapeMd(v.type));
      if (v.options.length > 0)
        parts.push(`${l === 'en' ? 'one of' : '可选'} ${v.options.map(code).join(' ')}`);
      if (v.description) parts.push(escapeMd(truncate(v.description, 100)));
      if (v.relatedServices.length > 0) {
        parts.push(`${l === 'en' ? 'used by' : '用于'} ${escapeMd(v.relatedServices.join(', '))}`);
      }
      return parts.join(' · ');
    }),
  );
  const prod = ref.production ? t(' (production)', '（生产）') : t('', '');
  const flags = `--env ${arg(ref.env)} --project ${arg(ref.projectKey)}`;
  return simpleList(t(`Variables of ${ref.env}${prod.en}`, `环境 ${ref.env}${prod.zh} 的变量`), rows, {
    ...loc(ctx),
    empty: t('This environment has no global variables.', '该环境没有全局变量。'),
    footer: t(`Change one: \`set-var KEY=value ${flags}\``, `修改：\`set-var KEY=值 ${flags}\``),
  });
}

/** The command line that shows an env's events (for failure replies that point to it). */
export function eventsCommandLine(projectKey: string, env: string, service?: string): string {
  return `events --env ${arg(env)}${service ? ` --service ${arg(service)}` : ''} --project ${arg(projectKey)}`;
}

/** Warnings first, then the most recent. */
export function sortEvents(events: KubeEvent[]): KubeEvent[] {
  const rank = (e: KubeEvent) => (e.type === 'Warning' ? 0 : 1);
  return [...events].sort(
    (a, b) => rank(a) - rank(b) || b.lastSeen - a.lastSeen || a.reason.localeCompare(b.reason),
  );
}

/** Kubernetes events of an env (optionally one service's), warnings first. */
export function kubeEventsMessage(
  ref: EnvRef,
  events: KubeEvent[],
  opts: { service?: string; warningsOnly: boolean },
  ctx?: ListContext,
): Message {
  const sorted = sortEvents(events);
  const warnings = sorted.filter((e) => e.type === 'Warning').length;
  const rows = sorted.map((e) =>
    both((l) => {
      const icon = e.type === 'Warning' ? '⚠️' : 'ℹ️';
      const times = e.count > 1 ? ` ×${e.count}` : '';
      const when = e.lastSeen ? ` · ${l === 'en' ? 'last' : '最近'} ${formatTime(e.lastSeen)}` : '';
      return `${icon} **${escapeMd(e.reason || e.type)}**${times}${when}\n    ${escapeMd(truncate(e.message, 300))}`;
    }),
  );
  const what = opts.service ? ` · ${opts.service}` : '';
  const flags = `--env ${arg(ref.env)} --project ${arg(ref.projectKey)}`;
  return simpleList(t(`Events in ${ref.env}${what}`, `环境 ${ref.env}${what} 的事件`), rows, {
    ...loc(ctx),
    max: 30,
    tone: warnings > 0 ? 'warning' : 'info',
    empty: opts.warningsOnly
      ? t('No warning events.', '没有告警事件。')
      : t('No recent events.', '最近没有事件。'),
    footer:
      warnings > 0
        ? t(
            `${plural(warnings, 'warning')}. Pods and restarts: \`env ${arg(ref.env)} --project ${arg(ref.projectKey)}\`; logs: \`logs <service> ${flags}\``,
            `${warnings} 条告警。查看 Pod 与重启：\`env ${arg(ref.env)} --project ${arg(ref.projectKey)}\`；日志：\`logs <服务> ${flags}\``,
          )
        : t(`Only warnings: \`events ${flags} --warnings\``, `只看告警：\`events ${flags} --warnings\``),
  });
}
