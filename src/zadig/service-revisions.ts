/**
 * An env service's version history as Zadig keeps it (`EnvServiceVersion`, written by every deploy, image
 * update, variable change and rollback through `CreateEnvServiceVersion`): one numbered revision per
 * change, the last 20 kept. Read by the history, diff and rollback calls of the client.
 */
import type { ContainerImage } from './types.js';

/** What recorded a revision: a normal change, or a rollback (`config.EnvOperation`). */
export type RevisionOperation = 'default' | 'rollback' | (string & {});

/** One revision of a service in an env (`ListEnvServiceVersionsResponse`). */
export interface ServiceRevision {
  serviceName: string;
  revision: number;
  containers: ContainerImage[];
  operation: RevisionOperation;
  /** The project's deploy type when it was recorded: `k8s`, `helm`, `external` (host project), `cloud_host`. */
  deployType: string;
  /** Free text stored with the change (a rollback's reason). */
  detail: string;
  /** Unix seconds. */
  createTime: number;
  /** Zadig user name of who made the change. */
  createBy: string;
}

/** One side of a diff (`DiffEnvServiceVersionsResponse`'s `_a` / `_b` fields). */
export interface RevisionSide {
  createTime: number;
  createBy: string;
  /** The rendered Kubernetes YAML (k8s services) or the full values (Helm). */
  yaml: string;
  /** The service's variables (k8s) or merged values (Helm). */
  variableYaml: string;
  containers: ContainerImage[];
}

/** Two revisions side by side. */
export interface RevisionDiff {
  /** The service type of revision A: `k8s`, `helm`, `helm_chart`, `pm`. */
  type: string;
  a: RevisionSide;
  b: RevisionSide;
}

/** Which history: a production env's, and whether the service is a Helm chart release (keyed by release name). */
export interface RevisionScope {
  production: boolean;
  /** `isHelmChart`: the service is a chart release, named by its release name. Default false. */
  helmChart?: boolean;
}
