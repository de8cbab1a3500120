/**
 * Environments: list, detail, workloads, restart, scale, container logs, variables, images, events
 * (reference §4). Production envs live under `/openapi/environments/production/...`.
 */
import type { ZadigClient } from '../api.js';
import type { HttpCore } from '../http.js';
import {
  envDetailSchema,
  envListSchema,
  envVariablesSchema,
  kubeEventsSchema,
  serviceWorkloadsSchema,
} from '../schemas/environments.js';
import { setEnvVariable } from './environment-variables.js';
import { getJson, prod, sendVoid, sseLines } from './shared.js';

type EnvMethods = Pick<
  ZadigClient,
  | 'listEnvs'
  | 'getEnv'
  | 'getEnvService'
  | 'restartService'
  | 'scaleService'
  | 'streamContainerLog'
  | 'getEnvVariables'
  | 'setEnvVariable'
  | 'updateImage'
  | 'listKubeEvents'
>;

export function environmentMethods(http: HttpCore): EnvMethods {
  return {
    listEnvs: (projectKey, scope) =>
      getJson(
        http,
        'GET',
        { route: `/openapi/environments${prod(scope)}`, query: { projectKey } },
        envListSchema,
      ),

    getEnv: (projectKey, envKey, scope) =>
      getJson(
        http,
        'GET',
        {
          route: `/openapi/environments${prod(scope)}/:envName`,
          params: { envName: envKey },
          query: { projectKey },
        },
        envDetailSchema(scope?.production === true),
      ),

    getEnvService: (projectKey, envKey, serviceName, opts) =>
      getJson(
        http,
        'GET',
        {
          route: `/openapi/environments${prod(opts)}/:envName/services/:serviceName`,
          params: { envName: envKey, serviceName },
          query: { projectKey, workLoadType: opts?.workloadType },
        },
        serviceWorkloadsSchema,
      ),

    restartService: (projectKey, envKey, serviceName, scope) =>
      sendVoid(http, 'POST', {
        route: `/openapi/environments${prod(scope)}/:envName/service/:serviceName/restart`,
        params: { envName: envKey, serviceName },
        query: { projectKey },
      }),

    scaleService: (a) =>
      sendVoid(http, 'POST', {
        route: '/openapi/environments/scale',
        body: {
          project_key: a.projectKey,
          env_key: a.envKey,
          workload_name: a.workloadName,
          workload_type: a.workloadType,
          target_replicas: a.replicas,
        },
      }),

    streamContainerLog: (args, opts = {}) =>
      sseLines(
        http,
        {
          route: '/openapi/logs/sse/pods/:podName/containers/:containerName',
          params: { podName: args.pod, containerName: args.container },
          // `tails` is optional in the source (default 10) but required by the docs: always send it.
          query: { projectKey: args.projectKey, envName: args.envKey, tails: args.tails },
        },
        opts,
      ),

    getEnvVariables: (projectKey, envKey, scope) =>
      getJson(
        http,
        'GET',
        {
          route: `/openapi/environments${prod(scope)}/:envName/variable`,
          params: { envName: envKey },
          query: { projectKey },
        },
        envVariablesSchema,
      ),

    setEnvVariable: (projectKey, envKey, key, value, scope) =>
      setEnvVariable(http, projectKey, envKey, key, value, scope),

    // The web UI's route (environment/handler/image.go `Update*ContainerImage`), not the OpenAPI one:
    // `OpenAPIUpdate*ContainerImage` looks envs up with Production:false (a production env is "not
    // found") and its deployment variant lets the collaboration check overwrite the project rights, so
    // only system admins pass. API tokens may call /api/aslan routes (the gateway treats them alike).
    updateImage: (u) =>
      sendVoid(http, 'POST', {
        route: `/api/aslan/environment/image/${u.workloadType}/:envName`,
        params: { envName: u.envKey },
        // `production` is read from the query, and for deployments re-bound from the body: send both.
        query: { projectName: u.projectKey, production: u.production },
        // The path env is ignored by Zadig; the body's env_name is the one used (UpdateContainerImageArgs).
        body: {
          product_name: u.projectKey,
          env_name: u.envKey,
          service_name: u.serviceName,
          name: u.workloadName,
          container_name: u.containerName,
          image: u.image,
          production: u.production,
        },
      }),

    listKubeEvents: (a) =>
      getJson(
        http,
        'GET',
        {
          route: '/openapi/environments/kube/events',
          query: { projectKey: a.projectKey, envName: a.envKey, name: a.name, type: a.type },
        },
        kubeEventsSchema,
      ),
  };
}
