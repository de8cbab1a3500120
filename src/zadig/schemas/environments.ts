/**
 * Schemas for environments (§4): list, detail, service workloads, global variables, kube events.
 * Env ids: the source sends `env_key` (+ camelCase `envName` alias in the list, `env_name` alias in the
 * detail); the docs send `env_name` as the id. Read `env_key ?? env_name`.
 */
import { z } from 'zod';
import type { KubeEvent } from '../api.js';
import { shownVariableValue } from '../environment-variables.js';
import type {
  ContainerImage,
  EnvBrief,
  EnvDetail,
  EnvService,
  EnvVariable,
  Pod,
  PodContainer,
  ServiceWorkloads,
  Workload,
} from '../types.js';
import { firstStr, optArr, optBool, optNum, optStr, optStrList } from './common.js';

/** An env must carry one of its id fields. */
function requireEnvId(r: { env_key: string; env_name: string }, ctx: z.RefinementCtx): void {
  if (!r.env_key && !r.env_name) ctx.addIssue({ code: 'custom', message: 'env_key or env_name is required' });
}

export const envBriefSchema = z
  .object({
    env_key: optStr,
    env_name: optStr,
    envName: optStr,
    cluster_id: optStr,
    namespace: optStr,
    production: optBool,
    registry_id: optStr,
    status: optStr,
    update_by: optStr,
    update_time: optNum,
  })
  .superRefine(requireEnvId)
  .transform((r): EnvBrief => {
    const key = firstStr(r.env_key, r.env_name);
    return {
      key,
      name: firstStr(r.envName, r.env_name, key),
      clusterId: r.cluster_id,
      namespace: r.namespace,
      production: r.production,
      registryId: r.registry_id,
      status: r.status.toLowerCase(),
      updateBy: r.update_by,
      updateTime: r.update_time,
    };
  });

/** `GET /openapi/environments[/production]`. */
export const envListSchema = z.array(envBriefSchema);

/** One `commontypes.GlobalVariableKV`; `value` is interface{} on the server (a bool stays a bool). */
export const envVariableSchema = z
  .object({
    key: z.string(),
    value: z.unknown().optional().transform(shownVariableValue),
    type: optStr,
    options: optStrList,
    desc: optStr,
    description: optStr,
    related_services: optStrList,
  })
  .transform(
    (r): EnvVariable => ({
      key: r.key,
      value: r.value,
      type: r.type || 'string',
      options: r.options,
      description: r.desc || r.description,
      relatedServices: r.related_services,
    }),
  );

/** `GET /openapi/environments[/production]/:envName/variable`. */
export const envVariablesSchema = z.array(envVariableSchema);

export const containerImageSchema = z
  .object({ name: optStr, image: optStr, image_name: optStr })
  .transform((r): ContainerImage => ({ name: r.name, image: r.image, imageName: r.image_name || r.name }));

const envService = z
  .object({
    service_name: z.string().min(1),
    status: optStr,
    type: optStr,
    containers: optArr(containerImageSchema),
  })
  .transform(
    (r): EnvService => ({
      serviceName: r.service_name,
      status: r.status.toLowerCase(),
      type: r.type,
      containers: r.containers,
    }),
  );

/** `GET /openapi/environments[/production]/:envName`. The detail has no `production` flag: the caller supplies it. */
export function envDetailSchema(production: boolean) {
  return z
    .object({
      project_key: optStr,
      env_key: optStr,
      env_name: optStr,
      envName: optStr,
      production: z.boolean().optional().catch(undefined),
      status: optStr,
      namespace: optStr,
      cluster_id: optStr,
      registry_id: optStr,
      update_by: optStr,
      update_time: optNum,
      global_variables: optArr(envVariableSchema),
      services: optArr(envService),
    })
    .superRefine(requireEnvId)
    .transform((r): EnvDetail => {
      const key = firstStr(r.env_key, r.env_name);
      return {
        projectKey: r.project_key,
        key,
        name: firstStr(r.env_key ? r.env_name : '', r.envName, key),
        production: r.production ?? production,
        status: r.status.toLowerCase(),
        namespace: r.namespace,
        clusterId: r.cluster_id,
        registryId: r.registry_id,
        updateBy: r.update_by,
        updateTime: r.update_time,
        globalVariables: r.global_variables,
        services: r.services,
      };
    });
}

