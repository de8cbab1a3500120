/**
 * Seeded environments: demo `dev`, `staging` (backend crash-loops there, with Warning events) and
 * production `prod`; payments `dev`. Each service gets a workload with pods and containers.
 */
import { DAY, HOUR, MINUTE, objectId, toSec } from './ids.js';
import type { EnvRec, EnvServiceRec, KubeEventRec, ServiceRec } from './model.js';
import { newPod } from './pods.js';
import { recordVersion } from './service-versions.js';

/** How long ago the seeded envs were created (their services' first revisions). */
const ENV_AGE = 30 * DAY;

interface EnvSeed {
  projectKey: string;
  key: string;
  alias: string;
  production: boolean;
  cluster: 'local' | 'prod';
  replicas: Record<string, number>;
  unhealthy: string[];
}

const ENV_SEEDS: EnvSeed[] = [
  {
    projectKey: 'demo',
    key: 'dev',
    alias: '',
    production: false,
    cluster: 'local',
    replicas: { backend: 1 },
    unhealthy: [],
  },
  {
    projectKey: 'demo',
    key: 'staging',
    alias: 'Staging',
    production: false,
    cluster: 'local',
    replicas: { backend: 2 },
    unhealthy: ['backend'],
  },
  {
    projectKey: 'demo',
    key: 'prod',
    alias: 'Production',
    production: true,
    cluster: 'prod',
    replicas: { frontend: 2, backend: 3, worker: 2 },
    unhealthy: [],
  },
  {
    projectKey: 'payments',
    key: 'dev',
    alias: '',
    production: false,
    cluster: 'local',
    replicas: {},
    unhealthy: [],
  },
];

function crashEvents(podName: string, deployment: string, now: number): KubeEventRec[] {
  return [
    {
      kind: 'Pod',
      objectName: podName,
      reason: 'BackOff',
      message: `Back-off restarting failed container ${deployment} in pod ${podName}`,
      firstSeen: toSec(now - 3 * HOUR),
      lastSeen: toSec(now - 2 * MINUTE),
      count: 41,
      type: 'Warning',
    },
    {
      kind: 'Pod',
      objectName: podName,
      reason: 'Unhealthy',
      message:
        'Readiness probe failed: Get "http://10.244.1.17:8080/healthz": dial tcp 10.244.1.17:8080: connect: connection refused',
      firstSeen: toSec(now - 3 * HOUR),
      lastSeen: toSec(now - 3 * MINUTE),
      count: 88,
      type: 'Warning',
    },
  ];
}

/** Builds the seeded environments from the service definitions (test or production copies). */
export function seedEnvs(
  start: number,
  services: ServiceRec[],
  clusterIds: Record<string, string>,
  registryId: string,
): EnvRec[] {
  return ENV_SEEDS.map((e) => {
    const namespace = `${e.projectKey}-${e.key}`;
    const events: KubeEventRec[] = [];
    const envServices: EnvServiceRec[] = services
      .filter((s) => s.projectKey === e.projectKey && s.production === e.production)
      .map((s) => {
        const unhealthy = e.unhealthy.includes(s.name);
        const replicas = e.replicas[s.name] ?? 1;
        const workload = {
          name: s.name,
          type: s.workloadType,
          replicas,
          containers: s.containers.map((c) => ({ ...c })),
          pods: [] as ReturnType<typeof newPod>[],
          revision: 1,
        };
        const podTime = start - (unhealthy ? 3 * HOUR : 6 * DAY);
        workload.pods = Array.from({ length: replicas }, (_, i) =>
          newPod(namespace, workload, i, podTime, unhealthy),
        );
        events.push({
          kind: s.workloadType,
          objectName: s.name,
          reason: 'ScalingReplicaSet',
          message: `Scaled up replica set ${workload.pods[0]?.name.split('-').slice(0, -1).join('-') || s.name} to ${replicas}`,
          firstSeen: toSec(podTime),
          lastSeen: toSec(podTime),
          count: 1,
          type: 'Normal',
        });
        if (unhealthy) for (const p of workload.pods) events.push(...crashEvents(p.name, s.name, start));
        return {
          name: s.name,
          type: 'k8s' as const,
          versions: [],
          lastRevision: 0,
          unhealthy,
          variableKvs: s.variables.map((v) => ({
            key: v.key,
            value: v.key === 'replicas' ? String(replicas) : v.value,
            type: v.type,
            options: [],
            desc: v.desc,
          })),
          workloads: [workload],
        };
      });
    const names = envServices.map((s) => s.name);
    const env: EnvRec = {
      projectKey: e.projectKey,
      key: e.key,
      alias: e.alias,
      production: e.production,
      clusterId: clusterIds[e.cluster] ?? '',
      namespace,
      registryId,
      updateBy: 'admin',
      updateTime: toSec(start - 2 * DAY),
      globalVariables: [
        {
          key: 'LOG_LEVEL',
          value: e.production ? 'warn' : 'debug',
          type: 'enum',
          options: ['debug', 'info', 'warn'],
          desc: 'log level',
          relatedServices: names,
        },
        {
          key: 'DB_HOST',
          value: `${e.projectKey}-db.${namespace}.svc`,
          type: 'string',
          options: [],
          desc: 'database host',
          relatedServices: names.filter((n) => n !== 'frontend'),
        },
        {
          key: 'ENABLE_CACHE',
          value: !e.production,
          type: 'bool',
          options: [],
          desc: 'response cache',
          relatedServices: names.filter((n) => n === 'backend'),
        },
      ],
      services: envServices,
      events,
    };
    // Creating the env deployed every service once: their first revisions (`CreateEnvServiceVersion`).
    for (const svc of env.services) recordVersion(env, svc, { createBy: 'admin' }, start - ENV_AGE);
    return env;
  });
}

export function clusterIdMap(clusters: { id: string; name: string }[]): Record<string, string> {
  return {
    local: clusters.find((c) => c.name === 'local-k8s')?.id ?? objectId(0, 'local'),
    prod: clusters.find((c) => c.name === 'prod-k8s')?.id ?? objectId(0, 'prod'),
  };
}

/** A service of another type (Helm chart release, VM service) added to an env, with its first revision. */
export function addEnvService(
  env: EnvRec,
  o: { name: string; type: 'helm' | 'helm_chart' | 'pm'; image: string; releaseName?: string },
  now: number,
): void {
  const workload = {
    name: o.name,
    type: 'Deployment' as const,
    replicas: 1,
    containers: [{ name: o.name, image: o.image, imageName: o.name }],
    pods: [] as ReturnType<typeof newPod>[],
    revision: 1,
  };
  workload.pods = [newPod(env.namespace, workload, 0, now, false)];
  const svc: EnvServiceRec = {
    name: o.name,
    type: o.type,
    ...(o.releaseName ? { releaseName: o.releaseName } : {}),
    variableKvs: [],
    workloads: [workload],
    unhealthy: false,
    versions: [],
    lastRevision: 0,
  };
  env.services.push(svc);
  recordVersion(env, svc, { createBy: 'admin' }, now);
}
