/**
 * Approvals of a watched task: when its approval job waits, the approval card is posted once per
 * (chat, task, approval run) in every chat that watches the task or subscribes to approvals, and sent
 * by DM to every linked approver; those cards are then edited as votes arrive and once the approval is
 * decided (anywhere: chat buttons or the Zadig UI), ending without buttons.
 */
import type { Locale, Message, MessageRef, Platform } from '../notifications/message.js';
import {
  approvalCard,
  approvalDecidedCard,
  timeLeftBand,
  waitingApproval,
} from '../notifications/views/index.js';
import { cardIdOf } from '../store/index.js';
import {
  type ApprovalInfo,
  isTerminal,
  type TaskChanges,
  type TaskDetail,
  type TaskJob,
  taskChangesWithin,
} from '../zadig/index.js';
import { messageHash, RenderedHashes } from './cards.js';
import { type JobsContext, viewCtx } from './context.js';
import { scheduleFollowUps } from './follow-ups.js';
import { channelSeg, shortHash } from './keys.js';
import { decidedText } from './notes.js';
import type { SeenInfo } from './outbox.js';
import { onceDeps, postOnce } from './post-once.js';
import type { WatchJobData } from './watch-data.js';
import type { StoredCard } from './watch-state.js';

/** A posted approval card (in a channel or a DM). */
export interface ApprovalRecord {
  ref: MessageRef;
  jobName: string;
  locale?: Locale;
}

interface Chat {
  platform: Platform;
  tenant: string;
  conversation: string;
  locale?: Locale;
}

/** What a poll already read about the task's approval cards. */
export interface KnownApprovals {
  /** The approval cards posted so far (card id → record JSON). */
  records: Record<string, string>;
  rendered: RenderedHashes;
}

/**
 * Posts what is due and refreshes every approval card of the task (cards posted by this call already
 * show the current state). Returns how many cards were posted or edited.
 */
export async function syncApprovals(
  ctx: JobsContext,
  w: WatchJobData,
  task: TaskDetail,
  cards: StoredCard[],
  seen?: SeenInfo,
  known?: KnownApprovals,
): Promise<number> {
  const records = known?.records ?? (await ctx.watches.approvalCards(w.taskKey));
  const rendered = known?.rendered ?? new RenderedHashes(ctx);
  const waiting = isTerminal(task.status) ? null : waitingApproval(task);
  // What the task changes: read once per task (cached across processes), waited for at most
  // CHANGES_WAIT_MS so the card never waits on a slow code host; a later poll edits it in.
  const live: LiveFacts = {
    changes: waiting ? await taskChangesWithin(ctx.zadig, ctx.stores.cache, task, CHANGES_WAIT_MS) : null,
    nowSec: Math.floor(ctx.now() / 1000),
  };
  const posted = waiting ? await postApprovals(ctx, w, task, waiting, cards, live) : 0;
  return posted + (await refreshApprovals(ctx, task, records, rendered, live, seen));
}

/** How long a poll waits for "what changes" before posting or refreshing the card without it. */
export const CHANGES_WAIT_MS = 1500;

/** What a waiting approval card shows beyond the task: what changes and the time-left band. */
interface LiveFacts {
  changes: TaskChanges | null;
  nowSec: number;
}

function liveCtx(live: LiveFacts, approval: ApprovalInfo) {
  return { changes: live.changes, timeLeft: timeLeftBand(approval, live.nowSec) };
}

async function targetsOf(ctx: JobsContext, w: WatchJobData, cards: StoredCard[]): Promise<Chat[]> {
  const chats = new Map<string, Chat>();
  for (const c of cards) {
    const k = channelSeg(c);
    if (!chats.has(k)) chats.set(k, { ...c, ...(c.locale ? { locale: c.locale } : {}) });
  }
  if (w.kind === 'workflow') {
    for (const ch of await ctx.stores.subscriptions.channelsFor(w.projectKey, w.name)) {
      if (!ch.events.includes('approval')) continue;
      const chat = { platform: ch.scope.platform, tenant: ch.scope.tenant, conversation: ch.conversation };
      if (!chats.has(channelSeg(chat))) chats.set(channelSeg(chat), chat);
    }
  }
  return [...chats.values()];
}

/** Posts an approval card (or DM) once per key across every process and records it; 1 when this call posted. */
async function postApprovalOnce(
  ctx: JobsContext,
  w: WatchJobData,
  key: string,
  jobName: string,
  post: () => Promise<{ ref: MessageRef; msg: Message; locale: Locale | undefined }>,
): Promise<number> {
  const outcome = await postOnce(onceDeps(ctx), {
    key,
    about: { taskKey: w.taskKey },
    post,
    record: ({ ref, msg, locale }) => {
      const rec: ApprovalRecord = { ref, jobName, ...(locale ? { locale } : {}) };
      return ctx.watches.addApprovalCard(w.taskKey, cardIdOf(ref), rec, messageHash(msg));
    },
  });
  return outcome === 'posted' || outcome === 'refused' ? 1 : 0;
}

const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;

