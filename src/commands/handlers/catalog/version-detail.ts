/**
 * `version <name|id> [--project P]`: one delivery version with its images. A 24-hex id is read
 * directly; a name (`v1.4.2`) is looked up among the project's versions, with "did you mean".
 * Licence-gated like `versions`.
 */
import { t } from '../../../notifications/message.js';
import { versionCard } from '../../../notifications/views/index.js';
import { defineHandler } from '../../context.js';
import { UserFacingError } from '../../errors.js';
import { resolveProject } from '../../resolve.js';
import { orUnknown, sameName, unknownName } from '../shared/not-found.js';

const OBJECT_ID = /^[0-9a-f]{24}$/i;

export const versionDetail = defineHandler('version', async (intent, ctx) => {
  const projectKey = await resolveProject(ctx, intent.project);
  const notFound = (): never => {
    throw new UserFacingError(
      t(
        `There is no version \`${intent.id}\` in project \`${projectKey}\`.`,
        `项目 \`${projectKey}\` 中没有版本 \`${intent.id}\`。`,
      ),
      t(
        `Type \`versions --project ${projectKey}\` to list them.`,
        `输入 \`versions --project ${projectKey}\` 查看全部版本。`,
      ),
      'UNKNOWN_VERSION',
    );
  };
  if (OBJECT_ID.test(intent.id)) {
    const v = await orUnknown(ctx.reader.getVersion(projectKey, intent.id.toLowerCase()), notFound);
    return { reply: versionCard(projectKey, v, ctx.view) };
  }
  const { versions } = await ctx.reader.listVersions(projectKey, { pageNum: 1, pageSize: 100 });
  const names = versions.map((v) => v.versionName);
  const name = sameName(intent.id, names);
  const hit = versions.find((v) => v.versionName === name);
  if (!hit)
    throw unknownName(t('version', '版本'), intent.id, names, projectKey, 'versions', 'UNKNOWN_VERSION');
  const v = await orUnknown(ctx.reader.getVersion(projectKey, hit.id), notFound);
  return { reply: versionCard(projectKey, v, ctx.view) };
});
