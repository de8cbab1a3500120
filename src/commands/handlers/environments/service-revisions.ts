/**
 * What `history` and `rollback` share: the project, env and service they name, and the service's
 * revisions as Zadig keeps them (`ListEnvServiceVersions`, oldest first). Services whose history the
 * route cannot roll back are refused here with what to do instead: a Helm chart release (its history is
 * keyed by release name, not the service) and a host (VM) service, whose rollback Zadig answers with
 * success while changing nothing (`RollbackEnvServiceVersion` has no branch for them).
 */
import { t } from '../../../notifications/message.js';
import type { RevisionPlace } from '../../../notifications/views/index.js';
import type { ServiceRevision } from '../../../zadig/service-revisions.js';
import type { EnvBrief } from '../../../zadig/types.js';
import type { HandlerContext } from '../../context.js';
import { UserFacingError } from '../../errors.js';
import { envTarget, findEnvService } from './env-helpers.js';

/** A service's place and its revisions, oldest first. */
export interface ServiceHistory {
  place: RevisionPlace;
  env: EnvBrief;
  revisions: ServiceRevision[];
}

/** Resolves the service a `history`/`rollback` names and reads its revisions. */
export async function serviceHistory(
  ctx: HandlerContext,
  intent: { project?: string; env?: string; service: string },
  verb: 'history' | 'rollback',
): Promise<ServiceHistory> {
  const { projectKey, env } = await envTarget(ctx, intent);
  ctx.project = projectKey;
  const svc = await findEnvService(ctx, projectKey, env, intent.service);
  const place: RevisionPlace = {
    projectKey,
    envKey: env.key,
    production: env.production,
    service: svc.serviceName,
  };
  if (svc.type === 'helm_chart') {
    throw new UserFacingError(
      t(
        `\`${svc.serviceName}\` in \`${env.key}\` is a Helm chart release: its revisions are kept by release name, and the bot does not ${verb === 'history' ? 'list' : 'roll back'} chart releases.`,
        `\`${env.key}\` 中的 \`${svc.serviceName}\` 是 Helm Chart 发布：其版本按 release 名称记录，机器人不支持${verb === 'history' ? '查看' : '回滚'} Chart 发布。`,
      ),
      t(
        'Use the service’s version history in the Zadig environment page.',
        '请在 Zadig 环境页面中使用该服务的版本历史。',
      ),
      'UNSUPPORTED_SERVICE_TYPE',
    );
  }
  const revisions = await ctx.reader.listServiceRevisions(projectKey, env.key, svc.serviceName, {
    production: env.production,
  });
  const host = svc.type === 'pm' || revisions.some((r) => r.deployType === 'cloud_host');
  if (host && verb === 'rollback') {
    throw new UserFacingError(
      t(
        `\`${svc.serviceName}\` in \`${env.key}\` is a host (VM) service: Zadig's rollback does not change host services, so nothing was rolled back.`,
        `\`${env.key}\` 中的 \`${svc.serviceName}\` 是主机（VM）服务：Zadig 的回滚不会改变主机服务，因此没有执行回滚。`,
      ),
      t(
        'Deploy the earlier version with its workflow instead (`run <workflow> ...`).',
        '请改用工作流部署之前的版本（`run <workflow> ...`）。',
      ),
      'UNSUPPORTED_SERVICE_TYPE',
    );
  }
  if (revisions.length === 0) {
    throw new UserFacingError(
      t(
        `Zadig has no revisions of \`${svc.serviceName}\` in \`${env.key}\` (project \`${projectKey}\`)${verb === 'rollback' ? ', so there is nothing to roll back to' : ''}.`,
        `Zadig 中没有 \`${svc.serviceName}\` 在 \`${env.key}\`（项目 \`${projectKey}\`）的历史版本${verb === 'rollback' ? '，无法回滚' : ''}。`,
      ),
      t(
        'Zadig records a revision each time the service is deployed or changed in this environment.',
        '服务在该环境中每次部署或变更时，Zadig 都会记录一个版本。',
      ),
      'NO_HISTORY',
    );
  }
  return { place, env, revisions };
}
