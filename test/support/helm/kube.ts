/**
 * Reads rendered Kubernetes objects the way the cluster would: finds objects by kind and name, and
 * resolves a container's environment like the kubelet (envFrom sources in order, then `env`, which
 * wins), so tests can hand the result to the app's own config loader.
 */
import type { RenderedDoc } from '../helm-render.js';

/** A container spec, as far as the tests read it. */
export interface ContainerSpec {
  name: string;
  image: string;
  ports?: { name?: string; containerPort: number }[];
  env?: EnvVar[];
  envFrom?: { configMapRef?: { name: string }; secretRef?: { name: string } }[];
  volumeMounts?: { name: string; mountPath: string; readOnly?: boolean }[];
  [key: string]: unknown;
}

interface EnvVar {
  name: string;
  value?: string;
  valueFrom?: {
    secretKeyRef?: { name: string; key: string };
    configMapKeyRef?: { name: string; key: string };
  };
}

/** Secrets that exist in the cluster but not in the chart (existingSecret), by name. */
export type ExternalSecrets = Record<string, Record<string, string>>;

/** The one object of `kind` (whose name ends with `suffix`, when given). Fails on none or several. */
export function findOne(docs: readonly RenderedDoc[], kind: string, suffix = ''): RenderedDoc {
  const hits = docs.filter((d) => d.kind === kind && d.metadata.name.endsWith(suffix));
  if (hits.length !== 1) throw new Error(`expected one ${kind} *${suffix}, found ${hits.length}`);
  return hits[0] as RenderedDoc;
}

/** The pod template spec of a Deployment. */
export function podSpec(deployment: RenderedDoc): Record<string, any> {
  return (deployment as any).spec.template.spec;
}

/** The single container of a Deployment. */
export function theContainer(deployment: RenderedDoc): ContainerSpec {
  const containers = podSpec(deployment).containers as ContainerSpec[];
  if (containers.length !== 1) throw new Error(`expected one container, found ${containers.length}`);
  return containers[0] as ContainerSpec;
}

/** The data of a rendered ConfigMap, or of a Secret decoded from base64. */
function dataOf(
  docs: readonly RenderedDoc[],
  kind: 'ConfigMap' | 'Secret',
  name: string,
  external: ExternalSecrets,
) {
  const doc = docs.find((d) => d.kind === kind && d.metadata.name === name) as any;
  if (!doc) {
    const ext = kind === 'Secret' ? external[name] : undefined;
    if (!ext) throw new Error(`${kind} ${name} does not exist: the pod would not start`);
    return ext;
  }
  if (kind === 'ConfigMap') return (doc.data ?? {}) as Record<string, string>;
  const out: Record<string, string> = { ...(doc.stringData ?? {}) };
  for (const [k, v] of Object.entries((doc.data ?? {}) as Record<string, string>)) {
    out[k] = Buffer.from(v, 'base64').toString('utf8');
  }
  return out;
}

/** The environment the container starts with. */
export function containerEnv(
  docs: readonly RenderedDoc[],
  container: ContainerSpec,
  external: ExternalSecrets = {},
): Record<string, string> {
  const env: Record<string, string> = {};
  for (const from of container.envFrom ?? []) {
    if (from.configMapRef) Object.assign(env, dataOf(docs, 'ConfigMap', from.configMapRef.name, external));
    if (from.secretRef) Object.assign(env, dataOf(docs, 'Secret', from.secretRef.name, external));
  }
  for (const e of container.env ?? []) {
    const ref = e.valueFrom?.secretKeyRef ?? e.valueFrom?.configMapKeyRef;
    if (ref) {
      const data = dataOf(docs, e.valueFrom?.secretKeyRef ? 'Secret' : 'ConfigMap', ref.name, external);
      const value = data[ref.key];
      if (value === undefined) throw new Error(`${e.name}: key ${ref.key} missing in ${ref.name}`);
      env[e.name] = value;
    } else env[e.name] = e.value ?? '';
  }
  return env;
}
