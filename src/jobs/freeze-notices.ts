/**
 * Freeze notices: when a change-freeze window of the policy starts or ends, every chat subscribed to a
 * project it covers gets one message. Run by the `freezes` sweep; the windows come from the composition
 * root (`JobsDeps.freezeSpans`, the policy evaluated on the domain clock), so this folder knows no policy.
 * Each (chat, window, occurrence, edge) is posted exactly once across worker replicas (`postOnce`), and
 * only while the edge is recent (`LOOKBACK_MS`): a worker that was down longer does not announce a start
 * after the fact.
 */
import { type FreezeNoticeSpan, freezeNoticeMessage } from '../notifications/views/index.js';
import type { SubscribedChannel } from '../store/index.js';
import type { JobsContext } from './context.js';
import { channelSeg, shortHash } from './keys.js';
import { onceDeps, postOnce } from './post-once.js';

/** An occurrence of a freeze window: [start, end) epoch ms, and what the notice says. */
export interface FreezeSpanInfo extends FreezeNoticeSpan {
  start: number;
  end: number;
}

/** The occurrences overlapping [from, to) of every freeze window. */
export type FreezeSpanSource = (from: number, to: number) => FreezeSpanInfo[];

/** How long after a start or end it is still announced. */
export const LOOKBACK_MS = 10 * 60_000;

/** Chats subscribed to anything in a project the span covers (every subscribed project for `*`). */
async function channelsCovered(ctx: JobsContext, span: FreezeSpanInfo): Promise<SubscribedChannel[]> {
  const all = span.projects.length === 0 || span.projects.includes('*');
  const subscribed = await ctx.stores.subscriptions.listWorkflowsToScan();
  const out = new Map<string, SubscribedChannel>();
  for (const { projectKey, workflow } of subscribed) {
    if (!all && !span.projects.includes(projectKey)) continue;
    for (const ch of await ctx.stores.subscriptions.channelsFor(projectKey, workflow)) {
      out.set(channelSeg({ ...ch.scope, conversation: ch.conversation }), ch);
    }
  }
  return [...out.values()];
}

/** One pass: announces the starts and ends of the last `LOOKBACK_MS`; returns how many it posted. */
export async function announceFreezes(
  ctx: JobsContext,
  source: FreezeSpanSource | undefined,
): Promise<number> {
  if (!source) return 0;
  const now = ctx.now();
  const edges: { span: FreezeSpanInfo; edge: 'start' | 'end' }[] = [];
  for (const span of source(now - LOOKBACK_MS, now + 1)) {
    const recent = (at: number) => at <= now && at > now - LOOKBACK_MS;
    if (recent(span.start) && span.end > now) edges.push({ span, edge: 'start' });
    if (recent(span.end)) edges.push({ span, edge: 'end' });
  }
  let posted = 0;
  for (const { span, edge } of edges) {
    for (const ch of await channelsCovered(ctx, span)) {
      const notifier = ctx.notifiers[ch.scope.platform];
      if (!notifier) continue;
      const key = `freeze:${channelSeg({ ...ch.scope, conversation: ch.conversation })}:${span.name}:${span.start}:${edge}`;
      const outcome = await postOnce(onceDeps(ctx), {
        key,
        about: { freeze: span.name, edge, conversation: ch.conversation },
        post: () =>
          notifier.post(
            { tenant: ch.scope.tenant, conversation: ch.conversation },
            freezeNoticeMessage(span, edge),
            { idempotencyKey: `freeze-${shortHash(key)}` },
          ),
      });
      if (outcome === 'posted') posted++;
    }
  }
  return posted;
}
