/**
 * `env <env> [--project P]`: an environment's status, services and images, with each service's current
 * revision from Zadig's version history and a Roll back button for an unhealthy service. The histories
 * are read in parallel for at most `MAX_HISTORIES` services; one that cannot be read (a production env
 * without the professional licence, a Helm chart release, a slow Zadig) is left out, never the card.
 */
import { envCard, type ServiceRevisionPair } from '../../../notifications/views/index.js';
import type { EnvBrief, EnvDetail } from '../../../zadig/types.js';
import { defineHandler, type HandlerContext } from '../../context.js';
import { envTarget } from './env-helpers.js';

const MAX_HISTORIES = 30;
/** How long the card waits for the histories before it shows the env without them. */
const HISTORY_WAIT_MS = 1500;

export const envDetail = defineHandler('env', async (intent, ctx) => {
  const { projectKey, env } = await envTarget(ctx, intent);
  const detail = await ctx.reader.getEnv(projectKey, env.key, { production: env.production });
  const revisions = await revisionsOf(ctx, projectKey, env, detail);
  return {
    reply: envCard(
      { ...detail, production: detail.production || env.production },
      { ...ctx.view, revisions },
    ),
  };
});

async function revisionsOf(
  ctx: HandlerContext,
  projectKey: string,
  env: EnvBrief,
  detail: EnvDetail,
): Promise<Map<string, ServiceRevisionPair>> {
  const out = new Map<string, ServiceRevisionPair>();
  const services = detail.services.filter((s) => s.type !== 'helm_chart').slice(0, MAX_HISTORIES);
  const reads = services.map(async (s) => {
    try {
      const list = await ctx.reader.listServiceRevisions(projectKey, env.key, s.serviceName, {
        production: env.production,
      });
      const current = list.at(-1);
      if (!current) return;
      const previous = list.at(-2)?.revision;
      out.set(s.serviceName, { current: current.revision, ...(previous !== undefined ? { previous } : {}) });
    } catch (e) {
      ctx.log.debug({ err: e, service: s.serviceName }, 'service history unavailable for the env card');
    }
  });
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    Promise.all(reads),
    new Promise((r) => {
      timer = setTimeout(r, HISTORY_WAIT_MS);
    }),
  ]);
  clearTimeout(timer);
  return new Map(out);
}
