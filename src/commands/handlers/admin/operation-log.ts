/**
 * `oplog [--project P] [--env E] [--user U] [--limit N]`: Zadig's operation log, newest first — who
 * changed what. Without `--project` it follows the channel's bound project, else the whole installation.
 * Zadig records the user's display name, so an account (`alice`) is turned into the name when known.
 */
import { oplogMessage } from '../../../notifications/views/index.js';
import { defineHandler, type HandlerContext } from '../../context.js';
import { channelDefaults, checkProject, resolveEnv, resolveProject } from '../../resolve.js';

export const operationLog = defineHandler('oplog', async (intent, ctx) => {
  let projectKey: string | undefined;
  if (intent.project) {
    projectKey = await checkProject(ctx, intent.project);
    ctx.project = projectKey;
  } else if (intent.env) {
    projectKey = await resolveProject(ctx, undefined);
  } else {
    projectKey = (await channelDefaults(ctx)).project;
  }
  const envKey = intent.env && projectKey ? (await resolveEnv(ctx, projectKey, intent.env)).key : undefined;
  const username = intent.user ? await displayName(ctx, intent.user) : undefined;
  const { logs, total } = await ctx.reader.listOperationLogs({
    ...(projectKey ? { projectKey } : {}),
    ...(envKey ? { envKey } : {}),
    ...(username ? { username } : {}),
    page: 1,
    perPage: intent.limit,
  });
  return {
    reply: oplogMessage(
      logs,
      total,
      {
        ...(projectKey ? { projectKey } : {}),
        ...(envKey ? { env: envKey } : {}),
        ...(intent.user ? { user: intent.user } : {}),
      },
      ctx.view,
    ),
  };
});

/** The display name of a Zadig account, or what was typed (the bot may not be allowed to list users). */
async function displayName(ctx: HandlerContext, typed: string): Promise<string> {
  try {
    const { users } = await ctx.reader.listUsers({ pageNum: 1, pageSize: 20, account: typed });
    const hit = users.find((u) => u.account.toLowerCase() === typed.toLowerCase());
    return hit?.name || typed;
  } catch (e) {
    ctx.log.debug({ err: e }, 'user lookup for oplog failed');
    return typed;
  }
}
