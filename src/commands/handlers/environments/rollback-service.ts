/**
 * `rollback <service> --env E [--project P] [--to N]`: puts a service back to an earlier revision
 * (`RollbackEnvServiceVersion`) as the actor. The first reply is a preview — revision now → target,
 * the images that change, the variables and manifest lines that differ (`DiffEnvServiceVersions`) — with
 * a Rollback button that is a one-time confirmation (only the asker, only here, 5 minutes), for every
 * env: the guard decides first (production rights, freeze windows), so someone refused never sees a
 * button. The click re-runs the fully resolved line; it rolls back only when the service is still at the
 * revision the preview showed, exactly once.
 */
import { t } from '../../../notifications/message.js';
import {
  eventsCommandLine,
  rollbackPreviewBlocks,
  rollbackTitle,
  successMessage,
} from '../../../notifications/views/index.js';
import type { ServiceRevision } from '../../../zadig/service-revisions.js';
import { targetFingerprint, type WriteTarget } from '../../access/write-guard.js';
import { defineHandler, type Writer } from '../../context.js';
import { ConfirmationRequired, UserFacingError } from '../../errors.js';
import { resolvedLine } from '../../write-targets.js';
import { type ServiceHistory, serviceHistory } from './service-revisions.js';

const ROLLBACK_LABEL = t('Rollback', '回滚');

export const rollbackService = defineHandler('rollback', async (intent, ctx) => {
  const history = await serviceHistory(ctx, intent, 'rollback');
  const { place, env } = history;
  const current = history.revisions.at(-1) as ServiceRevision;
  const goal = targetRevision(history, intent.to);
  const target: WriteTarget = {
    kind: 'rollback',
    projectKey: place.projectKey,
    // `via` carries the revisions: a click after the service moved on no longer matches what was shown.
    envs: [
      {
        env: env.key,
        production: env.production,
        via: `${place.service} #${current.revision} → #${goal.revision}`,
      },
    ],
    commandLine: resolvedLine(intent, {
      service: place.service,
      env: env.key,
      project: place.projectKey,
      to: goal.revision,
    }),
  };
  const scope = { production: env.production };
  const diff = await ctx.reader.diffServiceRevisions(
    place.projectKey,
    env.key,
    place.service,
    { a: current.revision, b: goal.revision },
    scope,
  );
  const card = {
    title: rollbackTitle(place),
    preview: rollbackPreviewBlocks(place, { from: current.revision, to: goal.revision }, diff),
    confirmLabel: ROLLBACK_LABEL,
  };
  let writer: Writer;
  try {
    writer = await ctx.authorize(target);
  } catch (e) {
    if (e instanceof ConfirmationRequired) throw e.withCard(card);
    throw e;
  }
  // Outside production the guard has nothing to confirm; the preview is still shown first.
  if (ctx.confirmed !== targetFingerprint(target)) {
    const moved =
      ctx.confirmed !== undefined
        ? t(
            'The service changed since the preview was shown; here is what a rollback would do now. ',
            '预览之后服务已发生变化，以下是现在回滚将产生的变化。',
          )
        : t('', '');
    throw new ConfirmationRequired(
      t(
        `${moved.en}${'`'}${target.commandLine}${'`'} rolls \`${place.service}\` in \`${env.key}\` back from #${current.revision} to #${goal.revision}.`,
        `${moved.zh}${'`'}${target.commandLine}${'`'} 将把 \`${env.key}\` 中的 \`${place.service}\` 从 #${current.revision} 回滚到 #${goal.revision}。`,
      ),
      target,
      card,
    );
  }
  const override = intent.override ? `; freeze override: ${intent.override}` : '';
  await writer.client.rollbackService(place.projectKey, env.key, place.service, goal.revision, {
    ...scope,
    detail: `rollback #${current.revision} → #${goal.revision} from chat (${ctx.cmd.platform})${override}`,
  });
  return {
    reply: successMessage(
      t(
        `Rolling \`${place.service}\` in \`${env.key}\` back to revision #${goal.revision} (it was at #${current.revision}); Zadig records it as a new revision.`,
        `正在将 \`${env.key}\` 中的 \`${place.service}\` 回滚到版本 #${goal.revision}（原为 #${current.revision}）；Zadig 会将其记录为一个新版本。`,
      ),
      [
        {
          label: t('Follow the rollout', '查看发布进度'),
          value: `\`env ${env.key} --project ${place.projectKey}\` · \`${eventsCommandLine(place.projectKey, env.key, place.service)}\``,
        },
        {
          label: t('History', '历史'),
          value: `\`history ${place.service} --env ${env.key} --project ${place.projectKey}\``,
        },
      ],
      { locale: ctx.locale },
    ),
  };
});

/** `--to N` when it names a revision other than the current, else the one before the current. */
function targetRevision(history: ServiceHistory, to: number | undefined): ServiceRevision {
  const { place, revisions } = history;
  const current = revisions.at(-1) as ServiceRevision;
  const list = revisions
    .slice(-10)
    .reverse()
    .map((r) => `#${r.revision}`)
    .join(', ');
  const historyLine = `history ${place.service} --env ${place.envKey} --project ${place.projectKey}`;
  if (to === undefined) {
    const previous = revisions.at(-2);
    if (previous) return previous;
    throw new UserFacingError(
      t(
        `\`${place.service}\` in \`${place.envKey}\` has only one revision (#${current.revision}): there is nothing earlier to roll back to.`,
        `\`${place.envKey}\` 中的 \`${place.service}\` 只有一个版本（#${current.revision}），没有更早的版本可回滚。`,
      ),
      undefined,
      'NO_EARLIER_REVISION',
    );
  }
  const found = revisions.find((r) => r.revision === to);
  if (!found) {
    throw new UserFacingError(
      t(
        `\`${place.service}\` in \`${place.envKey}\` has no revision #${to}.`,
        `\`${place.envKey}\` 中的 \`${place.service}\` 没有版本 #${to}。`,
      ),
      t(
        `Its revisions: ${list} (Zadig keeps the last 20). See them with \`${historyLine}\`.`,
        `现有版本：${list}（Zadig 保留最近 20 个）。用 \`${historyLine}\` 查看。`,
      ),
      'UNKNOWN_REVISION',
    );
  }
  if (found.revision === current.revision) {
    throw new UserFacingError(
      t(
        `\`${place.service}\` in \`${place.envKey}\` is at revision #${to} already.`,
        `\`${place.envKey}\` 中的 \`${place.service}\` 已经是版本 #${to}。`,
      ),
      t(`Its revisions: ${list}.`, `现有版本：${list}。`),
      'ALREADY_AT_REVISION',
    );
  }
  return found;
}
