/**
 * The timestamp at the sandbox's side of the push path: the sandbox POSTs its Zadig webhooks here, this
 * relay notes when each arrived (that is, when the sandbox sent it) and forwards it unchanged to the
 * app's `POST /zadig/webhook`. Also breaks the start-up cycle (the sandbox needs the webhook URL before
 * the app, which needs the sandbox URL, exists).
 */
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One webhook as the relay saw it. */
export interface RelayedHook {
  at: number;
  taskId: number;
  workflow: string;
  status: string;
  /** Status the app answered (0: not forwarded or failed). */
  answered: number;
}

export interface WebhookRelay {
  url: string;
  hooks: RelayedHook[];
  /** Where to forward (the app's base URL); hooks before this is set are answered 503. */
  target: string | undefined;
  close(): Promise<void>;
}

function forwardHeaders(h: IncomingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(h)) {
    if (k.startsWith('x-zadig-') || k === 'content-type' || k === 'user-agent') out[k] = String(v);
  }
  return out;
}

/** Starts the relay on 127.0.0.1 (ephemeral port). */
export async function startWebhookRelay(): Promise<WebhookRelay> {
  const relay: WebhookRelay = { url: '', hooks: [], target: undefined, close: async () => undefined };
  const server = createServer((req, res) => {
    const at = performance.now();
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      let w: { task_id?: number; workflow_name?: string; status?: string } = {};
      try {
        w = (JSON.parse(body) as { workflow?: typeof w }).workflow ?? {};
      } catch {
        // Not JSON: forwarded anyway, the app answers 400.
      }
      const hook: RelayedHook = {
        at,
        taskId: Number(w.task_id),
        workflow: String(w.workflow_name ?? ''),
        status: String(w.status ?? ''),
        answered: 0,
      };
      relay.hooks.push(hook);
      if (!relay.target) {
        res.writeHead(503);
        res.end();
        return;
      }
      fetch(`${relay.target}/zadig/webhook`, {
        method: 'POST',
        headers: forwardHeaders(req.headers),
        body,
        signal: AbortSignal.timeout(10_000),
      }).then(
        async (r) => {
          hook.answered = r.status;
          await r.arrayBuffer();
          res.writeHead(r.status);
          res.end();
        },
        () => {
          res.writeHead(502);
          res.end();
        },
      );
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  relay.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  relay.close = () =>
    new Promise<void>((r) => {
      server.close(() => r());
      server.closeAllConnections();
    });
  return relay;
}
