/**
 * `build <name> [--project P]`: one build configuration (repositories, services, parameters with
 * credentials masked, the script). A service name finds the one build that builds it; anything else
 * unknown gets "did you mean" over the project's builds.
 */
import { t } from '../../../notifications/message.js';
import { buildCard } from '../../../notifications/views/index.js';
import { defineHandler } from '../../context.js';
import { resolveProject } from '../../resolve.js';
import { isNotFound, sameName, unknownName } from '../shared/not-found.js';

export const buildDetail = defineHandler('build', async (intent, ctx) => {
  const projectKey = await resolveProject(ctx, intent.project);
  try {
    return { reply: buildCard(await ctx.reader.getBuild(projectKey, intent.name), ctx.view) };
  } catch (e) {
    if (!isNotFound(e)) throw e;
  }
  const { builds } = await ctx.reader.listBuilds(projectKey, { pageNum: 1, pageSize: 100 });
  const byName = sameName(
    intent.name,
    builds.map((b) => b.name),
  );
  const forService = builds.filter((b) =>
    b.targets.some((x) => x.serviceName.toLowerCase() === intent.name.toLowerCase()),
  );
  const name = byName ?? (forService.length === 1 ? forService[0]?.name : undefined);
  if (name && name !== intent.name)
    return { reply: buildCard(await ctx.reader.getBuild(projectKey, name), ctx.view) };
  throw unknownName(
    t('build', '构建'),
    intent.name,
    builds.map((b) => b.name),
    projectKey,
    'builds',
    'UNKNOWN_BUILD',
  );
});
