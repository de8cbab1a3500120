/**
 * `service <name> [--project P] [--production]`: one service definition (containers, images, variables,
 * the head of its YAML). A name Zadig does not know gets "did you mean" over the project's services.
 */
import { t } from '../../../notifications/message.js';
import { serviceDefinitionCard } from '../../../notifications/views/index.js';
import { defineHandler } from '../../context.js';
import { resolveProject } from '../../resolve.js';
import { isNotFound, sameName, unknownName } from '../shared/not-found.js';

export const serviceDetail = defineHandler('service', async (intent, ctx) => {
  const projectKey = await resolveProject(ctx, intent.project);
  const scope = { production: intent.production };
  try {
    const svc = await ctx.reader.getService(projectKey, intent.service, scope);
    return { reply: serviceDefinitionCard(projectKey, svc, intent.production, ctx.view) };
  } catch (e) {
    if (!isNotFound(e)) throw e;
  }
  const names = (await ctx.reader.listServices(projectKey, scope)).map((s) => s.serviceName);
  const name = sameName(intent.service, names);
  if (name && name !== intent.service) {
    const svc = await ctx.reader.getService(projectKey, name, scope);
    return { reply: serviceDefinitionCard(projectKey, svc, intent.production, ctx.view) };
  }
  const list = intent.production ? 'services --production' : 'services';
  throw unknownName(t('service', '服务'), intent.service, names, projectKey, list, 'UNKNOWN_SERVICE');
});
