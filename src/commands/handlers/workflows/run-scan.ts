/**
 * `scan <scanName> [--project P] [--branch repo=branch ...]`: starts a code scan as the actor and replies
 * with the scan card (quality-gate result and report link once done); the worker follows it like a
 * workflow task (`watch.kind = 'scan'`). The OpenAPI has no scan definitions to read, so without
 * `--branch` the scan runs on the repositories and branches configured in Zadig; when Zadig insists on
 * a branch, the reply asks for `--branch repo=branch`. A named repo's owner and source are taken from
 * the project's build configurations when one of them uses it.
 */
import { t } from '../../../notifications/message.js';
import { scanCard, successMessage } from '../../../notifications/views/index.js';
import type { WatchRequest } from '../../../notifications/watch.js';
import type { ScanRepo } from '../../../zadig/api.js';
import { isZadigError } from '../../../zadig/errors.js';
import { defineHandler, type HandlerContext } from '../../context.js';
import { UserFacingError } from '../../errors.js';
import { LIST_CACHE_MS, resolveProject, withFlag } from '../../resolve.js';
import { isNotFound } from '../shared/not-found.js';

/** At most this many build configurations are read to learn repository owners. */
const MAX_BUILDS = 20;

export const runScan = defineHandler('scan', async (intent, ctx) => {
  const projectKey = await resolveProject(ctx, intent.project);
  const repos = await scanRepos(ctx, projectKey, intent.branches);
  const writer = ctx.requireWriter();
  let taskId: number;
  try {
    ({ taskId } = await writer.client.runScan(projectKey, intent.name, { repos }));
  } catch (e) {
    throw explain(e, ctx, projectKey, intent.name, repos.length > 0);
  }
  const watch: WatchRequest = { kind: 'scan', projectKey, name: intent.name, taskId, startedBy: ctx.actor };
  const startedBy = { id: ctx.actor.id, ...(ctx.actor.name ? { name: ctx.actor.name } : {}) };
  try {
    const task = await ctx.reader.getScanTask(projectKey, intent.name, taskId);
    return { reply: scanCard(projectKey, task, { ...ctx.view, startedBy }), watch };
  } catch (e) {
    ctx.log.warn({ err: e, taskId }, 'scan started but could not be read back');
    return {
      reply: successMessage(
        t(
          `Started code scan \`${intent.name}\` task #${taskId}.`,
          `已启动代码扫描 \`${intent.name}\` 任务 #${taskId}。`,
        ),
        undefined,
        { locale: ctx.locale },
      ),
      watch,
    };
  }
});

/** The repos to send: one per `--branch repo=branch`, with owner and source when a build knows them. */
async function scanRepos(
  ctx: HandlerContext,
  projectKey: string,
  branches: Record<string, string>,
): Promise<ScanRepo[]> {
  const wanted = Object.entries(branches);
  if (wanted.length === 0) return [];
  const known = await knownRepos(ctx, projectKey);
  return wanted.map(([name, branch]) => {
    const hit =
      known.find((r) => r.repoName === name) ??
      known.find((r) => r.repoName.toLowerCase() === name.toLowerCase());
    return {
      source: hit?.source ?? '',
      repoOwner: hit?.repoOwner ?? '',
      repoName: hit?.repoName ?? name,
      branch,
    };
  });
}

/** Repositories used by the project's builds (cached briefly; a build that cannot be read is skipped). */
function knownRepos(ctx: HandlerContext, projectKey: string): Promise<Omit<ScanRepo, 'branch'>[]> {
  return ctx.deps.stores.cache.getOrLoad(`zadig:build-repos:${projectKey}`, LIST_CACHE_MS, async () => {
    const { builds } = await ctx.reader.listBuilds(projectKey, { pageNum: 1, pageSize: MAX_BUILDS });
    const details = await Promise.allSettled(builds.map((b) => ctx.reader.getBuild(projectKey, b.name)));
    const out = new Map<string, Omit<ScanRepo, 'branch'>>();
    for (const d of details) {
      if (d.status !== 'fulfilled') continue;
      for (const r of d.value.repos)
        out.set(`${r.repoOwner}/${r.repoName}`, {
          source: r.source,
          repoOwner: r.repoOwner,
          repoName: r.repoName,
        });
    }
    return [...out.values()];
  });
}

/** Zadig's refusal in the user's terms: an unknown scan, or a branch it needs. */
function explain(
  e: unknown,
  ctx: HandlerContext,
  projectKey: string,
  name: string,
  gaveBranches: boolean,
): unknown {
  if (isNotFound(e)) {
    return new UserFacingError(
      t(
        `There is no code scan \`${name}\` in project \`${projectKey}\`.`,
        `项目 \`${projectKey}\` 中没有代码扫描 \`${name}\`。`,
      ),
      t(
        'Check the scan name in Zadig (project → Code scanning).',
        '请在 Zadig（项目 → 代码扫描）中核对名称。',
      ),
      'UNKNOWN_SCAN',
    );
  }
  const desc = isZadigError(e) ? `${e.description} ${e.message}` : '';
  if (!gaveBranches && /branch|repo/i.test(desc)) {
    const example = withFlag(ctx.cmd.text, 'branch', 'backend=main');
    return new UserFacingError(
      t(
        `Zadig needs to know which branch to scan for \`${name}\`.`,
        `Zadig 需要知道 \`${name}\` 要扫描哪个分支。`,
      ),
      t(
        `Add \`--branch repo=branch\`, e.g. \`${example}\`.`,
        `请加上 \`--branch 代码库=分支\`，例如 \`${example}\`。`,
      ),
      'SCAN_BRANCH',
    );
  }
  return e;
}
