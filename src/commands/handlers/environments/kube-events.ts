/**
 * `events --env E [--service S] [--warnings] [--project P]`: recent Kubernetes events of an env, warnings
 * first, for diagnosing a rollout. Zadig filters events by involved object, so `--service` asks for the
 * service's workloads and their pods and merges the answers.
 */
import { kubeEventsMessage } from '../../../notifications/views/index.js';
import type { KubeEvent } from '../../../zadig/api.js';
import { defineHandler } from '../../context.js';
import { envService, envTarget } from './env-helpers.js';

/** Bounds the calls one `events --service` makes. */
const MAX_PODS = 10;

export const kubeEvents = defineHandler('events', async (intent, ctx) => {
  const { projectKey, env } = await envTarget(ctx, intent);
  let events: KubeEvent[];
  let service: string | undefined;
  if (intent.service) {
    const svc = await envService(ctx, projectKey, env, intent.service);
    service = svc.serviceName;
    const objects = [
      ...svc.workloads.map((w) => ({ name: w.name, type: w.type })),
      ...svc.workloads.flatMap((w) => w.pods.map((p) => ({ name: p.name, type: 'Pod' }))).slice(0, MAX_PODS),
    ];
    const lists = await Promise.all(
      objects.map((o) =>
        ctx.reader.listKubeEvents({ projectKey, envKey: env.key, name: o.name, type: o.type }),
      ),
    );
    events = merge(lists);
  } else {
    events = await ctx.reader.listKubeEvents({ projectKey, envKey: env.key });
  }
  if (intent.warnings) events = events.filter((e) => e.type === 'Warning');
  return {
    reply: kubeEventsMessage(
      { projectKey, env: env.key, production: env.production },
      events,
      { ...(service ? { service } : {}), warningsOnly: intent.warnings },
      ctx.view,
    ),
  };
});

/**
 * Merges the answers: the same event can come back for a workload and for its pod, while two pods can
 * report events that read alike. Each distinct event is kept as many times as the one answer that
 * holds it most often.
 */
function merge(lists: KubeEvent[][]): KubeEvent[] {
  const kept = new Map<string, KubeEvent[]>();
  for (const list of lists) {
    const here = new Map<string, KubeEvent[]>();
    for (const e of list) {
      const key = `${e.type}|${e.reason}|${e.message}|${e.firstSeen}|${e.lastSeen}|${e.count}`;
      here.set(key, [...(here.get(key) ?? []), e]);
    }
    for (const [key, events] of here) {
      if (events.length > (kept.get(key)?.length ?? 0)) kept.set(key, events);
    }
  }
  return [...kept.values()].flat();
}