/**
 * Emails of the approvers, by Zadig user name, so cards mention them as chat users (the notifier turns
 * `<@email:…>` into a Slack/Feishu mention via users.lookupByEmail / batch_get_id, or the plain name).
 * Zadig's user API carries no email, so it comes from the approver's linked identity in this chat
 * workspace, or from a Zadig account name that is itself an email (LDAP/OAuth installs).
 */
export async function approverEmails(
  ctx: JobsContext,
  scope: { platform: Platform; tenant: string },
  approval: ApprovalInfo,
): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const a of approval.approvers) {
    if (!a.userName) continue;
    if (EMAIL.test(a.userName)) {
      out[a.userName] = a.userName;
      continue;
    }
    if (!a.userId) continue;
    // A store failure is not "no linked user": it fails the poll, and the retry mentions them.
    for (const userId of await ctx.stores.identities.findByZadigUid(scope, a.userId)) {
      const linked = await ctx.stores.identities.get(scope, userId);
      if (linked?.email) {
        out[a.userName] = linked.email;
        break;
      }
    }
  }
  return out;
}

async function postApprovals(
  ctx: JobsContext,
  w: WatchJobData,
  task: TaskDetail,
  waiting: { job: TaskJob; approval: ApprovalInfo },
  cards: StoredCard[],
  live: LiveFacts,
): Promise<number> {
  const run = `${waiting.job.name}.${waiting.job.startTime}`;
  const targets = await targetsOf(ctx, w, cards);
  if (w.kind === 'workflow') await scheduleFollowUps(ctx, task, waiting, targets);
  let posted = 0;
  for (const chat of targets) {
    const notifier = ctx.notifiers[chat.platform];
    if (!notifier) continue;
    const key = `appr:${channelSeg(chat)}:${w.taskKey}:${run}`;
    posted += await postApprovalOnce(ctx, w, key, waiting.job.name, async () => {
      const emails = await approverEmails(ctx, chat, waiting.approval);
      const msg = approvalCard(task, waiting.approval, {
        ...viewCtx(ctx, chat.locale),
        ...liveCtx(live, waiting.approval),
        approverEmails: emails,
      });
      const ref = await notifier.post({ tenant: chat.tenant, conversation: chat.conversation }, msg, {
        idempotencyKey: `appr-${shortHash(key)}`,
      });
      return { ref, msg, locale: chat.locale };
    });
  }

  // DM each linked approver who has not voted, on every platform the task is followed on: in the
  // language they saved, else the one the task's card was posted in (the run was started in it).
  const cardLocale = targets.find((c) => c.locale !== undefined)?.locale;
  const scopes = new Map<string, { platform: Platform; tenant: string }>();
  for (const c of targets)
    scopes.set(`${c.platform}|${c.tenant}`, { platform: c.platform, tenant: c.tenant });
  for (const approver of waiting.approval.approvers) {
    if (approver.decision === 'approve' || approver.decision === 'reject' || !approver.userId) continue;
    for (const scope of scopes.values()) {
      const notifier = ctx.notifiers[scope.platform];
      if (!notifier) continue;
      for (const userId of await ctx.stores.identities.findByZadigUid(scope, approver.userId)) {
        const key = `apprdm:${channelSeg({ ...scope, conversation: userId })}:${w.taskKey}:${run}`;
        posted += await postApprovalOnce(ctx, w, key, waiting.job.name, async () => {
          const locale = (await ctx.stores.preferences.get(scope, userId)) ?? cardLocale;
          const emails = await approverEmails(ctx, scope, waiting.approval);
          const msg = approvalCard(task, waiting.approval, {
            ...viewCtx(ctx, locale),
            ...liveCtx(live, waiting.approval),
            approverEmails: emails,
          });
          const ref = await notifier.postDirect(scope.tenant, userId, msg, {
            idempotencyKey: `apprdm-${shortHash(key)}`,
          });
          return { ref, msg, locale };
        });
      }
    }
  }
  return posted;
}

async function refreshApprovals(
  ctx: JobsContext,
  task: TaskDetail,
  records: Record<string, string>,
  rendered: RenderedHashes,
  live: LiveFacts,
  seen?: SeenInfo,
): Promise<number> {
  const entries = Object.entries(records);
  if (entries.length === 0) return 0;
  await rendered.load(entries.map(([cardId]) => cardId));
  const jobs = task.stages.flatMap((s) => s.jobs);
  let queued = 0;
  for (const [cardId, raw] of entries) {
    const rec = JSON.parse(raw) as ApprovalRecord;
    const job = jobs.find((j) => j.name === rec.jobName);
    if (!job?.approval) continue;
    const a = job.approval;
    const base = { ...viewCtx(ctx, rec.locale), approverEmails: await approverEmails(ctx, rec.ref, a) };
    const msg =
      job.status === 'wait_for_approval' && !isTerminal(task.status)
        ? approvalCard(task, a, { ...base, ...liveCtx(live, a) })
        : approvalDecidedCard(task, a, { ...base, decidedText: decidedText(task, a) });
    const hash = messageHash(msg);
    if ((await rendered.get(cardId)) === hash) continue;
    await ctx.outbox.enqueue(cardId, rec.ref, msg, seen);
    await ctx.watches.setShown(cardId, hash);
    rendered.set(cardId, hash);
    queued++;
  }
  return queued;
}
