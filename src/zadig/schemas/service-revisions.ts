/**
 * Schemas of the env service version routes (environment/handler/version.go, common/service/version.go):
 * the history (`[]ListEnvServiceVersionsResponse`) and the diff (`DiffEnvServiceVersionsResponse`).
 */
import { z } from 'zod';
import type { RevisionDiff, ServiceRevision } from '../service-revisions.js';
import { optArr, optNum, optStr, reqInt } from './common.js';
import { containerImageSchema } from './environments.js';

/** `ListEnvServiceVersionsResponse`: a revision number is what everything keys on, so it is required. */
export const serviceRevisionSchema = z
  .object({
    service_name: optStr,
    revision: reqInt,
    containers: optArr(containerImageSchema),
    operation: optStr,
    deploy_type: optStr,
    detail: optStr,
    create_time: optNum,
    create_by: optStr,
  })
  .transform(
    (r): ServiceRevision => ({
      serviceName: r.service_name,
      revision: r.revision,
      containers: r.containers,
      operation: r.operation || 'default',
      deployType: r.deploy_type,
      detail: r.detail,
      createTime: r.create_time,
      createBy: r.create_by,
    }),
  );

/** `GET …/version/:serviceName`: oldest first (`ListServiceVersions` sorts by revision ascending). */
export const serviceRevisionListSchema = z
  .preprocess((v) => (v === null ? [] : v), z.array(serviceRevisionSchema))
  .transform((list) => [...list].sort((a, b) => a.revision - b.revision));

/** `GET …/version/:serviceName/diff`. */
export const revisionDiffSchema = z
  .object({
    type: optStr,
    create_time_a: optNum,
    create_time_b: optNum,
    create_by_a: optStr,
    create_by_b: optStr,
    yaml_a: optStr,
    yaml_b: optStr,
    variable_yaml_a: optStr,
    variable_yaml_b: optStr,
    containers_a: optArr(containerImageSchema),
    containers_b: optArr(containerImageSchema),
  })
  .transform(
    (r): RevisionDiff => ({
      type: r.type,
      a: {
        createTime: r.create_time_a,
        createBy: r.create_by_a,
        yaml: r.yaml_a,
        variableYaml: r.variable_yaml_a,
        containers: r.containers_a,
      },
      b: {
        createTime: r.create_time_b,
        createBy: r.create_by_b,
        yaml: r.yaml_b,
        variableYaml: r.variable_yaml_b,
        containers: r.containers_b,
      },
    }),
  );
