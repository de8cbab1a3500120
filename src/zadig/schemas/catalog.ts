/**
 * Schemas for services (§7), builds (§8.1), tests (§8.2), code scans (§8.3) and delivery versions (§8.4).
 */
import { z } from 'zod';
import type {
  BuildBrief,
  BuildDetail,
  DeliveryVersion,
  DeliveryVersionBrief,
  ScanDefinition,
  ScanTask,
  ServiceBrief,
  ServiceDefinition,
  TestTask,
} from '../api.js';
import { shownVariableValue } from '../environment-variables.js';
import { optArr, optBool, optNum, optObj, optRecord, optStr, optStrList, reqInt, reqStr } from './common.js';
import { containerImageSchema } from './environments.js';

const serviceBrief = z
  .object({ service_name: reqStr, source: optStr, type: optStr, containers: optArr(containerImageSchema) })
  .transform(
    (r): ServiceBrief => ({
      serviceName: r.service_name,
      source: r.source,
      type: r.type,
      containers: r.containers,
    }),
  );

/** `GET /openapi/service/yaml[/production]/services`: a bare array (source) or `{service: [...]}` (docs). */
export const serviceListSchema = z.preprocess((v) => {
  if (v !== null && typeof v === 'object' && !Array.isArray(v) && 'service' in v) {
    return (v as { service: unknown }).service ?? [];
  }
  return v === null ? [] : v;
}, z.array(serviceBrief));

const serviceVariable = z
  .object({ key: z.string(), value: z.unknown().optional(), type: optStr, desc: optStr, description: optStr })
  .transform((r) => ({
    key: r.key,
    value: typeof r.value === 'string' ? r.value : r.value == null ? '' : JSON.stringify(r.value),
    type: r.type,
    description: r.desc || r.description,
  }));

/** `GET /openapi/service/yaml[/production]/:serviceName`. */
export const serviceDefinitionSchema = z
  .object({
    service_name: reqStr,
    source: optStr,
    type: optStr,
    containers: optArr(containerImageSchema),
    template_name: optStr,
    created_by: optStr,
    created_time: optNum,
    create_time: optNum,
    yaml: optStr,
    service_variable_kvs: optArr(serviceVariable),
  })
  .transform(
    (r): ServiceDefinition => ({
      serviceName: r.service_name,
      source: r.source,
      type: r.type,
      containers: r.containers,
      templateName: r.template_name,
      createdBy: r.created_by,
      createTime: r.created_time || r.create_time,
      yaml: r.yaml,
      variables: r.service_variable_kvs,
    }),
  );

const target = z
  .object({ service_name: optStr, service_module: optStr })
  .transform((r) => ({ serviceName: r.service_name, serviceModule: r.service_module }));

const buildBriefFields = {
  name: reqStr,
  project_key: optStr,
  source: optStr,
  update_by: optStr,
  update_time: optNum,
  target_services: optArr(target),
};

function toBuildBrief(r: z.output<z.ZodObject<typeof buildBriefFields>>): BuildBrief {
  return {
    name: r.name,
    projectKey: r.project_key,
    source: r.source,
    updateBy: r.update_by,
    updateTime: r.update_time,
    targets: r.target_services,
  };
}

/** `GET /openapi/build`. */
export const buildListSchema = z
  .object({ total: optNum, builds: optArr(z.object(buildBriefFields).transform(toBuildBrief)) })
  .transform((r) => ({ total: r.total, builds: r.builds }));

const buildRepo = z
  .object({ source: optStr, repo_owner: optStr, repo_name: optStr, branch: optStr })
  .transform((r) => ({ source: r.source, repoOwner: r.repo_owner, repoName: r.repo_name, branch: r.branch }));

/** A `models.ServiceKeyVal`: `value` is interface{} (a bool parameter comes as a JSON bool). */
const buildParam = z
  .object({
    key: z.string(),
    value: z.unknown().optional().transform(shownVariableValue),
    type: optStr,
    is_credential: optBool,
  })
  .transform((r) => ({ key: r.key, value: r.value, type: r.type, isCredential: r.is_credential }));

