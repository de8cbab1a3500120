/**
 * Turning where a command writes into the guard's terms: each env, namespace or database with whether
 * it is production. Facts come from the bot's own token (the guard must not depend on what the asker
 * may see): the project's env lists (test and production, so an env in the production list is
 * production whatever a job says), and the cluster list for a namespace that is no env's (a namespace
 * in a production cluster is production). What Zadig does not classify stays `unknown`, which the
 * guard treats as production.
 */
import type { Cluster } from '../zadig/api.js';
import type { DeployTarget, EnvBrief } from '../zadig/types.js';
import type { EnvTarget } from './access/write-guard.js';
import type { HandlerContext } from './context.js';
import { toCommandLine } from './grammar/command-line.js';
import type { Intent } from './grammar/intents.js';
import { cachedEnvs, LIST_CACHE_MS } from './resolve.js';

/** The guard's target for an env a command names directly (restart, scale, set-image, set-var). */
export function envWrite(env: EnvBrief): EnvTarget {
  return { env: env.key, production: env.production };
}

/** The clusters, cached; `undefined` when the bot may not list them (then they cannot settle anything). */
async function cachedClusters(ctx: HandlerContext): Promise<Cluster[] | undefined> {
  try {
    return await ctx.deps.stores.cache.getOrLoad('zadig:clusters', LIST_CACHE_MS, () =>
      ctx.bot.listClusters(),
    );
  } catch (e) {
    ctx.log.info({ err: e }, 'cluster list unavailable: namespaces outside envs stay unclassified');
    return undefined;
  }
}

function via(t: DeployTarget): string {
  return `${t.job} (${t.type})`;
}

/** Each job's target with its production flag, as the guard wants it. */
export async function placeTargets(
  ctx: HandlerContext,
  projectKey: string,
  targets: DeployTarget[],
): Promise<EnvTarget[]> {
  if (targets.length === 0) return [];
  const envs = await cachedEnvs(ctx, projectKey);
  let clusters: Cluster[] | undefined | null = null;
  const out: EnvTarget[] = [];
  for (const target of targets) {
    if (target.env) {
      const env = envs.find((e) => e.key === target.env);
      const production =
        env !== undefined
          ? env.production || target.production === true
          : (target.production ?? ('unknown' as const));
      out.push({ env: target.env, production, via: via(target) });
      continue;
    }
    if (target.namespace) {
      const env = envs.find(
        (e) =>
          e.namespace === target.namespace &&
          (!target.clusterId || !e.clusterId || e.clusterId === target.clusterId),
      );
      if (clusters === null) clusters = await cachedClusters(ctx);
      const cluster = clusters?.find(
        (c) =>
          (target.clusterId && c.id === target.clusterId) ||
          (target.clusterName && c.name === target.clusterName),
      );
      const where = `${cluster?.name || target.clusterName || target.clusterId || '?'}/${target.namespace}`;
      const production = env
        ? env.production || cluster?.production === true
        : (cluster?.production ?? 'unknown');
      out.push({ env: env ? env.key : where, production, via: via(target) });
      continue;
    }
    out.push({ env: target.elsewhere || target.job, production: 'unknown', via: via(target) });
  }
  return out;
}

/**
 * The command line that performs exactly this write: the intent with what was resolved (project, env,
 * workflow, workload, ...) written out, so a confirmation does not depend on the channel it is typed in.
 */
export function resolvedLine<I extends Intent>(intent: I, resolved: Partial<I>): string {
  return toCommandLine({ ...intent, ...resolved });
}
