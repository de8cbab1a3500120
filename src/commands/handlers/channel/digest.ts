/**
 * `digest daily|weekly [--project P]` and `digest off`: this channel's scheduled summary (builds,
 * deploys, tests, releases, success rates, slowest workflows). The setting is stored; the scheduler
 * (src/jobs/digest.ts) posts it. Without `--project` the channel's bound project is used, else every
 * project the bot can see. A channel setting, audited by dispatch.
 */
import { t } from '../../../notifications/message.js';
import { successMessage } from '../../../notifications/views/index.js';
import type { DigestChannel } from '../../../store/digest-store.js';
import { defineHandler } from '../../context.js';
import { UserFacingError } from '../../errors.js';
import { channelDefaults, checkProject } from '../../resolve.js';

export const digest = defineHandler('digest', async (intent, ctx) => {
  const store = ctx.deps.digests;
  if (!store) {
    throw new UserFacingError(
      t('Digests are not configured in this bot.', '本机器人未配置摘要功能。'),
      t('Ask your admin to enable them.', '请联系管理员开启。'),
      'DIGEST_UNAVAILABLE',
    );
  }
  const channel: DigestChannel = {
    platform: ctx.scope.platform,
    tenant: ctx.scope.tenant,
    conversation: ctx.cmd.conversation,
  };
  if (intent.schedule === 'off') {
    if (!(await store.remove(channel))) {
      throw new UserFacingError(
        t('This channel has no digest.', '本群没有开启摘要。'),
        t('Start one with `digest daily` or `digest weekly`.', '用 `digest daily` 或 `digest weekly` 开启。'),
        'NO_DIGEST',
      );
    }
    return {
      reply: successMessage(t('This channel will get no more digests.', '本群将不再收到摘要。'), undefined, {
        locale: ctx.locale,
      }),
    };
  }
  const projectKey = intent.project
    ? await checkProject(ctx, intent.project)
    : (await channelDefaults(ctx)).project;
  if (projectKey) ctx.project = projectKey;
  const { created } = await store.set({
    ...channel,
    schedule: intent.schedule,
    ...(projectKey ? { projectKey } : {}),
    createdBy: ctx.actor.id,
    createdAt: ctx.now(),
    locale: ctx.locale,
  });
  const when = intent.schedule === 'daily' ? t('once a day', '每天一次') : t('once a week', '每周一次');
  const what = projectKey
    ? t(`project \`${projectKey}\``, `项目 \`${projectKey}\``)
    : t('every project', '全部项目');
  return {
    reply: successMessage(
      created
        ? t(
            `This channel will get a digest of ${what.en} ${when.en}.`,
            `本群将${when.zh}收到${what.zh}的摘要。`,
          )
        : t(
            `Changed this channel's digest: ${what.en}, ${when.en}.`,
            `已更新本群的摘要：${what.zh}，${when.zh}。`,
          ),
      t(
        'It sums up builds, deploys, tests and releases with success rates, and the slowest workflows. Stop it with `digest off`.',
        '内容包括构建、部署、测试与发布的次数和成功率，以及最慢的工作流。用 `digest off` 关闭。',
      ),
      { locale: ctx.locale },
    ),
  };
});