/** `GET /openapi/build/:buildName/detail`. */
export const buildDetailSchema = z
  .object({
    ...buildBriefFields,
    template_name: optStr,
    repos: optArr(buildRepo),
    build_script: optStr,
    parameters: optArr(buildParam),
    advanced_settings: optRecord,
  })
  .transform(
    (r): BuildDetail => ({
      ...toBuildBrief(r),
      templateName: r.template_name,
      repos: r.repos,
      buildScript: r.build_script,
      parameters: r.parameters,
      clusterName:
        typeof r.advanced_settings.cluster_name === 'string' ? r.advanced_settings.cluster_name : '',
      timeoutMinutes: typeof r.advanced_settings.timeout === 'number' ? r.advanced_settings.timeout : 0,
    }),
  );

/** `{task_id}` answered by test and scan runs. */
export const taskIdSchema = z.object({ task_id: reqInt }).transform((r) => ({ taskId: r.task_id }));

const caseDetail = z.object({ message: optStr, type: optStr, text: optStr }).nullish().catch(null);

const testCase = z.object({ name: optStr, failure: caseDetail, error: caseDetail });

const testReport = z
  .object({
    test_total: optNum,
    failure_total: optNum,
    success_total: optNum,
    skiped_total: optNum,
    skipped_total: optNum,
    error_total: optNum,
    time: optNum,
    test_cases: optArr(testCase),
  })
  .transform(
    (r): NonNullable<TestTask['report']> => ({
      total: r.test_total,
      failures: r.failure_total,
      successes: r.success_total,
      skipped: r.skiped_total || r.skipped_total,
      errors: r.error_total,
      timeSeconds: r.time,
      failedCases: r.test_cases
        .filter((c) => c.failure || c.error)
        .map((c) => ({ name: c.name, message: c.failure?.message || c.error?.message || '' })),
    }),
  );

/** `GET /openapi/quality/testing/:testName/task/:taskID`. */
export const testTaskSchema = z
  .object({
    test_name: optStr,
    task_id: reqInt,
    creator: optStr,
    status: optStr,
    create_time: optNum,
    start_time: optNum,
    end_time: optNum,
    test_report: optObj(testReport),
  })
  .transform(
    (r): TestTask => ({
      testName: r.test_name,
      taskId: r.task_id,
      creator: r.creator,
      status: r.status.toLowerCase(),
      createTime: r.create_time,
      startTime: r.start_time,
      endTime: r.end_time,
      report: r.test_report,
    }),
  );

const scanRepo = z
  .object({ repo_owner: optStr, repo_name: optStr, branch: optStr, source: optStr })
  .transform((r) => ({ repoOwner: r.repo_owner, repoName: r.repo_name, branch: r.branch, source: r.source }));

/** A `types.Repository` of a scan's settings; only the identifying fields are read (never credentials). */
const scanSettingRepo = z
  .object({
    source: optStr,
    repo_owner: optStr,
    repo_namespace: optStr,
    repo_name: reqStr,
    branch: optStr,
    codehost_id: optNum,
  })
  .transform((r): ScanDefinition['repos'][number] => ({
    source: r.source,
    repoOwner: r.repo_owner,
    repoNamespace: r.repo_namespace,
    repoName: r.repo_name,
    branch: r.branch,
    codehostId: r.codehost_id,
  }));

/**
 * `GET /api/aslan/testing/scanning?projectName=`: `[]ListScanningRespItem`
 * (workflow/testing/service/types.go): id, name, description, repos.
 */
export const scanListSchema = z.preprocess(
  (v) => (v === null ? [] : v),
  z.array(
    z
      .object({ id: reqStr, name: reqStr, description: optStr, repos: optArr(scanSettingRepo) })
      .transform(
        (r): ScanDefinition => ({ id: r.id, name: r.name, description: r.description, repos: r.repos }),
      ),
  ),
);

