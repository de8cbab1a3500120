/**
 * `scan <scanName> [--project P] [--branch repo=branch]`: starts a code scan as the actor and replies
 * with the scan card (quality-gate result and report link once done); the worker follows it like a
 * workflow task (`watch.kind = 'scan'`).
 *
 * Zadig scans only the repositories named in the request (`OpenAPICreateScanningTask`): none named, none
 * scanned. And it compares each named repository with the scan's FIRST configured one only, by name,
 * owner and source. So the scan's settings are read (the web UI's list; the OpenAPI cannot read them)
 * and that first repository is sent, on its configured branch or the one given with `--branch`.
 */
import { t } from '../../../notifications/message.js';
import { scanCard, successMessage } from '../../../notifications/views/index.js';
import type { WatchRequest } from '../../../notifications/watch.js';
import type { ScanDefinition, ScanRepo } from '../../../zadig/api.js';
import { defineHandler, type HandlerContext } from '../../context.js';
import { UserFacingError } from '../../errors.js';
import { suggest } from '../../grammar/suggest.js';
import { resolveProject, withFlag } from '../../resolve.js';
import { resolvedLine } from '../../write-targets.js';
import { isNotFound, sameName } from '../shared/not-found.js';

export const runScan = defineHandler('scan', async (intent, ctx) => {
  const projectKey = await resolveProject(ctx, intent.project);
  const writer = await ctx.authorize({
    kind: 'scan',
    projectKey,
    envs: [],
    commandLine: resolvedLine(intent, { project: projectKey }),
  });
  // Read with the actor's token: they are the one running it, and the scan list needs Scanning.View.
  const scans = await writer.client.listScans(projectKey);
  const scan = findScan(scans, intent.name, projectKey);
  const repo = scanRepo(ctx, scan, intent.branches);
  let taskId: number;
  try {
    ({ taskId } = await writer.client.runScan(projectKey, scan.name, { repos: [repo] }));
  } catch (e) {
    throw explain(e, projectKey, scan.name);
  }
  const watch: WatchRequest = { kind: 'scan', projectKey, name: scan.name, taskId, startedBy: ctx.actor };
  const startedBy = { id: ctx.actor.id, ...(ctx.actor.name ? { name: ctx.actor.name } : {}) };
  try {
    const task = await ctx.reader.getScanTask(projectKey, scan.name, taskId);
    return { reply: scanCard(projectKey, task, { ...ctx.view, startedBy }), watch };
  } catch (e) {
    ctx.log.warn({ err: e, taskId }, 'scan started but could not be read back');
    return {
      reply: successMessage(
        t(
          `Started code scan \`${scan.name}\` task #${taskId}.`,
          `已启动代码扫描 \`${scan.name}\` 任务 #${taskId}。`,
        ),
        undefined,
        { locale: ctx.locale },
      ),
      watch,
    };
  }
});

function unknownScan(typed: string, names: string[], projectKey: string): UserFacingError {
  const guess = suggest(typed, names);
  const list = names.map((n) => `\`${n}\``);
  return new UserFacingError(
    t(
      `There is no code scan \`${typed}\` in project \`${projectKey}\`.`,
      `项目 \`${projectKey}\` 中没有代码扫描 \`${typed}\`。`,
    ),
    t(
      `${guess ? `Did you mean \`${guess}\`? ` : ''}Code scans: ${list.join(', ') || '-'}`,
      `${guess ? `你是想输入 \`${guess}\` 吗？` : ''}代码扫描：${list.join('、') || '-'}`,
    ),
    'UNKNOWN_SCAN',
  );
}

function findScan(scans: ScanDefinition[], typed: string, projectKey: string): ScanDefinition {
  const names = scans.map((s) => s.name);
  const name = sameName(typed, names);
  const scan = scans.find((s) => s.name === name);
  if (!scan) throw unknownScan(typed, names, projectKey);
  return scan;
}

/**
 * The one repository Zadig can scan from the API: the scan's first, on the `--branch` given for it or its
 * configured branch. A branch for another repository cannot be used, and no branch at all cannot run.
 */
function scanRepo(ctx: HandlerContext, scan: ScanDefinition, branches: Record<string, string>): ScanRepo {
  const first = scan.repos[0];
  if (!first) {
    throw new UserFacingError(
      t(
        `Code scan \`${scan.name}\` has no repository configured in Zadig, so there is nothing to scan.`,
        `代码扫描 \`${scan.name}\` 在 Zadig 中没有配置代码库，没有可扫描的内容。`,
      ),
      t(
        'Add a repository to it in Zadig (project → Code scanning).',
        '请在 Zadig（项目 → 代码扫描）中为它添加代码库。',
      ),
      'SCAN_NO_REPO',
    );
  }
  const named = Object.keys(branches);
  const key =
    sameName(first.repoName, named) ?? named.find((n) => n.toLowerCase() === first.repoName.toLowerCase());
  const others = named.filter((n) => n !== key);
  if (others.length > 0) {
    const shown = others.map((n) => `\`${n}\``);
    throw new UserFacingError(
      t(
        `Zadig scans only the first repository of \`${scan.name}\` (\`${first.repoName}\`) when started from chat; ${shown.join(', ')} cannot be chosen.`,
        `从聊天启动时，Zadig 只扫描 \`${scan.name}\` 的第一个代码库（\`${first.repoName}\`），无法选择 ${shown.join('、')}。`,
      ),
      t(
        `Type \`${withFlag(ctx.cmd.text, 'branch', `${first.repoName}=<branch>`)}\`, or start it in Zadig.`,
        `请输入 \`${withFlag(ctx.cmd.text, 'branch', `${first.repoName}=<分支>`)}\`，或在 Zadig 中启动。`,
      ),
      'SCAN_REPO',
    );
  }
  const branch = (key ? branches[key] : undefined) || first.branch;
  if (!branch) {
    const example = withFlag(ctx.cmd.text, 'branch', `${first.repoName}=main`);
    throw new UserFacingError(
      t(
        `Zadig needs to know which branch to scan for \`${scan.name}\`.`,
        `Zadig 需要知道 \`${scan.name}\` 要扫描哪个分支。`,
      ),
      t(
        `Add \`--branch repo=branch\`, e.g. \`${example}\`.`,
        `请加上 \`--branch 代码库=分支\`，例如 \`${example}\`。`,
      ),
      'SCAN_BRANCH',
    );
  }
  return {
    source: first.source,
    repoOwner: first.repoOwner,
    repoName: first.repoName,
    repoNamespace: first.repoNamespace,
    codehostId: first.codehostId,
    branch,
  };
}

/** Zadig's refusal in the user's terms: the scan gone between the list and the run. */
function explain(e: unknown, projectKey: string, name: string): unknown {
  return isNotFound(e) ? unknownScan(name, [], projectKey) : e;
}
