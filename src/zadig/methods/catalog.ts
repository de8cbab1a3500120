/**
 * Release plans (§5), services (§7), builds, tests, scans and delivery versions (§8.1–§8.4).
 */
import type { ZadigClient } from '../api.js';
import type { HttpCore } from '../http.js';
import {
  buildDetailSchema,
  buildListSchema,
  scanListSchema,
  scanTaskSchema,
  serviceDefinitionSchema,
  serviceListSchema,
  taskIdSchema,
  testTaskSchema,
  versionListSchema,
  versionSchema,
} from '../schemas/catalog.js';
import {
  releasePlanCreatedSchema,
  releasePlanListSchema,
  releasePlanSchema,
} from '../schemas/release-plans.js';
import { getJson, pageQuery, prod } from './shared.js';

type CatalogMethods = Pick<
  ZadigClient,
  | 'listReleasePlans'
  | 'getReleasePlan'
  | 'createReleasePlan'
  | 'listServices'
  | 'getService'
  | 'listBuilds'
  | 'getBuild'
  | 'runTest'
  | 'getTestTask'
  | 'runScan'
  | 'getScanTask'
  | 'listScans'
  | 'listVersions'
  | 'getVersion'
>;

export function catalogMethods(http: HttpCore): CatalogMethods {
  return {
    listReleasePlans: (page) =>
      getJson(
        http,
        'GET',
        { route: '/openapi/release_plan/v1', query: pageQuery(page) },
        releasePlanListSchema,
      ),

    getReleasePlan: (id) =>
      getJson(http, 'GET', { route: '/openapi/release_plan/v1/:id', params: { id } }, releasePlanSchema),

    createReleasePlan: (a) =>
      getJson(
        http,
        'POST',
        {
          route: '/openapi/release_plan/v1',
          body: {
            name: a.name,
            manager: a.manager,
            manager_identity_type: a.managerIdentityType ?? 'system',
            ...(a.description !== undefined ? { description: a.description } : {}),
            ...(a.startTime !== undefined ? { start_time: a.startTime } : {}),
            ...(a.endTime !== undefined ? { end_time: a.endTime } : {}),
          },
        },
        releasePlanCreatedSchema,
      ),

    listServices: (projectKey, scope) =>
      getJson(
        http,
        'GET',
        { route: `/openapi/service/yaml${prod(scope)}/services`, query: { projectKey } },
        serviceListSchema,
      ),

    getService: (projectKey, serviceName, scope) =>
      getJson(
        http,
        'GET',
        {
          route: `/openapi/service/yaml${prod(scope)}/:serviceName`,
          params: { serviceName },
          query: { projectKey },
        },
        serviceDefinitionSchema,
      ),

    listBuilds: (projectKey, page) =>
      getJson(
        http,
        'GET',
        { route: '/openapi/build', query: { projectKey, ...pageQuery(page) } },
        buildListSchema,
      ),

    getBuild: (projectKey, buildName, opts) =>
      getJson(
        http,
        'GET',
        {
          route: '/openapi/build/:buildName/detail',
          params: { buildName },
          query: { projectKey, serviceName: opts?.serviceName, serviceModule: opts?.serviceModule },
        },
        buildDetailSchema,
      ),

    runTest: (projectKey, testName) =>
      getJson(
        http,
        'POST',
        { route: '/openapi/quality/testing/task', body: { project_key: projectKey, test_name: testName } },
        taskIdSchema,
      ),

    getTestTask: (projectKey, testName, taskId) =>
      getJson(
        http,
        'GET',
        {
          route: '/openapi/quality/testing/:testName/task/:taskId',
          params: { testName, taskId },
          query: { projectKey },
        },
        testTaskSchema,
      ),

    runScan: (projectKey, scanName, args) =>
      getJson(
        http,
        'POST',
        {
          route: '/openapi/quality/codescan/:scanName/task',
          params: { scanName },
          query: { projectKey },
          body: {
            scan_repos: args.repos.map((r) => ({
              source: r.source,
              repo_owner: r.repoOwner,
              repo_name: r.repoName,
              branch: r.branch,
              ...(r.codehostId !== undefined ? { codehost_id: r.codehostId } : {}),
              ...(r.repoNamespace !== undefined ? { repo_namespace: r.repoNamespace } : {}),
            })),
            ...(args.kvs ? { scan_kvs: args.kvs.map((kv) => ({ key: kv.key, value: kv.value })) } : {}),
          },
        },
        taskIdSchema,
      ),

    getScanTask: (projectKey, scanName, taskId) =>
      getJson(
        http,
        'GET',
        {
          route: '/openapi/quality/codescan/:scanName/task/:taskId',
          params: { scanName, taskId },
          query: { projectKey },
        },
        scanTaskSchema,
      ),

    // The web UI's list (workflow/testing/handler/scanning.go ListScanningModule); API tokens may call it.
    listScans: (projectKey) =>
      getJson(
        http,
        'GET',
        { route: '/api/aslan/testing/scanning', query: { projectName: projectKey } },
        scanListSchema,
      ),

    listVersions: (projectKey, page) =>
      getJson(
        http,
        'GET',
        { route: '/openapi/delivery/releases', query: { projectKey, ...pageQuery(page) } },
        versionListSchema,
      ),

    // OpenAPIGetDeliveryVersion answers 400 "projectKey can't be empty!" without it.
    getVersion: (projectKey, id) =>
      getJson(
        http,
        'GET',
        { route: '/openapi/delivery/releases/:id', params: { id }, query: { projectKey } },
        versionSchema,
      ),
  };
}
