/**
 * `events --env E [--service S] [--warnings] [--project P]`: recent Kubernetes events of an env, warnings
 * first, for diagnosing a rollout. Zadig filters events by involved object, so `--service` asks for the
 * service's workloads and their pods and merges the answers.
 */
import { kubeEventsMessage } from '../../../notifications/views/more.js';
import type { KubeEvent } from '../../../zadig/api.js';
import { defineHandler } from '../../context.js';
import { envService, envTarget } from '../env-helpers.js';

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
      objects.map((o) => ctx.reader.listKubeEvents({ projectKey, envKey: env.key, name: o.name, type: o.type })),
    );
    events = unique(lists.flat());
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

/** The same event can come back for a workload and for its pod. */
function unique(events: KubeEvent[]): KubeEvent[] {
  const seen = new Set<string>();
  return events.filter((e) => {
    const key = `${e.type}|${e.reason}|${e.message}|${e.firstSeen}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