const podContainer = z
  .object({
    name: optStr,
    image: optStr,
    restart_count: optNum,
    status: optStr,
    ready: optBool,
    message: optStr,
    reason: optStr,
  })
  .transform(
    (r): PodContainer => ({
      name: r.name,
      image: r.image,
      restartCount: r.restart_count,
      status: r.status,
      ready: r.ready,
      message: r.message,
      reason: r.reason,
    }),
  );

const pod = z
  .object({
    name: z.string().min(1),
    status: optStr,
    age: optStr,
    createtime: optNum,
    create_time: optNum,
    ip: optStr,
    node_name: optStr,
    pod_ready: z.boolean().optional().catch(undefined),
    containers: optArr(podContainer),
  })
  .transform(
    (r): Pod => ({
      name: r.name,
      status: r.status,
      age: r.age,
      createTime: r.createtime || r.create_time,
      ip: r.ip,
      nodeName: r.node_name,
      ready: r.pod_ready ?? (r.containers.length > 0 && r.containers.every((c) => c.ready)),
      containers: r.containers,
    }),
  );

const workload = z
  .object({
    name: z.string().min(1),
    type: optStr,
    replicas: optNum,
    images: optArr(containerImageSchema),
    pods: optArr(pod),
  })
  .transform(
    (r): Workload => ({ name: r.name, type: r.type, replicas: r.replicas, images: r.images, pods: r.pods }),
  );

/** A `resource.CronJob` (pkg/shared/kube/resource/cron_job.go): no type, no replicas of its own. */
const cronJob = z
  .object({ name: z.string().min(1), images: optArr(containerImageSchema), pods: optArr(pod) })
  .transform(
    (r): Workload => ({ name: r.name, type: 'CronJob', replicas: 0, images: r.images, pods: r.pods }),
  );

/**
 * `GET /openapi/environments[/production]/:envName/services/:serviceName`: `OpenAPIGetServiceResponse`
 * (environment/handler/service.go). Deployments and StatefulSets come in `scales`, CronJobs in
 * `cron_jobs` (`GetServiceImpl`; `workLoadType` only narrows helm services).
 */
export const serviceWorkloadsSchema = z
  .object({
    service_name: optStr,
    env_name: optStr,
    namespace: optStr,
    product_name: optStr,
    project_key: optStr,
    scales: optArr(workload),
    cron_jobs: optArr(cronJob),
  })
  .transform(
    (r): ServiceWorkloads => ({
      serviceName: r.service_name,
      envName: r.env_name,
      namespace: r.namespace,
      projectKey: r.product_name || r.project_key,
      workloads: [...r.scales, ...r.cron_jobs],
    }),
  );

const kubeEvent = z
  .object({
    reason: optStr,
    message: optStr,
    first_seen: optNum,
    last_seen: optNum,
    count: optNum,
    type: optStr,
  })
  .transform(
    (r): KubeEvent => ({
      reason: r.reason,
      message: r.message,
      firstSeen: r.first_seen,
      lastSeen: r.last_seen,
      count: r.count,
      type: r.type,
    }),
  );

/** `GET /openapi/environments/kube/events`: an array (the docs wrap it in an object; take its array value). */
export const kubeEventsSchema = z.preprocess((v) => {
  if (Array.isArray(v)) return v;
  if (v === null) return [];
  if (typeof v === 'object') return Object.values(v).find(Array.isArray) ?? [];
  return v;
}, z.array(kubeEvent));
