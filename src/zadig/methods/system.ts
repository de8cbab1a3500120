/**
 * System lists (clusters, registries, users, roles, operation logs) and insight statistics (§8.6–§8.10).
 */
import type { StatsRange, ZadigClient } from '../api.js';
import type { HttpCore } from '../http.js';
import {
  buildStatsSchema,
  deployStatsSchema,
  overviewSchema,
  releaseStatsSchema,
  testStatsSchema,
} from '../schemas/stats.js';
import {
  clusterListSchema,
  operationLogsSchema,
  registryListSchema,
  roleBindingListSchema,
  roleListSchema,
  userListSchema,
} from '../schemas/system.js';
import { getJson, pageQuery } from './shared.js';

type SystemMethods = Pick<
  ZadigClient,
  | 'listClusters'
  | 'listRegistries'
  | 'listUsers'
  | 'listRoles'
  | 'listRoleBindings'
  | 'listOperationLogs'
  | 'statsOverview'
  | 'statsBuild'
  | 'statsDeploy'
  | 'statsTest'
  | 'statsRelease'
>;

/** Most rows read to apply the filter Zadig could not (project with user): a bounded look back. */
const OPLOG_WINDOW = 200;

/**
 * `OpenAPIGetOperationLogs` / `OpenAPIGetEnvOperationLogs` (system/handler/openapi.go): `searchType`
 * picks exactly ONE filter and ignores the other values sent; `project` and `user` are regexes
 * (`FindOperation`). So the user is asked of Zadig and the exact project is checked here, over a bounded
 * window when both are given; `total` then counts what that window holds.
 */
async function listOperationLogs(
  http: HttpCore,
  a: Parameters<ZadigClient['listOperationLogs']>[0],
): ReturnType<ZadigClient['listOperationLogs']> {
  const page = a.page ?? 1;
  const perPage = a.perPage ?? 20;
  if (a.envKey) {
    // The env variant always keeps the exact project and env (ExactProduct, TargetID).
    return getJson(
      http,
      'GET',
      {
        route: '/openapi/system/operation/env',
        query: {
          projectKey: a.projectKey,
          envName: a.envKey,
          searchType: a.username ? 'user' : 'all',
          username: a.username,
          page,
          perPage,
        },
      },
      operationLogsSchema,
    );
  }
  const searchType = a.username ? 'user' : a.projectKey ? 'project' : 'all';
  const both = Boolean(a.username && a.projectKey);
  const res = await getJson(
    http,
    'GET',
    {
      route: '/openapi/system/operation',
      query: {
        searchType,
        projectKey: a.projectKey,
        username: a.username,
        page: both ? 1 : page,
        perPage: both ? OPLOG_WINDOW : perPage,
      },
    },
    operationLogsSchema,
  );
  if (!a.projectKey) return res;
  const exact = res.logs.filter((l) => l.projectKey === a.projectKey);
  if (!both) return { total: res.total - (res.logs.length - exact.length), logs: exact };
  return { total: exact.length, logs: exact.slice((page - 1) * perPage, page * perPage) };
}

/**
 * Build/deploy/test stats query: `OpenAPIGet{Build,Deploy,Test}StatArgs` bind `startDate`, `endDate`
 * and `projectKey` (the docs' `productNames` is read by nothing).
 */
function statsQuery(range: StatsRange | undefined) {
  return { startDate: range?.startDate, endDate: range?.endDate, projectKey: range?.projectKey };
}

export function systemMethods(http: HttpCore): SystemMethods {
  return {
    listClusters: () => getJson(http, 'GET', { route: '/openapi/system/cluster' }, clusterListSchema),

    listRegistries: () => getJson(http, 'GET', { route: '/openapi/system/registry' }, registryListSchema),

    listUsers: (args) =>
      getJson(
        http,
        'GET',
        { route: '/openapi/users', query: { ...pageQuery(args), account: args?.account, name: args?.name } },
        userListSchema,
      ),

    listRoles: (projectKey) =>
      getJson(
        http,
        'GET',
        { route: '/openapi/policy/roles', query: { namespace: projectKey } },
        roleListSchema,
      ),

    listRoleBindings: (projectKey) =>
      getJson(
        http,
        'GET',
        { route: '/openapi/policy/role-bindings', query: { namespace: projectKey } },
        roleBindingListSchema,
      ),

    listOperationLogs: (a) => listOperationLogs(http, a),

    statsOverview: () => getJson(http, 'GET', { route: '/openapi/statistics/overview' }, overviewSchema),

    statsBuild: (range) =>
      getJson(
        http,
        'GET',
        { route: '/openapi/statistics/build', query: statsQuery(range) },
        buildStatsSchema,
      ),

    statsDeploy: (range) =>
      getJson(
        http,
        'GET',
        { route: '/openapi/statistics/deploy', query: statsQuery(range) },
        deployStatsSchema,
      ),

    statsTest: (range) =>
      getJson(http, 'GET', { route: '/openapi/statistics/test', query: statsQuery(range) }, testStatsSchema),

    statsRelease: (range) =>
      getJson(
        http,
        'GET',
        {
          route: '/openapi/statistics/v2/release',
          // getStatReqV2 binds startTime, endTime (both required) and projectKey; the docs' snake_case is read by nothing.
          query: { startTime: range.startDate, endTime: range.endDate, projectKey: range.projectKey },
        },
        releaseStatsSchema,
      ),
  };
}
