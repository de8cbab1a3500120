/**
 * `subscribe <workflow|*> [--project P] [--on events]` and `unsubscribe <workflow|*> [--project P]`:
 * this channel's workflow notifications, stored in Redis (the worker acts on them). A named workflow
 * must exist (with "did you mean"); `*` means every workflow of the project.
 */
import { t } from '../../../notifications/message.js';
import { successMessage } from '../../../notifications/views/index.js';
import { DEFAULT_SUBSCRIPTION_EVENTS } from '../../../store/index.js';
import { defineHandler } from '../../context.js';
import { UserFacingError } from '../../errors.js';
import type { SubscriptionEvent } from '../../grammar/intents.js';
import { resolveProject, resolveWorkflow } from '../../resolve.js';

/**
 * `subscribe plans` follows release plans instead of a workflow. The worker (src/jobs/scanner.ts,
 * PLANS_WORKFLOW) reads subscriptions whose workflow is this marker; commands/ may not import jobs/.
 */
const PLANS_MARKER = '@plans';
const isPlans = (w: string) => w.toLowerCase() === 'plans' || w === PLANS_MARKER;

/** The grammar says `rejected`; Zadig (and the store) say `reject`. */
function storeEvent(e: SubscriptionEvent): string {
  return e === 'rejected' ? 'reject' : e;
}

export const subscribe = defineHandler('subscribe', async (intent, ctx) => {
  const plans = isPlans(intent.workflow);
  // Release plans are not per project; the project only groups the subscription (default: `*`).
  const projectKey = plans
    ? (intent.project ?? (await ctx.binding())?.projectKey ?? '*')
    : await resolveProject(ctx, intent.project, intent.workflow);
  const workflow = plans
    ? PLANS_MARKER
    : intent.workflow === '*'
      ? '*'
      : await resolveWorkflow(ctx, projectKey, intent.workflow);
  const events = intent.events?.length
    ? [...new Set(intent.events.map(storeEvent))]
    : [...DEFAULT_SUBSCRIPTION_EVENTS];
  const { created } = await ctx.deps.stores.subscriptions.add(ctx.scope, ctx.cmd.conversation, {
    projectKey,
    workflow,
    events,
    createdBy: ctx.actor.id,
    createdAt: ctx.now(),
  });
  const what = plans
    ? t('release plans', '发布计划')
    : workflow === '*'
      ? t(`every workflow of \`${projectKey}\``, `\`${projectKey}\` 的全部工作流`)
      : t(`\`${workflow}\` (project \`${projectKey}\`)`, `\`${workflow}\`（项目 \`${projectKey}\`）`);
  return {
    reply: successMessage(
      created
        ? t(`This channel now follows ${what.en}.`, `本群已订阅${what.zh}。`)
        : t(`Updated this channel's subscription to ${what.en}.`, `已更新本群对${what.zh}的订阅。`),
      [{ label: t('Events', '事件'), value: events.map((e) => `\`${e}\``).join(', ') }],
      { locale: ctx.locale },
    ),
  };
});

export const unsubscribe = defineHandler('unsubscribe', async (intent, ctx) => {
  const subs = await ctx.deps.stores.subscriptions.listForChannel(ctx.scope, ctx.cmd.conversation);
  const projectKey = intent.project ? await resolveProject(ctx, intent.project) : undefined;
  const wanted = isPlans(intent.workflow) ? PLANS_MARKER : intent.workflow.toLowerCase();
  const match = subs.filter(
    (s) => s.workflow.toLowerCase() === wanted && (projectKey === undefined || s.projectKey === projectKey),
  );
  const removed: string[] = [];
  for (const s of match) {
    const n = await ctx.deps.stores.subscriptions.remove(
      ctx.scope,
      ctx.cmd.conversation,
      s.workflow,
      s.projectKey,
    );
    if (n > 0) removed.push(s.projectKey);
  }
  if (removed.length === 0) {
    const have = subs.map((s) => `\`${s.workflow}\` (${s.projectKey})`).join(', ');
    throw new UserFacingError(
      t(`This channel is not subscribed to \`${intent.workflow}\`.`, `本群没有订阅 \`${intent.workflow}\`。`),
      have
        ? t(`Its subscriptions: ${have}`, `本群的订阅：${have}`)
        : t('This channel has no subscriptions.', '本群没有任何订阅。'),
      'NOT_SUBSCRIBED',
    );
  }
  const projects = [...new Set(removed)].sort();
  const names = projects.map((p) => `\`${p}\``);
  const what = isPlans(intent.workflow)
    ? t('release plans', '发布计划')
    : match[0]!.workflow === '*'
      ? t(`every workflow of ${names.join(', ')}`, `${names.join('、')} 的全部工作流`)
      : t(
          `\`${match[0]!.workflow}\` (${projects.length > 1 ? 'projects' : 'project'} ${names.join(', ')})`,
          `\`${match[0]!.workflow}\`（项目 ${names.join('、')}）`,
        );
  return {
    reply: successMessage(
      t(`This channel no longer follows ${what.en}.`, `本群已取消订阅${what.zh}。`),
      undefined,
      { locale: ctx.locale },
    ),
  };
});
