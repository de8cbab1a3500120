// Locks in the environment, release-plan, catalog, system and stats schemas (example responses and
// DOC≠SRC variants) and the deep key-case conversion used for job specs and run inputs.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  buildDetailSchema,
  serviceListSchema,
  testTaskSchema,
  versionSchema,
} from '../../src/zadig/schemas/catalog.js';
import { parseResponse } from '../../src/zadig/schemas/common.js';
import {
  envDetailSchema,
  envListSchema,
  kubeEventsSchema,
  serviceWorkloadsSchema,
} from '../../src/zadig/schemas/environments.js';
import { camelKeys, snakeKeys } from '../../src/zadig/schemas/keys.js';
import {
  releasePlanCreatedSchema,
  releasePlanListSchema,
  releasePlanSchema,
} from '../../src/zadig/schemas/release-plans.js';
import { releaseStatsSchema } from '../../src/zadig/schemas/stats.js';
import { registryListSchema, roleBindingListSchema, userListSchema } from '../../src/zadig/schemas/system.js';

const fixture = (name: string): unknown =>
  JSON.parse(readFileSync(new URL(`../fixtures/zadig/${name}.json`, import.meta.url), 'utf8'));
const EP = 'GET /test';

describe('environment schemas', () => {
  it('reads env_key (source) and env_name (docs) as the id, envName as the alias', () => {
    const src = parseResponse(envListSchema, fixture('env-list-src'), EP);
    expect(src.map((e) => [e.key, e.name, e.status])).toEqual([
      ['dev', 'dev', 'success'],
      ['qa', 'QA env', 'unstable'],
    ]);
    const docs = parseResponse(envListSchema, fixture('env-list-docs'), EP);
    expect(docs[0]).toMatchObject({ key: 'dev', name: 'dev', registryId: '630c7ad700430c131062e245' });
    expect(() => parseResponse(envListSchema, [{ namespace: 'x' }], EP)).toThrow(
      expect.objectContaining({ code: 'ZADIG_PROTOCOL' }),
    );
  });

  it('parses the env detail example; production comes from the route asked', () => {
    const env = parseResponse(envDetailSchema(true), fixture('env-detail'), EP);
    expect(env).toMatchObject({
      key: 'dev',
      name: 'dev',
      projectKey: 'demo',
      production: true,
      status: 'success',
    });
    expect(env.globalVariables[0]).toEqual({
      key: 'cpuLimit',
      value: '1000m',
      type: 'string',
      options: [],
      description: 'CPU limit',
      relatedServices: ['service1'],
    });
    expect(env.services[0]?.containers[0]).toEqual({
      name: 'myapp-1',
      image: 'reg.example.com/test/myapp-1:20230721164449-6-main',
      imageName: 'myapp-1',
    });
  });

  it('parses service workloads with pods and containers', () => {
    const sw = parseResponse(serviceWorkloadsSchema, fixture('env-service'), EP);
    expect(sw).toMatchObject({
      serviceName: 'service1',
      envName: 'dev',
      projectKey: 'yaml',
      namespace: 'yaml-env-dev',
    });
    const pod = sw.workloads[0]?.pods[0];
    expect(pod).toMatchObject({
      name: 'service1-5b94c8f98f-hsqfl',
      createTime: 1704444315,
      ready: true,
      nodeName: '172.16.0.46',
    });
    expect(pod?.containers[0]).toMatchObject({ name: 'service1', restartCount: 0, ready: true });
  });

  it('accepts kube events as an array or the docs object wrapper', () => {
    const ev = { reason: 'BackOff', message: 'x', first_seen: 1, last_seen: 2, count: 3, type: 'Warning' };
    const expected = [
      { reason: 'BackOff', message: 'x', firstSeen: 1, lastSeen: 2, count: 3, type: 'Warning' },
    ];
    expect(parseResponse(kubeEventsSchema, [ev], EP)).toEqual(expected);
    expect(parseResponse(kubeEventsSchema, { events: [ev] }, EP)).toEqual(expected);
    expect(parseResponse(kubeEventsSchema, null, EP)).toEqual([]);
  });
});

