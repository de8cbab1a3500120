/**
 * `freeze [--project P]` (封版): the policy's change-freeze windows for the project — those in force now,
 * with what they cover, why, when they end and who may override, and the next ones to start.
 */
import { code, escapeMd } from '../../../notifications/format.js';
import { type I18nText, t } from '../../../notifications/message.js';
import { infoMessage } from '../../../notifications/views/index.js';
import {
  activeFreezes,
  type FreezeSpan,
  type FreezeWindow,
  upcomingFreezes,
  zonedAndUtc,
} from '../../access/freeze-windows.js';
import { endsAt } from '../../access/write-guard.js';
import { defineHandler } from '../../context.js';
import { resolveProject } from '../../resolve.js';

function scopeText(w: FreezeWindow): I18nText {
  const all = (xs: readonly string[]) => xs.length === 0 || xs.includes('*');
  const envs = all(w.envs)
    ? t('every env', '所有环境')
    : t(w.envs.map(code).join(', '), w.envs.map(code).join('、'));
  const rollback = w.allowRollback
    ? t('rollback allowed', '允许回滚')
    : t('rollback frozen too', '回滚也冻结');
  return t(`${envs.en} · ${rollback.en}`, `${envs.zh} · ${rollback.zh}`);
}

function overrideText(w: FreezeWindow): I18nText {
  const who = w.override.map((u) => code(u)).join(', ');
  return who ? t(`admins, ${who}`, `管理员、${who}`) : t('admins', '管理员');
}

function startsAt(span: FreezeSpan): string {
  return zonedAndUtc(span.start, span.window.timezone);
}

export const freezeStatus = defineHandler('freeze', async (intent, ctx) => {
  const projectKey = await resolveProject(ctx, intent.project);
  const windows = ctx.deps.policy.freezes;
  const now = ctx.now();
  const active = activeFreezes(windows, projectKey, undefined, now);
  const next = upcomingFreezes(windows, projectKey, now).slice(0, 5);
  const lines: I18nText[] = [];
  for (const s of active) {
    const w = s.window;
    const scope = scopeText(w);
    const who = overrideText(w);
    lines.push(
      t(
        `🧊 **${escapeMd(w.name)}** in force until ${endsAt(s)}: ${escapeMd(w.reason)}\n    ${scope.en} · override: ${who.en}`,
        `🧊 **${escapeMd(w.name)}** 生效中，至 ${endsAt(s)}：${escapeMd(w.reason)}\n    ${scope.zh} · 可强制执行：${who.zh}`,
      ),
    );
  }
  if (active.length === 0) lines.push(t('No freeze is in force now.', '当前没有生效的封版。'));
  for (const s of next) {
    const scope = scopeText(s.window);
    lines.push(
      t(
        `⏭ **${escapeMd(s.window.name)}** from ${startsAt(s)} to ${endsAt(s)}: ${escapeMd(s.window.reason)} (${scope.en})`,
        `⏭ **${escapeMd(s.window.name)}** 从 ${startsAt(s)} 到 ${endsAt(s)}：${escapeMd(s.window.reason)}（${scope.zh}）`,
      ),
    );
  }
  if (windows.length === 0 || (active.length === 0 && next.length === 0)) {
    lines.push(
      t(
        `The policy has no freeze window for project ${code(projectKey)} in the next 60 days.`,
        `策略中未来 60 天内没有项目 ${code(projectKey)} 的封版窗口。`,
      ),
    );
  }
  const body = t(lines.map((l) => l.en).join('\n'), lines.map((l) => l.zh).join('\n'));
  return {
    reply: infoMessage(body, undefined, {
      locale: ctx.locale,
      title: t(`Change freezes · ${projectKey}`, `封版窗口 · ${projectKey}`),
    }),
  };
});
