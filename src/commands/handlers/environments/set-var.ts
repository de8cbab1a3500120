/**
 * `set-var KEY=VALUE --env E [--project P]`: changes one global variable of an environment as the actor.
 * The key must exist (unknown → "did you mean"); an enum variable only takes one of its options.
 * Zadig replaces the whole list on update, so every other variable is sent back unchanged, with
 * every field; a bool variable takes only true/false and is written as a bool. Production
 * needs the policy and a confirmation click; Zadig re-renders the services that use the variable.
 */
import { t } from '../../../notifications/message.js';
import { shownValue, successMessage } from '../../../notifications/views/index.js';
import { typedVariableValue } from '../../../zadig/index.js';
import { defineHandler } from '../../context.js';
import { UserFacingError } from '../../errors.js';
import { suggest } from '../../grammar/suggest.js';
import { envWrite, resolvedLine } from '../../write-targets.js';
import { sameName } from '../shared/not-found.js';
import { envTarget } from './env-helpers.js';

export const setVar = defineHandler('set-var', async (intent, ctx) => {
  const { projectKey, env } = await envTarget(ctx, intent);
  const scope = { production: env.production };
  const vars = await ctx.reader.getEnvVariables(projectKey, env.key, scope);
  const keys = vars.map((v) => v.key);
  const key = sameName(intent.key, keys);
  const current = vars.find((v) => v.key === key);
  if (!current) {
    const guess = suggest(intent.key, keys);
    const list = keys.map((k) => `\`${k}\``);
    throw new UserFacingError(
      t(
        `Environment \`${env.key}\` has no variable \`${intent.key}\`.`,
        `环境 \`${env.key}\` 中没有变量 \`${intent.key}\`。`,
      ),
      t(
        `${guess ? `Did you mean \`${guess}\`? ` : ''}Variables: ${list.join(', ') || '-'}`,
        `${guess ? `你是想输入 \`${guess}\` 吗？` : ''}变量：${list.join('、') || '-'}`,
      ),
      'UNKNOWN_VARIABLE',
    );
  }
  const typed = typedVariableValue(current, intent.value);
  if (!typed.ok && typed.reason === 'not-bool') {
    throw new UserFacingError(
      t(
        `\`${current.key}\` is a true/false variable; \`${intent.value}\` is neither.`,
        `\`${current.key}\` 只能取 \`true\` 或 \`false\`，不能是 \`${intent.value}\`。`,
      ),
      t(
        `Type \`set-var ${current.key}=true\` or \`set-var ${current.key}=false\`.`,
        `请输入 \`set-var ${current.key}=true\` 或 \`set-var ${current.key}=false\`。`,
      ),
      'BAD_VARIABLE_VALUE',
    );
  }
  if (!typed.ok) {
    const opts = current.options.map((o) => `\`${o}\``);
    throw new UserFacingError(
      t(
        `\`${current.key}\` takes one of: ${opts.join(', ')}.`,
        `\`${current.key}\` 只能取以下值之一：${opts.join('、')}。`,
      ),
      undefined,
      'BAD_VARIABLE_VALUE',
    );
  }
  const writer = await ctx.authorize({
    kind: 'set-var',
    projectKey,
    envs: [envWrite(env)],
    commandLine: resolvedLine(intent, {
      key: current.key,
      env: env.key,
      project: projectKey,
      production: env.production,
    }),
  });
  // Zadig replaces the env's whole list on update: the client writes it back whole, one value changed.
  await writer.client.setEnvVariable(projectKey, env.key, current.key, intent.value, scope);
  const before = shownValue(current.key, current.value);
  const after = shownValue(current.key, String(typed.value));
  const used = current.relatedServices.join(', ') || '-';
  return {
    reply: successMessage(
      t(
        `Set \`${current.key}\` in \`${env.key}\` (project \`${projectKey}\`).`,
        `已设置项目 \`${projectKey}\` 环境 \`${env.key}\` 的 \`${current.key}\`。`,
      ),
      [
        { label: t('Value', '值'), value: `${before} → ${after}` },
        { label: t('Services re-rendered', '重新渲染的服务'), value: used },
      ],
      { locale: ctx.locale },
    ),
  };
});
