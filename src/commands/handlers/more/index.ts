/**
 * The handlers of the rest of Zadig from chat (services, builds, tests, scans, versions, images,
 * variables, events, clusters, registries, users, members, roles, operation log, plan create, digest).
 * handlers/index.ts spreads MORE_HANDLERS into its registry.
 */
import type { Handler } from '../../context.js';
import { buildDetail } from './build-detail.js';
import { createPlan } from './create-plan.js';
import { digest } from './digest.js';
import { kubeEvents } from './kube-events.js';
import { listBuilds } from './list-builds.js';
import { listClusters } from './list-clusters.js';
import { listMembers } from './list-members.js';
import { listRegistries } from './list-registries.js';
import { listRoles } from './list-roles.js';
import { listServices } from './list-services.js';
import { listUsers } from './list-users.js';
import { listVars } from './list-vars.js';
import { listVersions } from './list-versions.js';
import { operationLog } from './operation-log.js';
import { runScan } from './run-scan.js';
import { runTest } from './run-test.js';
import { serviceDetail } from './service-detail.js';
import { setImage } from './set-image.js';
import { setVar } from './set-var.js';
import { versionDetail } from './version-detail.js';

/** One handler per intent of this group. */
export const MORE_HANDLERS: Handler<any>[] = [
  listServices,
  serviceDetail,
  listBuilds,
  buildDetail,
  runTest,
  runScan,
  listVersions,
  versionDetail,
  setImage,
  listVars,
  setVar,
  kubeEvents,
  listClusters,
  listRegistries,
  listUsers,
  listMembers,
  listRoles,
  operationLog,
  createPlan,
  digest,
];
