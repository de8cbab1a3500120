/**
 * Push path: Zadig's webhook → card edited. The sandbox sends its workflow webhook when a task ends;
 * the app (role `all`, one process) takes it on `POST /zadig/webhook`, pokes the task's watch job, the
 * worker polls once, and the outbox edits the card. Measured from the moment the webhook left the
 * sandbox (a relay in front of the app timestamps it) to the fake Slack's chat.update of that card.
 * The poll interval is set to 60 s so every edit in the window is the push's doing; an edit that beat
 * the webhook anyway is counted in `byPoll` and left out.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { type CardTarget, postCardsAndWatch } from './lib/cards.js';
import { type BenchChild, forkChild } from './lib/child.js';
import { firstAtOrAfter, pairPushLag } from './lib/lag.js';
import { type LogSummary, summarizeLogFile } from './lib/logs.js';
import { startServices } from './lib/services.js';
import { type LatencySummary, round, summarize } from './lib/stats.js';
import { tapPush } from './lib/tap.js';
import { calibrateTimeline, spreadTasks } from './lib/task-clock.js';
import { startWebhookRelay } from './lib/webhook-relay.js';

export interface PushOptions {
  tasks: number;
  /** Wall time over which the tasks finish (their ends are spread evenly). */
  spreadMs: number;
  tickMs: number;
  log?: (line: string) => void;
}

export interface PushResult {
  tasks: number;
  lagP95Ms: number;
  lag: LatencySummary;
  /** Terminal changes whose card a poll had already edited when the webhook arrived. */
  byPoll: number;
  /** Terminal webhooks with no card edit after them. */
  missed: number;
  webhooks: { received: number; answered2xx: number };
  appLog: LogSummary;
}

const WORKFLOW = 'build-deploy';
const TERMINAL = new Set(['passed', 'failed', 'cancelled', 'timeout', 'reject']);

interface Tracked extends CardTarget {
  edits: number[];
  endAt?: number;
}

/** Runs the push benchmark. */
export async function runPushBench(o: PushOptions): Promise<PushResult> {
  const log = o.log ?? (() => undefined);
  const relay = await startWebhookRelay();
  const svc = await startServices('push', { webhookUrl: relay.url });
  let app: BenchChild | undefined;
  try {
    const { sandbox } = svc;
    const timeline = await calibrateTimeline(sandbox, WORKFLOW);
    const life = timeline.offsets[timeline.offsets.length - 1] ?? 35_000;

    const appLog = svc.file('app.log');
    app = forkChild('app-child.ts');
    const { port } = await app.request<{ port: number }>('start', {
      env: svc.appEnv('all', { ZBOT_POLL_INTERVAL_MS: '60000' }),
      logFile: appLog,
    });
    relay.target = `http://127.0.0.1:${port}`;

    log(`push: ${o.tasks} tasks, cards posted and watched`);
    const ids = await spreadTasks(sandbox, WORKFLOW, o.tasks, life - 2000, timeline);
    const tracked: Tracked[] = ids.map((taskId, i) => ({ taskId, channel: `C-push-${i % 10}`, edits: [] }));
    const byTask = new Map(tracked.map((t) => [t.taskId, t]));
    const byTs = new Map<string, Tracked>();
    tapPush(svc.slack.calls, (c, at) => {
      if (c.method !== 'chat.update') return;
      byTs.get(String((c.args as { ts?: string }).ts))?.edits.push(at);
    });
    const bot = await svc.startLocalApp('bot');
    await postCardsAndWatch(svc, bot, WORKFLOW, tracked, 10, (t) => byTs.set(t.ts as string, t as Tracked));
    // The first poll of each watch edits its card once; let those go out (outbox: 20 edits/s).
    const rampUntil = performance.now() + 20_000 + (o.tasks / 20) * 1500;
    while (tracked.some((t) => t.edits.length === 0) && performance.now() < rampUntil) await sleep(100);
    await sleep(500);

    // Every task ends within the window: its remaining life, squeezed into `spreadMs`.
    const speed = life / o.spreadMs;
    log(`push: tasks finishing over ${o.spreadMs} ms (virtual clock ${round(speed, 2)}x)`);
    const hooksBefore = relay.hooks.length;
    const wallStart = performance.now();
    const virtualStart = sandbox.now();
    for (let guard = 0; guard < 1_000_000; guard++) {
      const now = performance.now();
      if (tracked.every((t) => t.endAt !== undefined) || now - wallStart > o.spreadMs + 5000) break;
      const target = virtualStart + (now - wallStart) * speed;
      const due = timeline.dueBetween(sandbox.now(), target);
      const at = performance.now();
      await sandbox.advance(target - sandbox.now());
      for (const id of due) {
        const t = byTask.get(id);
        if (!t || t.endAt !== undefined) continue;
        const status = sandbox.task(WORKFLOW, id)?.status ?? '';
        if (TERMINAL.has(status)) t.endAt = at;
      }
      await sleep(Math.max(0, o.tickMs - (performance.now() - now)));
    }
    // Let the last pushes land (bounded).
    const settleUntil = performance.now() + 10_000;
    const hookOf = (t: Tracked) =>
      relay.hooks.find((h, i) => i >= hooksBefore && h.taskId === t.taskId && TERMINAL.has(h.status));
    const done = (t: Tracked) => {
      const h = hookOf(t);
      return h !== undefined && t.edits[firstAtOrAfter(t.edits, h.at)] !== undefined;
    };
    while (tracked.some((t) => t.endAt !== undefined && !done(t)) && performance.now() < settleUntil) {
      await sleep(100);
    }

    const lags: number[] = [];
    let byPoll = 0;
    let missed = 0;
    for (const t of tracked) {
      const h = hookOf(t);
      if (t.endAt === undefined || !h) {
        missed++;
        continue;
      }
      const p = pairPushLag(t.endAt, h.at, t.edits);
      if (p.byPoll) byPoll++;
      else if (p.lagMs === undefined) missed++;
      else lags.push(p.lagMs);
    }
    const hooks = relay.hooks.slice(hooksBefore);
    const lag = summarize(lags);
    return {
      tasks: tracked.length,
      lagP95Ms: lag.p95Ms,
      lag,
      byPoll,
      missed,
      webhooks: {
        received: hooks.length,
        answered2xx: hooks.filter((h) => h.answered >= 200 && h.answered < 300).length,
      },
      appLog: summarizeLogFile(appLog),
    };
  } finally {
    await app?.close();
    await svc.close();
    await relay.close();
  }
}
