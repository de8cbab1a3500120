/**
 * The release-plan scan: for chats subscribed to plans (a subscription whose workflow is the literal
 * `@plans`), each plan status change is announced once with the plan card. Plan statuses map onto the
 * subscription events (planning → created, wait_for_approval → approval, executing → running,
 * success → passed, cancel → cancelled, denied → reject, timeout → timeout). Release plans need a Zadig
 * licence: a 7050 answer is logged once at warn and the scan is skipped (commands explain it to users).
 */
import { releasePlanCard } from '../notifications/views/index.js';
import type { SubscribedChannel, SubscriptionEvent } from '../store/index.js';
import { isZadigError, type ReleasePlan } from '../zadig/index.js';
import type { JobsContext } from './context.js';
import { channelSeg, shortHash } from './keys.js';
import { onceDeps, postOnce } from './post-once.js';
import { PLANS_WORKFLOW } from './scanner.js';

const EVENT_OF: Record<string, SubscriptionEvent> = {
  planning: 'created',
  wait_for_approval: 'approval',
  executing: 'running',
  success: 'passed',
  cancel: 'cancelled',
  denied: 'reject',
  timeout: 'timeout',
};
const BASELINE = '@baseline';
const PAGE_SIZE = 20;

/** Per-process state of the plan scan (the licence warning is logged once). */
export interface PlanScanState {
  licenceWarned: boolean;
}

function isLicence(err: unknown): boolean {
  return isZadigError(err) && (err.code === 'ZADIG_LICENSE' || err.zadigCode === 7050);
}

/** Chats subscribed to plans; `channelsFor` also returns a project's `*` subscribers, so filter those. */
async function planChannels(ctx: JobsContext): Promise<SubscribedChannel[]> {
  const projects = (await ctx.stores.subscriptions.listWorkflowsToScan())
    .filter((s) => s.workflow === PLANS_WORKFLOW)
    .map((s) => s.projectKey);
  const out = new Map<string, SubscribedChannel>();
  for (const projectKey of projects) {
    for (const ch of await ctx.stores.subscriptions.channelsFor(projectKey, PLANS_WORKFLOW)) {
      const subs = await ctx.stores.subscriptions.listForChannel(ch.scope, ch.conversation);
      const sub = subs.find((s) => s.workflow === PLANS_WORKFLOW && s.projectKey === projectKey);
      if (!sub) continue;
      const k = channelSeg({ ...ch.scope, conversation: ch.conversation });
      const prev = out.get(k);
      const events = [...new Set([...(prev?.events ?? []), ...sub.events])];
      out.set(k, { scope: ch.scope, conversation: ch.conversation, events });
    }
  }
  return [...out.values()];
}

async function announcePlan(ctx: JobsContext, chans: SubscribedChannel[], plan: ReleasePlan, from: string) {
  const event = EVENT_OF[plan.status];
  if (!event) return;
  for (const ch of chans) {
    if (!ch.events.includes(event)) continue;
    const notifier = ctx.notifiers[ch.scope.platform];
    if (!notifier) continue;
    const chat = { ...ch.scope, conversation: ch.conversation };
    const key = `plan:${channelSeg(chat)}:${plan.id}:${from}>${plan.status}:${plan.updateTime}`;
    await postOnce(onceDeps(ctx), {
      key,
      about: { planId: plan.id, conversation: ch.conversation },
      post: () =>
        notifier.post(
          { tenant: ch.scope.tenant, conversation: ch.conversation },
          releasePlanCard(plan, { zadigUrl: ctx.zadigUrl }),
          { idempotencyKey: `plan-${shortHash(key)}` },
        ),
    });
  }
}

/** One scan of the recent release plans; returns how many status changes it saw. */
export async function scanPlans(ctx: JobsContext, state: PlanScanState): Promise<number> {
  const chans = await planChannels(ctx);
  if (chans.length === 0) return 0;
  let plans: ReleasePlan[];
  try {
    const list = await ctx.zadig.listReleasePlans({ pageNum: 1, pageSize: PAGE_SIZE });
    plans = [];
    for (const brief of list.plans) plans.push(await ctx.zadig.getReleasePlan(brief.id));
  } catch (err) {
    if (isLicence(err)) {
      if (!state.licenceWarned) {
        state.licenceWarned = true;
        ctx.log.warn('release plans need a Zadig licence (7050); plan subscriptions are not scanned');
      }
      return 0;
    }
    throw err;
  }
  const known = await ctx.redis.hgetall(ctx.keys.planStatus);
  const baseline = known[BASELINE] === undefined;
  let changes = 0;
  for (const plan of plans) {
    const from = known[plan.id];
    if (from === plan.status) continue;
    // Announce before recording, so a failed post is retried by the next scan (the dedupe key holds).
    if (!baseline) {
      changes++;
      await announcePlan(ctx, chans, plan, from ?? 'new');
    }
    await ctx.redis.hset(ctx.keys.planStatus, plan.id, plan.status);
  }
  if (baseline) await ctx.redis.hset(ctx.keys.planStatus, BASELINE, '1');
  // Forgotten an hour after the last scan: a plan subscription made later starts from a fresh baseline.
  await ctx.redis.pexpire(ctx.keys.planStatus, 3600_000);
  return changes;
}
