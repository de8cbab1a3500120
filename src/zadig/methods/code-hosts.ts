/**
 * The code host routes of the web UI (`code/handler/router.go`, behind the gateway's `/api/aslan`, where
 * API tokens are accepted as on `/openapi`). `CodeHostGetCommits` checks no permission (`NewContext`):
 * any valid token may list a branch's commits through Zadig's own code host credentials.
 */
import type { ZadigClient } from '../api.js';
import type { HttpCore } from '../http.js';
import { codehostCommitsSchema } from '../schemas/code-hosts.js';
import { getJson } from './shared.js';

type CodeHostMethods = Pick<ZadigClient, 'listBranchCommits'>;

export function codeHostMethods(http: HttpCore): CodeHostMethods {
  return {
    // CodeHostGetCommits: `repoNamespace` and `repoName` are required (6xxx invalid param otherwise),
    // `branchName` is the branch, `page`/`per_page` default to 1/100 (CodeHostGetPageNateListArgs).
    // The answer is newest first, as GitHub's and GitLab's commit lists are.
    listBranchCommits: ({ codehostId, namespace, repo, branch, perPage }) =>
      getJson(
        http,
        'GET',
        {
          route: '/api/aslan/code/codehost/:codehostId/commits',
          params: { codehostId: String(codehostId) },
          query: {
            repoNamespace: namespace,
            repoName: repo,
            branchName: branch,
            page: 1,
            per_page: perPage ?? 50,
          },
        },
        codehostCommitsSchema,
      ),
  };
}
