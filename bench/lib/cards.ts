/**
 * Starting watches the way production does after a `run`: the bot side posts the task card with its
 * Slack notifier (the card the `run` reply shows) and calls `app.jobs.watch(req, cardRef)`.
 */
import type { App } from '../../src/app.js';
import { liveTaskCard } from '../../src/notifications/views/index.js';
import { createZadigClient } from '../../src/zadig/index.js';
import type { BenchServices } from './services.js';

/** The chat user who "ran" the benchmark's tasks. */
export const STARTER = { id: 'U001', name: 'user1' };

/** A card to post: the task and the channel; `ts` is filled in once posted. */
export interface CardTarget {
  taskId: number;
  channel: string;
  ts?: string;
}

/**
 * Posts a card for every target and starts its watch, `parallel` at a time (as many users would).
 * `onPosted` runs as soon as a card's ts is known, before its watch starts.
 */
export async function postCardsAndWatch(
  svc: BenchServices,
  app: App,
  workflow: string,
  targets: CardTarget[],
  parallel: number,
  onPosted: (t: CardTarget) => void,
): Promise<void> {
  const slack = app.adapter('slack');
  if (!slack) throw new Error('the bot app has no Slack adapter');
  const zadig = createZadigClient({ baseUrl: svc.sandbox.url, token: svc.sandbox.botToken });
  let next = 0;
  const one = async () => {
    for (;;) {
      const t = targets[next++];
      if (!t) return;
      const detail = await zadig.getTask(workflow, t.taskId);
      // The card a `run` reply shows (commands/handlers/shared/task-helpers.ts liveCardFor), passed as
      // `shown`.
      const msg = liveTaskCard(detail, { zadigUrl: app.config.zadigPublicUrl, startedBy: STARTER });
      const ref = await slack.notifier.post({ tenant: svc.slack.teamId, conversation: t.channel }, msg);
      t.ts = ref.messageId;
      onPosted(t);
      await app.jobs.watch(
        {
          kind: 'workflow',
          projectKey: detail.projectKey,
          name: workflow,
          taskId: t.taskId,
          startedBy: STARTER,
          shown: msg,
        },
        ref,
      );
    }
  };
  await Promise.all(Array.from({ length: parallel }, one));
}
