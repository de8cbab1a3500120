/**
 * An env service's version history, the diff of two revisions and the rollback to one
 * (environment/handler/router.go: `ListEnvServiceVersions`, `DiffEnvServiceVersions`,
 * `RollbackEnvServiceVersion`). These are web UI routes under /api/aslan (an API token may call them):
 * the OpenAPI has none. Every one takes the project as `projectName`, the production flag as
 * `production=true` (anything else reads the test env of that name) and `isHelmChart`, which the
 * handlers parse with strconv.ParseBool — a missing value is a 400, so it is always sent.
 */
import type { ZadigClient } from '../api.js';
import type { HttpCore } from '../http.js';
import { revisionDiffSchema, serviceRevisionListSchema } from '../schemas/service-revisions.js';
import type { RevisionScope } from '../service-revisions.js';
import { getJson, sendVoid } from './shared.js';

type RevisionMethods = Pick<ZadigClient, 'listServiceRevisions' | 'diffServiceRevisions' | 'rollbackService'>;

const ROUTE = '/api/aslan/environment/environments/:envName/version/:serviceName';

function scopeQuery(projectKey: string, scope: RevisionScope) {
  return {
    projectName: projectKey,
    isHelmChart: scope.helmChart === true,
    // The handlers test `c.Query("production") == "true"`: leave it out for a test env.
    production: scope.production ? true : undefined,
  };
}

export function serviceRevisionMethods(http: HttpCore): RevisionMethods {
  return {
    listServiceRevisions: (projectKey, envKey, serviceName, scope) =>
      getJson(
        http,
        'GET',
        { route: ROUTE, params: { envName: envKey, serviceName }, query: scopeQuery(projectKey, scope) },
        serviceRevisionListSchema,
      ),

    diffServiceRevisions: (projectKey, envKey, serviceName, revisions, scope) =>
      getJson(
        http,
        'GET',
        {
          route: `${ROUTE}/diff`,
          params: { envName: envKey, serviceName },
          // -1 stands for the latest revision (`GetLatestRevision`).
          query: { ...scopeQuery(projectKey, scope), revisionA: revisions.a, revisionB: revisions.b },
        },
        revisionDiffSchema,
      ),

    rollbackService: (projectKey, envKey, serviceName, revision, scope) =>
      sendVoid(http, 'POST', {
        route: `${ROUTE}/rollback`,
        params: { envName: envKey, serviceName },
        query: { ...scopeQuery(projectKey, scope), revision },
        // `RollbackEnvServiceVersionRequest{detail}`: bound with ShouldBindJSON, so a body is required.
        body: { detail: scope.detail ?? '' },
      }),
  };
}
