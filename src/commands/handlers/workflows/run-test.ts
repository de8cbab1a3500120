/**
 * `test <testName> [--project P]`: starts a test task as the actor, replies with the test card (pass and
 * fail counts once done) and asks the worker to follow it like a workflow task (`watch.kind = 'test'`).
 */
import { t } from '../../../notifications/message.js';
import { successMessage, testCard } from '../../../notifications/views/index.js';
import type { WatchRequest } from '../../../notifications/watch.js';
import { defineHandler } from '../../context.js';
import { UserFacingError } from '../../errors.js';
import { resolveProject } from '../../resolve.js';
import { resolvedLine } from '../../write-targets.js';
import { orUnknown } from '../shared/not-found.js';

export const runTest = defineHandler('test', async (intent, ctx) => {
  const projectKey = await resolveProject(ctx, intent.project);
  const writer = await ctx.authorize({
    kind: 'test',
    projectKey,
    envs: [],
    commandLine: resolvedLine(intent, { project: projectKey }),
  });
  const { taskId } = await orUnknown(writer.client.runTest(projectKey, intent.name), () => {
    throw new UserFacingError(
      t(
        `There is no test \`${intent.name}\` in project \`${projectKey}\`.`,
        `项目 \`${projectKey}\` 中没有测试 \`${intent.name}\`。`,
      ),
      t('Check the test name in Zadig (project → Tests).', '请在 Zadig（项目 → 测试）中核对测试名称。'),
      'UNKNOWN_TEST',
    );
  });
  const watch: WatchRequest = { kind: 'test', projectKey, name: intent.name, taskId, startedBy: ctx.actor };
  const startedBy = { id: ctx.actor.id, ...(ctx.actor.name ? { name: ctx.actor.name } : {}) };
  try {
    const task = await ctx.reader.getTestTask(projectKey, intent.name, taskId);
    return { reply: testCard(projectKey, task, { ...ctx.view, startedBy }), watch };
  } catch (e) {
    // The test started; a failed re-read must not turn it into an error reply.
    ctx.log.warn({ err: e, taskId }, 'test started but could not be read back');
    return {
      reply: successMessage(
        t(
          `Started test \`${intent.name}\` task #${taskId}.`,
          `已启动测试 \`${intent.name}\` 任务 #${taskId}。`,
        ),
        undefined,
        { locale: ctx.locale },
      ),
      watch,
    };
  }
});
