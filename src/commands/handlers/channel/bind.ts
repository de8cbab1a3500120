/**
 * `bind <project> [--env E]`: this channel's default project (and env), so members can type
 * `run deploy` without `--project`. The project and env must exist.
 */
import { t } from '../../../notifications/message.js';
import { successMessage } from '../../../notifications/views/index.js';
import { defineHandler } from '../../context.js';
import { checkProject, resolveEnv } from '../../resolve.js';

export const bind = defineHandler('bind', async (intent, ctx) => {
  const projectKey = await checkProject(ctx, intent.project);
  ctx.project = projectKey;
  const env = intent.env ? (await resolveEnv(ctx, projectKey, intent.env)).key : undefined;
  await ctx.deps.stores.bindings.set(ctx.scope, ctx.cmd.conversation, {
    projectKey,
    ...(env ? { env } : {}),
    boundBy: ctx.actor.id,
    boundAt: ctx.now(),
  });
  const envText = env ? t(` and env \`${env}\``, `和环境 \`${env}\``) : t('', '');
  return {
    reply: successMessage(
      t(
        `This channel now defaults to project \`${projectKey}\`${envText.en}.`,
        `本群的默认项目已设为 \`${projectKey}\`${envText.zh}。`,
      ),
      t(
        `Commands here may now leave out \`--project ${projectKey}\`.`,
        `在本群输入命令时可以省略 \`--project ${projectKey}\`。`,
      ),
      { locale: ctx.locale },
    ),
  };
});
