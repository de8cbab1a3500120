/**
 * Schemas for system-level lists (§8.6–§8.10): clusters, registries, users, roles, role bindings,
 * operation logs.
 */
import { z } from 'zod';
import type { Cluster, OperationLog, Registry, Role, RoleBinding } from '../api.js';
import type { ZadigUser } from '../types.js';
import { firstStr, optArr, optBool, optNum, optRecord, optStr, optStrList } from './common.js';

/** Clusters: `cluster_id` (docs/source), `id` tolerated. */
export const clusterListSchema = z.array(
  z
    .object({
      cluster_id: optStr,
      id: optStr,
      name: z.string(),
      production: optBool,
      provider: optNum,
      status: optStr,
      type: optStr,
      project_names: optStrList,
    })
    .transform(
      (r): Cluster => ({
        id: r.cluster_id || r.id,
        name: r.name,
        production: r.production,
        provider: r.provider,
        status: r.status,
        type: r.type,
        projectNames: r.project_names,
      }),
    ),
);

export const registrySchema = z
  .object({
    registry_id: optStr,
    id: optStr,
    address: z.string(),
    provider: optStr,
    namespace: optStr,
    region: optStr,
    is_default: optBool,
  })
  .superRefine((r, ctx) => {
    if (!r.registry_id && !r.id) ctx.addIssue({ code: 'custom', message: 'registry_id is required' });
  })
  .transform(
    (r): Registry => ({
      id: r.registry_id || r.id,
      address: r.address,
      provider: r.provider,
      namespace: r.namespace,
      region: r.region,
      isDefault: r.is_default,
    }),
  );

/** `GET /openapi/system/registry`. */
export const registryListSchema = z.array(registrySchema);

const user = z
  .object({ uid: z.string().min(1), account: optStr, name: optStr, identity_type: optStr })
  .transform(
    (r): ZadigUser => ({
      uid: r.uid,
      account: r.account,
      name: r.name || r.account,
      identityType: r.identity_type,
    }),
  );

/** `GET /openapi/users`: note `total_count`. */
export const userListSchema = z
  .object({ users: optArr(user), total_count: optNum, total: optNum })
  .transform((r) => ({ total: r.total_count || r.total, users: r.users }));

/** `GET /openapi/policy/roles?namespace=`. */
export const roleListSchema = z.array(
  z
    .object({ name: z.string(), namespace: optStr, desc: optStr, description: optStr, type: optStr })
    .transform(
      (r): Role => ({
        name: r.name,
        namespace: r.namespace,
        description: r.desc || r.description,
        type: r.type,
      }),
    ),
);

/** `GET /openapi/policy/role-bindings?namespace=`: user or group bindings. */
export const roleBindingListSchema = z.array(
  z
    .object({ binding_type: optStr, user_info: optRecord, group_info: optRecord, roles: optStrList })
    .transform((r): RoleBinding => {
      const u = r.user_info;
      const g = r.group_info;
      return {
        bindingType: r.binding_type || (Object.keys(g).length > 0 ? 'group' : 'user'),
        uid: firstStr(u.uid, g.group_id),
        account: firstStr(u.account),
        name: firstStr(u.username, u.name, g.name, u.account),
        roles: r.roles,
      };
    }),
);

const opLog = z
  .object({
    username: optStr,
    project_key: optStr,
    method: optStr,
    function: optStr,
    scene: optStr,
    targets: optStrList,
    detail: optStr,
    status: optNum,
    created_at: optNum,
  })
  .transform(
    (r): OperationLog => ({
      username: r.username,
      projectKey: r.project_key,
      method: r.method,
      function: r.function,
      scene: r.scene,
      targets: r.targets,
      detail: r.detail,
      status: r.status,
      createdAt: r.created_at,
    }),
  );

/** `GET /openapi/system/operation[/env]`. */
export const operationLogsSchema = z
  .object({ operation_logs: optArr(opLog), total: optNum })
  .transform((r) => ({ total: r.total, logs: r.operation_logs }));