describe('release plans, services, builds, tests, versions', () => {
  it('parses the release plan list and detail examples', () => {
    const list = parseResponse(releasePlanListSchema, fixture('release-plan-list'), EP);
    expect(list).toMatchObject({ total: 26, plans: [{ id: '64f58a7ac573f7325c2744b6', index: 31 }] });
    const plan = parseResponse(releasePlanSchema, fixture('release-plan'), EP);
    expect(plan).toMatchObject({ status: 'planning', managerId: 'c565c7eb-e273-11ed-bef9-a659ed9f1ed1' });
    expect(plan.approval).toMatchObject({ enabled: true, type: 'native', neededApprovers: 1 });
    expect(plan.jobs[0]).toMatchObject({ type: 'text', content: '<p>2222</p>', name: '中间件变更' });
  });

  it('finds the task of a workflow release job', () => {
    const plan = parseResponse(
      releasePlanSchema,
      {
        id: 'p1',
        jobs: [
          { id: 'j', type: 'workflow', spec: { workflow: { name: 'deploy', project: 'demo' }, task_id: 9 } },
        ],
        approval: null,
      },
      EP,
    );
    expect(plan.jobs[0]).toMatchObject({ workflowKey: 'deploy', projectKey: 'demo', taskId: 9 });
    expect(plan.approval).toBeNull();
  });

  it('accepts both create-release-plan answers', () => {
    expect(parseResponse(releasePlanCreatedSchema, { id: '6895627bd3a843cb7423728a' }, EP)).toEqual({
      id: '6895627bd3a843cb7423728a',
    });
    expect(parseResponse(releasePlanCreatedSchema, { message: 'success' }, EP)).toEqual({});
  });

  it('accepts the service list as a bare array or {service: [...]}', () => {
    const item = {
      service_name: 'svc',
      source: 'spock',
      type: 'k8s',
      containers: [{ name: 'c', image: 'i:1' }],
    };
    const expected = [
      {
        serviceName: 'svc',
        source: 'spock',
        type: 'k8s',
        containers: [{ name: 'c', image: 'i:1', imageName: 'c' }],
      },
    ];
    expect(parseResponse(serviceListSchema, [item], EP)).toEqual(expected);
    expect(parseResponse(serviceListSchema, { service: [item] }, EP)).toEqual(expected);
  });

  it('reads test reports with the sic `skiped_total` and failed cases', () => {
    const t = parseResponse(
      testTaskSchema,
      {
        test_name: 'unit',
        task_id: 27,
        status: 'failed',
        test_report: {
          test_total: 3,
          failure_total: 1,
          success_total: 1,
          skiped_total: 1,
          error_total: 0,
          time: 1.5,
          test_cases: [
            { name: 'a', time: 1, failure: null, error: null },
            { name: 'b', time: 1, failure: { message: 'boom', type: 'x', text: '' }, error: null },
          ],
        },
      },
      EP,
    );
    expect(t.report).toEqual({
      total: 3,
      failures: 1,
      successes: 1,
      skipped: 1,
      errors: 0,
      timeSeconds: 1.5,
      failedCases: [{ name: 'b', message: 'boom' }],
    });
    expect(parseResponse(testTaskSchema, { task_id: 1, test_report: null }, EP).report).toBeNull();
  });

  it('reads build detail advanced settings and nested delivery versions', () => {
    const b = parseResponse(
      buildDetailSchema,
      {
        name: 'b',
        project_key: 'demo',
        advanced_settings: { cluster_name: 'local', timeout: 60 },
        parameters: null,
      },
      EP,
    );
    expect(b).toMatchObject({ name: 'b', clusterName: 'local', timeoutMinutes: 60, parameters: [] });
    const v = parseResponse(
      versionSchema,
      {
        version_info: { id: 'v1', version_name: '1.0', type: 'K8SYaml', status: 'success', labels: ['x'] },
        deploy_infos: [{ service_name: 's', service_module: 'm', image: 'i:1' }],
      },
      EP,
    );
    expect(v).toMatchObject({
      id: 'v1',
      versionName: '1.0',
      images: [{ serviceName: 's', serviceModule: 'm', image: 'i:1' }],
    });
    expect(() => parseResponse(versionSchema, { version_info: {} }, EP)).toThrow(
      expect.objectContaining({ code: 'ZADIG_PROTOCOL' }),
    );
  });
});

describe('system and stats schemas', () => {
  it('parses users (total_count), registries, role bindings and release stats', () => {
    expect(parseResponse(userListSchema, fixture('users'), EP)).toEqual({
      total: 1,
      users: [
        {
          uid: 'ddd405d5-5131-11ee-b458-4a4088364d94',
          account: 'admin',
          name: 'admin',
          identityType: 'system',
        },
      ],
    });
    const regs = parseResponse(
      registryListSchema,
      [
        {
          registry_id: 'r1',
          address: 'https://reg.example.com',
          provider: 'harbor',
          namespace: 'demo',
          region: '',
          is_default: true,
        },
      ],
      EP,
    );
    expect(regs[0]).toEqual({
      id: 'r1',
      address: 'https://reg.example.com',
      provider: 'harbor',
      namespace: 'demo',
      region: '',
      isDefault: true,
    });
    const rb = parseResponse(
      roleBindingListSchema,
      [
        {
          binding_type: 'user',
          user_info: { uid: 'u1', account: 'alice', username: 'Alice' },
          roles: ['admin'],
        },
        { binding_type: 'group', group_info: { group_id: 'g1', name: 'devs' }, roles: ['read-only'] },
      ],
      EP,
    );
    expect(rb).toEqual([
      { bindingType: 'user', uid: 'u1', account: 'alice', name: 'Alice', roles: ['admin'] },
      { bindingType: 'group', uid: 'g1', account: '', name: 'devs', roles: ['read-only'] },
    ]);
    const rel = parseResponse(
      releaseStatsSchema,
      {
        total: 4,
        success_count: 3,
        daily_stat: [{ date: '2024-01-01', total: 4, success_count: 3, fail_count: 1 }],
      },
      EP,
    );
    expect(rel).toEqual({
      total: 4,
      success: 3,
      daily: [{ date: '2024-01-01', success: 3, failure: 1, total: 4 }],
      bucket: 'day',
    });
  });
});

describe('key conversion', () => {
  it('camelCases and snake_cases keys deeply and idempotently, never values', () => {
    const raw = {
      service_list: [{ service_name: 'a_b', repo_info: [{ codehost_name: 'x' }] }],
      's-product': 1,
    };
    const camel = camelKeys(raw);
    expect(camel).toEqual({
      serviceList: [{ serviceName: 'a_b', repoInfo: [{ codehostName: 'x' }] }],
      's-product': 1,
    });
    expect(snakeKeys(camel)).toEqual(raw);
    expect(snakeKeys(raw)).toEqual(raw);
  });
});
