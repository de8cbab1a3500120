/**
 * The code host routes of the web UI (`code/handler/router.go`, group `codehost`) the bot reads:
 * a branch's commits (`CodeHostGetCommits` → `code/service/commit.go` `CodeHostListCommits`).
 */
import { commitJson } from '../code-commits.js';
import type { SandboxCore } from '../core.js';
import { Errs, PlainError } from '../errors.js';
import { type Ctx, q, type Route } from '../http-kit.js';

/** `CodeHostGetPageNateListArgs` binding: `form:"page,default=1"` / `form:"per_page,default=100"`. */
function pageArg(ctx: Ctx, name: string, def: number): number {
  const raw = q(ctx, name);
  if (raw === '') return def;
  if (!/^-?\d+$/.test(raw)) {
    throw Errs.badRequest(`strconv.ParseInt: parsing "${raw}": invalid syntax`);
  }
  return Number.parseInt(raw, 10);
}

/**
 * `CodeHostGetCommits`: no permission check (NewContext); `repoNamespace` and `repoName` required
 * (ErrInvalidParam "empty …"), `branchName` the branch; `%2F` in the namespace means `/`. The code host
 * is read by id (`systemconfig GetCodeHost`: an unknown id is a plain mongo error), a host of type
 * `other` lists nothing.
 */
function listCommits(ctx: Ctx, core: SandboxCore) {
  const id = Number.parseInt(ctx.params.codehostId ?? '', 10) || 0;
  const page = pageArg(ctx, 'page', 1);
  const perPage = pageArg(ctx, 'per_page', 100);
  const namespace = q(ctx, 'repoNamespace').replaceAll('%2F', '/');
  const name = q(ctx, 'repoName');
  if (namespace === '') throw Errs.badRequest('empty repoNamespace');
  if (name === '') throw Errs.badRequest('empty repoName');
  const host = core.state.codeHosts.find((c) => c.id === id);
  if (!host) throw new PlainError('mongo: no documents in result');
  if (host.type === 'other') return [];
  return core.state.commits
    .list({ codehostId: id, namespace, name, branch: q(ctx, 'branchName') }, page, perPage)
    .map(commitJson);
}

export function codeHostRoutes(): Route[] {
  return [{ method: 'GET', pattern: '/api/aslan/code/codehost/:codehostId/commits', handler: listCommits }];
}
