/**
 * `POST /zadig/webhook`: Zadig's generic workflow webhook (zadig-internals §7.2). The `X-Zadig-Token`
 * header is compared in constant time (Zadig signs nothing). The answer (200) goes out before any work:
 * the push only makes the watcher poll NOW (polling stays the backstop, slowed down while pushes arrive:
 * push-health.ts). Deliveries are de-duplicated on
 * (workflow, task, status), since Zadig's event UUID changes on every send. A watched task's job runs at
 * once; an unwatched task of a subscribed workflow starts being watched and announced like the scanner
 * does. The approval variant (`stages: null`) carries no detail: the poll it triggers fetches it.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { BodyTooLargeError, type HttpRoute, readBody, sendJson } from '../server.js';
import { zadigVersionFromUserAgent, zadigVersionReport } from '../zadig/index.js';
import type { JobsContext } from './context.js';
import { type TaskRef, taskKeyOf, type WatchKind } from './keys.js';
import { ensureWatch } from './watch-start.js';

/** What a delivery says, normalised. */
export interface WebhookEvent extends TaskRef {
  status: string;
  /** The approval notification (`stages: null`): a job started waiting for approval. */
  approval: boolean;
}

const DEDUPE_TTL_MS = 3600_000;

/** Constant-time token check (hashing first makes the lengths equal). */
export function tokenMatches(given: string | undefined, expected: string): boolean {
  if (given === undefined || expected === '') return false;
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

/**
 * Parses a workflow webhook body (`webhooknotify.WebHookNotify`); null for deliveries that are not about
 * a task we could watch. Throws on garbage.
 */
export function parseWebhook(body: unknown): WebhookEvent | null {
  const b = body as { object_kind?: unknown; event?: unknown; workflow?: Record<string, unknown> } | null;
  if (!b || typeof b !== 'object') throw new TypeError('body is not an object');
  if (b.object_kind !== 'workflow' && b.event !== 'workflow') return null;
  const w = b.workflow;
  if (!w || typeof w !== 'object') throw new TypeError('workflow missing');
  const taskId = Number(w.task_id);
  const projectKey = w.project_name;
  const name = w.workflow_name;
  if (
    !Number.isInteger(taskId) ||
    taskId <= 0 ||
    typeof projectKey !== 'string' ||
    typeof name !== 'string'
  ) {
    throw new TypeError('task_id, project_name and workflow_name are required');
  }
  if (projectKey === '' || name === '') throw new TypeError('empty project or workflow');
  const target = watchedName(w.task_type, name, w.workflow_display_name);
  if (!target) return null;
  return {
    ...target,
    projectKey,
    taskId,
    status: typeof w.status === 'string' ? w.status.toLowerCase() : '',
    approval: w.stages === null,
  };
}

const TEST_PREFIX = 'zadig-testing-';
const SCAN_PREFIX = 'zadig-scanning-';

/**
 * What a delivery's task is watched as. Test and scan tasks run as generated workflows named
 * `zadig-testing-<test name>` and `zadig-scanning-<scan id>` (setting/consts.go, GenTestingWorkflowName /
 * GenScanningWorkflowName), with the test or scan name as display name; their watches are keyed by
 * that name. A scan without a display name cannot be matched (its id names nothing we watch): null.
 */
function watchedName(
  taskType: unknown,
  workflowName: string,
  displayName: unknown,
): { kind: WatchKind; name: string } | null {
  const shown = typeof displayName === 'string' ? displayName : '';
  const kind: WatchKind =
    taskType === 'test' || (!taskType && workflowName.startsWith(TEST_PREFIX))
      ? 'test'
      : taskType === 'scan' || (!taskType && workflowName.startsWith(SCAN_PREFIX))
        ? 'scan'
        : 'workflow';
  if (kind === 'test') {
    const name = workflowName.startsWith(TEST_PREFIX) ? workflowName.slice(TEST_PREFIX.length) : shown;
    return name ? { kind, name } : null;
  }
  if (kind === 'scan') return shown ? { kind, name: shown } : null;
  return { kind, name: workflowName };
}

/** Acts on one delivery (after the 200 went out). */
export async function ingestWebhook(ctx: JobsContext, ev: WebhookEvent, receivedAt: number): Promise<void> {
  const what = ev.approval ? 'approval' : ev.status;
  const key = `zadig-webhook:${taskKeyOf(ev)}:${what}`;
  if (!(await ctx.stores.dedupe.claim(key, DEDUPE_TTL_MS))) {
    ctx.metrics?.duplicates.inc({ platform: 'zadig' });
    return;
  }
  const ref: TaskRef = { kind: ev.kind, projectKey: ev.projectKey, name: ev.name, taskId: ev.taskId };
  if (await ctx.watches.get(taskKeyOf(ref))) {
    await ensureWatch(ctx, ref, { pushedAt: receivedAt });
    return;
  }
  if (ev.kind !== 'workflow') return;
  const channels = await ctx.stores.subscriptions.channelsFor(ev.projectKey, ev.name);
  if (channels.length > 0) await ensureWatch(ctx, ref, { follow: true, pushedAt: receivedAt });
}

/**
 * Zadig states its version only in the User-Agent of the calls it makes (`Zadig/<CHART_VERSION>`):
 * remember it for every process (whoami shows it) and log it when it changes, as a warning when the
 * compatibility table does not cover it.
 */
async function noteZadigVersion(ctx: JobsContext, version: string): Promise<void> {
  if (!(await ctx.stores.zadigServer.recordVersion(version, ctx.now()))) return;
  const report = zadigVersionReport(version);
  ctx.log[report.level](report.fields, report.message);
}

/** The route; `track` keeps the background work so `close()` can wait for it. */
export function createWebhookRoute(
  ctx: JobsContext,
  token: string,
  track: (work: Promise<void>) => void,
): HttpRoute {
  // Only a change is written: deliveries come often and the version rarely moves.
  let lastVersion: string | undefined;
  return {
    method: 'POST',
    path: '/zadig/webhook',
    handler: async (req: IncomingMessage, res: ServerResponse) => {
      const header = req.headers['x-zadig-token'];
      if (!tokenMatches(Array.isArray(header) ? header[0] : header, token)) {
        req.resume();
        sendJson(res, 401, { error: 'unauthorized' });
        return;
      }
      let ev: WebhookEvent | null;
      try {
        ev = parseWebhook(JSON.parse((await readBody(req)).toString('utf8')));
      } catch (err) {
        const tooLarge = err instanceof BodyTooLargeError;
        // The sender had the token, so a body we cannot read is worth knowing about. JSON.parse quotes
        // the body in its message, so only our own reasons (parseWebhook's) are logged, never the body.
        const why = tooLarge ? 'too large' : err instanceof SyntaxError ? 'not JSON' : (err as Error).message;
        ctx.log.warn({ why }, 'zadig webhook delivery refused');
        const status = tooLarge ? 413 : ((err as { status?: number }).status ?? 400);
        sendJson(res, status, {
          error: tooLarge ? 'body too large' : status === 503 ? 'busy, send again' : 'invalid payload',
        });
        return;
      }
      const receivedAt = ctx.now();
      sendJson(res, 200, { ok: true });
      // Any accepted delivery shows pushes arrive: watched tasks need only a backstop poll.
      track(
        ctx.pushes.received().catch((err: unknown) => {
          ctx.log.warn({ err }, 'could not record the webhook delivery time');
        }),
      );
      const version = zadigVersionFromUserAgent(req.headers['user-agent']);
      if (version && version !== lastVersion) {
        lastVersion = version;
        track(
          noteZadigVersion(ctx, version).catch((err: unknown) => {
            lastVersion = undefined;
            ctx.log.warn({ err }, 'could not record the Zadig version');
          }),
        );
      }
      if (!ev) return;
      const event = ev;
      track(
        ingestWebhook(ctx, event, receivedAt).catch((err: unknown) => {
          ctx.log.error({ err, taskId: event.taskId, workflow: event.name }, 'zadig webhook handling failed');
        }),
      );
    },
  };
}