/** `GET /openapi/quality/codescan/:scanName/task/:taskID`. */
export const scanTaskSchema = z
  .object({
    scan_name: optStr,
    task_id: reqInt,
    creator: optStr,
    status: optStr,
    create_time: optNum,
    end_time: optNum,
    result_link: optStr,
    repo_info: optArr(scanRepo),
  })
  .transform(
    (r): ScanTask => ({
      scanName: r.scan_name,
      taskId: r.task_id,
      creator: r.creator,
      status: r.status.toLowerCase(),
      createTime: r.create_time,
      endTime: r.end_time,
      resultLink: r.result_link,
      repos: r.repo_info,
    }),
  );

const versionBrief = z
  .object({
    id: reqStr,
    version_name: optStr,
    type: optStr,
    status: optStr,
    labels: optStrList,
    description: optStr,
    desc: optStr,
    created_by: optStr,
    create_time: optNum,
  })
  .transform(
    (r): DeliveryVersionBrief => ({
      id: r.id,
      versionName: r.version_name,
      type: r.type,
      status: r.status,
      labels: r.labels,
      description: r.description || r.desc,
      createdBy: r.created_by,
      createTime: r.create_time,
    }),
  );

/** `GET /openapi/delivery/releases`. */
export const versionListSchema = z
  .object({ list: optArr(versionBrief), total: optNum })
  .transform((r) => ({ total: r.total, versions: r.list }));

const deployInfo = z
  .object({ service_name: optStr, service_module: optStr, image: optStr })
  .transform((r) => ({ serviceName: r.service_name, serviceModule: r.service_module, image: r.image }));

/**
 * `OpenAPIDeliveryDistributeInfo` of a chart version: an `image` entry, or a `chart` whose
 * `sub_distributes` are its images. Flattened to the images.
 */
type Distribute = {
  distribute_type: string;
  image: string;
  serviceName: string;
  serviceModule: string;
  subs: Distribute[];
};
const distributeInfo: z.ZodType<Distribute> = z.lazy(() =>
  z
    .object({
      distribute_type: optStr,
      service_name: optStr,
      service_module: optStr,
      image: optStr,
      sub_distributes: optArr(distributeInfo),
    })
    .transform((r) => ({
      distribute_type: r.distribute_type,
      image: r.image,
      serviceName: r.service_name,
      serviceModule: r.service_module,
      subs: r.sub_distributes,
    })),
);

function distributedImages(list: Distribute[]): DeliveryVersion['images'] {
  return list.flatMap((d) => [
    ...(d.distribute_type === 'image' && d.image
      ? [{ serviceName: d.serviceName, serviceModule: d.serviceModule, image: d.image }]
      : []),
    ...distributedImages(d.subs),
  ]);
}

/**
 * `GET /openapi/delivery/releases/:id`: `OpenAPIGetDeliveryVersionResp` (delivery/service/openapi.go),
 * nested `{version_info, deploy_infos, distribute_infos}`; k8s versions fill `deploy_infos`, chart
 * versions `distribute_infos`. The docs table is flatter.
 */
export const versionSchema = z
  .preprocess(
    (v) => {
      if (v === null || typeof v !== 'object' || Array.isArray(v)) return v;
      const o = v as Record<string, unknown>;
      const info = o.version_info;
      const base = info !== null && typeof info === 'object' ? (info as Record<string, unknown>) : o;
      return {
        ...base,
        deploy_infos: o.deploy_infos ?? o.images ?? [],
        distribute_infos: o.distribute_infos,
      };
    },
    z.looseObject({ deploy_infos: optArr(deployInfo), distribute_infos: optArr(distributeInfo) }),
  )
  .transform((r, ctx): DeliveryVersion => {
    const brief = versionBrief.safeParse(r);
    if (!brief.success) {
      ctx.addIssue({ code: 'custom', message: 'version_info.id is required' });
      return z.NEVER;
    }
    return { ...brief.data, images: [...r.deploy_infos, ...distributedImages(r.distribute_infos)] };
  });
