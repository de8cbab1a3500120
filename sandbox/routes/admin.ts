/**
 * Admin routes (reference §8.4–§8.10; Zadig's system, user, policy and delivery APIs): clusters,
 * registries, users, roles and role bindings, operation logs, delivery versions (professional licence).
 */
import type { SandboxCore } from '../core.js';
import { Errs, PlainError, ZadigTypedError } from '../errors.js';
import { type Ctx, page, q, qInt, type Route } from '../http-kit.js';
import { permsOf } from '../seed-users.js';

const ROLES = [
  { name: 'project-admin', desc: 'Project administrator', type: 'system' },
  { name: 'read-only', desc: 'Read everything in the project', type: 'system' },
  { name: 'read-project-only', desc: 'Read the project only', type: 'system' },
  { name: 'deployer', desc: 'Run workflows and manage test pods', type: 'custom' },
];

function roleOf(core: SandboxCore, account: string, projectKey: string): string | null {
  const u = core.state.userByAccount(account);
  if (!u) return null;
  const p = u.systemAdmin ? null : permsOf(u, projectKey);
  if (u.systemAdmin) return 'project-admin';
  if (!p) return null;
  if (p.admin) return 'project-admin';
  return p.execute ? 'deployer' : 'read-only';
}

/** gin `binding:"required"` on an int query: absent, not a number or 0 → 400. */
function requiredPage(ctx: Ctx, name: string): number {
  const raw = ctx.query.get(name);
  if (!raw || !/^\d+$/.test(raw) || raw === '0') throw Errs.badRequest(`${name} is required`);
  return Number.parseInt(raw, 10);
}

/** `e.ErrFindOperationLog` (6652) with the Go error as description. */
const opLogError = (desc: string) => new ZadigTypedError(6652, '获取操作日志列表失败', desc);

/** `strconv.Atoi` of a query value; 0 means "use the default". */
function atoi(ctx: Ctx, name: string, def: number): number {
  const raw = q(ctx, name);
  if (!/^[+-]?\d+$/.test(raw)) throw opLogError(`strconv.Atoi: parsing "${raw}": invalid syntax`);
  const n = Number.parseInt(raw, 10);
  return n === 0 ? def : n;
}

/**
 * `OpenAPIGetOperationLogs` / `OpenAPIGetEnvOperationLogs` (system/handler/openapi.go): system admins only
 * (the sandbox's bot read user too, as for the user list); `searchType` picks exactly ONE filter, the
 * others sent along are ignored (`FindOperation`: project and user are regexes); the env variant always
 * keeps the exact project and the env.
 */
function opLogs(env: boolean) {
  return (ctx: Ctx, core: SandboxCore) => {
    if (!ctx.user.systemAdmin && !ctx.user.canListUsers) throw Errs.forbidden();
    const perPage = atoi(ctx, 'perPage', 50);
    const pageNum = atoi(ctx, 'page', 1);
    const searchType = q(ctx, 'searchType');
    const allowed = env
      ? ['all', 'user', 'function', 'status', 'detail']
      : ['all', 'project', 'user', 'function', 'status'];
    if (!allowed.includes(searchType)) throw opLogError(`invalid search type: ${searchType}`);
    const value = (name: string) => q(ctx, name);
    const matches = (l: SandboxCore['state']['opLogs'][number]): boolean => {
      if (env && (l.projectKey !== value('projectKey') || l.envName !== value('envName'))) return false;
      switch (searchType) {
        case 'project':
          return l.projectKey.includes(value('projectKey'));
        case 'user':
          return l.username.includes(value('username'));
        case 'function':
          return l.function.includes(value('function'));
        case 'status':
          return String(l.status) === value('status');
        case 'detail':
          return l.detail.includes(value('detail'));
        default:
          return true;
      }
    };
    const all = core.state.opLogs.filter(matches).sort((a, b) => b.createdAt - a.createdAt);
    return {
      operation_logs: page(all, pageNum, perPage).map((l) => ({
        username: l.username,
        project_key: l.projectKey,
        method: l.method,
        function: l.function,
        scene: l.scene,
        targets: [...l.targets],
        detail: l.detail,
        request_body: l.requestBody,
        body_type: l.requestBody ? 'json' : '',
        status: l.status,
        created_at: l.createdAt,
      })),
      total: all.length,
    };
  };
}

/**
 * `OpenAPIDeliveryVersionInfo`. The list (`OpenAPIListDeliveryVersion`) fills neither labels nor
 * progress (nil → `[]` / null); the detail (`OpenAPIGetDeliveryVersion`) fills both.
 */
function versionJson(v: SandboxCore['state']['versions'][number], detail: boolean) {
  return {
    id: v.id,
    version_name: v.versionName,
    type: v.type,
    status: v.status,
    labels: detail ? [...v.labels] : [],
    description: v.description,
    progress: detail
      ? { success_count: v.images.length, total_count: v.images.length, upload_status: '', error: '' }
      : null,
    created_by: v.createdBy,
    create_time: v.createTime,
  };
}

export function systemRoutes(): Route[] {
  const registry = (r: SandboxCore['state']['registries'][number]) => ({
    registry_id: r.id,
    address: r.address,
    provider: r.provider,
    region: r.region,
    namespace: r.namespace,
    is_default: r.isDefault,
  });
  return [
    {
      method: 'GET',
      pattern: '/openapi/system/cluster',
      handler: (ctx, core) =>
        core.state.clusters
          .filter((c) => !q(ctx, 'projectName') || c.projectNames.includes(q(ctx, 'projectName')))
          .map((c) => ({
            cluster_id: c.id,
            name: c.name,
            production: c.production,
            description: c.description,
            provider: c.provider,
            provider_name: c.providerName,
            created_by: c.createdBy,
            created_time: c.createdTime,
            local: c.local,
            status: c.status,
            type: c.type,
            project_names: [...c.projectNames],
          })),
    },
    {
      method: 'GET',
      pattern: '/openapi/system/registry',
      handler: (_ctx, core) => core.state.registries.map(registry),
    },
    {
      method: 'GET',
      pattern: '/openapi/system/registry/:id',
      handler: (ctx, core) => {
        const r = core.state.registries.find((x) => x.id === ctx.params.id);
        if (!r) throw Errs.notFound();
        return registry(r);
      },
    },
    {
      method: 'GET',
      pattern: '/openapi/users',
      handler: (ctx, core) => {
        if (!ctx.user.canListUsers) throw Errs.forbidden();
        const account = q(ctx, 'account').toLowerCase();
        const name = q(ctx, 'name').toLowerCase();
        const all = core.state.users.filter(
          (u) =>
            (!account || u.account.toLowerCase().includes(account)) &&
            (!name || u.name.toLowerCase().includes(name)),
        );
        const size = qInt(ctx, 'pageSize', 0);
        const shown = size > 0 ? page(all, qInt(ctx, 'pageNum', 1), size) : all;
        return {
          users: shown.map((u) => ({
            uid: u.uid,
            account: u.account,
            name: u.name,
            identity_type: u.identityType,
          })),
          total_count: all.length,
        };
      },
    },
    {
      method: 'GET',
      pattern: '/openapi/users/:uid',
      handler: (ctx, core) => {
        if (!ctx.user.systemAdmin && ctx.user.uid !== ctx.params.uid) throw Errs.forbidden();
        const u = core.state.userByUid(ctx.params.uid ?? '');
        if (!u) throw new PlainError('record not found');
        return {
          last_login_time: 0,
          uid: u.uid,
          name: u.name,
          identity_type: u.identityType,
          email: u.email,
          phone: u.phone,
          account: u.account,
        };
      },
    },
    {
      method: 'GET',
      pattern: '/openapi/policy/roles',
      handler: (ctx) =>
        ROLES.map((r) => ({
          id: `${q(ctx, 'namespace')}-${r.name}`,
          name: r.name,
          namespace: q(ctx, 'namespace'),
          desc: r.desc,
          type: r.type,
        })),
    },
    {
      method: 'GET',
      pattern: '/openapi/policy/role-bindings',
      handler: (ctx, core) =>
        core.state.users.flatMap((u) => {
          const role = roleOf(core, u.account, q(ctx, 'namespace'));
          if (!role || !core.state.project(q(ctx, 'namespace'))) return [];
          return [
            {
              binding_type: 'user',
              user_info: { identity_type: u.identityType, uid: u.uid, account: u.account, username: u.name },
              roles: [role],
            },
          ];
        }),
    },
    { method: 'GET', pattern: '/openapi/system/operation', handler: opLogs(false) },
    { method: 'GET', pattern: '/openapi/system/operation/env', handler: opLogs(true) },
    {
      method: 'GET',
      pattern: '/openapi/delivery/releases',
      license: 'professional',
      handler: (ctx, core) => {
        const projectKey = q(ctx, 'projectKey');
        if (!projectKey) throw Errs.badRequest('projectKey is required');
        const pageNum = requiredPage(ctx, 'pageNum');
        const pageSize = requiredPage(ctx, 'pageSize');
        const all = core.state.versions
          .filter((v) => v.projectKey === projectKey)
          .sort((a, b) => b.createTime - a.createTime);
        return { list: page(all, pageNum, pageSize).map((v) => versionJson(v, false)), total: all.length };
      },
    },
    {
      method: 'GET',
      pattern: '/openapi/delivery/releases/:id',
      license: 'professional',
      // OpenAPIGetDeliveryVersion: projectKey is required (it only picks the permission to check; the
      // version is read by id alone).
      handler: (ctx, core) => {
        if (!q(ctx, 'projectKey')) throw Errs.badRequest("projectKey can't be empty!");
        const v = core.state.versions.find((x) => x.id === ctx.params.id);
        if (!v) throw Errs.notFound();
        return {
          version_info: versionJson(v, true),
          deploy_infos: v.images.map((i, n) => ({
            id: `${v.id.slice(0, 20)}${String(n).padStart(4, '0')}`,
            service_name: i.serviceName,
            service_module: i.serviceModule,
            image: i.image,
            image_name: i.serviceModule,
            registry_id: core.state.registries[0]?.id ?? '',
            create_time: v.createTime,
          })),
          distribute_infos: [],
        };
      },
    },
  ];
}
